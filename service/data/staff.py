"""Staff accounts and their sign-in state."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from functools import cache

from sqlalchemy import bindparam
from sqlmodel import col, func, or_, select, update
from sqlmodel.sql.expression import Select

from service.data import audit
from service.data.rows import saved_id
from service.db import db
from service.models import LocalAuthority, StaffInvitation, StaffUser, utcnow
from service.sessions import revoke_sessions_of
from service.text import normalise_email


def staff_by_email(email: str) -> StaffUser | None:
    return db.session.exec(select(StaffUser).where(func.lower(StaffUser.email) == normalise_email(email))).first()


def staff_by_id(staff_id: int) -> StaffUser | None:
    return db.session.get(StaffUser, staff_id)


@cache
def _staff_and_local_authority_query() -> Select[StaffUser, LocalAuthority]:
    """Built once, with the id as a parameter (issue 18: every staff request runs it)."""
    return (
        select(StaffUser, LocalAuthority)
        .outerjoin(LocalAuthority, col(LocalAuthority.id) == StaffUser.local_authority_id)
        .where(col(StaffUser.id) == bindparam("staff_id"))
    )


def staff_and_local_authority(staff_id: int) -> tuple[StaffUser, LocalAuthority | None] | None:
    """The account and its council in one statement (every staff page needs both); a national or regional
    account has no council (None)."""
    row = db.session.exec(_staff_and_local_authority_query(), params={"staff_id": staff_id}).first()
    return (row[0], row[1]) if row else None


def claim_totp_step(user_id: int, step: int) -> bool:
    """Record that the authenticator app code of `step` has been used; False if it (or a later one)
    already was. One conditional UPDATE, so two requests racing with the same code cannot both win."""
    result = db.session.exec(
        update(StaffUser)
        .where(
            col(StaffUser.id) == user_id,
            or_(col(StaffUser.totp_last_step).is_(None), col(StaffUser.totp_last_step) < step),
        )
        .values(totp_last_step=step)
    )
    db.session.flush()
    return result.rowcount == 1


SECOND_FACTOR_NAMES = {"email": "email", "sms": "text message", "totp": "authenticator app"}


def set_second_factor(
    user: StaffUser,
    method: str,
    ip: str,
    mobile: str | None = None,
    encrypted_totp_secret: str | None = None,
    totp_step: int | None = None,
    by: StaffUser | None = None,
) -> str:
    """Switch how `user` gets their sign-in code, with an audit event (never the secret, never the full
    number) naming who did it (`by`, a manager, or the person themselves). The caller adds the
    notification to the outbox and commits. Returns the old method."""
    before = user.second_factor
    user.second_factor = method
    if method == "sms":
        user.mobile = mobile or user.mobile
    if method == "totp":
        user.totp_secret = encrypted_totp_secret
        user.totp_last_step = totp_step  # the code that confirmed the app cannot then sign in
    else:
        user.totp_secret = None
        user.totp_last_step = None
    db.session.add(user)
    detail = f"{before}->{method}"
    if method == "sms":
        detail += f" mobile ending {user.mobile[-4:]}"
    actor = by or user
    if actor.id != user.id:
        detail = f"staff:{user.id} {detail}"
    audit.record(actor.id, user.local_authority_id, "staff.second_factor", detail=detail, ip_address=ip)
    return before


def colleagues(local_authority_id: int) -> list[StaffUser]:
    query = select(StaffUser).where(
        col(StaffUser.local_authority_id) == local_authority_id, col(StaffUser.disabled).is_(False)
    )
    return list(db.session.exec(query.order_by(col(StaffUser.name))))


def local_authority_of(user: StaffUser) -> LocalAuthority:
    la = db.session.get(LocalAuthority, user.local_authority_id)
    if la is None:
        raise LookupError(f"no local authority {user.local_authority_id}")
    return la


# Team management (managers): invitations, roles, disabling. Every lookup is scoped to the council.

INVITATION_LIFETIME = timedelta(days=7)


def team(local_authority_id: int) -> list[StaffUser]:
    query = select(StaffUser).where(col(StaffUser.local_authority_id) == local_authority_id)
    return list(db.session.exec(query.order_by(col(StaffUser.disabled), col(StaffUser.name))))


def colleague(local_authority_id: int, staff_id: int) -> StaffUser | None:
    user = db.session.get(StaffUser, staff_id)
    return user if user is not None and user.local_authority_id == local_authority_id else None


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(manager: StaffUser, name: str, email: str, role: str, ip: str) -> tuple[StaffUser, str]:
    """Create the account (no password yet) and a single-use invitation; returns the token for the link.
    The caller adds the email to the outbox and commits."""
    user = StaffUser(local_authority_id=manager.local_authority_id, email=email.strip().lower(), name=name, role=role)
    db.session.add(user)
    db.session.flush()
    token = secrets.token_urlsafe(32)
    db.session.add(
        StaffInvitation(
            staff_user_id=saved_id(user),
            token_hash=_token_hash(token),
            invited_by_id=saved_id(manager),
            expires_at=utcnow() + INVITATION_LIFETIME,
        )
    )
    audit.record(
        manager.id, manager.local_authority_id, "staff.invite", detail=f"staff:{user.id} {role}", ip_address=ip
    )
    return user, token


def invitation(token: str) -> tuple[StaffInvitation, StaffUser] | None:
    """A usable invitation (not used, not expired, account enabled) and its account, or None."""
    row = db.session.exec(select(StaffInvitation).where(col(StaffInvitation.token_hash) == _token_hash(token))).first()
    if row is None or row.used_at is not None or row.expires_at < utcnow():
        return None
    user = db.session.get(StaffUser, row.staff_user_id)
    if user is None or user.disabled:
        return None
    return row, user


def accept_invitation(row: StaffInvitation, user: StaffUser, password_hash: str, ip: str) -> None:
    row.used_at = utcnow()
    user.password_hash = password_hash
    db.session.add_all([row, user])
    audit.record(user.id, user.local_authority_id, "staff.password_set", detail="invitation accepted", ip_address=ip)
    db.session.flush()


def set_role(manager: StaffUser, user: StaffUser, role: str, ip: str) -> None:
    before = user.role
    user.role = role
    db.session.add(user)
    audit.record(
        manager.id, manager.local_authority_id, "staff.role", detail=f"staff:{user.id} {before}->{role}", ip_address=ip
    )
    db.session.flush()
    revoke_sessions_of(f"staff:{user.id}")  # the new role applies from their next sign-in


def set_disabled(manager: StaffUser, user: StaffUser, disabled: bool, ip: str) -> None:
    user.disabled = disabled
    db.session.add(user)
    action = "staff.disable" if disabled else "staff.enable"
    audit.record(manager.id, manager.local_authority_id, action, detail=f"staff:{user.id}", ip_address=ip)
    db.session.flush()
    if disabled:
        revoke_sessions_of(f"staff:{user.id}")
