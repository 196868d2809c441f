"""Issue 18: a pooled database connection is pinged only after sitting idle (service.db._ping_when_idle), and
a dead one is replaced before a request sees it, as pool_pre_ping did on every checkout."""

from __future__ import annotations

import sys

from sqlalchemy import create_engine, text

from service.db import db


def _pooled_backend_pid(app) -> int:
    with app.app_context(), db.engine.connect() as connection:
        return connection.execute(text("SELECT pg_backend_pid()")).scalar_one()


def test_a_connection_used_moments_ago_is_not_pinged(app, client):
    client.get("/")
    pings = []
    with app.app_context():
        dialect = db.engine.dialect
    original = dialect.do_ping
    dialect.do_ping = lambda connection: pings.append(1) or original(connection)
    try:
        assert client.get("/").status_code == 200
    finally:
        dialect.do_ping = original
    assert pings == []


def test_an_idle_connection_that_died_is_replaced_and_the_request_succeeds(app, client, migrated_database, monkeypatch):
    with app.app_context():
        engine = db.engine
    engine.dispose()  # one pooled connection from here: the one this test kills is the one the request gets
    client.get("/")
    pid = _pooled_backend_pid(app)
    killer = create_engine(migrated_database)
    with killer.connect() as connection:
        assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar_one()
    killer.dispose()
    monkeypatch.setattr(
        sys.modules["service.db"], "PING_AFTER_IDLE_SECONDS", 0.0
    )  # every pooled connection counts as idle
    assert client.get("/staff/sign-in").status_code == 200
    assert _pooled_backend_pid(app) != pid
