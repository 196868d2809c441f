"""Queries on the notifications outbox. Code that sends a message calls its function in
service.data.notifications, which writes the row here."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlmodel import col, func, select

from service.data import case_reads
from service.db import db
from service.domain.dates import london_date
from service.jobs import SEND_MESSAGE, enqueue_after_commit
from service.message_catalogue import check_message
from service.models import OutboxMessage
from service.wording.letters import letter_dispatch


def add_message(
    channel: str, template: str, recipient: str, personalisation: dict[str, Any], case_id: int | None = None
) -> OutboxMessage:
    """Add a message to the current transaction; the caller commits it with the change that caused it.

    The message must be in service.message_catalogue with all its personalisation. Once the
    transaction commits, a worker sends it (SEND_MESSAGE).
    """
    check_message(channel, template, personalisation)
    message = OutboxMessage(
        channel=channel,
        template=template,
        recipient=recipient,
        personalisation=json.dumps(personalisation),
        case_id=case_id,
    )
    db.session.add(message)
    enqueue_after_commit(SEND_MESSAGE, message.id)
    return message


def recent_messages(limit: int = 50) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(col(OutboxMessage.created_at).desc()).limit(limit)
    return list(db.session.exec(query))


def messages_sent_to(recipient: str, template: str, since: datetime) -> int:
    """How many `template` messages went to `recipient` since `since` (a cap on mail to one address)."""
    query = (
        select(func.count())
        .select_from(OutboxMessage)
        .where(
            func.lower(OutboxMessage.recipient) == recipient.strip().lower(),
            OutboxMessage.template == template,
            OutboxMessage.created_at >= since,
        )
    )
    return db.session.exec(query).one()


def letters_and_failures(case_id: int) -> tuple[OutboxMessage, ...]:
    """A case's letters and its failed messages, what the staff case page shows, in one statement a page
    (service.data.memo): letters_for_case and operations.failed_messages_for_case each take their part."""
    return case_reads.rows("letters_and_failures", case_id)


def letters_for_case(case_id: int) -> list[tuple[OutboxMessage, str]]:
    """Every letter to the family on a case, newest first, each with its dispatch status for staff."""
    rows = sorted((m for m in letters_and_failures(case_id) if m.channel == "letter"), key=lambda m: m.id)
    rows.sort(key=lambda m: m.created_at, reverse=True)  # newest first; the same moment in id order
    return [
        (
            message,
            letter_dispatch(
                message.status,
                message.delivery_status,
                sent_on=london_date(message.sent_at) if message.sent_at else None,
                status_on=london_date(message.updated_at),
                returned_on=message.returned_on,
                error=message.last_error,
            ),
        )
        for message in rows
    ]
