"""Scheduled work, run by `python -m workers` (one scheduler at a time, through a Redis lock).

Every minute: the outbox sweeper (re-enqueue rows still pending after 2 minutes, stale "sending"
rows, and retries that are due), the document sweeper (files still waiting to be checked) and the
sign-in sweeper (family sign-in emails not yet issued after 30 seconds, while their link would work),
the plan PDF sweeper (issued plan versions still without their PDF after 5 minutes), the data export
sweeper (families' "download your data" files still pending after 5 minutes) and their expiry (each file
deleted 24 hours after it was ready), and the purge of expired sessions and spent security-code challenges.
Every 5 minutes: enqueue a refresh of the dashboard's figures for each council whose cases changed since
its last refresh (max Case.updated_at, one GROUP BY). Every day: remind families before a saved request
expires, and delete expired drafts with their uploads; check the status of letters Notify may still
change; refresh every council's figures (catching changes that do not touch the case row, and the
passing of time: overdue reviews, the month's snapshot).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from datetime import timedelta

from service.data.jobs import documents_to_replay, messages_to_replay
from service.db import db
from service.jobs import (
    BUILD_DATA_EXPORT,
    REFRESH_FIGURES,
    RENDER_MEDIATION_CERTIFICATE,
    RENDER_PLAN_PDF,
    SCAN_DOCUMENT,
    SEND_FAMILY_SIGN_IN,
    SEND_MESSAGE,
    enqueue,
    is_queued,
)
from service.models import utcnow

log = logging.getLogger(__name__)


def sweep_outbox(older_than: timedelta | None = None) -> int:
    ids = messages_to_replay(older_than)
    done = 0
    for message_id in ids:
        if is_queued(SEND_MESSAGE, message_id):
            continue  # a backlog, not a lost job: its job is still waiting on the queue
        if not enqueue(SEND_MESSAGE, message_id):
            break  # Redis is down: the next sweep tries again
        done += 1
    if done:
        log.info("Outbox sweeper re-enqueued %s messages", done)
    return done


def sweep_documents(older_than: timedelta | None = None) -> int:
    done = 0
    for document_id in documents_to_replay(older_than):
        if not enqueue(SCAN_DOCUMENT, document_id):
            break
        done += 1
    return done


def sweep_sign_ins(older_than: timedelta = timedelta(seconds=30)) -> int:
    """Sign-in emails whose job was lost: they matter only for 10 minutes, so the wait is short."""
    from service.data.family import sign_ins_to_replay

    done = 0
    for token_id in sign_ins_to_replay(older_than):
        if not enqueue(SEND_FAMILY_SIGN_IN, token_id):
            break
        done += 1
    return done


PLAN_PDF_STALE_AFTER = timedelta(minutes=5)  # a PDF takes seconds; a queue backlog can take minutes


def sweep_plan_pdfs(older_than: timedelta = PLAN_PDF_STALE_AFTER) -> int:
    """Issued plan versions whose PDF job was lost or failed (storage was down): enqueue them again. The
    job does nothing for a version that has its PDF by the time it runs."""
    from service.data.plans import versions_without_pdf

    done = 0
    for version_id in versions_without_pdf(older_than):
        if not enqueue(RENDER_PLAN_PDF, version_id):
            break
        done += 1
    if done:
        log.info("Plan PDF sweeper re-enqueued %s versions", done)
    return done


def sweep_mediation_certificates() -> int:
    """Certificates issued whose PDF job was lost or failed (storage was down): enqueue them again. The job
    does nothing for a certificate that has its PDF by the time it runs."""
    from service.data.mediation import certificates_without_pdf

    done = 0
    for disagreement_id in certificates_without_pdf():
        if not enqueue(RENDER_MEDIATION_CERTIFICATE, disagreement_id):
            break
        done += 1
    if done:
        log.info("Mediation certificate sweeper re-enqueued %s", done)
    return done


DATA_EXPORT_STALE_AFTER = timedelta(minutes=5)


def sweep_data_exports(older_than: timedelta = DATA_EXPORT_STALE_AFTER) -> int:
    """Families' "download your data" files still pending (Redis was down when they asked, a worker died,
    storage failed): enqueue them again. The job does nothing for an export that is no longer pending."""
    from service.data.data_export import exports_to_replay

    done = 0
    for export_id in exports_to_replay(older_than):
        if not enqueue(BUILD_DATA_EXPORT, export_id):
            break
        done += 1
    if done:
        log.info("Data export sweeper re-enqueued %s", done)
    return done


def expire_data_exports() -> int:
    """Delete each "download your data" file 24 hours after it was ready, and mark its export expired. A
    file storage will not delete now stays ready (and is refused for download): the next run tries again."""
    from service.clients.storage import StorageUnavailable, storage
    from service.data.data_export import exports_to_expire, mark_expired

    expired = 0
    for export in exports_to_expire(utcnow()):
        try:
            storage().delete(export.object_key)
        except StorageUnavailable:
            log.warning("Data export %s: storage unavailable; the file is deleted on the next run", export.id)
            break
        mark_expired(export)
        db.session.commit()
        expired += 1
    return expired


def draft_reminders_and_expiry() -> tuple[int, int]:
    """Remind families 7 days before a saved request is deleted; delete expired drafts and their uploads.

    Returns (families reminded, uploads deleted)."""
    from service.clients.storage import storage
    from service.data import requests as drafts

    now = utcnow()
    reminded = 0
    for draft in drafts.drafts_due_reminder(now):
        drafts.send_expiry_reminder(draft, now)
        reminded += 1
    keys = drafts.delete_expired_drafts(now)
    db.session.commit()  # the reminders and the deletions; the files go only once their rows have
    for key in keys:
        storage().delete(key)  # abandoned uploads go with their draft
    return reminded, len(keys)


def purge_expired_sessions() -> int:
    """Delete server-side sessions past their idle or absolute lifetime, and spent security-code
    challenges (issue 12 L1): nobody can use them again, and they must not pile up."""
    from service.data.challenges import delete_expired_challenges
    from service.data.sessions import delete_expired_sessions
    from service.sessions import DEFAULT_ABSOLUTE, DEFAULT_IDLE

    now = utcnow()
    delete_expired_challenges(now)
    deleted = delete_expired_sessions(now, DEFAULT_IDLE, DEFAULT_ABSOLUTE)
    db.session.commit()
    return deleted


FIGURES_EVERY_MINUTES = 5


def changed_figures(now=None) -> int:
    """Every 5 minutes: a refresh job for each council whose cases changed since its figures were made."""
    from service.data.figures import stale_councils

    now = now or utcnow()
    if now.minute % FIGURES_EVERY_MINUTES:
        return 0
    councils = stale_councils()
    for la_id in councils:
        enqueue(REFRESH_FIGURES, la_id)
    return len(councils)


def all_figures() -> int:
    """Daily: every council's figures, whether or not its cases changed."""
    from sqlmodel import select

    from service.models import LocalAuthority

    councils = list(db.session.exec(select(LocalAuthority.id)))
    for la_id in councils:
        enqueue(REFRESH_FIGURES, la_id, True)
    return len(councils)


EVERY_MINUTE = (
    sweep_outbox,
    sweep_documents,
    sweep_sign_ins,
    sweep_plan_pdfs,
    sweep_mediation_certificates,
    sweep_data_exports,
    expire_data_exports,
    purge_expired_sessions,
    changed_figures,
)


def staff_and_family_reminders() -> tuple[int, int]:
    """Caseworkers' daily due/overdue email, and families' reminder before a draft's comment window closes."""
    from service.data.reminders import caseworker_reminders, draft_window_reminders
    from service.domain.clock import london_date

    today = london_date(utcnow())
    sent = caseworker_reminders(today), draft_window_reminders(today)
    db.session.commit()
    return sent


def advice_reminders() -> tuple[int, int]:
    """Organisations asked for advice: 7 days before it is due, and the day after it passes unanswered."""
    from service.data.advice_reminders import advice_reminders as remind
    from service.domain.clock import london_date

    sent = remind(london_date(utcnow()))
    db.session.commit()
    return sent


def letter_statuses() -> int:
    from workers.notifications import check_letter_statuses

    return check_letter_statuses()


EVERY_DAY = (draft_reminders_and_expiry, staff_and_family_reminders, advice_reminders, letter_statuses, all_figures)


RUNNING_LOCK_SECONDS = 600  # a tick that takes longer than this is presumed dead; the next may start
RUNS_KEY, LAST_RUN_KEY = "scheduler:runs", "scheduler:last_run_at"  # how many ticks ran, and when the last began


class Scheduler(threading.Thread):
    """A cron-like loop in the worker process. Every process may run one; Redis makes them take turns:

    - a tick runs only if no scheduler began one in the last `interval` seconds (a key set with NX that
      expires just before the interval ends), so N schedulers run the jobs once an interval, not N times;
    - and only if no tick is still running (a lock, released when the tick ends), so a slow tick never
      overlaps the next one on another process.

    Each tick that runs counts itself in scheduler:runs and stamps scheduler:last_run_at (an operator's
    check that some scheduler is alive)."""

    def __init__(self, app, redis, interval: float = 60.0) -> None:
        super().__init__(name="scheduler", daemon=True)
        self.app, self.redis, self.interval = app, redis, interval
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            self.tick()
            self.stopping.wait(self.interval)

    def tick(self) -> bool:
        """Run the due jobs if it is this process's turn; True if it ran them."""
        from redis.exceptions import RedisError

        lock = None
        try:
            turn_ms = max(100, int(self.interval * 1000) - 100)
            if not self.redis.set("scheduler:minute", "1", nx=True, px=turn_ms):
                return False
            lock = self.redis.lock("scheduler:running", timeout=RUNNING_LOCK_SECONDS, blocking=False)
            if not lock.acquire(blocking=False):
                return False  # another process's tick is still running
            daily = self.redis.set(f"scheduler:day:{utcnow().date()}", "1", nx=True, ex=2 * 86400)
            self.redis.incr(RUNS_KEY)
            self.redis.set(LAST_RUN_KEY, utcnow().isoformat())
        except RedisError:
            lock = None
            daily = False  # sweeping still helps once Redis is back; the enqueues log their own failures
        try:
            with self.app.app_context():
                for job in EVERY_MINUTE + (EVERY_DAY if daily else ()):
                    try:
                        job()
                    except Exception:
                        log.exception("Scheduled job %s failed", job.__name__)
        finally:
            if lock is not None:
                with contextlib.suppress(RedisError):  # it expires by itself (LockNotOwnedError is one too)
                    lock.release()
        return True
