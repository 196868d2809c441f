"""Enqueue jobs only after the database transaction that made their work commits.

With REDIS_URL set, jobs go to RQ queues (notifications, documents, default) as soon as the commit
has finished. If Redis is down the enqueue is logged (job name and queue only) and dropped: the rows
it concerns are still pending in the database and the sweeper re-enqueues them, so a Redis outage
delays work and never loses it. Without REDIS_URL (make run) the same job functions run in-process
once the request (or app context) ends, after its commit.
"""

from __future__ import annotations

import importlib
import logging

from flask import current_app, g, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
PENDING_KEY = "jobs_after_commit"
QUEUES = ("notifications", "documents", "default")
JOB_TIMEOUT = 300


def enqueue_after_commit(queue: str, function: str, *args) -> None:
    """Enqueue `function(*args)` on `queue` once the current db.session commits (never if it rolls back)."""
    from service.db import db

    if queue not in QUEUES:
        raise ValueError(f"unknown queue {queue!r}")
    db.session.info.setdefault(PENDING_KEY, []).append((queue, function, args))


def run_job(function: str, *args):
    module, name = function.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)(*args)


_connections: dict[str, object] = {}


def redis_connection(url: str):
    from redis import Redis

    if url not in _connections:
        _connections[url] = Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    return _connections[url]


def enqueue(queue: str, function: str, *args) -> bool:
    """Put a job on its queue now; False when Redis could not take it (the sweeper will replay it)."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        g.setdefault("jobs_in_process", []).append((function, args))
        return True
    from redis.exceptions import RedisError
    from rq import Queue

    try:
        Queue(queue, connection=redis_connection(url)).enqueue(function, *args, job_timeout=JOB_TIMEOUT)
        return True
    except RedisError as error:
        log.warning(
            "Could not enqueue %s on %s (%s); the sweeper will replay it", function, queue, type(error).__name__
        )
        return False


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    jobs = session.info.pop(PENDING_KEY, [])
    if not jobs or not has_app_context():
        return
    for queue, function, args in jobs:
        enqueue(queue, function, *args)


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, previous_transaction) -> None:
    session.info.pop(PENDING_KEY, None)


def run_in_process_jobs() -> None:
    """Without Redis: run every job whose transaction has committed, in this process, one by one."""
    while g.get("jobs_in_process"):
        function, args = g.jobs_in_process.pop(0)
        try:
            run_job(function, *args)
        except Exception:
            log.exception("In-process job %s failed; the sweeper will replay it", function)


def init_app(app) -> None:
    @app.after_request
    def _run_jobs_after_request(response):
        run_in_process_jobs()
        return response

    @app.teardown_appcontext
    def _run_jobs_at_teardown(exc):
        if exc is None and g.get("jobs_in_process"):
            run_in_process_jobs()
