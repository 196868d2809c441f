"""Security-code challenges: a 6-digit code sent to a person (or an authenticator app's turn), with its
tries counted in the database so that parallel requests cannot each get their own 5 tries."""

from datetime import datetime
from uuid import uuid4

from sqlmodel import Field, SQLModel

from service.models.base import utcnow


class CodeChallenge(SQLModel, table=True):
    __tablename__ = "code_challenge"

    id: str = Field(default_factory=lambda: str(uuid4()), primary_key=True, max_length=36)
    purpose: str = Field(max_length=30, description="staff_sign_in or staff_mobile_check")
    staff_user_id: int | None = Field(default=None, foreign_key="staff_user.id", index=True)
    code_hash: str | None = Field(default=None, max_length=64, description="SHA-256; None for an authenticator app")
    attempts: int = 0
    expires_at: datetime = Field(index=True)
    used_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
