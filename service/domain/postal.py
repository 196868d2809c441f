"""Postal addresses as GOV.UK Notify prints them on a letter.

Notify needs at least 3 address lines and at most 7, with a real UK postcode on the last line. The
addressee's name is the first line, so the address a family types needs at least 2 lines (a street or
town, then the postcode) and at most 6.

    address_lines("Sam Jones", "1 High Street\nCanterbury\nCT1 1AA")
    # {"address_line_1": "Sam Jones", "address_line_2": "1 High Street", ..., "address_line_4": "CT1 1AA"}
"""

from __future__ import annotations

import re

UK_POSTCODE = re.compile(r"^(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})$", re.IGNORECASE)
MIN_LINES, MAX_LINES = 2, 6  # of the address itself, without the name


def lines_of(address: str) -> list[str]:
    """The address's lines: one a line as typed, or split at commas when it was typed on one line."""
    lines = [line.strip(" ,") for line in address.replace("\r", "").split("\n")]
    lines = [line for line in lines if line]
    if len(lines) == 1:
        lines = [part.strip() for part in lines[0].split(",") if part.strip()]
    return lines


def format_postcode(postcode: str) -> str:
    """A postcode in capitals with one space before the last 3 characters, as Royal Mail prints it."""
    compact = re.sub(r"\s+", "", postcode).upper()
    return f"{compact[:-3]} {compact[-3:]}"


def address_problem(address: str) -> str | None:
    """Why Notify would refuse this address on a letter, in the words of a GOV.UK error message; None if fine."""
    lines = lines_of(address)
    if not lines:
        return "Enter your postal address to get letters"
    if not UK_POSTCODE.match(lines[-1]):
        return "Enter a real UK postcode on the last line of the address, like AA1 1AA"
    if len(lines) < MIN_LINES:
        return "Enter the building and street, and the town or city, above the postcode"
    if len(lines) > MAX_LINES:
        return f"Enter the address in {MAX_LINES} lines or fewer, with the postcode on the last line"
    return None


def address_lines(name: str, address: str) -> dict[str, str] | None:
    """Notify's address_line_1 to address_line_7 for a letter to `name`, or None if Notify would refuse it."""
    if not name.strip() or address_problem(address) is not None:
        return None
    lines = lines_of(address)
    lines[-1] = format_postcode(lines[-1])
    return {f"address_line_{number}": line for number, line in enumerate([name.strip(), *lines], start=1)}


def letter_lines(name: str, address: str) -> dict[str, str]:
    """The address lines as typed, for an address address_lines refused: Notify then refuses the letter
    (it is recorded as failed and staff see it on the case) rather than the family silently getting nothing.
    Lines past the seventh are joined onto it."""
    lines = [name.strip(), *lines_of(address)]
    if len(lines) > MAX_LINES + 1:
        lines = [*lines[:MAX_LINES], ", ".join(lines[MAX_LINES:])]
    return {f"address_line_{number}": line for number, line in enumerate(lines, start=1)}
