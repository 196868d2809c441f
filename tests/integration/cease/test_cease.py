"""Ceasing a plan (CFA s45; regs 29-31): the decision with its refusals, the family's appeal deadline by 5pm,
the plan's end only after it (or at once after a Tribunal upholds the decision), withdrawing, and the page's
locks, scope and CSRF."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlmodel import col, select

from service.db import db
from service.domain.clock import cease_appeal_deadline, format_govuk_date
from service.models import AuditEvent, Case, CaseEvent, OutboxMessage, PlanReview, TribunalOrderRecord
from tests.factories import LEEDS, make_case
from tests.integration.cease.helpers import TODAY, case_row, decide, decision, form_of, plan_case, signed_in
from tests.integration.staff.helpers import url
from tests.pages import check_page


def _errors(page) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(".govuk-error-summary a")]


def test_the_decision_is_sent_with_the_appeal_deadline_by_5pm(app, client):
    signed_in(client, app)
    case_id = plan_case(app)
    decided, notice = TODAY - timedelta(days=3), TODAY - timedelta(days=2)
    response = decide(client, app, case_id, decided, notice)
    assert response.status_code == 302 and response.location.endswith(f"/staff/cases/{case_id}/cease/sent")
    deadline = cease_appeal_deadline(notice)
    page = check_page(client.get(response.location))
    assert f"by 5pm on{format_govuk_date(deadline)}" in page.select_one(".govuk-panel").get_text(strip=True)
    case = case_row(app, case_id)
    assert (case.cease_decision_on, case.cease_notice_sent_on, case.cease_reason) == (decided, notice, 2)
    assert case.cease_consulted_on == decided  # reg 31: the consultation, kept on the case
    assert case.cease_reasons == "Needs met at school without a plan" and case.ceased_on is None
    with app.app_context():
        events = db.session.exec(select(CaseEvent).where(CaseEvent.case_id == case_id)).all()
        audits = db.session.exec(select(AuditEvent).where(AuditEvent.action == "case.cease_decision")).all()
        messages = db.session.exec(select(OutboxMessage).where(OutboxMessage.case_id == case_id)).all()
    assert [e.kind for e in events].count("cease_decision") == 1
    assert len(audits) == 1 and f"consulted:{decided.isoformat()}" in audits[0].detail
    # the reasons are special category data: never in events, audit or messages
    assert not any("Needs met at school" in e.summary for e in events)
    assert "Needs met" not in audits[0].detail
    bodies = [m.personalisation for m in messages]
    assert any(f"by 5pm on {format_govuk_date(deadline)}" in b for b in bodies)
    assert not any("Needs met at school" in b for b in bodies)
    # the plan is maintained until the window passes: reviews stay due, and the window is not the council's duty
    assert case.review_due_on is not None and case.next_due_key != "cease_appeal"


def test_a_case_without_a_final_plan_cannot_be_ceased(app, client):
    signed_in(client, app)
    with app.app_context():
        case_id = make_case(stage="assessing").id
    path = url(app, "staff.cease_plan", case_id=case_id)
    page = check_page(client.get(path))
    assert "There is no final plan to cease" in page.get_text()
    assert not page.select("form input[name=reasons], form textarea[name=reasons]")
    response = client.post(path, data={**form_of(client, path), **decision(TODAY, TODAY)})
    check_page(response, status=409)
    assert case_row(app, case_id).cease_decision_on is None


def test_under_18_only_needs_met_or_no_longer_responsible(app, client):
    signed_in(client, app)
    case_id = plan_case(app, born=date(TODAY.year - 12, 5, 1))
    path = url(app, "staff.cease_plan", case_id=case_id)
    page = check_page(client.post(path, data={**form_of(client, path), **decision(TODAY, TODAY, reason="3")}), 400)
    assert _errors(page)[0].startswith("The child is under 18")
    # moved to another council: allowed
    assert client.post(path, data={**form_of(client, path), **decision(TODAY, TODAY, reason="5")}).status_code == 302


def test_bad_dates_are_refused_with_clear_errors(app, client):
    signed_in(client, app)
    case_id = plan_case(app)
    path = url(app, "staff.cease_plan", case_id=case_id)
    early = decision(TODAY - timedelta(days=1), TODAY - timedelta(days=5))
    page = check_page(client.post(path, data={**form_of(client, path), **early}), 400)
    assert any(e.startswith("The date the notice was sent must be on or after the decision") for e in _errors(page))
    future = decision(TODAY + timedelta(days=3), TODAY + timedelta(days=3))
    assert check_page(client.post(path, data={**form_of(client, path), **future}), 400).select(".govuk-error-summary")
    impossible = {**decision(TODAY, TODAY), "decision_on-day": "31", "decision_on-month": "2"}
    assert check_page(client.post(path, data={**form_of(client, path), **impossible}), 400).select(
        ".govuk-error-summary"
    )
    unconsulted = {k: v for k, v in decision(TODAY, TODAY).items() if k != "consulted"}
    page = check_page(client.post(path, data={**form_of(client, path), **unconsulted}), 400)
    assert "Confirm that the council consulted the family and the setting's head" in _errors(page)
    assert case_row(app, case_id).cease_decision_on is None


def test_the_plan_cannot_end_before_the_appeal_deadline(app, client):
    signed_in(client, app)
    case_id = plan_case(app)
    notice = TODAY - timedelta(days=10)
    decide(client, app, case_id, notice, notice)
    path = url(app, "staff.cease_end", case_id=case_id)
    page = check_page(client.post(path, data={**form_of(client, path), **_on(TODAY)}), 400)
    deadline = format_govuk_date(cease_appeal_deadline(notice))
    assert _errors(page)[0].startswith(f"The family can appeal until 5pm on {deadline}")
    assert case_row(app, case_id).ceased_on is None


def test_the_plan_ends_after_the_deadline_and_its_duties_stop(app, client):
    signed_in(client, app)
    case_id = plan_case(app, issued_days_ago=400)
    notice = TODAY - timedelta(days=100)
    decide(client, app, case_id, notice, notice)
    assert case_row(app, case_id).review_due_on is not None
    path = url(app, "staff.cease_end", case_id=case_id)
    ended = TODAY - timedelta(days=1)
    response = client.post(path, data={**form_of(client, path), **_on(ended)})
    assert response.status_code == 302
    case = case_row(app, case_id)
    assert case.ceased_on == ended and case.review_due_on is None  # out of "reviews due"
    assert case.next_due_key != "annual_review"  # the plan's duties stop
    # ending twice is not possible: the end page is gone
    assert client.get(path).status_code == 404


def test_a_tribunal_upholding_the_decision_ends_the_plan_at_once(app, client):
    person = signed_in(client, app)
    case_id = plan_case(app)
    decide(client, app, case_id, TODAY - timedelta(days=5), TODAY - timedelta(days=5))
    with app.app_context():
        db.session.add(
            TribunalOrderRecord(case_id=case_id, local_authority_id=person.local_authority_id, kind="cease_upheld",
                                ordered_on=TODAY - timedelta(days=1))
        )  # fmt: skip
        db.session.commit()
    path = url(app, "staff.cease_end", case_id=case_id)
    assert client.post(path, data={**form_of(client, path), **_on(TODAY)}).status_code == 302
    assert case_row(app, case_id).ceased_on == TODAY
    with app.app_context():
        order = db.session.exec(select(TribunalOrderRecord).where(TribunalOrderRecord.case_id == case_id)).one()
    assert order.done_on == TODAY


def test_a_decision_can_be_withdrawn(app, client):
    signed_in(client, app)
    case_id = plan_case(app)
    decide(client, app, case_id, TODAY, TODAY)
    path = url(app, "staff.cease_withdraw", case_id=case_id)
    assert client.post(path, data={**form_of(client, path), "why": "appeal_won"}).status_code == 302
    case = case_row(app, case_id)
    assert case.cease_decision_on is None and case.cease_reasons == "" and case.cease_reason is None
    # and a new decision can be made
    assert check_page(client.get(url(app, "staff.cease_plan", case_id=case_id))).select("textarea[name=reasons]")


def test_two_browsers_one_wins_the_other_sees_what_changed(app, client):
    signed_in(client, app, name="Asha Patel")
    other = app.test_client()
    signed_in(other, app, name="Ben Jones")
    case_id = plan_case(app)
    path = url(app, "staff.cease_plan", case_id=case_id)
    check = url(app, "staff.cease_check", case_id=case_id)
    for browser in (client, other):
        assert browser.post(path, data={**form_of(browser, path), **decision(TODAY, TODAY)}).status_code == 302
    mine, theirs = form_of(client, check), form_of(other, check)
    assert other.post(check, data=theirs).status_code == 302
    page = check_page(client.post(check, data=mine), status=409)
    assert _errors(page)[0].startswith("This case changed since you opened the page")
    assert "Ben Jones (council)" in page.select_one("#changes").get_text()
    with app.app_context():
        kinds = db.session.exec(select(CaseEvent.kind).where(CaseEvent.case_id == case_id)).all()
    assert kinds.count("cease_decision") == 1  # nothing applied twice


def test_the_review_in_the_query_must_be_this_cases(app, client):
    person = signed_in(client, app)
    case_id, other_id = plan_case(app), plan_case(app)
    with app.app_context():
        mine = PlanReview(case_id=case_id, local_authority_id=person.local_authority_id)
        theirs = PlanReview(case_id=other_id, local_authority_id=person.local_authority_id)
        db.session.add_all([mine, theirs])
        db.session.commit()
        mine_id, theirs_id = mine.id, theirs.id
    assert client.get(url(app, "staff.cease_plan", case_id=case_id, review=mine_id)).status_code == 200
    assert client.get(url(app, "staff.cease_plan", case_id=case_id, review=theirs_id)).status_code == 404
    assert client.get(url(app, "staff.cease_plan", case_id=case_id, review="x")).status_code == 404
    path = url(app, "staff.cease_plan", case_id=case_id)
    form = {**form_of(client, path), **decision(TODAY, TODAY), "review": str(theirs_id)}
    assert client.post(path, data=form).status_code == 404


def test_another_councils_case_is_404_and_no_csrf_is_400(app, client):
    signed_in(client, app)
    with app.app_context():
        leeds = make_case(LEEDS, stage="final_issued", final_issued_on=TODAY - timedelta(days=50)).id
    for endpoint in (
        "staff.cease_plan",
        "staff.cease_check",
        "staff.cease_sent",
        "staff.cease_end",
        "staff.cease_withdraw",
    ):
        assert client.get(url(app, endpoint, case_id=leeds)).status_code == 404
    case_id = plan_case(app)
    path = url(app, "staff.cease_plan", case_id=case_id)
    form = {k: v for k, v in {**form_of(client, path), **decision(TODAY, TODAY)}.items() if k != "csrf_token"}
    assert client.post(path, data=form).status_code == 400
    assert case_row(app, case_id).cease_decision_on is None


def test_the_age_limit_shows_on_the_case_summary_within_12_months(app, client):
    signed_in(client, app)
    near = plan_case(app, born=date(TODAY.year - 25, 3, 1) if TODAY.month < 8 else date(TODAY.year - 24, 3, 1))
    far = plan_case(app, born=date(TODAY.year - 19, 3, 1))
    assert (
        "academic year in which they turn 25"
        in check_page(client.get(url(app, "staff.case_record", case_id=near))).get_text()
    )
    assert (
        "academic year in which they turn 25"
        not in check_page(client.get(url(app, "staff.case_record", case_id=far))).get_text()
    )
    assert "Cease the plan" in check_page(client.get(url(app, "staff.case_record", case_id=far))).get_text()


def _on(day: date) -> dict:
    return {"on-day": str(day.day), "on-month": str(day.month), "on-year": str(day.year)}


__all__ = ["Case", "col", "json"]


def test_the_setting_named_in_the_plan_is_told_when_it_is_in_the_service(app, client):
    from service.models import Consultation
    from tests.factories import make_organisation, make_professional

    signed_in(client, app)
    case_id = plan_case(app)
    with app.app_context():
        school = make_organisation("setting", urn=990123, name="River Primary School")
        make_professional(school, email="senco@river.example.org")
        db.session.add(Consultation(case_id=case_id, organisation_id=school.id, setting_name=school.name,
                                    sent_on=TODAY, due_on=TODAY, decision="named"))  # fmt: skip
        db.session.commit()
    notice = TODAY - timedelta(days=1)
    decide(client, app, case_id, notice, notice)
    with app.app_context():
        sent = db.session.exec(select(OutboxMessage).where(OutboxMessage.template == "cease_decision_setting")).all()
    assert [m.recipient for m in sent] == ["senco@river.example.org"]
    values = json.loads(sent[0].personalisation)
    assert values["due_by"] == format_govuk_date(cease_appeal_deadline(notice))
    assert "Needs met" not in sent[0].personalisation
