"""The caseload (most urgent first, filters, search, sort) and recording statutory steps."""

from datetime import date, timedelta

from sqlmodel import select

from service.models import Case, CaseEvent, OutboxMessage
from tests.factories import LEEDS, make_case, make_staff
from tests.integration.staff.helpers import csrf_of, sign_in, url
from tests.pages import check_page

TODAY = date.today()


def _names(page):
    return [a.get_text(strip=True) for a in page.select("tbody a.govuk-link")]


def _signed_in(client, app, **staff):
    with app.app_context():
        user = make_staff(**staff)
    sign_in(client, app, user)


def _kent_cases(app) -> dict[str, Case]:
    """Four Kent cases at different points, and one in Leeds."""
    with app.app_context():
        cases = {
            "Amara": make_case(
                received_on=TODAY - timedelta(days=50), child_first_name="Amara", child_last_name="Okafor"
            ),  # the 6-week decision is overdue
            "Leo": make_case(
                received_on=TODAY - timedelta(days=125),
                stage="draft_issued",
                draft_served_on=TODAY - timedelta(days=5),
                child_first_name="Leo",
                child_last_name="Okafor",
            ),
            "Maya": make_case(stage="not_to_assess", child_first_name="Maya", child_last_name="Okafor"),
            "Oliver": make_case(
                child_first_name="Oliver", child_last_name="Brown", child_date_of_birth=date(2016, 5, 1)
            ),
        }
        make_case(LEEDS, child_first_name="Ruby", child_last_name="Walker")
        return cases


def test_caseload_is_most_urgent_first_and_only_this_council(client, app):
    kent = _kent_cases(app)
    _signed_in(client, app)
    page = check_page(client.get(url(app, "staff.caseload")))
    names = _names(page)
    assert len(names) == len(kent) and "Ruby Walker" not in names
    assert names[0] == "Amara Okafor"  # 6-week decision overdue
    assert page.select_one("th[aria-sort=ascending]").get_text(strip=True).startswith("Next due")


def test_filters_search_and_sort_are_in_the_url(client, app):
    _kent_cases(app)
    _signed_in(client, app)
    assert _names(check_page(client.get("/staff/cases?overdue=yes"))) == ["Amara Okafor"]
    assert _names(check_page(client.get("/staff/cases?stage=draft_issued"))) == ["Leo Okafor"]
    assert set(_names(check_page(client.get("/staff/cases?q=okafor")))) == {"Amara Okafor", "Leo Okafor", "Maya Okafor"}
    assert _names(check_page(client.get("/staff/cases?q=2016-05-01"))) == ["Oliver Brown"]
    by_name = _names(check_page(client.get("/staff/cases?sort=name")))
    assert by_name == sorted(by_name, key=lambda n: (n.split()[1], n.split()[0]))
    assert "No cases match" in check_page(client.get("/staff/cases?q=nobody")).get_text()


def test_recording_a_decision_updates_the_clock_the_timeline_and_tells_the_family(client, app):
    _signed_in(client, app)
    with app.app_context():
        case = make_case()
        case_id, version = case.id, case.version
    path = url(app, "staff.record_step_for", case_id=case_id, step="decide_to_assess")
    check_page(client.get(path))
    today = date.today()
    response = client.post(
        path,
        data={
            "csrf_token": csrf_of(client, path),
            "on-day": today.day,
            "on-month": today.month,
            "on-year": today.year,
            "version": version,
        },
    )
    assert response.status_code == 302
    page = check_page(client.get(url(app, "staff.case_record", case_id=case_id)))
    assert "Saved: Decided to assess" in page.get_text()
    with app.app_context():
        from service.db import db

        case = db.session.get(Case, case_id)
        assert case.stage == "assessing" and case.version == version + 1
        assert case.next_due_key == "decision_to_issue"
        assert [
            e.kind
            for e in db.session.exec(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id))
        ] == [
            "request_received",
            "decision_to_assess",
        ]
        message = db.session.exec(select(OutboxMessage).where(OutboxMessage.case_id == case_id)).one()
        assert message.template == "case_update" and "decided to carry out" in message.personalisation
    issue_path = url(app, "staff.record_step_for", case_id=case_id, step="decide_to_issue")
    again = client.post(
        issue_path,
        data={
            "csrf_token": csrf_of(client, issue_path),
            "on-day": today.day,
            "on-month": today.month,
            "on-year": today.year,
            "version": version,
        },
    )
    page = check_page(again, status=409)
    assert "This case changed since you opened the page" in page.select_one(".govuk-error-summary").get_text()
    assert "The council decided to carry out an EHC needs assessment" in page.select_one("#changes").get_text()
    with app.app_context():
        from service.db import db

        assert db.session.get(Case, case_id).decided_to_issue is None


def test_a_step_the_process_does_not_allow_is_refused_with_the_reason(client, app):
    _signed_in(client, app)
    with app.app_context():
        case = make_case(stage="draft_issued", draft_served_on=TODAY - timedelta(days=5))  # in the 15-day window
        case_id, version = case.id, case.version
    path = url(app, "staff.record_step_for", case_id=case_id, step="issue_final")
    on = date.today() - timedelta(days=1)
    response = client.post(
        path,
        data={
            "csrf_token": csrf_of(client, path),
            "on-day": on.day,
            "on-month": on.month,
            "on-year": on.year,
            "version": version,
            "named_setting": "Oak",
        },
    )
    page = check_page(response, status=400)
    link = page.select_one(".govuk-error-summary a")
    assert link.get_text().startswith("The family has until") and link["href"] == "#on-day"
    future = date.today() + timedelta(days=3)
    response = client.post(
        path,
        data={
            "csrf_token": csrf_of(client, path),
            "on-day": future.day,
            "on-month": future.month,
            "on-year": future.year,
            "version": version,
        },
    )
    assert (
        "Date must be today or in the past"
        in check_page(response, status=400).select_one(".govuk-error-summary").get_text()
    )
