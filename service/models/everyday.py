"""Tables of the everyday experience (issue 16): what a caseworker last saw of a case, a family's
download of their data, and the feedback page's answers."""

from datetime import datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from service.models.base import utcnow


class CaseView(SQLModel, table=True):
    """When a caseworker last opened a case: the caseload tags family activity since then."""

    __tablename__ = "case_view"
    __table_args__ = (UniqueConstraint("case_id", "staff_user_id", name="uq_case_view_case_staff"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="ehc_case.id", index=True)
    staff_user_id: int = Field(foreign_key="staff_user.id", index=True)
    opened_at: datetime = Field(default_factory=utcnow)


class DataExport(SQLModel, table=True):
    """A family's "download my data": a ZIP a worker builds into the clean bucket, offered for 24 hours.
    The id is a random UUID, so the download link names no case; only the signed-in email may fetch it."""

    __tablename__ = "data_export"

    id: str = Field(primary_key=True, max_length=36)
    email: str = Field(max_length=320, index=True)
    status: str = Field(default="pending", max_length=10, description="pending, ready, failed or expired")
    object_key: str = Field(default="", max_length=200)
    size_bytes: int | None = None
    created_at: datetime = Field(default_factory=utcnow, index=True)
    ready_at: datetime | None = None
    expires_at: datetime | None = None


class Feedback(SQLModel, table=True):
    """The GOV.UK feedback page's answers: how satisfied, and what would improve the service. No name or email."""

    __tablename__ = "feedback"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    rating: str = Field(max_length=20, description="very_satisfied ... very_dissatisfied")
    improve: str = Field(default="", sa_column=Column(Text, nullable=False))
