"""Staff accounts and their sign-in state."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlmodel import func, select

from service.data import audit
from service.db import db
from service.models import LocalAuthority, StaffInvitation, StaffUser, utcnow
from service.sessions import revoke_sessions_of

MAX_FAILED_ATTEMPTS = 10
LOCKOUT = timedelta(minutes=30)


def staff_by_email(email: str) -> StaffUser | None:
    return db.session.exec(select(StaffUser).where(func.lower(StaffUser.email) == email.strip().lower())).first()


def staff_by_id(staff_id: int) -> StaffUser | None:
    return db.session.get(StaffUser, staff_id)


def staff_and_local_authority(staff_id: int) -> tuple[StaffUser, LocalAuthority] | None:
    """The account and its council in one statement (every staff page needs both)."""
    query = select(StaffUser, LocalAuthority).join(LocalAuthority, LocalAuthority.id == StaffUser.local_authority_id)
    row = db.session.exec(query.where(StaffUser.id == staff_id)).first()
    return (row[0], row[1]) if row else None


def is_locked(user: StaffUser) -> bool:
    return user.locked_until is not None and user.locked_until > utcnow()


def record_failure(user: StaffUser) -> None:
    user.failed_attempts += 1
    if user.failed_attempts >= MAX_FAILED_ATTEMPTS:
        user.locked_until = utcnow() + LOCKOUT
        user.failed_attempts = 0
    db.session.commit()


def record_success(user: StaffUser) -> None:
    user.failed_attempts = 0
    user.locked_until = None
    db.session.commit()


def colleagues(local_authority_id: int) -> list[StaffUser]:
    query = select(StaffUser).where(StaffUser.local_authority_id == local_authority_id, StaffUser.disabled.is_(False))
    return list(db.session.exec(query.order_by(StaffUser.name)))


def local_authority_of(user: StaffUser) -> LocalAuthority:
    return db.session.get(LocalAuthority, user.local_authority_id)


# Team management (managers): invitations, roles, disabling. Every lookup is scoped to the council.

INVITATION_LIFETIME = timedelta(days=7)


def team(local_authority_id: int) -> list[StaffUser]:
    query = select(StaffUser).where(StaffUser.local_authority_id == local_authority_id)
    return list(db.session.exec(query.order_by(StaffUser.disabled, StaffUser.name)))


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
            staff_user_id=user.id,
            token_hash=_token_hash(token),
            invited_by_id=manager.id,
            expires_at=utcnow() + INVITATION_LIFETIME,
        )
    )
    audit.record(
        manager.id, manager.local_authority_id, "staff.invite", detail=f"staff:{user.id} {role}", ip_address=ip
    )
    return user, token


def invitation(token: str) -> tuple[StaffInvitation, StaffUser] | None:
    """A usable invitation (not used, not expired, account enabled) and its account, or None."""
    row = db.session.exec(select(StaffInvitation).where(StaffInvitation.token_hash == _token_hash(token))).first()
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
    db.session.commit()


def set_role(manager: StaffUser, user: StaffUser, role: str, ip: str) -> None:
    before = user.role
    user.role = role
    db.session.add(user)
    audit.record(
        manager.id, manager.local_authority_id, "staff.role", detail=f"staff:{user.id} {before}->{role}", ip_address=ip
    )
    db.session.commit()
    revoke_sessions_of(f"staff:{user.id}")  # the new role applies from their next sign-in


def set_disabled(manager: StaffUser, user: StaffUser, disabled: bool, ip: str) -> None:
    user.disabled = disabled
    db.session.add(user)
    action = "staff.disable" if disabled else "staff.enable"
    audit.record(manager.id, manager.local_authority_id, action, detail=f"staff:{user.id}", ip_address=ip)
    db.session.commit()
    if disabled:
        revoke_sessions_of(f"staff:{user.id}")
