"""The date a decision letter was sent is recorded with a decision not to assess or not to issue: it
defaults to the decision date, is never before it nor in the future, and the family's windows run from it."""

import json
from datetime import date, timedelta

from sqlmodel import select

from service.db import db
from service.domain.clock import adviser_contact_due, appeal_deadline, format_govuk_date
from service.models import AuditEvent, Case, CaseEvent, OutboxMessage
from tests.factories import make_case, make_staff
from tests.integration.staff.helpers import csrf_of, sign_in, url
from tests.pages import check_page


def _date(prefix, day):
    return {f"{prefix}-day": day.day, f"{prefix}-month": day.month, f"{prefix}-year": day.year}


def _setup(client, app):
    with app.app_context():
        user = make_staff("caseworker")
        case = make_case(stage="request_received", received_on=date.today() - timedelta(days=30))
        case_id, version = case.id, case.version
    sign_in(client, app, user)
    path = url(app, "staff.record_step_for", case_id=case_id, step="decide_not_to_assess")
    return case_id, version, path


def _post(client, path, data):
    return client.post(path, data={"csrf_token": csrf_of(client, path), **data})


def _errors(page):
    return [a.get_text(strip=True) for a in page.select(".govuk-error-summary a")]


def test_the_notice_date_is_recorded_and_the_windows_run_from_it(client, app):
    case_id, version, path = _setup(client, app)
    today = date.today()
    decided, sent = today - timedelta(days=9), today - timedelta(days=2)
    data = {
        "version": version,
        "reasons": "Needs can be met by the school",
        **_date("on", decided),
        **_date("notice_sent_on", sent),
    }
    assert _post(client, path, data).status_code == 302
    with app.app_context():
        case = db.session.get(Case, case_id)
        assert (case.decision_to_assess_on, case.assess_notice_sent_on) == (decided, sent)
        message = json.loads(
            db.session.exec(select(OutboxMessage).where(OutboxMessage.case_id == case_id)).one().personalisation
        )
        assert format_govuk_date(adviser_contact_due(sent)) in message["what_next"]
        assert f"by 5pm on {format_govuk_date(appeal_deadline(sent, None))}" in message["what_next"]
        event = db.session.exec(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)).all()[-1]
        assert f"The decision letter was sent on {format_govuk_date(sent)}" in event.summary
        audit = db.session.exec(select(AuditEvent).where(AuditEvent.action == "case.decide_not_to_assess")).one()
        assert "Needs can be met" not in audit.detail


def test_no_notice_date_means_the_day_of_the_decision(client, app):
    case_id, version, path = _setup(client, app)
    today = date.today()
    data = {"version": version, "reasons": "Reasons", **_date("on", today)}
    data.update({"notice_sent_on-day": "", "notice_sent_on-month": "", "notice_sent_on-year": ""})
    assert _post(client, path, data).status_code == 302
    with app.app_context():
        assert db.session.get(Case, case_id).assess_notice_sent_on == today


def test_a_notice_before_the_decision_in_the_future_or_impossible_is_refused(client, app):
    case_id, version, path = _setup(client, app)
    today = date.today()
    decided = today - timedelta(days=5)
    base = {"version": version, "reasons": "Reasons", **_date("on", decided)}
    before = check_page(_post(client, path, {**base, **_date("notice_sent_on", decided - timedelta(days=1))}), 400)
    assert _errors(before) == [
        "Date the decision letter was sent must be the same as or after the date of the decision, "
        f"{format_govuk_date(decided)}"
    ]
    future = check_page(_post(client, path, {**base, **_date("notice_sent_on", today + timedelta(days=1))}), 400)
    assert _errors(future) == ["Date the decision letter was sent must be today or in the past"]
    impossible = {"notice_sent_on-day": "31", "notice_sent_on-month": "2", "notice_sent_on-year": str(today.year)}
    page = check_page(_post(client, path, {**base, **impossible}), 400)
    assert _errors(page) == ["Date the decision letter was sent must be a real date"]
    assert page.select_one(".govuk-error-summary a")["href"] == "#notice_sent_on-day"
    with app.app_context():
        case = db.session.get(Case, case_id)
        assert case.decision_to_assess_on is None and case.assess_notice_sent_on is None
