"""Background jobs: what they are (one constant per job) and how they are enqueued after the commit.

Each job is a `Job` constant naming its queue and the worker function that does it, so a caller
writes `enqueue_after_commit(SCAN_DOCUMENT, document.id)` and a mistyped job is an import error, not
a failure in a worker. The web app never imports the workers package: the worker module declares the
function behind each constant with `@SCAN_DOCUMENT.runs`, which checks the dotted path when the
worker imports, and `check_jobs()` (run by `python -m workers` at start) finds every job's function.

With REDIS_URL set, jobs go to RQ queues (notifications, documents, default) as soon as the commit
has finished. If Redis is down the enqueue is logged (job name and queue only) and dropped: the rows
it concerns are still pending in the database and the sweeper re-enqueues them, so a Redis outage
delays work and never loses it. Without REDIS_URL (make run) the same job functions run in-process
once the request (or app context) ends, after its commit.
"""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from flask import current_app, g, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
PENDING_KEY = "jobs_after_commit"
JOB_TIMEOUT = 300


class Queue(StrEnum):
    NOTIFICATIONS = "notifications"
    DOCUMENTS = "documents"
    DEFAULT = "default"


QUEUES = tuple(queue.value for queue in Queue)


@dataclass(frozen=True)
class Job:
    """One kind of background job: its queue and the dotted path of the worker function that runs it."""

    queue: Queue
    function: str
    # One id per argument (job_id): the sweeper skips work still waiting on its queue instead of stacking
    # copies behind a backlog. For jobs whose one argument names the work (an outbox row).
    unique: bool = False

    def runs(self, function: Callable) -> Callable:
        """Decorate the worker function that does this job; a path that does not name it fails at import."""
        path = f"{function.__module__}.{function.__qualname__}"
        if path != self.function:
            raise ImportError(f"job {self.function!r} is declared on {path!r}")
        return function

    def resolve(self) -> Callable:
        module, name = self.function.rsplit(".", 1)
        return getattr(importlib.import_module(module), name)


SEND_MESSAGE = Job(Queue.NOTIFICATIONS, "workers.notifications.send_message", unique=True)
SEND_FAMILY_SIGN_IN = Job(Queue.NOTIFICATIONS, "workers.sign_in.send_family_sign_in")
SCAN_DOCUMENT = Job(Queue.DOCUMENTS, "workers.documents.scan_document")
RENDER_PLAN_PDF = Job(Queue.DOCUMENTS, "workers.plan_pdf.render_plan_pdf")
RENDER_MEDIATION_CERTIFICATE = Job(Queue.DOCUMENTS, "workers.mediation_certificate.render_mediation_certificate")
BUILD_DATA_EXPORT = Job(Queue.DEFAULT, "workers.data_export.build_data_export")
REFRESH_FIGURES = Job(Queue.DEFAULT, "workers.figures.refresh_figures", unique=True)
JOBS = (
    SEND_MESSAGE,
    SEND_FAMILY_SIGN_IN,
    SCAN_DOCUMENT,
    RENDER_PLAN_PDF,
    RENDER_MEDIATION_CERTIFICATE,
    BUILD_DATA_EXPORT,
    REFRESH_FIGURES,
)


def check_jobs() -> None:
    """Every job has its function (the worker calls this at start, so a broken name stops it at once)."""
    for job in JOBS:
        job.resolve()


def enqueue_after_commit(job: Job, *args) -> None:
    """Enqueue `job(*args)` once the current db.session commits (never if it rolls back)."""
    from service.db import db

    if not isinstance(job, Job):
        raise TypeError(f"enqueue a Job constant from service.jobs, not {job!r}")
    db.session.info.setdefault(PENDING_KEY, []).append((job, args))


_connections: dict[str, object] = {}


def redis_connection(url: str):
    from redis import Redis

    if url not in _connections:
        _connections[url] = Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    return _connections[url]


def job_id(job: Job, *args) -> str | None:
    """The RQ job id of a unique `job(*args)` (None: RQ picks one): the same work always has the same id, so
    a sweeper can tell that it is still waiting on its queue, and never stacks a second copy behind it."""
    if not job.unique:
        return None
    given = "_".join(re.sub(r"[^A-Za-z0-9_-]", "-", str(a)) for a in args)  # RQ allows letters, digits, _ and -
    return f"{job.function.rsplit('.', 1)[1]}_{given}"


def is_queued(job: Job, *args) -> bool:
    """True if `job(*args)` is waiting on its queue: its id is in the queue's list. (Not its status: a worker
    killed between taking the id off the list and starting the job leaves "queued" on a job no queue holds.)"""
    url = current_app.config.get("REDIS_URL")
    known = job_id(job, *args)
    if not url or known is None:
        return False
    from redis.exceptions import RedisError

    try:
        return redis_connection(url).lpos(f"rq:queue:{job.queue.value}", known) is not None
    except RedisError:
        return False  # unreadable: enqueue it (the job itself does nothing twice)


def enqueue(job: Job, *args) -> bool:
    """Put a job on its queue now; False when Redis could not take it (the sweeper will replay it)."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        g.setdefault("jobs_in_process", []).append((job, args))
        return True
    from redis.exceptions import RedisError
    from rq import Queue as RQQueue

    # The request's id and trace context ride along, so the worker's log lines and span join the request's.
    from service.observability.jobs import job_meta

    try:
        RQQueue(job.queue.value, connection=redis_connection(url)).enqueue(
            job.function, *args, job_timeout=JOB_TIMEOUT, job_id=job_id(job, *args), meta=job_meta()
        )
        return True
    except RedisError as error:
        log.warning(
            "Could not enqueue %s on %s (%s); the sweeper will replay it",
            job.function,
            job.queue.value,
            type(error).__name__,
        )
        return False


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    jobs = session.info.pop(PENDING_KEY, [])
    if not jobs or not has_app_context():
        return
    for job, args in jobs:
        enqueue(job, *args)


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, previous_transaction) -> None:
    session.info.pop(PENDING_KEY, None)


def run_in_process_jobs() -> None:
    """Without Redis: run every job whose transaction has committed, in this process, one by one."""
    while g.get("jobs_in_process"):
        job, args = g.jobs_in_process.pop(0)
        try:
            job.resolve()(*args)
        except Exception:
            log.exception("In-process job %s failed; the sweeper will replay it", job.function)


def init_app(app) -> None:
    @app.after_request
    def _run_jobs_after_request(response):
        run_in_process_jobs()
        return response

    @app.teardown_appcontext
    def _run_jobs_at_teardown(exc):
        if exc is None and g.get("jobs_in_process"):
            run_in_process_jobs()
