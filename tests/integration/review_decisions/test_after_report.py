"""The reviews page's partial after the report (templates/staff/review/_after_report.html): the decision's
steps with their due dates and states, and the links to take them; the plan page's proposals link."""

from __future__ import annotations

from bs4 import BeautifulSoup
from flask import render_template

from service.data import plan_changes, plans, reviews
from service.db import db
from service.domain.clock import add_weeks, days_beginning_with, format_govuk_date
from service.models import Case, PlanReview, StaffUser
from tests.integration.plan_family.plans import change_of
from tests.integration.plan_staff.helpers import signed_in
from tests.integration.review_decisions.helpers import days_ago, reviewed_case
from tests.integration.staff.helpers import url
from tests.pages import check_page


def _partial(app, case_id, review_id, staff_id) -> BeautifulSoup:
    with app.test_request_context():
        case = db.session.get(Case, case_id)
        review = db.session.get(PlanReview, review_id)
        user = db.session.get(StaffUser, staff_id)
        html = render_template(
            "staff/review/_after_report.html", case=case, review=review, user=user, report=reviews.report_of(review)
        )
    return BeautifulSoup(html, "html.parser")


def _links(page) -> dict[str, str]:
    return {a.get_text(strip=True): a["href"] for a in page.select("a")}


def _propose(case_id, staff_id, on):
    case = db.session.get(Case, case_id)
    plan = plans.plan_for_case(case)
    staff = db.session.get(StaffUser, staff_id)
    plan_changes.issue(
        change_of(staff),
        plan,
        case,
        status=plan_changes.PROPOSED,
        on=on,
        opened_version=plan.version,
        override_reason="t",
        render_pdf=False,
    )
    db.session.commit()


def test_the_decision_step_is_overdue_after_4_weeks_with_its_links(app):
    with app.app_context():
        case_id, review_id, staff_id = reviewed_case(meeting=40, report=35)
    page = _partial(app, case_id, review_id, staff_id)
    text = page.get_text(" ", strip=True)
    assert f"Due by {format_govuk_date(add_weeks(days_ago(40), 4))} Overdue" in text
    links = _links(page)
    assert links["Record the decision"] == f"/staff/cases/{case_id}/reviews/{review_id}/decision"
    assert links["Write and issue the proposed amendments"] == f"/staff/cases/{case_id}/plan/issue/proposals"
    assert "Issue the amended plan" not in links


def test_inside_the_window_the_amended_plan_waits_and_after_it_is_offered(app):
    with app.app_context():
        case_id, review_id, staff_id = reviewed_case(meeting=20, report=15)
        _propose(case_id, staff_id, days_ago(5))
    page = _partial(app, case_id, review_id, staff_id)
    text = page.get_text(" ", strip=True)
    last_day = days_beginning_with(days_ago(5), 15)
    assert "Decided to amend the plan on" in text
    assert f"You can issue the amended plan from the day after {format_govuk_date(last_day)}" in text
    assert f"Due by {format_govuk_date(add_weeks(days_ago(5), 8))}" in text
    assert "Record the decision" not in _links(page) and "Issue the amended plan" not in _links(page)
    with app.app_context():
        case_id, review_id, staff_id = reviewed_case(meeting=40, report=35)
        _propose(case_id, staff_id, days_ago(30))
    links = _links(_partial(app, case_id, review_id, staff_id))
    assert links["Issue the amended plan"] == f"/staff/cases/{case_id}/plan/issue/amend"


def test_read_only_staff_see_the_steps_without_links(app):
    from tests.factories import make_staff

    with app.app_context():
        case_id, review_id, _ = reviewed_case()
        reader = make_staff("read_only").id
    assert not _links(_partial(app, case_id, review_id, reader))


def test_the_plan_page_offers_the_proposals_not_a_plain_amendment_while_the_decision_is_pending(client, app):
    with app.app_context():
        case_id, _, _ = reviewed_case()
    signed_in(client, app)
    links = {
        a.get_text(strip=True): a["href"]
        for a in check_page(client.get(url(app, "staff.plan", case_id=case_id))).select("main a")
    }
    assert links["Issue the proposed amendments after the review (regulation 22)"].endswith("/plan/issue/proposals")
    assert "Amend the plan (regulation 22)" not in links
    assert client.get(url(app, "staff.plan_issue", case_id=case_id, kind="amend")).status_code == 404


def test_the_reviews_page_shows_the_decision_steps_and_the_decision_returns_to_it(client, app):
    with app.app_context():
        case_id, review_id, _ = reviewed_case(meeting=20, report=15)
    signed_in(client, app)
    reviews_page = url(app, "staff.case_reviews", case_id=case_id)
    page = check_page(client.get(reviews_page))
    links = {a.get_text(strip=True): a["href"] for a in page.select("main a")}
    decision = links["Record the decision"]
    assert decision == f"/staff/cases/{case_id}/reviews/{review_id}/decision"
    dates = url(app, "staff.review_decision_dates", case_id=case_id, review_id=review_id, decision="maintain")
    form = check_page(client.get(dates))
    data = {name: form.find("input", attrs={"name": name})["value"] for name in ("csrf_token", "version")}
    day = days_ago(1)
    data.update({"on-day": day.day, "on-month": day.month, "on-year": day.year, "reasons": "No change needed."})
    response = client.post(dates, data=data)
    assert response.status_code == 302 and response.headers["Location"].endswith(reviews_page)
    assert "Decision recorded: to keep the plan as it is" in check_page(client.get(reviews_page)).get_text()
