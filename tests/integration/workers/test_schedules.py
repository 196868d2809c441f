"""The shared Notify rate limiter and the scheduler's single-runner lock, on the real Redis."""

from __future__ import annotations

import time
from datetime import timedelta

from redis import Redis

from service.clients.notify import RateLimiter
from service.data.outbox import add_message
from service.db import db
from service.models import OutboxMessage, utcnow
from workers.schedules import Scheduler


def test_the_rate_limiter_holds_every_worker_to_the_per_second_share(redis_url):
    redis = Redis.from_url(redis_url)
    limiters = [RateLimiter(redis, per_minute=600, key="test:rate") for _ in range(2)]  # 10 a second in all
    start = time.time()
    stamps = []
    for i in range(35):
        limiters[i % 2].acquire()
        stamps.append(time.time())
    per_second: dict[int, int] = {}
    for stamp in stamps:
        per_second[int(stamp)] = per_second.get(int(stamp), 0) + 1
    assert max(per_second.values()) <= 10
    assert time.time() - start >= 2


def test_only_one_scheduler_runs_each_tick_and_it_replays_old_pending_rows(worker_context, redis_url):
    from rq import Queue

    redis = Redis.from_url(redis_url)
    message = add_message("email", "draft_resume_link", "parent@example.com", {"link": "l", "expires": "e"})
    db.session.commit()
    row = db.session.get(OutboxMessage, message.id)
    row.created_at = utcnow() - timedelta(minutes=5)
    db.session.commit()
    queue = Queue("notifications", connection=redis)
    queue.empty()
    first, second = Scheduler(worker_context, redis, 60), Scheduler(worker_context, redis, 60)
    first.tick()
    second.tick()
    assert [job.args for job in queue.jobs] == [(message.id,)]
