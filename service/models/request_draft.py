"""A request for an EHC needs assessment that a family has started but not yet sent.

Answers are kept as JSON as the family goes, so nothing typed is lost. A draft is reachable only from
the browser session that made it or through a single-use resume link sent to the family's email.
Drafts are deleted 28 days after they were last saved (a reminder goes 7 days before).
"""

from datetime import datetime
from uuid import uuid4

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from service.models.base import utcnow


class RequestDraft(SQLModel, table=True):
    __tablename__ = "request_draft"

    id: str = Field(default_factory=lambda: str(uuid4()), primary_key=True, max_length=36)
    answers: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow, index=True)
    resume_email: str | None = Field(default=None, max_length=320)
    resume_token_hash: str | None = Field(default=None, max_length=64, index=True)
    reminder_sent_at: datetime | None = None
    submitted_at: datetime | None = None
    submitted_case_id: int | None = Field(default=None, foreign_key="ehc_case.id")
