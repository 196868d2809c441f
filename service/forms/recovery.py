"""Keep what the user typed when a form expires (missing or stale CSRF token).

Nothing is changed by the rejected POST; its text answers are parked in the server-side session
for the same page, and the page's next GET fills the form with them.

Never kept: passwords, security codes, secrets and tokens (a rejected sign-in must not leave a
password in the session table), nor anything for longer than KEEP_SECONDS: kept answers are dropped
when they are used, when they are stale, and by every later request (`purge_stale_answers`).
"""

from __future__ import annotations

import re
import time

from flask import request, session
from werkzeug.datastructures import MultiDict

KEY = "_recovered_form"
KEEP_SECONDS = 10 * 60
MAX_ANSWERS = 200
# Field names that may hold a credential: staff passwords, new passwords, sign-in and text codes,
# authenticator app codes and secrets, CSRF and other tokens.
# Matched against each word of the name (new_password, csrf_token, code), so postcode is kept.
NEVER_KEPT_WORDS = {"code", "otp", "pin", "secret", "token", "totp"}


def is_never_kept(name: str) -> bool:
    lowered = name.lower()
    if "password" in lowered or "passcode" in lowered or "passphrase" in lowered:
        return True
    return any(word in NEVER_KEPT_WORDS for word in re.split(r"[^a-z0-9]+", lowered))


def keep_answers_after_expired_form() -> bool:
    if request.method != "POST":
        return False
    answers = [(k, v) for k, v in request.form.items(multi=True) if not is_never_kept(k)][:MAX_ANSWERS]
    if not answers:
        return False
    try:
        session[KEY] = {"path": request.path, "answers": answers, "at": time.time()}
    except RuntimeError:
        return False
    return True


def _stale(kept: dict) -> bool:
    return time.time() - float(kept.get("at", 0)) > KEEP_SECONDS


def recovered_answers() -> MultiDict | None:
    """The answers kept for this page, once; None when there are none (or they are stale)."""
    kept = session.get(KEY)
    if not kept or kept.get("path") != request.path:
        return None
    session.pop(KEY)
    if _stale(kept):
        return None
    return MultiDict([tuple(pair) for pair in kept["answers"] if not is_never_kept(pair[0])])


def purge_stale_answers() -> None:
    """Before every request: forget kept answers nobody came back for."""
    try:
        kept = session.get(KEY)
    except RuntimeError:
        return
    if kept and _stale(kept):
        session.pop(KEY, None)
