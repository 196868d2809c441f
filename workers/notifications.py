"""Send one outbox message. The job takes only the row id, claims the row and does nothing if it is
already sent (or another worker has it).

NOTIFY_MODE=outbox marks the row sent without any network (make run shows it at /dev/outbox);
NOTIFY_MODE=live sends it with notifications-python-client. Transient failures (429, 5xx, timeouts)
put the row back to pending with a backoff that spans more than 4 hours; the sweeper re-enqueues it
when it is due. Permanent failures (400, 403) mark it failed, never retried, and staff see it.

Letters (issue 16) go the same way (send_letter_notification, the address in the personalisation).
Once a day, check_letter_statuses asks Notify for the status of each letter it may still change
(accepted, pending-virus-check) so a letter's dispatch shows on the case even without callbacks.
"""

from __future__ import annotations

import json
import logging
from datetime import timedelta

from flask import current_app

from service.clients.notify import AmbiguousFailure, PermanentFailure, TransientFailure, notify_client
from service.data.jobs import UNDELIVERED, claim_message, finish_message, letters_to_check, update_delivery_status
from service.db import db
from service.jobs import SEND_MESSAGE
from service.message_catalogue import template_for
from service.models import OutboxMessage
from service.models.outbox import FAILED, PENDING, SENT
from service.observability import metrics

log = logging.getLogger(__name__)
# Seconds before each retry: 30 s, 1, 2, 5, 10, 20, 30 minutes, then hourly: over 4 hours in all.
BACKOFF = (30, 60, 120, 300, 600, 1200, 1800, 3600, 3600, 3600, 3600)


@SEND_MESSAGE.runs
def send_message(message_id: str) -> str:
    claimed = claim_message(message_id)
    if claimed is None:
        return "skipped"
    db.session.commit()  # the "sending" mark is durable before the network call
    status = _send(*claimed)
    db.session.commit()  # the job's outcome (sent, retry later, failed)
    return status


def _send(message: OutboxMessage, maybe_sent_before: bool) -> str:
    client = notify_client()
    try:
        # The personalisation was checked when the row was written; a row written before its wording
        # changed still goes, and Notify refuses it (permanently) only if its template needs more.
        template_for(message.channel, message.template)
    except ValueError as error:
        finish_message(message, FAILED, error=str(error))
        return FAILED
    try:
        if maybe_sent_before:
            # An earlier attempt may have reached Notify: never send twice.
            notify_id = client.find_by_reference(message.id)
            if notify_id:
                finish_message(message, SENT, notify_id=notify_id)
                return SENT
        _wait_for_rate_limit()
        notify_id = client.send(
            message.channel, message.template, message.recipient, json.loads(message.personalisation), message.id
        )
    except PermanentFailure as error:
        finish_message(message, FAILED, error=str(error))
        metrics.notify_failure("permanent")
        log.warning("Notify refused outbox message %s: %s", message.id, error)
        return FAILED
    except TransientFailure as error:
        if message.attempts > len(BACKOFF):
            finish_message(message, FAILED, error=f"Gave up after {message.attempts} attempts: {error}")
            metrics.notify_failure("gave_up")
            return FAILED
        metrics.notify_failure("transient")
        delay = BACKOFF[message.attempts - 1]
        kind = "ambiguous" if isinstance(error, AmbiguousFailure) else "transient"
        log.info("Outbox message %s: %s failure (%s); retry in %ss", message.id, kind, error, delay)
        finish_message(message, PENDING, error=str(error), retry_in=timedelta(seconds=delay))
        return PENDING
    finish_message(message, SENT, notify_id=notify_id)
    return SENT


def check_letter_statuses() -> int:
    """Ask Notify for each recent letter's status and record any change; the number of rows changed."""
    client = notify_client()
    changed = 0
    for message_id, notify_id in letters_to_check():
        try:
            status = client.status_of(notify_id)
        except (TransientFailure, PermanentFailure) as error:
            log.info("Letter status check stopped at outbox message %s: %s", message_id, error)
            break  # Notify is down or refuses us: tomorrow's check tries again
        if status and update_delivery_status(message_id, notify_id, status):
            changed += 1
            if status in UNDELIVERED:
                metrics.delivery_failure(status)
        db.session.commit()
    return changed


def _wait_for_rate_limit() -> None:
    url = current_app.config.get("REDIS_URL")
    if not url or current_app.config["NOTIFY_MODE"] != "live":
        return
    from redis.exceptions import RedisError

    from service.clients.notify import RateLimiter
    from service.jobs import redis_connection

    try:
        RateLimiter(redis_connection(url), current_app.config["NOTIFY_RATE_PER_MINUTE"]).acquire()
    except RedisError:
        log.warning("Rate limiter unavailable (Redis down); sending without it")
