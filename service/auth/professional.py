"""Sign-in and route protection for professionals: people at a setting, an educational psychology service,
a health provider or a social care team (issue 14).

A professional has no password. Each sign-in is a 6-digit code emailed to the address they were invited
at, under the staff second-factor rules: the code lasts 10 minutes and allows 5 tries, counted in the
database; the session lasts 30 minutes idle and 12 hours in all, is rotated at sign-in and revoked at
sign-out or when the account is disabled (re-checked on every request).

Every professional route declares `professional_required`; it sets `g.professional` and
`g.organisation`. Work belongs to the organisation: every query a professional page makes takes
`current_organisation().id`, and another organisation's id gives 404.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from flask import g, redirect, request, session, url_for

from service.auth.access import declare_access
from service.auth.staff import (
    CODE_ATTEMPTS,
    STAFF_ABSOLUTE_SECONDS,
    STAFF_IDLE_SECONDS,
    _check_challenge,
    _new_challenge,
)
from service.data.professionals import professional_and_organisation

SIGN_IN = "professional_sign_in"  # CodeChallenge.purpose
PENDING_KEY = "professional_pending"
__all__ = [
    "CODE_ATTEMPTS",
    "check_code",
    "complete_sign_in",
    "current_organisation",
    "current_professional",
    "pending_professional_id",
    "professional_required",
    "start_sign_in",
]


def current_professional():
    """The signed-in, enabled professional of this request, or None."""
    if "professional" in g:
        return g.professional
    person = organisation = None
    principal = session.get("_principal", "")
    if principal.startswith("professional:"):
        found = professional_and_organisation(int(principal.split(":", 1)[1]))
        if found is None or found[0].disabled or not found[0].active:
            session.destroy()
        else:
            person, organisation = found
    g.professional, g.organisation = person, organisation
    return person


def current_organisation():
    """The signed-in professional's organisation: the scope of everything they see."""
    current_professional()
    return g.organisation


def professional_required(view: Callable) -> Callable:
    """Only a signed-in professional may use the route; anyone else is sent to sign in."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if current_professional() is None:
            return redirect(url_for("professional.sign_in", next=request.path))
        g.no_store = True
        return view(*args, **kwargs)

    return declare_access(wrapper, "professional")


def start_sign_in(professional_id: int) -> str:
    """Remember (server-side) who asked for a code; return the fresh 6-digit code to email."""
    code = _new_challenge(PENDING_KEY, SIGN_IN, None, professional_id=professional_id)
    assert code is not None
    return code


def pending_professional_id() -> int | None:
    from service.auth.staff import _live_challenge

    pending = _live_challenge(PENDING_KEY)
    return pending["professional_id"] if pending else None


def check_code(code: str) -> bool | None:
    """True when right; False when wrong; None when there is no usable code (expired, used or 5 tries)."""
    return _check_challenge(PENDING_KEY, SIGN_IN, code)


def complete_sign_in(professional_id: int) -> None:
    session.pop(PENDING_KEY, None)
    cast(Any, session).rotate()  # service.sessions' server-side session: a new id, the old one revoked
    session["_principal"] = f"professional:{professional_id}"
    session["_idle_seconds"] = STAFF_IDLE_SECONDS
    session["_absolute_seconds"] = STAFF_ABSOLUTE_SECONDS
