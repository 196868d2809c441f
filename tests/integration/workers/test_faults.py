"""Fault tests with real Redis, real `python -m workers` processes and the fake Notify.

The submissions here are outbox rows written through service.data (add_message + commit, one
transaction each), not web requests. The Redis outage is scaled down to 10 seconds to keep the
suite short; the sweeper is called by the test instead of waiting for its 2-minute threshold.
"""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import func
from sqlmodel import select

from service.data.outbox import add_message
from service.db import db
from service.models import OutboxMessage, utcnow
from tests.integration.workers.conftest import wait_until
from workers.schedules import sweep_outbox

PERSONALISATION = {"link": "https://example.test/resume/abc", "expires": "1 January 2027"}


def submit() -> str:
    message = add_message("email", "draft_resume_link", "parent@example.com", PERSONALISATION)
    db.session.commit()  # must not raise, whatever state Redis is in
    return message.id


def sent_count() -> int:
    db.session.expire_all()
    query = select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == "sent")
    return db.session.exec(query).one()


def test_a_redis_outage_delays_messages_and_loses_none(worker_context, notify, redis_server, start_worker):
    from redis import Redis
    from rq import Worker

    start_worker()
    start_worker()
    wait_until(lambda: Worker.count(connection=Redis.from_url(redis_server.url)) == 2, timeout=30)
    ids = [submit() for _ in range(400)]
    redis_server.stop()
    started = time.monotonic()
    for _ in range(300):
        ids.append(submit())  # every submission succeeds while Redis is down
        time.sleep(0.03)
    time.sleep(max(0.0, 10 - (time.monotonic() - started)))
    redis_server.start()
    ids += [submit() for _ in range(300)]

    # Redis lost the jobs queued before the outage (it keeps nothing on disk here) and never got
    # those written during it: the sweeper, every minute in production, replays them from the outbox.
    def all_sent() -> bool:
        sweep_outbox(older_than=timedelta(0))
        return sent_count() == 1000

    wait_until(all_sent, timeout=90, interval=3)
    time.sleep(1)  # anything duplicated would arrive now
    references = notify.references()
    assert len(references) == 1000
    assert set(references) == set(ids)  # every submission sent, none twice


def test_a_worker_killed_mid_send_loses_nothing_and_sends_once(worker_context, notify, start_worker):
    notify.delay = 2.0
    worker = start_worker()
    message_id = submit()
    wait_until(lambda: notify.requests, timeout=20)
    worker.kill()  # SIGKILL while the send is in flight
    time.sleep(2.5)
    db.session.expire_all()
    message = db.session.get(OutboxMessage, message_id)
    assert message.status == "sending"
    notify.delay = 0
    # The sweeper takes over a "sending" row after 2 minutes; here we age it instead of waiting.
    message.updated_at = utcnow() - timedelta(minutes=3)
    db.session.commit()
    start_worker()
    assert sweep_outbox() == 1
    wait_until(lambda: sent_count() == 1, timeout=30)
    assert notify.references() == [message_id]


def test_a_worker_stops_gracefully_on_sigterm(start_worker, redis_url):
    from redis import Redis
    from rq import Worker

    worker = start_worker()
    # Wait until the worker has registered with Redis (its signal handlers are installed by then)
    # rather than a fixed sleep, which a busy machine can outrun.
    connection = Redis.from_url(redis_url)
    wait_until(lambda: any(w.pid == worker.process.pid for w in Worker.all(connection=connection)), timeout=60)
    time.sleep(0.5)
    assert worker.stop() == 0
