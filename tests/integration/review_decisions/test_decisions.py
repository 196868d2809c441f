"""The council's decision after a review: maintain (the review completes, the next review 12 months from the
meeting, the family told their appeal rights), amend (recorded only with the proposed amendments, one
notice; the family's 15 days; the amended plan refused inside them and due 8 weeks after the proposals),
cease (recorded, then the cease page); refused before the report; another council's ids 404; two browsers;
CSRF; the caseload's next due never the family's window."""

from __future__ import annotations

import json

from sqlmodel import select

from service.data.facts import next_council_duty
from service.domain.clock import add_months, add_weeks, format_govuk_date
from service.models import AuditEvent, Case, CaseEvent, OutboxMessage, PlanReview
from tests.factories import LEEDS, make_case
from tests.integration.plan_staff.helpers import date_fields, signed_in
from tests.integration.review_decisions.helpers import days_ago, reviewed_case
from tests.integration.staff.helpers import csrf_of, url
from tests.pages import check_page


def _db():
    from service.db import db

    return db


def _review(app, review_id) -> PlanReview:
    with app.app_context():
        review = _db().session.get(PlanReview, review_id)
        _db().session.expunge(review)
        return review


def _case(app, case_id) -> Case:
    with app.app_context():
        case = _db().session.get(Case, case_id)
        _db().session.expunge(case)
        return case


def _errors(page) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(".govuk-error-summary a")]


def _setup(client, app, **kwargs):
    with app.app_context():
        ids = reviewed_case(**kwargs)
    signed_in(client, app)
    return ids


def _decision(app, case_id, review_id, kind=None):
    if kind:
        return url(app, "staff.review_decision_dates", case_id=case_id, review_id=review_id, decision=kind)
    return url(app, "staff.review_decision", case_id=case_id, review_id=review_id)


def _form(client, path) -> dict:
    page = check_page(client.get(path))
    return {name: page.find("input", attrs={"name": name})["value"] for name in ("csrf_token", "version")}


def _audits(app, case_id) -> list[str]:
    with app.app_context():
        return [a.action for a in _db().session.exec(select(AuditEvent).where(AuditEvent.case_id == case_id))]


def _messages(app, case_id) -> list[dict]:
    with app.app_context():
        rows = _db().session.exec(
            select(OutboxMessage).where(OutboxMessage.case_id == case_id).order_by(OutboxMessage.created_at)
        )
        return [json.loads(row.personalisation) for row in rows]


def test_maintain_completes_the_review_and_the_next_review_is_12_months_from_the_meeting(client, app):
    case_id, review_id, _ = _setup(client, app)
    page = check_page(client.get(_decision(app, case_id, review_id)))
    assert "Speech and language therapy twice a week" in page.get_text()  # the report's proposed changes
    response = client.post(
        _decision(app, case_id, review_id),
        data={**_form(client, _decision(app, case_id, review_id)), "decision": "maintain"},
    )
    assert response.status_code == 302
    dates = response.headers["Location"]
    assert dates.endswith(f"/decision/maintain?version={_review(app, review_id).version}")
    form = _form(client, dates)
    response = client.post(
        dates,
        data={**form, **date_fields("on", days_ago(10)), "reasons": "The plan still meets his needs."},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    review = _review(app, review_id)
    assert (review.decision, review.decision_on, review.decision_notice_sent_on) == (
        "maintain",
        days_ago(10),
        days_ago(10),
    )
    assert review.status == "complete" and review.completed_on == days_ago(10)
    case = _case(app, case_id)
    assert case.last_review_on == days_ago(40)
    assert case.review_due_on == add_months(days_ago(40), 12)
    assert "review.decision" in _audits(app, case_id)
    last = _messages(app, case_id)[-1]
    assert "decided to keep the plan as it is" in json.dumps(last)
    assert "SEND Tribunal" in json.dumps(last)  # the right to appeal a decision not to amend
    with app.app_context():
        events = _db().session.exec(
            select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.kind == "review_decision")
        )
        summary = events.one().summary
    assert "still meets" not in summary  # the reasons are never in events


def test_the_notice_date_cannot_be_before_the_decision_nor_the_decision_before_the_report(client, app):
    case_id, review_id, _ = _setup(client, app)
    path = _decision(app, case_id, review_id, "maintain")
    form = _form(client, path)
    data = {**form, **date_fields("on", days_ago(10)), **date_fields("notice_on", days_ago(12)), "reasons": "x"}
    page = check_page(client.post(path, data=data), status=400)
    assert _errors(page) == [
        f"The date the notice was sent must be on or after the date of the decision, {format_govuk_date(days_ago(10))}"
    ]
    data = {**form, **date_fields("on", days_ago(36)), "reasons": "x"}
    page = check_page(client.post(path, data=data), status=400)
    assert _errors(page)[0].startswith(
        "The date of the decision must be on or after the day the review report was sent"
    )
    data = {**form, "on-day": "31", "on-month": "2", "on-year": "2026", "reasons": ""}
    page = check_page(client.post(path, data=data), status=400)
    assert _errors(page) == ["Date of the decision must be a real date", "Enter the reasons for the decision"]
    assert _review(app, review_id).decision == ""


def test_a_decision_before_the_report_is_sent_is_refused(client, app):
    case_id, review_id, _ = _setup(client, app, report=None)
    path = _decision(app, case_id, review_id)
    page = check_page(client.get(path))
    assert "The review report has not been sent yet" in page.get_text()
    page = check_page(client.post(path, data={**_form(client, path), "decision": "maintain"}), status=400)
    assert _errors(page) == ["The review report has not been sent yet"]
    dates = _decision(app, case_id, review_id, "maintain")
    data = {**_form(client, dates), **date_fields("on", days_ago(1)), "reasons": "x"}
    page = check_page(client.post(dates, data=data), status=400)
    assert "The review report has not been sent yet" in _errors(page)
    assert _review(app, review_id).decision == ""
    # and the proposed amendments cannot be issued before it either
    assert client.get(url(app, "staff.plan_issue", case_id=case_id, kind="proposals")).status_code == 404


def test_cease_records_the_decision_and_completes_the_review(client, app):
    case_id, review_id, _ = _setup(client, app)
    path = _decision(app, case_id, review_id, "cease")
    data = {**_form(client, path), **date_fields("on", days_ago(5)), "reasons": "She has left education."}
    response = client.post(path, data=data)
    assert response.status_code == 302
    if "staff.cease_plan" in app.view_functions:
        assert response.headers["Location"].endswith(f"/staff/cases/{case_id}/cease")
        check_page(client.get(response.headers["Location"]))  # the cease page takes it from there
    review = _review(app, review_id)
    assert (review.decision, review.status) == ("cease", "complete")


def test_another_councils_case_or_review_is_404(client, app):
    case_id, review_id, _ = _setup(client, app)
    with app.app_context():
        leeds = make_case(LEEDS, stage="assessing")
        other = PlanReview(
            case_id=leeds.id, local_authority_id=leeds.local_authority_id, report="{}", report_sent_on=days_ago(3)
        )
        _db().session.add(other)
        _db().session.commit()
        leeds_id, other_id = leeds.id, other.id
    token = csrf_of(client, _decision(app, case_id, review_id))
    for path in (
        _decision(app, leeds_id, other_id),
        _decision(app, case_id, other_id),  # another case's review, through this council's case
        _decision(app, leeds_id, other_id, "maintain"),
        _decision(app, case_id, other_id, "cease"),
    ):
        assert client.get(path).status_code == 404, path
        assert client.post(path, data={"csrf_token": token, "decision": "maintain"}).status_code == 404, path


def test_the_second_browsers_decision_is_refused_with_what_changed(client, app):
    case_id, review_id, _ = _setup(client, app)
    path = _decision(app, case_id, review_id, "maintain")
    first = _form(client, path)
    second = dict(first)
    data = {**date_fields("on", days_ago(3)), "reasons": "Needs unchanged."}
    assert client.post(path, data={**first, **data}).status_code == 302
    page = check_page(client.post(path, data={**second, **data}), status=409)
    assert _errors(page)[0] == "This review changed since you opened the page. Check what changed, then try again"
    assert "What changed since you opened the page" in page.get_text()
    assert "The council decided to keep the plan as it is" in page.get_text()
    with app.app_context():
        count = len(
            list(
                _db().session.exec(
                    select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.kind == "review_decision")
                )
            )
        )
    assert count == 1


def test_a_post_without_the_csrf_token_is_400(app, client):
    case_id, review_id, _ = _setup(client, app)
    version = str(_review(app, review_id).version)
    data = {"version": version, **date_fields("on", days_ago(3)), "reasons": "x"}
    assert client.post(_decision(app, case_id, review_id, "maintain"), data=data).status_code == 400
    assert (
        client.post(_decision(app, case_id, review_id), data={"version": version, "decision": "maintain"}).status_code
        == 400
    )
    assert _review(app, review_id).decision == ""


def test_next_due_on_the_case_is_the_decision_then_the_amended_plan_never_the_familys_window(client, app):
    case_id, review_id, _ = _setup(client, app, meeting=10, report=5, final=300)
    with app.app_context():
        case = _db().session.get(Case, case_id)
        duty = next_council_duty(case, days_ago(0))
        assert duty is not None and duty.key == "review_decision" and duty.due == add_weeks(days_ago(10), 4)
    path = url(app, "staff.plan_issue", case_id=case_id, kind="proposals")
    page = check_page(client.get(path))
    token = page.find("input", attrs={"name": "csrf_token"})["value"]
    opened = page.find("input", attrs={"name": "opened_version"})["value"]
    review_version = page.find("input", attrs={"name": "review_version"})["value"]
    response = client.post(
        path,
        data={
            "csrf_token": token,
            "opened_version": opened,
            "review_version": review_version,
            **date_fields("on", days_ago(0)),
            "amendment_reason": "The review found he needs more therapy.",
            "override_reason": "Tested",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    with app.app_context():
        case = _db().session.get(Case, case_id)
        duty = next_council_duty(case, days_ago(0))
        assert duty is not None and duty.key == "amended_plan"  # not the family's 15 days, which end sooner
        assert duty.due == add_weeks(days_ago(0), 8)
        assert case.next_due_key == "amended_plan"
