"""Case reference numbers families can read aloud and type: 8 characters from an alphabet without
look-alikes (no 0/O, 1/I/L, U), shown as XXXX-XXXX, the last a Luhn mod N check character, so a
mistyped character or a swap of two neighbours is detected."""

from __future__ import annotations

import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
N = len(ALPHABET)


def check_character(body: str) -> str:
    factor, total = 2, 0
    for char in reversed(body):
        addend = factor * ALPHABET.index(char)
        factor = 1 if factor == 2 else 2
        total += addend // N + addend % N
    return ALPHABET[(N - total % N) % N]


def new_reference() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(7))
    raw = body + check_character(body)
    return f"{raw[:4]}-{raw[4:]}"


def normalise(typed: str) -> str | None:
    """The reference in canonical form, or None when it is not a valid reference (a typo)."""
    cleaned = "".join(c for c in typed.upper() if c.isalnum())
    if len(cleaned) != 8 or any(c not in ALPHABET for c in cleaned):
        return None
    if check_character(cleaned[:7]) != cleaned[7]:
        return None
    return f"{cleaned[:4]}-{cleaned[4:]}"
