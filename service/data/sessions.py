"""Queries on server-side sessions."""

from __future__ import annotations

import hashlib

from sqlmodel import col, delete, select

from service.db import db
from service.models import WebSession


def hash_session_id(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


def session_row(sid: str) -> WebSession | None:
    return db.session.get(WebSession, hash_session_id(sid))


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
