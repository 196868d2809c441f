"""The notifications outbox (a transactional outbox, as GOV.UK Notify's own API does it).

A state change and the messages it causes are written in one transaction; a worker sends each
row by id, at least once, and the row's id is the Notify `reference`, so it carries no personal data.
"""

from datetime import date, datetime
from uuid import uuid4

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from service.models.base import utcnow

PENDING = "pending"
SENDING = "sending"
SENT = "sent"  # accepted by Notify; delivery status arrives later by callback
DELIVERED = "delivered"
FAILED = "failed"  # permanent: not retried, shown to staff
STATUSES = (PENDING, SENDING, SENT, DELIVERED, FAILED)


class OutboxMessage(SQLModel, table=True):
    __tablename__ = "outbox_message"
    # /metrics reads the oldest unsent message at every scrape: an index probe, not a scan of the pending rows.
    __table_args__ = (Index("ix_outbox_message_status_created", "status", "created_at"),)

    id: str = Field(default_factory=lambda: str(uuid4()), primary_key=True, max_length=36)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    updated_at: datetime = Field(default_factory=utcnow)
    channel: str = Field(max_length=10, description="email, sms or letter")
    template: str = Field(max_length=60, description="our name for the message; mapped to a Notify template id")
    recipient: str = Field(max_length=320)
    personalisation: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    case_id: int | None = Field(default=None, index=True)
    status: str = Field(default=PENDING, max_length=20, index=True)
    attempts: int = 0
    next_attempt_at: datetime | None = None
    last_error: str | None = Field(default=None, max_length=500)
    notify_id: str | None = Field(default=None, max_length=36)
    delivery_status: str | None = Field(default=None, max_length=30)
    sent_at: datetime | None = None
    send_delay_ms: int | None = Field(
        default=None, description="created_at to sent_at: how long the event waited to reach Notify (/performance)"
    )
    returned_on: date | None = Field(
        default=None, description="a letter Royal Mail returned to Notify as undeliverable"
    )
