"""Queries the workers use: outbox rows and documents, reloaded and claimed by id."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flask import current_app, has_app_context
from sqlalchemy import func, or_
from sqlmodel import col, select

from service.db import db
from service.models import Case, Document, OutboxMessage, utcnow
from service.models.document import WAITING
from service.models.outbox import FAILED, PENDING, SENDING, SENT

STALE_AFTER = timedelta(minutes=2)  # the default of JOB_STALE_SECONDS


def stale_after() -> timedelta:
    """How long a job may hold a row ("sending", "waiting") before it counts as abandoned: JOB_STALE_SECONDS
    (120 unless set; the scale-out test shortens it so a killed worker's rows come back within seconds)."""
    if not has_app_context():
        return STALE_AFTER
    return timedelta(seconds=int(current_app.config.get("JOB_STALE_SECONDS", STALE_AFTER.total_seconds())))


def claim_message(message_id: str) -> tuple[OutboxMessage, bool] | None:
    """Lock the row and, if it is ours to send now, mark it "sending" and return (row, was_abandoned).

    A row is ours if it is pending and due, or "sending" for longer than stale_after() (its worker
    died mid-send). The "sending" mark is committed before the network call, so a retry after a
    crash knows an earlier attempt may have reached Notify and looks the reference up first.
    """
    now = utcnow()
    query = select(OutboxMessage).where(col(OutboxMessage.id) == message_id).with_for_update(skip_locked=True)
    message = db.session.exec(query).first()
    if message is None:
        db.session.rollback()
        return None
    due = message.status == PENDING and (message.next_attempt_at is None or message.next_attempt_at <= now)
    abandoned = message.status == SENDING and message.updated_at <= now - stale_after()
    if not (due or abandoned):
        db.session.rollback()
        return None
    message.status = SENDING
    message.attempts += 1
    message.updated_at = now
    db.session.flush()
    return message, abandoned or message.attempts > 1


def finish_message(message: OutboxMessage, status: str, error: str | None = None, notify_id: str | None = None,
                   retry_in: timedelta | None = None) -> None:  # fmt: skip
    message.status = status
    message.last_error = (error or "")[:500] or None
    message.updated_at = utcnow()
    message.next_attempt_at = utcnow() + retry_in if retry_in else None
    if notify_id:
        message.notify_id = notify_id
    if status == SENT:
        mark_sent(message)
    db.session.add(message)
    db.session.flush()


def mark_sent(message: OutboxMessage) -> None:
    """Notify has the message: when, and how long after the event that caused it (the performance page)."""
    message.sent_at = utcnow()
    message.send_delay_ms = max(0, round((_aware(message.sent_at) - _aware(message.created_at)).total_seconds() * 1000))


def _aware(moment: datetime) -> datetime:
    """Times are written in UTC; PostgreSQL's `timestamp` columns read them back without the zone."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def messages_to_replay(older_than: timedelta | None = None, limit: int = 2000) -> list[str]:
    """Rows left behind (Redis was down, a worker died, a retry is due): the sweeper enqueues them."""
    now = utcnow()
    older_than = older_than if older_than is not None else stale_after()
    query = (
        select(OutboxMessage.id)
        .where(
            or_(
                (col(OutboxMessage.status) == PENDING)
                & col(OutboxMessage.next_attempt_at).is_(None)
                & (col(OutboxMessage.created_at) <= now - older_than),
                (col(OutboxMessage.status) == PENDING) & (col(OutboxMessage.next_attempt_at) <= now),
                (col(OutboxMessage.status) == SENDING) & (col(OutboxMessage.updated_at) <= now - older_than),
            )
        )
        .order_by(col(OutboxMessage.created_at))
        .limit(limit)
    )
    return list(db.session.exec(query))


# Notify's statuses that mean a message will never arrive, and what staff are told (issue 16 adds letters'):
# https://docs.notifications.service.gov.uk/python.html#get-the-status-of-one-message
UNDELIVERED = {
    "permanent-failure": "Notify could not deliver it: the address or number does not exist",
    "technical-failure": "Notify could not send it because of a technical problem",
    "validation-failed": "Notify could not print the letter: the address may be wrong or incomplete",
    "virus-scan-failed": "Notify found a virus in the letter and did not send it",
    "cancelled": "The letter was cancelled and not sent",
}
EMAIL_AND_SMS_STATUSES = {"created", "sending", "sent", "delivered", "temporary-failure", "permanent-failure",
                          "technical-failure"}  # fmt: skip
LETTER_STATUSES = {"accepted", "received", "cancelled", "pending-virus-check", "virus-scan-failed",
                   "validation-failed", "technical-failure", "permanent-failure"}  # fmt: skip
# A letter's status that Notify will not change again (Royal Mail may still return it later).
LETTER_FINAL = {"received", "cancelled", "virus-scan-failed", "validation-failed", "technical-failure",
                "permanent-failure"}  # fmt: skip


def update_delivery_status(reference: str, notify_id: str | None, status: str) -> bool:
    """Apply a Notify delivery status (a callback, or a letter's daily check); True only if it changed the
    row (replays change nothing)."""
    message = db.session.get(OutboxMessage, reference)
    if message is None or (notify_id and message.notify_id and message.notify_id != notify_id):
        return False
    known = LETTER_STATUSES if message.channel == "letter" else EMAIL_AND_SMS_STATUSES
    if message.delivery_status == status or status not in known:
        return False
    message.delivery_status = status
    if message.status == SENDING or message.status == PENDING:
        message.status = SENT
        if message.sent_at is None:  # Notify's callback came before the worker recorded the send
            mark_sent(message)
    # an email's technical failure is Notify's to retry; a letter's means it was not printed
    if status in UNDELIVERED and (message.channel == "letter" or status == "permanent-failure"):
        message.status = FAILED
        message.last_error = UNDELIVERED[status]
    message.updated_at = utcnow()
    db.session.flush()
    return True


def record_returned_letter(reference: str | None, notify_id: str | None, on: date) -> bool:
    """Royal Mail returned a letter to Notify (its returned-letter callback); True only the first time."""
    message = db.session.get(OutboxMessage, reference) if reference else None
    if message is None and notify_id:
        message = db.session.exec(select(OutboxMessage).where(col(OutboxMessage.notify_id) == notify_id)).first()
    if message is None or message.channel != "letter" or (notify_id and message.notify_id not in (None, notify_id)):
        return False
    if message.returned_on is not None:
        return False
    message.returned_on = on
    message.updated_at = utcnow()
    db.session.flush()
    return True


def letters_to_check(since: timedelta = timedelta(days=30), limit: int = 2000) -> list[tuple[str, str]]:
    """(row id, Notify id) of the letters sent lately whose status Notify may still change."""
    query = (
        select(OutboxMessage.id, OutboxMessage.notify_id)
        .where(
            col(OutboxMessage.channel) == "letter",
            col(OutboxMessage.status) == SENT,
            col(OutboxMessage.notify_id).is_not(None),
            col(OutboxMessage.sent_at) >= utcnow() - since,
            or_(col(OutboxMessage.delivery_status).is_(None), col(OutboxMessage.delivery_status).not_in(LETTER_FINAL)),
        )
        .order_by(col(OutboxMessage.sent_at))
        .limit(limit)
    )
    return [(row_id, notify_id) for row_id, notify_id in db.session.exec(query) if notify_id]


def outbox_counts() -> dict[str, int]:
    query = select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    return dict(db.session.exec(query).all())


def outbox_rows(status: str, limit: int = 50) -> list[OutboxMessage]:
    query = (
        select(OutboxMessage).where(col(OutboxMessage.status) == status).order_by(col(OutboxMessage.created_at).desc())
    )
    return list(db.session.exec(query.limit(limit)))


def failed_messages_for_case(case_id: int) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(col(OutboxMessage.case_id) == case_id, col(OutboxMessage.status) == FAILED)
    return list(db.session.exec(query))


def load_document(document_id: str) -> Document | None:
    return db.session.get(Document, document_id)


def case_reference(case_id: int) -> str:
    """The case's public reference, the only way a message names a case."""
    return db.session.exec(select(Case.reference).where(Case.id == case_id)).one()


def mark_document(document: Document, status: str, reason: str = "") -> None:
    document.status = status
    document.status_reason = reason
    document.checked_at = utcnow()
    db.session.add(document)
    db.session.flush()


def documents_to_replay(older_than: timedelta | None = None, limit: int = 500) -> list[str]:
    older_than = older_than if older_than is not None else stale_after()
    query = (
        select(Document.id)
        .where(col(Document.status) == WAITING, col(Document.created_at) <= utcnow() - older_than)
        .where(or_(col(Document.checked_at).is_(None), col(Document.checked_at) <= utcnow() - older_than))
        .limit(limit)
    )
    return list(db.session.exec(query))


def note_document_attempt(document: Document, reason: str) -> None:
    """The scanner or storage was down: the document stays waiting; checked_at spaces out the retries."""
    document.status_reason = reason[:200]
    document.checked_at = utcnow()
    db.session.add(document)
    db.session.flush()
