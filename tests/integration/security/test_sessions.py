"""Server-side sessions: the cookie is an opaque random id; data, expiry and revocation live on the server."""

from datetime import timedelta

import pytest
from flask import Blueprint, session

from service import create_app
from service.auth.access import public
from service.data.sessions import session_row
from service.db import db
from service.sessions import revoke_sessions_of
from tests.conftest import make_config


@pytest.fixture(scope="module")
def session_app(migrated_database):
    app = create_app(make_config(migrated_database))
    bp = Blueprint("session_probe", __name__)

    @bp.get("/probe/set/<value>")
    @public
    def set_value(value):
        session["value"] = value
        session["_principal"] = "family:1"
        return "ok"

    @bp.get("/probe/rotate")
    @public
    def rotate():
        session.rotate()
        return "ok"

    @bp.get("/probe/get")
    @public
    def get_value():
        return session.get("value", "none")

    @bp.get("/probe/sign-out")
    @public
    def sign_out():
        session.destroy()
        return "ok"

    app.register_blueprint(bp)
    return app


def _cookie(client):
    cookie = client.get_cookie("ehcp_session")
    return cookie.value if cookie else None


def test_the_cookie_holds_only_a_random_id_and_the_data_stays_on_the_server(session_app):
    client = session_app.test_client()
    client.get("/probe/set/special-category-detail")
    sid = _cookie(client)
    assert sid and "special" not in sid and len(sid) >= 43
    assert client.get("/probe/get").get_data(as_text=True) == "special-category-detail"
    cookie = client.get_cookie("ehcp_session")
    assert cookie.http_only and cookie.same_site == "Lax"


def test_rotation_gives_a_new_id_and_the_old_id_stops_working(session_app):
    client = session_app.test_client()
    client.get("/probe/set/kept")
    old = _cookie(client)
    client.get("/probe/rotate")
    new = _cookie(client)
    assert new != old
    assert client.get("/probe/get").get_data(as_text=True) == "kept"
    attacker = session_app.test_client()
    attacker.set_cookie("ehcp_session", old)
    assert attacker.get("/probe/get").get_data(as_text=True) == "none"


def test_sign_out_revokes_the_session_on_the_server(session_app):
    client = session_app.test_client()
    client.get("/probe/set/x")
    sid = _cookie(client)
    client.get("/probe/sign-out")
    replay = session_app.test_client()
    replay.set_cookie("ehcp_session", sid)
    assert replay.get("/probe/get").get_data(as_text=True) == "none"


def test_an_idle_session_expires(session_app):
    client = session_app.test_client()
    client.get("/probe/set/x")
    sid = _cookie(client)
    with session_app.app_context():
        row = session_row(sid)
        row.last_seen_at = row.last_seen_at - timedelta(hours=3)
        db.session.commit()
    assert client.get("/probe/get").get_data(as_text=True) == "none"


def test_revoking_every_session_of_a_person(session_app):
    first, second = session_app.test_client(), session_app.test_client()
    first.get("/probe/set/a")
    second.get("/probe/set/b")
    with session_app.app_context():
        assert revoke_sessions_of("family:1") == 2
        db.session.commit()  # outside a request, the caller commits (data functions only flush)
    assert first.get("/probe/get").get_data(as_text=True) == "none"
    assert second.get("/probe/get").get_data(as_text=True) == "none"
