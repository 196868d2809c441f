"""The staff case summary shows the council's next duty, and the family's open window only as context."""

from datetime import date, timedelta

from service.domain.clock import draft_comment_last_day, final_plan_due, format_govuk_date
from tests.factories import make_case, make_staff
from tests.integration.staff.helpers import sign_in
from tests.pages import check_page

TODAY = date.today()


def test_the_duty_is_the_final_plan_and_the_draft_comment_window_is_context(client, app):
    served = TODAY - timedelta(days=3)
    received = TODAY - timedelta(weeks=15)
    with app.app_context():
        user = make_staff("caseworker")
        case = make_case(stage="draft_issued", received_on=received, draft_served_on=served)
        case_id = case.id
    sign_in(client, app, user)
    page = check_page(client.get(f"/staff/cases/{case_id}"))
    duty = page.select_one(".govuk-inset-text").get_text(" ", strip=True)
    assert duty.startswith("Issue the final plan") and format_govuk_date(final_plan_due(received)) in duty
    assert "comment" not in duty.lower()
    context = " ".join(p.get_text(" ", strip=True) for p in page.select("main p.govuk-body"))
    last_day = format_govuk_date(draft_comment_last_day(served))
    assert f"The family can comment on the draft plan until {last_day}. This is the family's time" in context


def test_no_context_line_once_the_window_has_closed(client, app):
    with app.app_context():
        user = make_staff("caseworker")
        case = make_case(
            stage="draft_issued", received_on=TODAY - timedelta(weeks=18), draft_served_on=TODAY - timedelta(days=30)
        )
        case_id = case.id
    sign_in(client, app, user)
    page = check_page(client.get(f"/staff/cases/{case_id}"))
    assert "The family can comment" not in page.get_text()
