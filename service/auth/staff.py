"""Staff sign-in (password, then a 6-digit code sent through the outbox) and route protection.

Every staff route declares the roles that may use it with `staff_required(*roles)`. A signed-in
session lasts 30 minutes idle and 12 hours in all, is rotated at sign-in and revoked at sign-out or
when the account is disabled (the account is re-checked on every request).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from functools import wraps

from flask import abort, g, redirect, request, session, url_for

from service.auth.access import declare_access
from service.data.staff import staff_and_local_authority

STAFF_IDLE_SECONDS = 30 * 60
STAFF_ABSOLUTE_SECONDS = 12 * 60 * 60
CODE_LIFETIME_SECONDS = 10 * 60
CODE_ATTEMPTS = 5
CASEWORKER, MANAGER, READ_ONLY, MEDIATION_ADVISER = "caseworker", "manager", "read_only", "mediation_adviser"
ALL_ROLES = (CASEWORKER, MANAGER, READ_ONLY, MEDIATION_ADVISER)
CHANGE_ROLES = (CASEWORKER, MANAGER)


def current_staff():
    """The signed-in, enabled staff account of this request, or None."""
    if "staff_user" in g:
        return g.staff_user
    user = la = None
    principal = session.get("_principal", "")
    if principal.startswith("staff:"):
        found = staff_and_local_authority(int(principal.split(":", 1)[1]))
        if found is None or found[0].disabled:
            session.destroy()
        else:
            user, la = found
    g.staff_user, g.staff_la = user, la
    return user


def current_local_authority():
    """The signed-in staff member's council (their tenant)."""
    current_staff()
    return g.staff_la


def staff_required(*roles: str) -> Callable:
    """Only signed-in staff with one of `roles` may use the route; others get 403, strangers sign in."""
    allowed = roles or ALL_ROLES

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            user = current_staff()
            if user is None:
                return redirect(url_for("staff.sign_in", next=request.path))
            if user.role not in allowed:
                abort(403)
            g.no_store = True
            return view(*args, **kwargs)

        return declare_access(wrapper, "staff:" + ",".join(allowed))

    return decorator


def start_second_factor(user_id: int) -> str:
    """Remember (server-side) who passed the password step and return a fresh 6-digit code."""
    code = f"{secrets.randbelow(1_000_000):06d}"
    session["staff_pending"] = {
        "user_id": user_id,
        "code_hash": hashlib.sha256(code.encode()).hexdigest(),
        "expires": time.time() + CODE_LIFETIME_SECONDS,
        "attempts": 0,
    }
    return code


def pending_user_id() -> int | None:
    pending = session.get("staff_pending")
    if not pending or pending["expires"] < time.time():
        return None
    return pending["user_id"]


def check_code(code: str) -> bool | None:
    """True when right; False when wrong; None when there is no usable code (expired or too many tries)."""
    pending = session.get("staff_pending")
    if not pending or pending["expires"] < time.time() or pending["attempts"] >= CODE_ATTEMPTS:
        return None
    cleaned = "".join(c for c in code if c.isdigit())
    if hmac.compare_digest(hashlib.sha256(cleaned.encode()).hexdigest(), pending["code_hash"]):
        return True
    pending["attempts"] += 1
    session["staff_pending"] = pending
    return False


def complete_sign_in(user_id: int) -> None:
    session.pop("staff_pending", None)
    session.rotate()
    session["_principal"] = f"staff:{user_id}"
    session["_idle_seconds"] = STAFF_IDLE_SECONDS
    session["_absolute_seconds"] = STAFF_ABSOLUTE_SECONDS
