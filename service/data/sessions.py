"""Queries on server-side sessions."""

from __future__ import annotations

import hashlib

from sqlmodel import delete, select

from service.db import db
from service.models import WebSession


def hash_session_id(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


def session_row(sid: str) -> WebSession | None:
    return db.session.get(WebSession, hash_session_id(sid))


def delete_sessions_of(principal: str) -> int:
    rows = list(db.session.exec(select(WebSession.id_hash).where(WebSession.principal == principal)))
    if rows:
        db.session.exec(delete(WebSession).where(WebSession.principal == principal))
    db.session.commit()
    return len(rows)
