"""What a manager sees of the edge workers, scoped to their local authority's cases."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, func, select
from sqlmodel.sql.expression import SelectOfScalar

from service.data.outbox import letters_and_failures
from service.db import db
from service.jobs import QUEUES, SEND_MESSAGE, enqueue_after_commit
from service.models import Case, OutboxMessage, utcnow
from service.models.outbox import FAILED, PENDING


def _la_cases(local_authority_id: int) -> SelectOfScalar[Any]:
    return select(Case.id).where(col(Case.local_authority_id) == local_authority_id)


def outbox_counts_for_la(local_authority_id: int) -> dict[str, int]:
    query = (
        select(OutboxMessage.status, func.count())
        .where(col(OutboxMessage.case_id).in_(_la_cases(local_authority_id)))
        .group_by(OutboxMessage.status)
    )
    return dict(db.session.exec(query).all())


def failed_messages_for_la(local_authority_id: int, limit: int = 50) -> list[OutboxMessage]:
    query = (
        select(OutboxMessage)
        .where(col(OutboxMessage.case_id).in_(_la_cases(local_authority_id)), col(OutboxMessage.status) == FAILED)
        .order_by(col(OutboxMessage.updated_at).desc())
        .limit(limit)
    )
    return list(db.session.exec(query))


def failed_messages_for_case(case_id: int) -> list[OutboxMessage]:
    """The case's messages that failed, most recently failed first."""
    failed = [m for m in letters_and_failures(case_id) if m.status == FAILED]
    return sorted(failed, key=lambda m: m.updated_at, reverse=True)


def retry_message(local_authority_id: int, message_id: str) -> bool:
    """Send a failed message again (after someone fixed the address, say). False if not this LA's."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.status != FAILED or message.case_id is None:
        return False
    case = db.session.get(Case, message.case_id)
    if case is None or case.local_authority_id != local_authority_id:
        return False
    message.status = PENDING
    message.attempts = 0
    message.next_attempt_at = None
    message.updated_at = utcnow()
    enqueue_after_commit(SEND_MESSAGE, message.id)
    db.session.flush()
    return True


def queue_depths(redis_url: str | None) -> dict[str, int | None]:
    """Jobs waiting on each RQ queue; None when Redis is not configured or not answering."""
    if not redis_url:
        return dict.fromkeys(QUEUES)
    from redis import Redis
    from redis.exceptions import RedisError
    from rq import Queue

    try:
        connection = Redis.from_url(redis_url, socket_timeout=1, socket_connect_timeout=1)
        return {name: Queue(name, connection=connection).count for name in QUEUES}
    except RedisError:
        return dict.fromkeys(QUEUES)
