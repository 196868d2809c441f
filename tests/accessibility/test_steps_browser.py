"""Issue 16 items 12 and 13 in real Chromium, with the keyboard alone: a decision recorded through its own
page without JavaScript at 320 px (the choice, then only its questions, a problem that keeps the answers),
and the service navigation at 320 px and 768 px with and without JavaScript (without it every link
shows; with it a narrow screen has a Menu button that opens them), signing out from it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.accessibility.journey import banner, enter_date, press
from tests.accessibility.keyboard import choose_radio, fill, heading, tab_to
from tests.accessibility.signed_in import sign_in_as


def _caseworker_and_case(live) -> tuple[int, int]:
    from tests.factories import make_case, make_staff

    with live.app.app_context():
        user = make_staff("caseworker", name="Sam Patel")
        case = make_case(received_on=date.today() - timedelta(days=20), child_first_name="Amara")
        return user.id, case.id


def _fits(page, width: int) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


@pytest.mark.browser
def test_a_decision_is_recorded_through_its_own_page_keyboard_only_without_javascript_at_320px(live, browser):
    user_id, case_id = _caseworker_and_case(live)
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 900})
    try:
        page = context.new_page()
        sign_in_as(page, live, f"staff:{user_id}")
        page.goto(live(f"/staff/cases/{case_id}/record-step"))
        assert heading(page).endswith("Record a decision or step")
        press(page, "Continue")
        assert page.title().startswith("Error: ")
        choose_radio(page, "decision", "decide_not_to_assess")
        press(page, "Continue")
        assert heading(page).endswith("Record the decision not to assess")
        assert page.locator('main input[name="named_setting"], main input[type="file"]').count() == 0
        decided = date.today() - timedelta(days=1)
        enter_date(page, "on", decided)
        press(page, "Save")
        assert page.locator(".govuk-error-summary").inner_text().count("Enter the reasons for the decision") == 1
        assert page.locator("#on-day").input_value() == str(decided.day)  # the answers are kept
        _fits(page, 320)
        fill(page, "#reasons", "The school can meet the needs from its own resources")
        press(page, "Save")
        assert "Saved: Decided not to assess" in banner(page)
        _fits(page, 320)
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_the_service_navigation_at_320px_and_768px_signs_out_with_the_keyboard(live, browser, javascript):
    user_id, _ = _caseworker_and_case(live)
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": 320, "height": 900})
    try:
        page = context.new_page()
        sign_in_as(page, live, f"staff:{user_id}")
        page.goto(live("/staff/reviews-due"))
        nav = page.locator(".govuk-service-navigation")
        toggle = nav.locator("button.govuk-service-navigation__toggle")
        links = nav.locator(".govuk-service-navigation__list")
        current = nav.locator('a[aria-current="page"]')
        assert current.inner_text().strip() == "Reviews due"
        if javascript:  # a narrow screen: the links are behind the Menu button until it is pressed
            expect(toggle).to_be_visible()  # once govuk-frontend's JavaScript has started
            expect(links).to_be_hidden()
            tab_to(page, "button.govuk-service-navigation__toggle")
            page.keyboard.press("Enter")
            assert toggle.get_attribute("aria-expanded") == "true"
        else:  # without JavaScript there is no Menu button and every link shows
            assert not toggle.is_visible()
        assert links.is_visible() and nav.get_by_role("link", name="Your account").is_visible()
        _fits(page, 320)
        page.set_viewport_size({"width": 768, "height": 900})
        # govuk-frontend hides the Menu button from its media-query listener, after the resize: wait for it
        expect(toggle).to_be_hidden()
        expect(links).to_be_visible()
        _fits(page, 768)
        page.set_viewport_size({"width": 320, "height": 900})
        if javascript and not links.is_visible():
            tab_to(page, "button.govuk-service-navigation__toggle")
            page.keyboard.press("Enter")
        tab_to(page, ".govuk-service-navigation button[type=submit]")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert heading(page) == "You have signed out"
    finally:
        context.close()
