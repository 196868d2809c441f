"""Server-side sessions: the cookie holds only a random id, so nothing personal lives in the browser
and a session can be revoked on the server (sign-out, disabled account)."""

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from service.models.base import utcnow


class WebSession(SQLModel, table=True):
    __tablename__ = "web_session"

    id_hash: str = Field(primary_key=True, max_length=64, description="SHA-256 of the cookie value")
    data: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow, index=True)
    principal: str | None = Field(default=None, max_length=80, index=True, description="e.g. staff:12 or family:3")
