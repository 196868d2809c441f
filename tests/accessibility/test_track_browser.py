"""The family's sign-in and tracking in real Chromium with the keyboard alone, with and without
JavaScript: start page link, email, pasted code, the cases, an overdue case, documents, the demo's draft
plan written in the service, a draft plan sent as a document and its response, messages and sign-out.
Also: a link opened in another browser is refused."""

from datetime import date

import pytest
from sqlmodel import select

from tests.accessibility.keyboard import fill, follow, heading, latest_message, press_button
from tests.factories import make_case

FAMILY = "parent@example.com"


def _seed(live) -> dict:
    from service.db import db
    from service.demo import seed_demo
    from service.models import Case

    with live.app.app_context():
        seed_demo(date.today())
        # a draft plan the council sent as a document (no plan in the service): the older response page
        make_case(stage="draft_issued", requester_email=FAMILY, child_first_name="Zoe", child_last_name="Okafor")
        return {c.child_first_name: c.id for c in db.session.exec(select(Case).where(Case.requester_email == FAMILY))}


def _latest_sign_in(live) -> dict:
    return latest_message(live, FAMILY, "family_sign_in_link")


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_a_family_signs_in_and_tracks_its_cases_with_the_keyboard_alone(live, browser, javascript):
    ids = _seed(live)
    context = browser.new_context(java_script_enabled=javascript)
    try:
        page = context.new_page()
        page.goto(live("/"))
        follow(page, 'a[href="/sign-in"]')
        assert heading(page) == "Sign in to see your requests and plans"
        press_button(page, "Continue")
        assert page.title().startswith("Error: ")
        assert "Enter your email address" in page.locator(".govuk-error-summary").inner_text()
        fill(page, "#email", FAMILY)
        press_button(page, "Continue")
        assert heading(page) == "Check your email"
        code = _latest_sign_in(live)["code"]
        fill(page, "#code", f"{code[:3]} {code[3:]}")  # as pasted from an email, with a space
        press_button(page, "Continue")
        assert heading(page) == "Your requests and plans"

        follow(page, f'a[href="/your-cases/{ids["Amara"]}"]')
        assert heading(page) == "Amara's request"
        warning = page.locator(".govuk-warning-text").inner_text()
        assert "The council must tell you whether it will carry out an assessment by" in warning
        assert "days late" in warning
        assert "SENDIASS" in page.locator("main").inner_text()

        follow(page, f'a[href="/your-cases/{ids["Amara"]}/documents"]')
        assert heading(page) == "Documents"
        press_button(page, "Send files")
        assert "Select a file to upload" in page.locator(".govuk-error-summary").inner_text()

        follow(page, 'a[href="/your-cases"]')
        follow(page, f'a[href="/your-cases/{ids["Leo"]}"]')
        follow(page, f'a[href="/your-cases/{ids["Leo"]}/plan"]')
        assert heading(page) == "Leo's EHC plan: Draft 1"
        follow(page, 'a[href="/your-cases"]')
        follow(page, f'a[href="/your-cases/{ids["Zoe"]}"]')
        follow(page, f'a[href="/your-cases/{ids["Zoe"]}/draft-plan"]')
        assert heading(page) == "Respond to the draft plan"
        fill(page, "#requested_setting", "Oak Hill Academy")
        press_button(page, "Send response")
        assert "Your response has been sent to the council" in page.locator(".govuk-notification-banner").inner_text()

        follow(page, 'a[href="/your-notifications"]')
        assert heading(page) == "Messages we have sent you"
        assert "Your sign-in link and code" in page.locator("main").inner_text()

        press_button(page, "Sign out")
        page.goto(live("/your-cases"))
        assert heading(page) == "Sign in to see your requests and plans"
    finally:
        context.close()


@pytest.mark.browser
def test_a_link_opened_in_another_browser_is_refused_and_offers_a_new_one(live, browser):
    _seed(live)
    asking = browser.new_context()
    other = browser.new_context()
    try:
        page = asking.new_page()
        page.goto(live("/sign-in"))
        fill(page, "#email", FAMILY)
        press_button(page, "Continue")
        link = _latest_sign_in(live)["link"]
        path = "/" + link.split("/", 3)[3]
        elsewhere = other.new_page()
        assert elsewhere.goto(live(path)).status == 400
        assert heading(elsewhere) == "This sign-in link has expired or has been used"
        follow(elsewhere, 'a[href="/sign-in"].govuk-button')
        assert heading(elsewhere) == "Sign in to see your requests and plans"
        page.goto(live(path))  # the link was not used up by the other browser
        assert heading(page) == "Your requests and plans"
    finally:
        asking.close()
        other.close()
