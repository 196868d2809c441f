"""Staff accounts and their sign-in state."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import func, select

from service.db import db
from service.models import LocalAuthority, StaffUser, utcnow

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
