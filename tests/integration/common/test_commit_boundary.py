"""One commit per request: data functions flush; the request commits when its response is not an error,
and rolls back otherwise (an error page, a refused form, an exception), running db.after_commit work only
after a commit."""

from __future__ import annotations

import pytest
from flask import abort
from sqlmodel import select

from service import create_app
from service.auth.access import public
from service.data import audit
from service.db import db
from service.models import AuditEvent
from tests.conftest import make_config


@pytest.fixture(scope="module")
def boundary_app(migrated_database: str):
    app = create_app(make_config(migrated_database))
    app.config["PROPAGATE_EXCEPTIONS"] = False
    app.extensions["after_commit_ran"] = []

    def write(action: str) -> None:
        audit.record(None, None, action)
        db.after_commit(lambda: app.extensions["after_commit_ran"].append(action))

    @app.get("/test-boundary/at-commit/<status>")
    @public
    def at_commit(status: str):
        db.write_at_commit(lambda: audit.record(None, None, "test.at_commit"))
        audit.record(None, None, "test.in_view")  # written later in the view, committed first
        if status == "404":
            abort(404)
        return "done", int(status)

    @app.get("/test-boundary/<status>")
    @public
    def boundary(status: str):
        write(f"test.{status}")
        if status == "raises":
            raise RuntimeError("the view failed after writing")
        if status == "404":
            abort(404)
        return "done", int(status)

    return app


def _actions(app) -> list[str]:
    with app.app_context():
        return [e.action for e in db.session.exec(select(AuditEvent).order_by(AuditEvent.id))]


@pytest.mark.parametrize("status", ["200", "302"])
def test_a_response_that_is_not_an_error_commits_and_then_runs_the_after_commit_work(boundary_app, status):
    boundary_app.extensions["after_commit_ran"].clear()
    response = boundary_app.test_client().get(f"/test-boundary/{status}")
    assert response.status_code == int(status)
    assert _actions(boundary_app) == [f"test.{status}"]
    assert boundary_app.extensions["after_commit_ran"] == [f"test.{status}"]


@pytest.mark.parametrize("status, code", [("400", 400), ("409", 409), ("404", 404), ("raises", 500)])
def test_an_error_response_or_an_exception_rolls_back_everything_the_request_wrote(boundary_app, status, code):
    boundary_app.extensions["after_commit_ran"].clear()
    response = boundary_app.test_client().get(f"/test-boundary/{status}")
    assert response.status_code == code
    assert _actions(boundary_app) == []
    assert boundary_app.extensions["after_commit_ran"] == []


def test_a_write_at_commit_is_made_just_before_the_commit_after_everything_the_view_wrote(boundary_app):
    response = boundary_app.test_client().get("/test-boundary/at-commit/200")
    assert response.status_code == 200
    assert _actions(boundary_app)[-2:] == ["test.in_view", "test.at_commit"]


def test_a_write_at_commit_is_dropped_with_the_rest_when_the_request_rolls_back(boundary_app):
    before = _actions(boundary_app)
    response = boundary_app.test_client().get("/test-boundary/at-commit/404")
    assert response.status_code == 404
    assert _actions(boundary_app) == before
    with boundary_app.app_context():  # and it does not linger to be written by the next commit
        audit.record(None, None, "test.next")
        db.session.commit()
    assert _actions(boundary_app)[len(before) :] == ["test.next"]
