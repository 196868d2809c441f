"""Issue 16 items 3 and 6 in real Chromium, with the keyboard alone and without JavaScript: a school's SENCO
makes a request at 320 CSS pixels wide, naming the child's mother, who wants letters (an address without a
postcode is refused and nothing typed is lost); she is sent a letter, signs in with her own email and sees
the request; at 768 px the caseworker sees her on the case with the letter's dispatch status."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from tests.accessibility.journey import CASEWORKER, PASSWORD, family_signs_in, press, staff_signs_in
from tests.accessibility.keyboard import choose, choose_radio, fill, heading, tab_to

MOTHER = "grace.okafor@example.com"


def _school_asks(page, live) -> str:
    page.goto(live("/request"))
    choose_radio(page, "role", "professional")
    press(page, "Continue")
    fill(page, "#setting_name", "River Primary School")
    choose(page, "#family_agrees")
    press(page, "Continue")
    fill(page, "#first_name", "Amara")
    fill(page, "#last_name", "Okafor")
    press(page, "Continue")
    fill(page, "#date_of_birth-day", "14")
    fill(page, "#date_of_birth-month", "3")
    fill(page, "#date_of_birth-year", "2017")
    press(page, "Continue")
    fill(page, "#address_line_1", "4 Mill Lane")
    fill(page, "#town", "Maidstone")
    fill(page, "#postcode", "ME14 1XX")
    press(page, "Continue")
    choose(page, "#confirm")  # the council worked out from the postcode: "Is this the right council?" Yes
    press(page, "Continue")
    choose_radio(page, "setting_type", "school")
    fill(page, "#setting_name", "River Primary School")
    press(page, "Continue")
    fill(page, "#name", "Priya Shah")
    fill(page, "#relationship", "SENCO")
    press(page, "Continue")
    fill(page, "#email", "senco@river.example.sch.uk")
    choose_radio(page, "preference", "email")
    press(page, "Continue")

    # the parent or carer: letters, first without a postcode
    assert heading(page) == "The child's parent or carer"
    fill(page, "#parent_name", "Grace Okafor")
    fill(page, "#parent_email", MOTHER)
    choose_radio(page, "parent_contact_preference", "post")
    fill(page, "#parent_postal_address", "4 Mill Lane\nMaidstone")
    press(page, "Continue")
    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter a real UK postcode on the last line of the address" in summary
    assert page.locator("#parent_name").input_value() == "Grace Okafor"  # nothing typed is lost
    tab_to(page, "#parent_postal_address")
    page.keyboard.press("Control+End")
    page.keyboard.type("\nME14 1XX")
    press(page, "Continue")

    choose(page, "input[name=needs][value=none]")
    press(page, "Continue")
    fill(page, "#needs", "Speech and language delay")
    fill(page, "#current_support", "Speech therapy twice a term")
    fill(page, "#support_tried", "Small group work")
    press(page, "Continue")
    fill(page, "#hopes", "A plan with speech therapy")
    press(page, "Continue")
    press(page, "Continue")  # no professionals
    press(page, "Continue")  # no evidence
    choose(page, "#consent")
    choose(page, "#declaration")
    press(page, "Continue")
    assert heading(page) == "Check your answers before sending your request"
    parent = page.locator("h2:has-text('Their parent or carer') + dl").inner_text()
    assert "Grace Okafor" in parent and MOTHER in parent and "ME14 1XX" in parent
    assert page.locator("a[href*='parent-contact?change=yes']").count() == 5
    press(page, "Send request")
    assert heading(page) == "Request sent"
    return page.locator(".govuk-panel strong").inner_text()


@pytest.mark.browser
def test_a_schools_request_tells_the_parent_by_post_with_the_keyboard_alone(live, browser):
    from service.db import db
    from service.models import Case, OutboxMessage
    from tests.factories import make_staff

    with live.app.app_context():
        make_staff("caseworker", email=CASEWORKER, password=PASSWORD)
    narrow = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 800})
    wide = browser.new_context(java_script_enabled=False, viewport={"width": 768, "height": 1000})
    try:
        page = narrow.new_page()
        reference = _school_asks(page, live)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
        with live.app.app_context():
            case = db.session.exec(select(Case).where(Case.reference == reference)).one()
            letter = db.session.exec(
                select(OutboxMessage).where(col(OutboxMessage.case_id) == case.id, OutboxMessage.channel == "letter")
            ).one()
            assert (letter.template, letter.recipient) == ("request_received", "Grace Okafor")
            case_id = case.id

        # the mother signs in with the email the school gave and sees the request
        mother = narrow.new_page()
        family_signs_in(live, mother, MOTHER)
        assert reference in mother.locator("main").inner_text()

        council = wide.new_page()
        staff_signs_in(live, council)
        council.goto(live(f"/staff/cases/{case_id}"))
        main = council.locator("main").inner_text()
        assert "Parent or carer" in main and "Grace Okafor" in main
        letters = council.locator("#letters").inner_text()
        assert "We received your request" in letters and "To Grace Okafor" in letters
        assert council.evaluate("() => document.documentElement.scrollWidth") <= 768
    finally:
        narrow.close()
        wide.close()
