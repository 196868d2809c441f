"""Queries on server-side sessions."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Integer, bindparam, case, cast, func
from sqlalchemy import select as core_select
from sqlmodel import col, delete, or_, select, update

from service.db import db
from service.models import LocalAuthority, StaffUser, WebSession

STAFF_PREFIX = "staff:"


def hash_session_id(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


def session_row(sid: str) -> WebSession | None:
    return db.session.get(WebSession, hash_session_id(sid))


@cache
def _state_query() -> Any:
    """Built once, with the hash as a parameter: building it each time was a third of the read's cost.

    A staff session's account and council come in the same statement (issue 18): every staff page needs
    them next (service.auth.staff.current_staff), and asking in a second statement was one round trip of
    a caseload's few. The principal column holds what the session's data calls `_principal` (both are
    written together, service.sessions), e.g. staff:12; for anyone else the joins find nothing."""
    principal = col(WebSession.principal)
    staff_id = case(
        (principal.like(STAFF_PREFIX + "%"), cast(func.substr(principal, len(STAFF_PREFIX) + 1), Integer)),
        else_=None,
    )
    return (
        core_select(
            col(WebSession.data),
            col(WebSession.created_at),
            col(WebSession.last_seen_at),
            principal,
            StaffUser,
            LocalAuthority,
        )
        .outerjoin(StaffUser, col(StaffUser.id) == staff_id)
        .outerjoin(LocalAuthority, col(LocalAuthority.id) == StaffUser.local_authority_id)
        .where(col(WebSession.id_hash) == bindparam("id_hash"))
    )


StaffAccount = tuple[str, StaffUser | None, LocalAuthority | None]


def session_state(id_hash: str) -> tuple[str, datetime, datetime, StaffAccount | None] | None:
    """(data, created_at, last_seen_at, staff account) of the session, or None: what every request reads
    first, as one column select rather than an ORM object, on a statement built once per process (issue
    18). The staff account, for a session whose principal is a member of staff, is (principal, the account
    or None if it is gone, its council or None); None for any other session."""
    row = db.session.execute(_state_query(), {"id_hash": id_hash}).first()
    if row is None:
        return None
    principal = row[3] or ""
    account = (principal, row[4], row[5]) if principal.startswith(STAFF_PREFIX) else None
    return (row[0], row[1], row[2], account)


def touch_session(id_hash: str, now: datetime) -> None:
    db.session.exec(update(WebSession).where(col(WebSession.id_hash) == id_hash).values(last_seen_at=now))


def delete_session(id_hash: str) -> None:
    db.session.exec(delete(WebSession).where(col(WebSession.id_hash) == id_hash))


def delete_sessions_of(principal: str, keep_sid: str | None = None) -> int:
    """Delete every session of `principal` on the server, but the one with id `keep_sid` if given."""
    where = [col(WebSession.principal) == principal]
    if keep_sid:
        where.append(col(WebSession.id_hash) != hash_session_id(keep_sid))
    rows = list(db.session.exec(select(WebSession.id_hash).where(*where)))
    if rows:
        db.session.exec(delete(WebSession).where(*where))
    db.session.flush()
    return len(rows)


def delete_expired_sessions(now: datetime, idle: timedelta, absolute: timedelta) -> int:
    """Delete every session idle longer than `idle` or older than `absolute` (the longest lifetimes)."""
    expired = or_(WebSession.last_seen_at < now - idle, WebSession.created_at < now - absolute)
    result = db.session.exec(delete(WebSession).where(expired))
    db.session.flush()  # the scheduled job commits
    return result.rowcount
