"""What /metrics reads from the database at each scrape, and the figures of the public performance page.

The scrape-time queries are cheap by construction: each is a count or a minimum over an index
((status, created_at) on outbox_message and document), never a scan of the whole table. The performance
figures scan a year of outbox rows by created_at (indexed) and are cached by the page's readers (public,
no personal data: one count per month).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, extract, func
from sqlalchemy import select as select_columns
from sqlmodel import col, select

from service.db import db
from service.models import Document, OutboxMessage
from service.models.document import WAITING
from service.models.outbox import FAILED, PENDING, SENDING

HANDED_OVER_WITHIN_MS = 10_000  # GOV.UK Notify's own measure: sent within 10 seconds
DELIVERED_STATUSES = ("delivered", "received")  # an email or text message delivered; a letter posted


@dataclass(frozen=True)
class Backlog:
    count: int
    oldest: datetime | None  # created_at of the oldest waiting row


def unsent_messages() -> Backlog:
    """Outbox rows not yet accepted by Notify (pending, or being sent): one range of the (status, created_at)
    index per status, as long as the backlog is."""
    return _backlog(col(OutboxMessage.status).in_((PENDING, SENDING)), col(OutboxMessage.created_at))


def failed_message_count(since: datetime) -> int:
    """Outbox rows created since `since` that failed for good (Notify refused them, or could not deliver them).
    Bounded by `since`, so it stays a short range of the (status, created_at) index however many failures
    the years have kept."""
    query = (
        select(func.count())
        .select_from(OutboxMessage)
        .where(col(OutboxMessage.status) == FAILED, col(OutboxMessage.created_at) >= since)
    )
    return _count(query)


def documents_awaiting_scan() -> Backlog:
    return _backlog(col(Document.status) == WAITING, col(Document.created_at))


def _count(query) -> int:  # type: ignore[no-untyped-def]
    return int(db.session.exec(query).one())


def _backlog(where, created) -> Backlog:  # type: ignore[no-untyped-def]
    count, oldest = db.session.execute(select_columns(func.count(), func.min(created)).where(where)).one()
    return Backlog(int(count), oldest)


@dataclass(frozen=True)
class MonthOfMessages:
    year: int
    month: int
    messages: int  # created in the month
    handed_over_in_time: int  # accepted by Notify within HANDED_OVER_WITHIN_MS of the event
    handed_over: int  # accepted by Notify at all
    delivered: int  # delivered (a letter: posted), of those handed over


def messages_by_month(since: datetime, until: datetime) -> list[MonthOfMessages]:
    """One row per month (UTC) that has messages created in [since, until), oldest first."""
    created = col(OutboxMessage.created_at)
    year, month = extract("year", created), extract("month", created)
    in_time = case((col(OutboxMessage.send_delay_ms) <= HANDED_OVER_WITHIN_MS, 1), else_=0)
    delivered = case((col(OutboxMessage.delivery_status).in_(DELIVERED_STATUSES), 1), else_=0)
    query = (
        select_columns(  # six columns: more than sqlmodel's select is typed for
            year,
            month,
            func.count(),
            func.coalesce(func.sum(in_time), 0),
            func.count(col(OutboxMessage.sent_at)),
            func.coalesce(func.sum(delivered), 0),
        )
        .where(created >= since, created < until)
        .group_by(year, month)
        .order_by(year, month)
    )
    return [
        MonthOfMessages(int(y), int(m), int(total), int(fast), int(handed), int(done))
        for y, m, total, fast, handed, done in db.session.execute(query).all()
    ]
