"""Staff sign-in lockouts, per account and client address (issue 12 L2).

Ten wrong passwords or codes from one address lock the account for 30 minutes from that address
only, so a stranger cannot keep the owner out. Locking emails the owner a single-use link that
lifts that lock (the owner may share the address, e.g. an office's). Counting is one upsert with
RETURNING, so parallel failures each count.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import select

from service.data import notifications
from service.data.rows import table_of
from service.db import db
from service.domain.dates import LONDON, format_govuk_date
from service.models import StaffLockout, utcnow

MAX_FAILED_ATTEMPTS = 10
LOCKOUT = timedelta(minutes=30)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _london_time(moment: datetime) -> str:
    """3:45pm on 1 December 2026, in London (GOV.UK style)."""
    local = moment.astimezone(LONDON)
    hour = local.hour % 12 or 12
    return f"{hour}:{local.minute:02d}{'am' if local.hour < 12 else 'pm'} on {format_govuk_date(local.date())}"


def is_locked(staff_user_id: int, ip: str) -> bool:
    row = db.session.exec(
        select(StaffLockout.locked_until).where(
            StaffLockout.staff_user_id == staff_user_id, StaffLockout.ip_address == ip[:45]
        )
    ).first()
    return row is not None and row > utcnow()


def record_failure(staff_user_id: int, email: str, ip: str, unlock_link: Callable[[str], str]) -> bool:
    """Count a wrong password or code from `ip`; True when that locks the account. Locking emails the
    owner `unlock_link(token)` (built from SERVICE_URL). The count, the lock and its email are committed
    at once (db.commit_now): a counted try stands even when the request then fails."""
    table = table_of(StaffLockout)
    insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    values = insert(table).values(staff_user_id=staff_user_id, ip_address=ip[:45], failures=1)
    statement = values.on_conflict_do_update(
        index_elements=[table.c.staff_user_id, table.c.ip_address],
        set_={"failures": table.c.failures + 1},
    ).returning(table.c.id, table.c.failures)
    row = db.session.execute(statement).one()
    locked: bool = row.failures >= MAX_FAILED_ATTEMPTS
    if locked:
        token = secrets.token_urlsafe(32)
        until = utcnow() + LOCKOUT
        db.session.execute(
            table.update()
            .where(table.c.id == row.id)
            .values(failures=0, locked_until=until, unlock_token_hash=_hash(token))
        )
        notifications.send_staff_account_locked(to=email, link=unlock_link(token), expires=_london_time(until))
    db.commit_now()  # the counted try (and the lock with its email) stands even if the request fails
    return locked


def clear(staff_user_id: int, ip: str) -> None:
    """A full sign-in from `ip` forgets its failures."""
    table = table_of(StaffLockout)
    db.session.execute(table.delete().where(table.c.staff_user_id == staff_user_id, table.c.ip_address == ip[:45]))
    db.session.flush()  # committed with the sign-in


def lock_of(token: str) -> StaffLockout | None:
    """The current lock an unlock link names, or None (used, expired or unknown)."""
    row = db.session.exec(select(StaffLockout).where(StaffLockout.unlock_token_hash == _hash(token))).first()
    if row is None or row.locked_until is None or row.locked_until <= utcnow():
        return None
    return row


def unlock(token: str) -> int | None:
    """Lift the lock the link names (once); return the account's id, or None."""
    row = lock_of(token)
    if row is None:
        return None
    staff_user_id = row.staff_user_id
    db.session.delete(row)
    db.session.flush()  # the request commits it with its redirect
    return staff_user_id
