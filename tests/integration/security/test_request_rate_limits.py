"""Issue 12 M3: the anonymous request journey is rate limited per client address and per recipient."""

import pytest
from sqlmodel import func, select

from service import create_app
from service.db import db
from service.models import Case, OutboxMessage
from tests.conftest import make_config
from tests.integration.request_assessment.journey import answer_everything, csrf, post
from tests.pages import check_page

TARGET = "someone.else@example.org"


@pytest.fixture
def limited_app(migrated_database):
    return create_app(make_config(migrated_database, RATELIMIT_ENABLED=True))


def _client_from(app, ip: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = ip
    return client


def _count(app, query) -> int:
    with app.app_context():
        return db.session.exec(query).one()


def _resume_links_to(app, email: str) -> int:
    return _count(
        app,
        select(func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.template == "draft_resume_link", OutboxMessage.recipient == email),
    )


def _save(client, email: str):
    client.get("/request")
    page = check_page(client.get("/request/save"))
    return client.post("/request/save", data={"email": email, "csrf_token": csrf(page)})


def test_m3_save_your_answers_cannot_flood_an_address_from_one_client(limited_app):
    client = _client_from(limited_app, "192.0.2.1")
    statuses = [_save(client, TARGET).status_code for _ in range(30)]
    assert _resume_links_to(limited_app, TARGET) <= 3
    assert 429 in statuses
    page = check_page(_save(client, TARGET), status=429)
    assert page.h1 is not None


def test_m3_save_your_answers_cannot_flood_an_address_from_many_clients(limited_app):
    for n in range(10):
        _save(_client_from(limited_app, f"192.0.2.{n + 10}"), TARGET)
    assert _resume_links_to(limited_app, TARGET) <= 3


def test_m3_the_resume_link_cap_holds_without_the_limiter(migrated_database):
    """The per-recipient cap is also counted in the database: a limiter setting cannot lift it."""
    app = create_app(make_config(migrated_database, RATELIMIT_ENABLED=False))
    client = app.test_client()
    statuses = [_save(client, TARGET).status_code for _ in range(6)]
    assert _resume_links_to(app, TARGET) == 3
    assert statuses[-1] == 429


def test_m3_one_client_cannot_fill_a_councils_caseload(limited_app):
    client = _client_from(limited_app, "192.0.2.99")
    statuses = []
    for n in range(5):
        answer_everything(client, limited_app, {"contact": {
            "email": f"parent{n}@example.com", "mobile": "", "preference": "email", "postal_address": ""}})  # fmt: skip
        statuses.append(post(client, "/request/check-answers", {}).status_code)
    assert _count(limited_app, select(func.count()).select_from(Case)) <= 3
    assert statuses[-1] == 429
