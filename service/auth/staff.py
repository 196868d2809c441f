"""Staff sign-in (password, then a second factor) and route protection.

The second factor is the person's choice: a 6-digit code sent through the outbox by email (the
default) or text message, or the current code of an authenticator app (service.auth.totp).

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
from datetime import UTC, datetime
from functools import wraps

from flask import abort, g, redirect, request, session, url_for

from service.auth import totp
from service.auth.access import declare_access
from service.data.challenges import claim_attempt, mark_used, new_challenge
from service.data.staff import claim_totp_step, staff_and_local_authority, staff_by_id

STAFF_IDLE_SECONDS = 30 * 60
STAFF_ABSOLUTE_SECONDS = 12 * 60 * 60
CODE_LIFETIME_SECONDS = 10 * 60
CODE_ATTEMPTS = 5
CASEWORKER, MANAGER, READ_ONLY, MEDIATION_ADVISER = "caseworker", "manager", "read_only", "mediation_adviser"
ALL_ROLES = (CASEWORKER, MANAGER, READ_ONLY, MEDIATION_ADVISER)
# DfE's and a region's aggregate-only roles (issue 17): never in ALL_ROLES, so no council page admits them.
NATIONAL, REGIONAL = "national", "regional"
AGGREGATE_ROLES = (NATIONAL, REGIONAL)
CHANGE_ROLES = (CASEWORKER, MANAGER)
EMAIL, SMS, TOTP = "email", "sms", "totp"
USED = "used"
SIGN_IN, MOBILE_CHECK = "staff_sign_in", "staff_mobile_check"  # CodeChallenge.purpose


def current_staff():
    """The signed-in, enabled staff account of this request, or None."""
    if "staff_user" in g:
        return g.staff_user
    user = la = None
    principal = session.get("_principal", "")
    if principal.startswith("staff:"):
        # read with the session itself when the principal is the one stored with it (service.sessions)
        read = getattr(session, "staff_account", None)
        if read is not None and read[0] == principal:
            found = (read[1], read[2]) if read[1] is not None else None
        else:
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


def aggregate_required(*roles: str) -> Callable:
    """Only signed-in national or regional users (`roles`, both by default) may use the route: aggregate
    figures, never a child. Council staff get 403; strangers sign in through the staff sign-in (the same
    password and second factor)."""
    allowed = roles or AGGREGATE_ROLES
    assert set(allowed) <= set(AGGREGATE_ROLES)

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

        return declare_access(wrapper, "aggregate:" + ",".join(allowed))

    return decorator


def home_of(user) -> str:
    """Where a person lands after signing in: the national view for its roles, else the caseload."""
    return url_for("national.index") if user.role in AGGREGATE_ROLES else url_for("staff.caseload")


def second_factor_of(user) -> str:
    """How this person gets their code at sign-in: their choice, or email when the choice cannot work
    (no mobile number, or an app secret that cannot be read)."""
    if user.second_factor == SMS and user.mobile:
        return SMS
    if user.second_factor == TOTP and totp.decrypt(user.totp_secret):
        return TOTP
    return EMAIL


def mobile_ending(mobile: str) -> str:
    """The last 4 digits, the most of a number a page or an audit event shows."""
    return totp.digits_of(mobile)[-4:]


def _new_challenge(key: str, purpose: str, user_id: int | None, with_code: bool = True, **extra) -> str | None:
    """Record a fresh challenge in the database (its tries are counted there, M2 of issue 12) and its
    id under `key` in the session; return the 6-digit code to send (None for an authenticator app)."""
    expires = time.time() + CODE_LIFETIME_SECONDS
    code = f"{secrets.randbelow(1_000_000):06d}" if with_code else None
    code_hash = hashlib.sha256(code.encode()).hexdigest() if code else None
    challenge_id = new_challenge(purpose, user_id, code_hash, datetime.fromtimestamp(expires, UTC))
    session[key] = {"id": challenge_id, "expires": expires, "user_id": user_id, **extra}
    return code


def _live_challenge(key: str) -> dict | None:
    challenge = session.get(key)
    if not challenge or challenge["expires"] < time.time() or "id" not in challenge:
        return None
    return challenge


def _code_matches(code: str, code_hash: str | None) -> bool:
    cleaned = totp.digits_of(code)
    return code_hash is not None and hmac.compare_digest(hashlib.sha256(cleaned.encode()).hexdigest(), code_hash)


def _check_challenge(key: str, purpose: str, code: str) -> bool | None:
    """True when right; False when wrong; None when there is no usable code (expired, used or too many
    tries). The try is counted in the database before the code is compared."""
    challenge = _live_challenge(key)
    if challenge is None:
        return None
    claimed = claim_attempt(challenge["id"], purpose, CODE_ATTEMPTS)
    if claimed is None or claimed[0] is None:
        return None
    if _code_matches(code, claimed[0]):
        return True if mark_used(challenge["id"]) else None
    return False


def start_second_factor(user) -> str | None:
    """Remember (server-side) who passed the password step and how they get their code. Returns a
    fresh 6-digit code to send by email or text message, or None for an authenticator app."""
    method = second_factor_of(user)
    return _new_challenge(
        "staff_pending",
        SIGN_IN,
        user.id,
        with_code=method != TOTP,
        method=method,
        mobile_ending=mobile_ending(user.mobile) if method == SMS else "",
    )


def pending_sign_in() -> dict | None:
    """The password step's record (user_id, method, mobile_ending) while its code can still be used."""
    return _live_challenge("staff_pending")


def pending_user_id() -> int | None:
    pending = pending_sign_in()
    return pending["user_id"] if pending else None


def check_code(code: str) -> bool | str | None:
    """True when right; False when wrong; USED for an app code already used once; None when there is
    no usable code (expired, used or too many tries). Every try is counted in the database first."""
    pending = pending_sign_in()
    if pending is None:
        return None
    if pending["method"] != TOTP:
        return _check_challenge("staff_pending", SIGN_IN, code)
    if claim_attempt(pending["id"], SIGN_IN, CODE_ATTEMPTS) is None:
        return None
    user = staff_by_id(pending["user_id"])
    secret = totp.decrypt(user.totp_secret) if user is not None else None
    if secret is None:
        return None
    step = totp.matching_step(secret, code, after_step=user.totp_last_step)
    if step is not None and claim_totp_step(user.id, step):
        return True if mark_used(pending["id"]) else None
    return USED if totp.was_used(secret, code, user.totp_last_step) else False


def start_mobile_check(mobile: str) -> str:
    """A code to text to a new mobile number before it is used for signing in; returns the code."""
    return _new_challenge("staff_mobile_check", MOBILE_CHECK, None, mobile=mobile)


def mobile_being_checked() -> str | None:
    challenge = _live_challenge("staff_mobile_check")
    return challenge["mobile"] if challenge else None


def check_mobile_code(code: str) -> bool | None:
    """As check_code, for the code texted to the new mobile number."""
    return _check_challenge("staff_mobile_check", MOBILE_CHECK, code)


def finish_mobile_check() -> None:
    session.pop("staff_mobile_check", None)


def complete_sign_in(user_id: int) -> None:
    session.pop("staff_pending", None)
    session.rotate()
    session["_principal"] = f"staff:{user_id}"
    session["_idle_seconds"] = STAFF_IDLE_SECONDS
    session["_absolute_seconds"] = STAFF_ABSOLUTE_SECONDS


def totp_setup_secret() -> str:
    """The new authenticator app secret being set up: kept, encrypted, in the server-side session until
    the person proves their app has it by entering a code."""
    secret = totp.decrypt(session.get("staff_totp_setup"))
    if secret is None:
        secret = totp.new_secret()
        session["staff_totp_setup"] = totp.encrypt(secret)
    return secret


def finish_totp_setup() -> None:
    session.pop("staff_totp_setup", None)
