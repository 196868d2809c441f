"""The request journey in real Chromium with the keyboard alone: with JavaScript, without it, and
at 320 CSS pixels wide (the reflow that 400% zoom gives)."""

import pytest
from sqlmodel import select

from tests.accessibility.keyboard import choose, choose_radio, fill, press_button, tab_to


def _walk(page, live, javascript: bool) -> str:
    page.goto(live("/"))
    tab_to(page, "a.govuk-button--start")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    choose(page, "#role")
    press_button(page, "Continue")
    fill(page, "#first_name", "Amara")
    fill(page, "#last_name", "Okafor")
    press_button(page, "Continue")
    fill(page, "#date_of_birth-day", "14")
    fill(page, "#date_of_birth-month", "3")
    fill(page, "#date_of_birth-year", "2017")
    press_button(page, "Continue")
    fill(page, "#address_line_1", "1 High Street")
    fill(page, "#town", "Maidstone")
    fill(page, "#postcode", "ME14 1XX")
    press_button(page, "Continue")
    # The council is worked out from the postcode: "Is this the right council? Kent County Council".
    if javascript:
        # "No" opens the full list; accessible-autocomplete: type, arrow to the suggestion, Enter.
        choose_radio(page, "confirm", "no")
        press_button(page, "Continue")
        fill(page, "input#local_authority", "Kent")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
    else:
        choose(page, "#confirm")
    press_button(page, "Continue")
    choose(page, "#setting_type")
    fill(page, "#setting_name", "Oak Primary School")
    press_button(page, "Continue")
    fill(page, "#name", "Chidi Okafor")
    fill(page, "#relationship", "Father")
    press_button(page, "Continue")
    fill(page, "#email", "parent@example.com")
    choose(page, "#preference")
    press_button(page, "Continue")
    choose(page, "input[name=needs][value=none]")
    press_button(page, "Continue")
    fill(page, "#needs", "Speech and language delay")
    fill(page, "#current_support", "Speech therapy twice a term")
    fill(page, "#support_tried", "Small group work")
    press_button(page, "Continue")
    fill(page, "#hopes", "A plan with speech therapy")
    press_button(page, "Continue")
    press_button(page, "Continue")  # no professionals
    press_button(page, "Continue")  # no evidence
    choose(page, "#consent")
    choose(page, "#declaration")
    press_button(page, "Continue")
    assert page.locator("h1").inner_text() == "Check your answers before sending your request"
    assert "Kent" in page.locator("main").inner_text()
    press_button(page, "Send request")
    assert page.locator("h1").inner_text() == "Request sent"
    return page.locator(".govuk-panel strong").inner_text()


def _case(live, reference):
    from service.db import db
    from service.models import Case

    with live.app.app_context():
        return db.session.exec(select(Case).where(Case.reference == reference)).one()


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_the_whole_journey_with_the_keyboard_alone(live, browser, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    try:
        reference = _walk(context.new_page(), live, javascript)
    finally:
        context.close()
    case = _case(live, reference)
    assert case.child_first_name == "Amara" and case.requester_email == "parent@example.com"


@pytest.mark.browser
def test_the_whole_journey_at_320_pixels_wide(live, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        widths = []
        page.on("load", lambda: widths.append(page.evaluate("document.documentElement.scrollWidth")))
        reference = _walk(page, live, javascript=True)
    finally:
        context.close()
    assert _case(live, reference).local_authority_id
    assert widths and max(widths) <= 320
