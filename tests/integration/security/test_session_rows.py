"""Issue 12 L1: strangers' page views leave no session rows, and expired rows are purged on a schedule."""

from datetime import timedelta

from sqlmodel import func, select

from service.db import db
from service.models import WebSession, utcnow
from tests.integration.staff.helpers import seed, sign_in


def _rows(app) -> int:
    with app.app_context():
        return db.session.exec(select(func.count()).select_from(WebSession)).one()


def test_l1_anonymous_page_views_create_no_session_rows(app):
    for path in ["/", "/cookies", "/staff/sign-in", "/sign-in", "/no-such-page", "/staff/cases"]:
        app.test_client().get(path)
    assert _rows(app) == 0


def test_l1_a_form_still_works_without_a_row_until_something_must_be_stored(app):
    seed(app)
    client = app.test_client()
    client.get("/staff/sign-in")
    assert _rows(app) == 0
    response = sign_in(client, app, "kent.caseworker@example.gov.uk")  # the CSRF token came from the cookie
    assert response.location.endswith("/staff/cases")
    assert _rows(app) == 1


def test_l1_expired_sessions_are_purged_on_a_schedule(app):
    from workers.schedules import EVERY_MINUTE, purge_expired_sessions

    assert purge_expired_sessions in EVERY_MINUTE
    seed(app)
    for email in ["kent.caseworker@example.gov.uk", "kent.manager@example.gov.uk"]:
        sign_in(app.test_client(), app, email)
    with app.app_context():
        stale = db.session.exec(select(WebSession)).first()
        stale.last_seen_at = utcnow() - timedelta(hours=3)
        db.session.commit()
        assert purge_expired_sessions() == 1
    assert _rows(app) == 1
