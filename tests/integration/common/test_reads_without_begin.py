"""Issue 18: a page view's reads run in autocommit, without BEGIN and COMMIT, and the first statement that
could write opens the transaction the request then commits or rolls back as ever (service.db). A page view's
one write at commit (its audit event) runs alone, in autocommit."""

from __future__ import annotations

import pytest
from flask import abort
from sqlmodel import select

from service import create_app
from service.auth.access import public
from service.data import audit
from service.db import _reads_only, db
from service.models import AuditEvent, LocalAuthority
from tests.conftest import make_config

IDLE, INTRANS = 0, 2  # psycopg.pq.TransactionStatus


def _status() -> int:
    return int(db.session.connection().connection.dbapi_connection.info.transaction_status)


@pytest.fixture(scope="module")
def reads_app(migrated_database: str):
    app = create_app(make_config(migrated_database))
    app.config["PROPAGATE_EXCEPTIONS"] = False
    seen: dict[str, list[int]] = {}
    app.extensions["statuses"] = seen

    def read() -> None:
        db.session.exec(select(LocalAuthority.id).limit(1)).first()

    @app.route("/test-reads/<what>", methods=["GET", "POST"])
    @public
    def reads(what: str):
        statuses = seen.setdefault(what, [])
        read()
        statuses.append(_status())
        if what == "write":
            audit.record(None, None, "test.after_read")
            db.session.flush()
            statuses.append(_status())
        if what == "write-then-404":
            audit.record(None, None, "test.rolled_back")
            abort(404)
        if what == "lock":
            db.session.exec(select(LocalAuthority).limit(1).with_for_update()).first()
            statuses.append(_status())
        if what.startswith("audit"):
            audit.record_read(None, None, f"test.{what}", None, "")  # type: ignore[arg-type]
            if what == "audit-and-write":
                audit.record(None, None, "test.other_write")
            if what == "audit-then-404":
                abort(404)
        if what == "savepoint":
            with db.session.begin_nested():
                audit.record(None, None, "test.in_savepoint")
            statuses.append(_status())
        read()
        statuses.append(_status())
        return "done"

    return app


def _actions(app) -> list[str]:
    with app.app_context():
        return [e.action for e in db.session.exec(select(AuditEvent).order_by(AuditEvent.id))]


def test_a_page_view_that_only_reads_opens_no_transaction(reads_app):
    assert reads_app.test_client().get("/test-reads/read").status_code == 200
    assert reads_app.extensions["statuses"]["read"][-2:] == [IDLE, IDLE]


def test_the_same_reads_in_a_post_run_in_a_transaction(reads_app):
    client = reads_app.test_client()
    reads_app.config["WTF_CSRF_ENABLED"] = False
    try:
        assert client.post("/test-reads/post").status_code == 200
    finally:
        reads_app.config["WTF_CSRF_ENABLED"] = True
    assert reads_app.extensions["statuses"]["post"][-2:] == [INTRANS, INTRANS]


def test_the_first_write_of_a_page_view_opens_the_transaction_that_the_request_commits(reads_app):
    assert reads_app.test_client().get("/test-reads/write").status_code == 200
    assert reads_app.extensions["statuses"]["write"][-3:] == [IDLE, INTRANS, INTRANS]
    assert "test.after_read" in _actions(reads_app)


def test_a_write_after_reads_is_rolled_back_with_the_request_that_fails(reads_app):
    assert reads_app.test_client().get("/test-reads/write-then-404").status_code == 404
    assert "test.rolled_back" not in _actions(reads_app)


@pytest.mark.parametrize("what", ["lock", "savepoint"])
def test_a_lock_or_a_savepoint_in_a_page_view_is_taken_in_a_transaction(reads_app, what):
    assert reads_app.test_client().get(f"/test-reads/{what}").status_code == 200
    assert reads_app.extensions["statuses"][what][-2:] == [INTRANS, INTRANS]
    if what == "savepoint":
        assert "test.in_savepoint" in _actions(reads_app)


def _insert_statuses(app, path: str) -> list[int]:
    """The connection's transaction status just after each INSERT the request sends."""
    from sqlalchemy import event

    with app.app_context():
        engine = db.engine
    seen: list[int] = []

    def after(conn, cursor, statement, *_args):
        if statement.lstrip().startswith("INSERT"):
            seen.append(int(conn.connection.dbapi_connection.info.transaction_status))

    event.listen(engine, "after_cursor_execute", after)
    try:
        app.test_client().get(path)
    finally:
        event.remove(engine, "after_cursor_execute", after)
    return seen


def test_a_page_views_one_write_at_commit_runs_alone_in_autocommit(reads_app):
    assert _insert_statuses(reads_app, "/test-reads/audit") == [IDLE]  # committed by itself: no BEGIN, COMMIT
    assert "test.audit" in _actions(reads_app)


def test_beside_another_write_it_joins_the_transaction(reads_app):
    assert _insert_statuses(reads_app, "/test-reads/audit-and-write") == [INTRANS, INTRANS]
    assert {"test.audit-and-write", "test.other_write"} <= set(_actions(reads_app))


def test_it_is_not_written_when_the_request_fails(reads_app):
    assert _insert_statuses(reads_app, "/test-reads/audit-then-404") == []
    assert "test.audit-then-404" not in _actions(reads_app)


def test_a_connection_goes_back_to_the_pool_out_of_autocommit(reads_app):
    client = reads_app.test_client()
    for _ in range(3):
        assert client.get("/test-reads/read").status_code == 200
    engine = None
    with reads_app.app_context():
        engine = db.engine
    pooled = [engine.raw_connection() for _ in range(engine.pool.checkedin())]
    try:
        assert pooled and all(not c.dbapi_connection.autocommit for c in pooled)
    finally:
        for connection in pooled:
            connection.close()


@pytest.mark.parametrize(
    "statement, reads",
    [
        ("SELECT web_session.data FROM web_session WHERE web_session.id_hash = %(id_hash)s", True),
        ("\n  WITH found AS (SELECT id FROM ehc_case) SELECT count(*) FROM found", True),
        ("SELECT ehc_case.updated_at, ehc_case.last_update_by FROM ehc_case", True),
        ("SELECT ehc_case.id FROM ehc_case WHERE ehc_case.id = %(id)s FOR UPDATE", False),
        ("SELECT ehc_case.id FROM ehc_case FOR NO KEY UPDATE SKIP LOCKED", False),
        ("SELECT id FROM setting FOR KEY SHARE", False),
        ("SELECT nextval('ehc_case_id_seq')", False),
        ("SELECT pg_advisory_xact_lock(1)", False),
        ("SELECT set_config('work_mem', '64MB', true)", False),
        ("SELECT * INTO copied FROM ehc_case", False),
        ("WITH gone AS (DELETE FROM web_session RETURNING id_hash) SELECT count(*) FROM gone", False),
        ("INSERT INTO audit_event (action) VALUES (%(action)s)", False),
        ("SAVEPOINT sa_savepoint_1", False),
        ("SET LOCAL work_mem = '64MB'", False),
        ("CREATE TEMPORARY TABLE facts AS SELECT 1", False),
    ],
)
def test_only_a_plain_read_is_run_outside_a_transaction(statement, reads):
    assert _reads_only(statement) is reads
