"""One database engine per app, one session per request (or per job), and the request's one commit.

Queries are built only in service.data, and data functions only ever flush. The boundary commits: a
request's after_request hook commits once when the response is not an error (below 400) and rolls
back otherwise, so nothing half-written survives a view that refuses, fails or raises; a worker job
or a CLI command commits explicitly when its unit of work is done. Work that must wait for the commit
(enqueueing a job, clearing a cached count) registers with `db.after_commit` and is dropped on rollback.

One exception, and only one: `db.commit_now()`, for counted attempts and security audit that must
survive a failed request (a security-code try, a staff lockout, a cross-council denial). No other
data function commits.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from flask import Flask, Response, current_app, g, has_request_context, request
from sqlalchemy import create_engine, event, exc
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import SessionTransaction
from sqlmodel import Session

AFTER_COMMIT_KEY = "after_commit_callbacks"
AT_COMMIT_KEY = "at_commit_writes"
PING_AFTER_IDLE_SECONDS = 10.0
BEGIN_AT_FIRST_WRITE = "begin_at_first_write"
IDLE = 0  # psycopg.pq.TransactionStatus.IDLE: no transaction open on the connection
READING_METHODS = frozenset({"GET", "HEAD"})
RUNS_ALONE = "runs_alone"  # an execution option: this write is the request's only one (Database.insert_at_commit)
# Anything that could write, lock or change the transaction's state. Matched on the statement's text, so
# a column or value that happens to spell one of them only costs a transaction, never a lost write.
_MAY_WRITE = re.compile(
    r"\b(INSERT|UPDATE|DELETE|MERGE|SHARE|INTO|LOCK|NEXTVAL|SETVAL|SET_CONFIG|PG_ADVISORY\w*|TXID\w*)\b",
    re.IGNORECASE,
)
_READ = re.compile(r"\s*(SELECT|WITH)\b", re.IGNORECASE)


def _ping_when_idle(engine: Engine) -> None:
    """Check a pooled connection before use only when it has sat idle (issue 18). pool_pre_ping would ask
    the server on every checkout, one round trip a request; a connection back in the pool seconds ago was
    alive then. One idle longer (after a quiet spell, a database restart or failover) is pinged, and a dead
    one is replaced before the request sees it, as pool_pre_ping would."""

    @event.listens_for(engine, "checkin")
    def _checked_in(dbapi_connection: Any, record: Any) -> None:
        record.info["checked_in_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        at = record.info.get("checked_in_at")
        if at is None or time.monotonic() - at < PING_AFTER_IDLE_SECONDS:
            return  # new (just connected) or recently used
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # any failure to answer: the pool drops it and connects afresh
            raise exc.DisconnectionError() from error
        if not alive:
            raise exc.DisconnectionError()


@lru_cache(maxsize=4096)
def _reads_only(statement: str) -> bool:
    """Whether a statement only reads: a SELECT (or a WITH query) that writes, locks and calls nothing that
    changes state. The compiled statements are the same few strings on every request, hence the cache."""
    return _READ.match(statement) is not None and _MAY_WRITE.search(statement) is None


def _begin_at_first_write(engine: Engine) -> None:
    """A page view's reads run without BEGIN and COMMIT (issue 18): two round trips of a request's five on
    the caseload. Under PostgreSQL's READ COMMITTED, which the service uses, every statement takes its own
    snapshot whether or not it is inside a transaction, and a plain SELECT takes no lock a transaction
    would hold, so a read alone in autocommit sees exactly what it would have seen in the transaction.

    So a GET or HEAD request's session (BEGIN_AT_FIRST_WRITE in its info) starts each transaction with the
    driver in autocommit, and the first statement that is not a plain read (a write, a FOR UPDATE, a
    SAVEPOINT, a SET LOCAL, a temporary table, a server-side cursor) turns autocommit off before it runs:
    that statement and everything after it is one transaction, committed or rolled back by the request as
    ever (db._end_request), so a page view that writes an audit event still writes all or nothing. The
    connection goes back to the pool with autocommit off."""
    from psycopg import ServerCursor  # a streamed read (a CSV of every case) declares a cursor: a transaction

    @event.listens_for(engine, "before_cursor_execute")
    def _before_execute(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
        if (
            conn.info.get(BEGIN_AT_FIRST_WRITE)
            and (many or isinstance(cursor, ServerCursor) or not _reads_only(statement))
            and not context.execution_options.get(RUNS_ALONE)
        ):
            conn.info[BEGIN_AT_FIRST_WRITE] = False
            conn.connection.dbapi_connection.autocommit = False

    @event.listens_for(engine, "checkin")
    def _checked_in(dbapi_connection: Any, record: Any) -> None:
        used = record.info.pop(BEGIN_AT_FIRST_WRITE, None) is not None
        if used and dbapi_connection is not None and dbapi_connection.autocommit:
            dbapi_connection.autocommit = False


class Database:
    def __init__(self) -> None:
        self._engines: dict[int, Engine] = {}

    def init_app(self, app: Flask) -> None:
        url = app.config["DATABASE_URL"]
        kwargs: dict[str, Any] = {"echo": app.config.get("SQL_ECHO", False)}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 15}
        else:
            kwargs["pool_size"] = 5
            kwargs["max_overflow"] = 5
        engine = create_engine(url, **kwargs)
        if url.startswith("sqlite"):
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            _ping_when_idle(engine)
            if engine.dialect.name == "postgresql":
                _begin_at_first_write(engine)
        replaced = self._engines.get(id(app))
        if replaced is not None:
            # The app that had this id is gone (ids are reused after garbage collection): close its pooled
            # connections now, rather than leaving them to be found open whenever the engine is collected.
            replaced.dispose()
        self._engines[id(app)] = engine
        app.extensions["database"] = self
        app.teardown_appcontext(self._remove_session)

    def commit_each_request(self, app: Flask) -> None:
        """Register the request's one commit. Call it after every other after_request hook that must see
        the commit done (Flask runs after_request hooks last-registered first): the in-process jobs of
        service.jobs run after this one, so they see the rows the request committed."""
        app.after_request(self._end_request)

    @property
    def engine(self) -> Engine:
        return self._engines[id(current_app._get_current_object())]  # type: ignore[attr-defined]

    @property
    def session(self) -> Session:
        """The session of the current request or job, created on first use."""
        if "db_session" not in g:
            g.db_session = Session(self.engine, expire_on_commit=False)
            if has_request_context() and request.method in READING_METHODS:
                g.db_session.info[BEGIN_AT_FIRST_WRITE] = True
        session: Session = g.db_session
        return session

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run `callback` once the current session commits (never if it rolls back)."""
        self.session.info.setdefault(AFTER_COMMIT_KEY, []).append(callback)

    def write_at_commit(self, write: Callable[[], None]) -> None:
        """Run `write` in the current transaction just before it commits (dropped if it rolls back): for a
        write that locks a row other requests share, such as an upsert on (case, member of staff). Written
        at once, the row stays locked while the page renders and every other request for it waits (issue
        18: 8 connections opening one case, 91 -> 178 requests a second); written at the commit, it is
        locked for the commit alone. What the request reads never depends on it."""
        self.session.info.setdefault(AT_COMMIT_KEY, []).append(write)

    def insert_at_commit(self, statement: Any) -> None:
        """Run an INSERT `statement` as the request commits (dropped if it rolls back), like write_at_commit.
        When it is all the request writes - a page view whose one write is its audit event - it runs alone
        in autocommit on PostgreSQL (see _begin_at_first_write): one statement is atomic by itself, so one
        round trip instead of BEGIN, INSERT and COMMIT (issue 18). Otherwise it joins the transaction."""
        self.session.info.setdefault(AT_COMMIT_KEY, []).append(statement)

    def commit_now(self) -> None:
        """Commit the current session at once, before the request ends: ONLY for counted attempts and
        security audit that must survive a failed request (issue 12 M2, L2, L9). A counted try must
        stand even when the request then fails or answers 4xx, and a denial's audit event must survive
        the 404 that the request's commit hook rolls back. Call it straight after the write, before
        anything else of the request is written, so it commits that write alone."""
        self.session.commit()

    def _end_request(self, response: Response) -> Response:
        session: Session | None = g.get("db_session")
        if session is None:
            return response
        if response.status_code < 400:
            session.commit()
        else:
            session.rollback()
        return response

    def _remove_session(self, exc: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            if exc is not None:
                session.rollback()
            session.close()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """Commit everything done inside, or nothing (for jobs and commands that commit more than once)."""
        session = self.session
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@event.listens_for(OrmSession, "before_commit")
def _write_at_commit(session: OrmSession) -> None:
    writes = session.info.pop(AT_COMMIT_KEY, [])
    if len(writes) == 1 and not callable(writes[0]) and _nothing_else_written(session):
        session.execute(writes[0].execution_options(**{RUNS_ALONE: True}))
        return
    for write in writes:
        if callable(write):
            write()
        else:
            session.execute(write)


def _nothing_else_written(session: OrmSession) -> bool:
    """Whether the session has written nothing yet and holds nothing to flush, on a connection still in
    autocommit (a reading request's, _begin_at_first_write)."""
    if not session.info.get(BEGIN_AT_FIRST_WRITE) or session.new or session.dirty or session.deleted:
        return False
    return bool(session.connection().info.get(BEGIN_AT_FIRST_WRITE))


@event.listens_for(OrmSession, "after_commit")
def _run_after_commit(session: OrmSession) -> None:
    for callback in session.info.pop(AFTER_COMMIT_KEY, []):
        callback()


@event.listens_for(OrmSession, "after_begin")
def _reads_in_autocommit(session: OrmSession, transaction: SessionTransaction, connection: Any) -> None:
    """See _begin_at_first_write: a reading request's transaction starts in autocommit, on PostgreSQL."""
    if not session.info.get(BEGIN_AT_FIRST_WRITE) or connection.dialect.name != "postgresql":
        return
    driver = connection.connection.dbapi_connection
    if driver is not None and not driver.autocommit and driver.info.transaction_status == IDLE:
        driver.autocommit = True
        connection.info[BEGIN_AT_FIRST_WRITE] = True


@event.listens_for(OrmSession, "after_soft_rollback")
def _forget_after_commit(session: OrmSession, previous_transaction: SessionTransaction) -> None:
    session.info.pop(AFTER_COMMIT_KEY, None)
    session.info.pop(AT_COMMIT_KEY, None)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


db = Database()
