"""Queries on the notifications outbox."""

from __future__ import annotations

import json
from datetime import datetime

from sqlmodel import func, select

from service.clients.notify import check_message
from service.db import db
from service.models import OutboxMessage
from workers.queue import enqueue_after_commit


def add_message(channel: str, template: str, recipient: str, personalisation: dict, case_id: int | None = None):
    """Add a message to the current transaction; the caller commits it with the change that caused it.

    The message must be in service.clients.notify.MESSAGES with its personalisation. Once the
    transaction commits, a worker sends it (workers.notifications.send_message).
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
    enqueue_after_commit("notifications", "workers.notifications.send_message", message.id)
    return message


def recent_messages(limit: int = 50) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.created_at.desc()).limit(limit)
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
