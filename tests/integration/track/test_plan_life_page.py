"""The family's case page after the plan: the plan's milestones (the review, overdue honestly), the appeal
deadline by 5pm once a certificate is issued, every appealable decision with its own window from its notice,
and the list of cases' next line."""

from __future__ import annotations

from datetime import date, timedelta

from service.data.mediation_changes import issue_certificate
from service.db import db
from service.domain.clock import adviser_contact_due, annual_review_due, appeal_deadline, format_govuk_date
from service.domain.dates import add_months
from service.domain.plan import PlanFacts
from service.models import Case, PlanReview
from tests.factories import make_case, make_disagreement, make_staff
from tests.integration.plan_family.helpers import sign_in_family
from tests.pages import check_page

TODAY = date.today()
EMAIL = "plan.family@example.com"


def _text(page) -> str:
    return " ".join(page.select_one("main").get_text(" ", strip=True).split())


def _plan_case(app, months: int, **fields) -> int:
    with app.app_context():
        case = make_case(
            stage="final_issued",
            received_on=add_months(TODAY, -months) - timedelta(weeks=20),
            final_issued_on=add_months(TODAY, -months),
            child_first_name="Noah",
            requester_email=EMAIL,
            **fields,
        )
        return case.id


def test_after_the_final_plan_the_page_is_the_plans_and_shows_an_overdue_review_with_days_late(client, app):
    case_id = _plan_case(app, 14)
    sign_in_family(client, app, EMAIL)
    page = check_page(client.get(f"/your-cases/{case_id}"))
    assert page.select_one("h1").get_text(strip=True) == "Noah's plan"
    due = add_months(TODAY, -2)
    late = (TODAY - due).days
    warning = page.select_one(".govuk-warning-text").get_text(" ", strip=True)
    assert f"The council must review the plan by {format_govuk_date(due)}" in warning
    assert f"the council is {late} days late" in warning
    assert "What you can do about a late decision" in _text(page)
    cases = _text(check_page(client.get("/your-cases")))
    assert f"The council must review the plan by {format_govuk_date(due)}" in cases


def test_a_review_due_next_month_is_shown_as_upcoming(client, app):
    case_id = _plan_case(app, 11, child_date_of_birth=date(2015, 1, 1))
    sign_in_family(client, app, EMAIL)
    page = check_page(client.get(f"/your-cases/{case_id}"))
    due = annual_review_due(PlanFacts(issued_on=add_months(TODAY, -11)))
    assert f"The council must review the plan by {format_govuk_date(due)}." in _text(page)
    assert page.select_one(".govuk-warning-text") is None


def test_once_the_certificate_is_issued_the_page_shows_the_appeal_deadline_by_5pm(client, app):
    case_id = _plan_case(app, 1)
    with app.app_context():
        d = make_disagreement(db.session.get(Case, case_id), wants_mediation=False, sections=("B",))
        staff = make_staff("caseworker")
        from service.data.context import ChangeContext

        issue_certificate(ChangeContext(user=staff, ip="127.0.0.1", today=TODAY), d, db.session.get(Case, case_id))
        db.session.commit()
        deadline = appeal_deadline(d.decision_notice_on, TODAY)
    sign_in_family(client, app, EMAIL)
    text = _text(check_page(client.get(f"/your-cases/{case_id}")))
    assert f"You can appeal to the SEND Tribunal by 5pm on {format_govuk_date(deadline)}." in text
    assert "contact the mediation adviser by" not in text  # not the adviser-contact date any more
    assert "See how to appeal and download your mediation certificate" in text  # not the request again
    assert "See your request for mediation or a mediation certificate" not in text


def test_the_windows_run_from_the_day_the_decision_letter_was_sent(client, app):
    decided, sent = TODAY - timedelta(days=20), TODAY - timedelta(days=6)
    with app.app_context():
        case = make_case(
            stage="not_to_assess",
            decision_to_assess_on=decided,
            assess_notice_sent_on=sent,
            requester_email=EMAIL,
            child_first_name="Maya",
        )
        case_id = case.id
    sign_in_family(client, app, EMAIL)
    text = _text(check_page(client.get(f"/your-cases/{case_id}")))
    assert f"the council sent you its decision on {format_govuk_date(sent)}" in text
    assert f"To appeal, contact the mediation adviser by {format_govuk_date(adviser_contact_due(sent))}" in text
    start = _text(check_page(client.get(f"/your-cases/{case_id}/disagree")))
    assert f"by 5pm on {format_govuk_date(appeal_deadline(sent, None))}" in start


def test_a_review_that_keeps_the_plan_unchanged_can_be_disagreed_with_from_its_notice(client, app):
    case_id = _plan_case(app, 13)
    notice = TODAY - timedelta(days=3)
    with app.app_context():
        case = db.session.get(Case, case_id)
        db.session.add(
            PlanReview(
                case_id=case_id,
                local_authority_id=case.local_authority_id,
                meeting_on=TODAY - timedelta(days=30),
                decision="maintain",
                decision_on=TODAY - timedelta(days=5),
                decision_notice_sent_on=notice,
                status="complete",
                completed_on=notice,
            )
        )
        db.session.commit()
    sign_in_family(client, app, EMAIL)
    page = check_page(client.get(f"/your-cases/{case_id}"))
    text = _text(page)
    assert "The council reviewed the education, health and care (EHC) plan and decided not to change it" in text
    assert f"contact the mediation adviser by {format_govuk_date(adviser_contact_due(notice))}" in text
    start = _text(check_page(client.get(f"/your-cases/{case_id}/disagree")))
    assert "decided not to change it" in start
    assert f"by 5pm on {format_govuk_date(appeal_deadline(notice, None))}" in start
