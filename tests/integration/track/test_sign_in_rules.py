"""The sign-in rules: 128+ bit links, 10-minute life, 5 emails an hour, 2-hour idle and 12-hour
sessions rotated at sign-in and revoked at sign-out, the 429 page, and signed-out family routes."""

import json
import re
from datetime import timedelta

from sqlmodel import select

from service import create_app
from service.models import FamilySignInToken, WebSession
from tests.conftest import make_config
from tests.integration.staff.helpers import csrf_of, seed
from tests.integration.track.test_family import FAMILY, _ask, _message
from tests.pages import check_page


def _cookie(client, app):
    cookie = client.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    return cookie.value if cookie else None


def test_the_link_carries_at_least_128_random_bits_and_only_hashes_are_stored(client, app):
    seed(app)
    _ask(client)
    sent = _message(app)[-1]
    token = sent["link"].rsplit("/", 1)[1]
    assert len(token) >= 22  # base64url: 22 characters hold 128 bits; we send 256
    assert len(sent["code"]) == 6 and sent["code"].isdigit()
    from service.db import db

    with app.app_context():
        row = db.session.exec(select(FamilySignInToken)).one()
        assert token not in json.dumps(row.model_dump(mode="json")) and sent["code"] not in row.code_hash


def test_a_link_or_code_older_than_10_minutes_gets_the_expired_page_with_a_way_to_send_a_new_one(client, app):
    seed(app)
    _ask(client)
    sent = _message(app)[-1]
    from service.db import db

    with app.app_context():
        row = db.session.exec(select(FamilySignInToken)).one()
        row.expires_at = row.created_at + timedelta(minutes=10) - timedelta(hours=1)
        db.session.commit()
    page = check_page(client.get(sent["link"].split("localhost", 1)[1]), status=400)
    assert page.select_one("h1").get_text() == "This sign-in link has expired or has been used"
    assert page.select_one("a.govuk-button")["href"] == "/sign-in"
    token = csrf_of(client, "/sign-in/check-email")
    code_page = client.post("/sign-in/check-email", data={"csrf_token": token, "code": sent["code"]})
    assert check_page(code_page, status=400).select_one("h1").get_text() == "Your sign-in code has expired"
    assert client.get("/your-cases").status_code == 302


def test_at_most_5_emails_an_hour_go_to_one_address_and_the_page_does_not_change(client, app):
    seed(app)
    pages = [check_page(client.get(_ask(client).location)).select_one("main").get_text() for _ in range(7)]
    assert len(set(pages)) == 1
    assert len(_message(app)) == 5


def test_sign_in_rotates_the_session_with_family_lifetimes_and_sign_out_revokes_it(client, app):
    seed(app)
    _ask(client)
    before = _cookie(client, app)
    assert before  # the asking browser holds the nonce in its server-side session
    client.get(_message(app)[-1]["link"].split("localhost", 1)[1])
    after = _cookie(client, app)
    assert after and after != before
    from service.db import db
    from service.sessions import _hash

    with app.app_context():
        assert db.session.get(WebSession, _hash(before)) is None
        data = json.loads(db.session.get(WebSession, _hash(after)).data)
        assert data["_idle_seconds"] == 7200 and data["_absolute_seconds"] == 43200
        assert data["_principal"] == f"family:{FAMILY}"
    copy = app.test_client()
    copy.set_cookie(app.config.get("SESSION_COOKIE_NAME", "session"), after)
    assert copy.get("/your-cases").status_code == 200
    token = csrf_of(client, "/your-cases")
    assert client.post("/sign-out", data={"csrf_token": token}).status_code == 302
    assert copy.get("/your-cases").status_code == 302  # the copied cookie is dead on the server too
    with app.app_context():
        assert db.session.get(WebSession, _hash(after)) is None


def test_a_session_idle_for_over_2_hours_ends(client, app):
    seed(app)
    _ask(client)
    client.get(_message(app)[-1]["link"].split("localhost", 1)[1])
    from service.db import db
    from service.sessions import _hash

    with app.app_context():
        row = db.session.get(WebSession, _hash(_cookie(client, app)))
        row.last_seen_at = row.last_seen_at - timedelta(hours=2, minutes=1)
        db.session.commit()
    response = client.get("/your-cases")
    assert response.status_code == 302 and "/sign-in" in response.location


def test_signed_out_family_routes_send_you_to_sign_in(client, app):
    family_rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/your-")]
    assert family_rules
    for rule in family_rules:
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: "x" if m.group(1) == "document_id" else "1", rule.rule)
        response = client.get(path)
        assert response.status_code == 302 and "/sign-in" in response.location, rule.rule


def test_too_many_sign_in_requests_for_one_address_get_the_429_page(migrated_database, app):
    seed(app)
    limited = create_app(make_config(migrated_database, RATELIMIT_ENABLED=True))
    client = limited.test_client()
    statuses = [_ask(client, "someone@example.com").status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]
    page = check_page(_ask(client, "someone@example.com"), status=429)
    assert "try again in" in page.get_text()
