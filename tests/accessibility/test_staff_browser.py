"""The caseworker's 'done means' in real Chromium with the keyboard alone, with and without JavaScript:
sign in with the password and the emailed code, find the overdue case with the caseload's filter,
open it, record the next step, see the new due date, and fail to open another council's case."""

from datetime import date

import pytest
from sqlmodel import select

from service.domain.clock import AssessmentFacts, assessment_timeline, format_govuk_date, next_due
from tests.accessibility.keyboard import choose, fill, follow, heading, latest_message, press_button, tab_to

CASEWORKER = "kent.caseworker@example.gov.uk"
PASSWORD = "demo password 2026"


def _seed(live) -> dict:
    from service.db import db
    from service.demo import seed_demo
    from service.models import Case, LocalAuthority

    with live.app.app_context():
        seed_demo(date.today())
        cases = db.session.exec(select(Case, LocalAuthority.name).join(LocalAuthority)).all()
        return {(la, c.child_first_name): c for c, la in cases}


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_a_caseworker_finds_an_overdue_case_and_records_the_next_step_with_the_keyboard_alone(
    live, browser, javascript
):
    cases = _seed(live)
    amara = cases[("Kent", "Amara")]
    leeds_case = next(c for (la, _), c in cases.items() if la == "Leeds")
    today = date.today()
    context = browser.new_context(java_script_enabled=javascript)
    try:
        page = context.new_page()
        page.goto(live("/staff/sign-in"))
        fill(page, "#email", CASEWORKER)
        fill(page, "#password", PASSWORD)
        press_button(page, "Continue")
        assert heading(page) == "Check your email"
        code = latest_message(live, CASEWORKER, "staff_sign_in_code")["code"]
        fill(page, "#code", f" {code[:3]} {code[3:]}")  # pasted, with spaces
        press_button(page, "Continue")
        assert heading(page) == "Cases"

        toggle = page.locator(".moj-action-bar__filter button")
        if javascript and toggle.count() and toggle.inner_text() == "Show filters":
            tab_to(
                page, ".moj-action-bar__filter button"
            )  # the MoJ filter starts closed: open it, as a keyboard user does
            page.keyboard.press("Enter")
        choose(page, "#overdue")
        press_button(page, "Apply filters")
        assert "overdue=yes" in page.url
        table = page.locator("table.govuk-table").inner_text()
        assert "Amara Okafor" in table and "Overdue" in table

        follow(page, f'a[href="/staff/cases/{amara.id}"]')
        assert "Amara Okafor" in heading(page)
        assert "overdue" in page.locator(".govuk-inset-text").inner_text()

        follow(page, f'a[href="/staff/cases/{amara.id}/record-step"]')
        assert heading(page) == "Record a decision or step"
        press_button(page, "Continue")
        assert page.title().startswith("Error: ")
        assert "Select" in page.locator(".govuk-error-summary").inner_text()

        choose(page, 'input[name="decision"][value="decide_to_assess"]')
        press_button(page, "Continue")
        assert heading(page) == "Record the decision to assess"
        fill(page, "#on-day", str(today.day))
        fill(page, "#on-month", str(today.month))
        fill(page, "#on-year", str(today.year))
        press_button(page, "Save")
        facts = AssessmentFacts(received_on=amara.received_on, decided_to_assess=True, decision_to_assess_on=today)
        expected = next_due(assessment_timeline(facts, today))
        banner = page.locator(".govuk-notification-banner").inner_text()
        assert f"Next due: {format_govuk_date(expected.due)}" in banner, banner
        assert "overdue" not in page.locator(".govuk-inset-text").inner_text()

        other = page.goto(live(f"/staff/cases/{leeds_case.id}"))
        assert other.status == 404
        assert heading(page) == "Page not found"
    finally:
        context.close()
