"""Documents: evidence from families and letters, advice and plans from councils.

A file is written first to quarantine, scanned by a worker, then moved to clean storage. Only clean
files can be downloaded. The server chooses every storage key; the user's filename is only shown.
"""

from datetime import datetime
from uuid import uuid4

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from service.models.base import utcnow

WAITING = "waiting"  # uploaded to quarantine, waiting to be checked for viruses
CLEAN = "clean"
INFECTED = "infected"
REJECTED = "rejected"  # the content does not match the type, or it is too big or a zip bomb


class Document(SQLModel, table=True):
    __tablename__ = "document"
    # /metrics reads the scan backlog (how many wait, since when) at every scrape: two index probes.
    __table_args__ = (Index("ix_document_status_created", "status", "created_at"),)

    id: str = Field(default_factory=lambda: str(uuid4()), primary_key=True, max_length=36)
    case_id: int | None = Field(default=None, foreign_key="ehc_case.id", index=True)
    draft_id: str | None = Field(default=None, max_length=36, index=True, description="a request not yet sent")
    advice_request_id: int | None = Field(default=None, foreign_key="advice_request.id", index=True)
    category: str = Field(default="evidence", max_length=30)
    filename: str = Field(max_length=255, description="as the user named it, for display only")
    content_type: str = Field(max_length=100)
    size_bytes: int
    storage_key: str = Field(max_length=200)
    status: str = Field(default=WAITING, max_length=20, index=True)
    status_reason: str = Field(default="", max_length=200)
    uploaded_by: str = Field(max_length=40, description="family, staff:<id> or professional:<id>")
    shared_with_family: bool = True
    created_at: datetime = Field(default_factory=utcnow)
    checked_at: datetime | None = None
