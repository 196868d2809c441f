"""Issue 12 H1, L11 and L7: links in messages come from SERVICE_URL, never the request's Host; a request
for a host that is not the service's gets 400; the sign-in page does the same work whether or not the
address has a case (the worker looks it up)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import event
from sqlmodel import select

from service import create_app
from service.config import Config, ConfigurationError
from service.models import FamilySignInToken, OutboxMessage
from tests.conftest import make_config
from tests.integration.request_assessment.journey import post
from tests.integration.staff.helpers import csrf_of, seed, sign_in

SERVICE = "https://ehcp.example.gov.uk"
FAMILY = "parent@example.com"  # the demo family, with three cases


@pytest.fixture(scope="module")
def public_app(migrated_database):
    """Served at SERVICE_URL; localhost is trusted as well so that the test client can reach it."""
    return create_app(
        make_config(migrated_database, SERVICE_URL=SERVICE, TRUSTED_HOSTS="ehcp.example.gov.uk,localhost")
    )


def _messages(app, template):
    from service.db import db

    with app.app_context():
        rows = db.session.exec(select(OutboxMessage).where(OutboxMessage.template == template)).all()
        return [json.loads(row.personalisation) for row in rows]


def _ask(client, email, **kwargs):
    return client.post("/sign-in", data={"csrf_token": csrf_of(client, "/sign-in"), "email": email}, **kwargs)


def test_a_sign_in_for_a_forged_host_gets_400_and_sends_nothing(public_app):
    seed(public_app)
    client = public_app.test_client()
    forged = _ask(client, FAMILY, headers={"Host": "evil.example"})
    assert forged.status_code == 400
    from service.db import db

    with public_app.app_context():
        assert db.session.exec(select(FamilySignInToken)).first() is None
    assert _messages(public_app, "family_sign_in_link") == []
    assert client.get("/sign-in", headers={"Host": "evil.example:443"}).status_code == 400
    # the same request for a trusted host goes through: it was the Host that was refused
    assert _ask(client, FAMILY).status_code == 302
    assert len(_messages(public_app, "family_sign_in_link")) == 1


def test_the_emailed_sign_in_link_starts_with_service_url_whatever_host_the_request_named(public_app):
    seed(public_app)
    client = public_app.test_client()
    assert _ask(client, FAMILY, headers={"Host": "localhost:8443"}).status_code == 302
    link = _messages(public_app, "family_sign_in_link")[-1]["link"]
    assert link.startswith(SERVICE + "/sign-in/link/")
    assert client.get(link.removeprefix(SERVICE)).location.endswith("/your-cases")


def test_the_come_back_later_link_starts_with_service_url(public_app):
    client = public_app.test_client()
    client.get("/request")
    post(client, "/request/who", {"role": "parent"})
    post(client, "/request/child-name", {"first_name": "Amara", "last_name": "Okafor", "save_and_return": "yes"})
    assert post(client, "/request/save", {"email": "parent@example.com"}).status_code == 302
    [values] = _messages(public_app, "draft_resume_link")
    assert values["link"].startswith(SERVICE + "/request/resume/")


def test_a_staff_invitation_link_starts_with_service_url(public_app):
    seed(public_app)
    client = public_app.test_client()
    sign_in(client, public_app, "kent.manager@example.gov.uk")
    data = {"csrf_token": csrf_of(client, "/staff/team/invite"), "name": "Rosa Diaz", "email": "rosa@example.gov.uk",
            "role": "caseworker"}  # fmt: skip
    assert client.post("/staff/team/invite", data=data).status_code == 302
    [values] = _messages(public_app, "staff_invitation")
    assert values["link"].startswith(SERVICE + "/staff/invitation/")


def test_the_staff_unlock_link_starts_with_service_url_whatever_host_the_request_named(public_app):
    """L2 with H1: the emailed unlock link is SERVICE_URL's, even when the failed sign-ins named another host."""
    seed(public_app)
    stranger = public_app.test_client()
    stranger.environ_base["REMOTE_ADDR"] = "203.0.113.99"
    for _ in range(10):
        sign_in(stranger, public_app, "kent.caseworker@example.gov.uk", "wrong password")
    [values] = _messages(public_app, "staff_account_locked")
    assert values["link"].startswith(SERVICE + "/staff/unlock/")
    assert "localhost" not in values["link"]


def test_emails_sent_by_workers_link_to_service_url(public_app):
    """L11: outside any request, the scheduled reminders build their links from SERVICE_URL too."""
    from datetime import timedelta

    from service.data.reminders import caseworker_reminders
    from service.db import db
    from service.models import RequestDraft, utcnow
    from workers.schedules import draft_reminders_and_expiry

    seed(public_app)
    with public_app.app_context():
        draft = RequestDraft(answers="{}", resume_email="parent@example.com")
        draft.updated_at = utcnow() - timedelta(days=22)
        db.session.add(draft)
        db.session.commit()
        assert draft_reminders_and_expiry() == (1, 0)
        from service.domain.clock import london_date

        assert caseworker_reminders(london_date(utcnow())) >= 1
    [reminder] = _messages(public_app, "draft_expiry_reminder")
    assert reminder["link"].startswith(SERVICE + "/request/resume/")
    daily = _messages(public_app, "caseworker_daily_reminder")
    assert daily and all(values["link"] == SERVICE + "/staff/cases?overdue=yes" for values in daily)


def test_a_message_with_a_link_elsewhere_is_refused(public_app):
    from service.data import notifications

    with public_app.app_context(), pytest.raises(ValueError, match="links must start with SERVICE_URL"):
        notifications.send_draft_resume_link(to=FAMILY, link="https://evil.example/request/resume/x", expires="x")


def test_outside_development_and_test_the_app_refuses_to_start_without_service_url():
    config = Config(APP_ENV="production", SECRET_KEY="x" * 40, DATABASE_URL="postgresql://db/ehcp",
                    NOTIFY_MODE="live", NOTIFY_API_KEY="key", STORAGE="s3", SCANNER="clamd",
                    REDIS_URL="redis://redis:6379/0")  # fmt: skip
    with pytest.raises(ConfigurationError, match="SERVICE_URL"):
        config.validate()
    config.SERVICE_URL = "ehcp.example.gov.uk"
    with pytest.raises(ConfigurationError, match="SERVICE_URL must be"):
        config.validate()
    config.SERVICE_URL = SERVICE + "/"
    config.validate()
    assert config.as_flask_config()["SERVICE_URL"] == SERVICE
    assert config.as_flask_config()["TRUSTED_HOSTS"] == ["ehcp.example.gov.uk"]


@pytest.fixture
def queued_app(migrated_database, redis_url):
    """Jobs go to Redis and no worker runs: what the web request itself does, and nothing more."""
    from redis import Redis

    Redis.from_url(redis_url).flushdb()
    return create_app(make_config(migrated_database, REDIS_URL=redis_url))


def test_the_sign_in_request_does_the_same_work_whether_or_not_the_address_has_a_case(queued_app, redis_url):
    """L7: the page used to look the address up and write the email in the request (~6 ms more for an
    address with a case). Now the request runs the same statements either way; the worker looks it up."""
    from redis import Redis
    from rq import Queue

    from service.db import db
    from workers.sign_in import send_family_sign_in

    seed(queued_app)
    Queue("notifications", connection=Redis.from_url(redis_url)).empty()  # the demo plans' messages to families
    statements: dict[str, list[str]] = {}
    for email in (FAMILY, "nobody@example.com"):
        client = queued_app.test_client()
        token = csrf_of(client, "/sign-in")
        seen = statements[email] = []
        with queued_app.app_context():
            engine = db.engine

        def record(conn, cursor, statement, parameters, context, executemany, seen=seen):
            seen.append(statement)

        event.listen(engine, "before_cursor_execute", record)
        try:
            assert client.post("/sign-in", data={"csrf_token": token, "email": email}).status_code == 302
        finally:
            event.remove(engine, "before_cursor_execute", record)
    assert statements[FAMILY] == statements["nobody@example.com"]
    assert _messages(queued_app, "family_sign_in_link") == []  # nothing is written to the outbox in the request
    jobs = Queue("notifications", connection=Redis.from_url(redis_url)).jobs
    assert [job.func_name for job in jobs] == ["workers.sign_in.send_family_sign_in"] * 2
    with queued_app.app_context():
        assert [send_family_sign_in(*job.args) for job in jobs] == ["sent", "no case"]
        assert send_family_sign_in(*jobs[0].args) == "skipped"  # once only
    [sent] = _messages(queued_app, "family_sign_in_link")
    assert sent["link"].startswith("http://localhost/sign-in/link/")


def test_a_sign_in_whose_job_was_lost_is_replayed_by_the_sweeper_while_it_could_still_work(queued_app, redis_url):
    from datetime import timedelta

    from redis import Redis
    from rq import Queue

    from service.db import db
    from workers.schedules import sweep_sign_ins

    seed(queued_app)
    Queue("notifications", connection=Redis.from_url(redis_url)).empty()  # the demo plans' messages to families
    client = queued_app.test_client()
    assert _ask(client, FAMILY).status_code == 302
    queue = Queue("notifications", connection=Redis.from_url(redis_url))
    [lost] = queue.jobs
    queue.empty()  # as if Redis had lost it
    with queued_app.app_context():
        assert sweep_sign_ins(timedelta(0)) == 1
        assert [job.args for job in queue.jobs] == [lost.args]
        row = db.session.get(FamilySignInToken, lost.args[0])
        row.expires_at = row.created_at  # past its 10 minutes: never replayed
        db.session.commit()
        assert sweep_sign_ins(timedelta(0)) == 0
