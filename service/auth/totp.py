"""Authenticator app codes (TOTP, RFC 6238: 6 digits, 30-second steps, SHA-1, as every app expects).

The shared secret is stored encrypted (Fernet, with a key derived from SECRET_KEY by HKDF) and is
never logged or put in an audit event. A code is accepted for the current step or one either side
(clock drift); the caller records the step it matched so that the same code cannot be used twice.
Changing SECRET_KEY makes stored secrets unreadable: those staff get their code by email again
until they set the app up anew.
"""

from __future__ import annotations

import base64
import hmac
import time

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from markupsafe import Markup, escape

STEP_SECONDS = 30
DRIFT_STEPS = 1
DIGITS = 6

clock = time.time  # tests replace this to put the server at a known moment


def new_secret() -> str:
    """160 random bits in base32 (32 characters), as RFC 4226 recommends."""
    return pyotp.random_base32()


def _fernet() -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"ehcp staff totp secret v1").derive(
        current_app.config["SECRET_KEY"].encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def decrypt(token: str | None) -> str | None:
    """The secret, or None when there is none or it cannot be read (SECRET_KEY changed)."""
    if not token:
        return None
    try:
        return _fernet().decrypt(token.encode()).decode()
    except (InvalidToken, ValueError):
        return None


def grouped(secret: str) -> str:
    """ABCD EFGH IJKL ...: easier to read out and type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).provisioning_uri(name=account, issuer_name=issuer)


def qr_svg(uri: str, description: str) -> Markup:
    """The otpauth URI as an inline SVG QR code; `description` is its text alternative."""
    svg = segno.make(uri, error="m").svg_inline(scale=4, border=4, svgclass="app-qr-code", lineclass=None)
    label = escape(description)
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{label}" focusable="false" ', 1))  # noqa: S704


def digits_of(code: str) -> str:
    """What the person typed or pasted, without spaces, dashes or other separators."""
    return "".join(c for c in (code or "") if c.isdigit())


def current_step() -> int:
    return int(clock() // STEP_SECONDS)


def _window() -> list[int]:
    """The current step first, then its neighbours: a phone's clock may be up to 30 seconds out."""
    now = current_step()
    return [now] + [now + d for k in range(1, DRIFT_STEPS + 1) for d in (-k, k)]


def matching_step(secret: str, code: str, after_step: int | None = None) -> int | None:
    """The time step (now, or one either side) whose code this is, if it is later than `after_step`.

    Returns None for a wrong code and for a right code of a step already used."""
    cleaned = digits_of(code)
    if len(cleaned) != DIGITS:
        return None
    totp = pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)
    for step in _window():
        if hmac.compare_digest(totp.generate_otp(step), cleaned) and (after_step is None or step > after_step):
            return step
    return None


def was_used(secret: str, code: str, last_step: int | None) -> bool:
    """True when the code is right for a step in the window that has already been used."""
    if last_step is None:
        return False
    cleaned = digits_of(code)
    totp = pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)
    return any(step <= last_step and hmac.compare_digest(totp.generate_otp(step), cleaned) for step in _window())
