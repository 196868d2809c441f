"""The notifications outbox against the fake Notify: retries, permanent failures, ambiguous timeouts."""

from __future__ import annotations

from datetime import timedelta

from service.data.jobs import messages_to_replay
from service.data.outbox import add_message
from service.db import db
from service.models import OutboxMessage, utcnow
from workers.notifications import send_message
from workers.schedules import sweep_outbox

PERSONALISATION = {"link": "https://example.test/resume/abc", "expires": "1 January 2027"}


def new_message() -> str:
    message = add_message("email", "draft_resume_link", "parent@example.com", PERSONALISATION)
    db.session.commit()
    return message.id


def row(message_id: str) -> OutboxMessage:
    db.session.expire_all()
    return db.session.get(OutboxMessage, message_id)


def make_due(message_id: str) -> None:
    message = row(message_id)
    message.next_attempt_at = utcnow() - timedelta(seconds=1)
    db.session.commit()


def test_a_message_is_sent_once_with_the_row_id_as_reference(worker_context, notify):
    message_id = new_message()
    assert send_message(message_id) == "sent"
    assert send_message(message_id) == "skipped"
    assert notify.references() == [message_id]
    sent = row(message_id)
    assert sent.status == "sent" and sent.notify_id == notify.sent[0]["id"]
    assert notify.sent[0]["personalisation"] == PERSONALISATION


def test_500_then_201_gives_one_send(worker_context, notify):
    notify.fail_next(500)
    message_id = new_message()
    assert send_message(message_id) == "pending"
    pending = row(message_id)
    assert pending.next_attempt_at > utcnow() + timedelta(seconds=20)
    assert "500" in pending.last_error
    assert send_message(message_id) == "skipped"  # not due yet
    make_due(message_id)
    assert send_message(message_id) == "sent"
    assert notify.references() == [message_id]


def test_429_backs_off_and_succeeds(worker_context, notify):
    notify.fail_next(429, 2)
    message_id = new_message()
    assert send_message(message_id) == "pending"
    first_wait = row(message_id).next_attempt_at - utcnow()
    make_due(message_id)
    assert send_message(message_id) == "pending"
    second_wait = row(message_id).next_attempt_at - utcnow()
    assert second_wait > first_wait
    make_due(message_id)
    assert send_message(message_id) == "sent"
    assert notify.references() == [message_id]
    assert row(message_id).attempts == 3


def test_400_is_failed_and_never_retried(worker_context, notify):
    notify.fail_next(400)
    message_id = new_message()
    assert send_message(message_id) == "failed"
    failed = row(message_id)
    assert failed.status == "failed" and "400" in failed.last_error
    assert message_id not in messages_to_replay(timedelta(0))
    assert send_message(message_id) == "skipped"
    assert notify.sent == []


def test_403_is_failed(worker_context, notify):
    notify.fail_next(403)
    message_id = new_message()
    assert send_message(message_id) == "failed"


def test_a_timeout_is_looked_up_before_resending(worker_context, notify):
    notify.fail_next("timeout")
    message_id = new_message()
    assert send_message(message_id) == "pending"
    assert len(notify.sent) == 1  # Notify did accept it; we could not know
    make_due(message_id)
    assert send_message(message_id) == "sent"
    assert notify.references() == [message_id]
    assert row(message_id).notify_id == notify.sent[0]["id"]


def test_backoff_retries_for_more_than_four_hours_then_gives_up(worker_context, notify):
    from workers.notifications import BACKOFF

    assert sum(BACKOFF) >= 4 * 3600
    notify.fail_next(500, len(BACKOFF) + 1)
    message_id = new_message()
    for _ in BACKOFF:
        assert send_message(message_id) == "pending"
        make_due(message_id)
    assert send_message(message_id) == "failed"
    assert "Gave up" in row(message_id).last_error


def test_the_sweeper_replays_rows_left_pending(worker_context, notify, redis_url):
    from redis import Redis
    from rq import Queue

    message_id = new_message()
    fresh_id = new_message()
    message = row(message_id)
    message.created_at = utcnow() - timedelta(minutes=3)
    db.session.commit()
    queue = Queue("notifications", connection=Redis.from_url(redis_url))
    queue.empty()
    assert sweep_outbox() == 1
    assert [job.args for job in queue.jobs] == [(message_id,)]
    assert fresh_id not in messages_to_replay()


def test_an_unknown_message_is_refused_when_written(worker_context):
    import pytest

    with pytest.raises(ValueError, match="unknown message"):
        add_message("email", "no_such_message", "parent@example.com", {})
    with pytest.raises(ValueError, match="needs personalisation"):
        add_message("email", "draft_resume_link", "parent@example.com", {"link": "x"})
    db.session.rollback()


def test_a_rolled_back_transaction_enqueues_nothing(worker_context, redis_url):
    from redis import Redis
    from rq import Queue

    queue = Queue("notifications", connection=Redis.from_url(redis_url))
    add_message("email", "draft_resume_link", "parent@example.com", PERSONALISATION)
    db.session.rollback()
    assert queue.count == 0
    new_message()
    assert queue.count == 1
