"""Issue 14's advice 'done means' in real Chromium, with the keyboard alone and without JavaScript: a
caseworker asks the demo school for advice on a case with a plan; the SENCO signs in, adds a need, an
outcome and provision with all five elements, and sends it; the caseworker adds it to the draft plan and
sees the provision in section F."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest

from tests.accessibility.keyboard import choose, choose_radio, fill, follow, heading, latest_message, tab_to
from tests.accessibility.pages_advice import SENCO, school_and_senco
from tests.accessibility.test_plan_browser import press

CASEWORKER = "kent.caseworker@example.gov.uk"
PASSWORD = "demo password 2026"


def _seed(live) -> dict:
    from service.db import db
    from service.demo import seed_demo
    from tests.factories import make_case

    today = date.today()
    with live.app.app_context():
        seed_demo(today)
        case = make_case(
            received_on=today - timedelta(weeks=14),
            stage="assessing",
            decision_to_assess_on=today - timedelta(weeks=10),
            decided_to_issue=True,
            decision_to_issue_on=today - timedelta(days=3),
            child_first_name="Zara",
            child_last_name="Okafor",
        )
        school, _ = school_and_senco()
        db.session.expunge_all()
        return {"case": case.id, "school": school.id}


def _staff_signs_in(live, page) -> None:
    page.goto(live("/staff/sign-in"))
    fill(page, "#email", CASEWORKER)
    fill(page, "#password", PASSWORD)
    press(page, "Continue")
    fill(page, "#code", latest_message(live, CASEWORKER, "staff_sign_in_code")["code"])
    press(page, "Continue")
    assert heading(page) == "Cases"


def _senco_signs_in(live, page) -> None:
    page.goto(live("/professional/sign-in"))
    fill(page, "#email", SENCO)
    press(page, "Continue")
    fill(page, "#code", latest_message(live, SENCO, "professional_sign_in_code")["code"])
    press(page, "Continue")


def _banner(page) -> str:
    return page.locator(".govuk-notification-banner").inner_text()


@pytest.mark.browser
def test_advice_is_asked_written_sent_and_added_to_the_draft_plan_with_the_keyboard_alone(live, browser):
    data = _seed(live)
    case_id = data["case"]
    council_context = browser.new_context(java_script_enabled=False)
    school_context = browser.new_context(java_script_enabled=False)
    try:
        council = council_context.new_page()
        _staff_signs_in(live, council)
        council.goto(live(f"/staff/cases/{case_id}/plan"))
        press(council, "Start the plan")

        # The caseworker asks the demo school for advice, in the service.
        council.goto(live(f"/staff/cases/{case_id}/advice/new"))
        choose_radio(council, "kind", "setting")
        choose_radio(council, "where", "service")
        tab_to(council, "#organisation_id")
        council.keyboard.type("River Primary")
        assert council.locator("#organisation_id").input_value() == str(data["school"])
        fill(council, "#asked", "What Zara needs to read with confidence, and the support that works for her.")
        press(council, "Save")
        assert "River Primary School has been asked for advice" in _banner(council)
        link = latest_message(live, SENCO, "advice_requested")["link"]
        base = urlsplit(link).path

        # The SENCO signs in, writes a need, an outcome and provision, and sends it.
        school = school_context.new_page()
        _senco_signs_in(live, school)
        school.goto(live(base))
        assert "What Zara needs to read with confidence" in school.locator("main").inner_text()
        follow(school, f'a[href="{base}/needs/new"]')
        choose_radio(school, "area", "cognition_learning")
        fill(school, "#description", "Zara reads about two years below what is expected for her age.")
        fill(school, "#impact", "She cannot read classroom instructions on her own.")
        press(school, "Save")
        assert "Need 1 added" in _banner(school)
        follow(school, f'a[href="{base}/outcomes/new"]')
        fill(school, "#statement", "Zara reads a book banded for her age with 90% accuracy.")
        fill(school, "#measure", "Termly reading assessment by the class teacher.")
        fill(school, "#by_when", "End of year 4")
        choose(school, 'input[name="need_ids"][value="need-1"]')
        press(school, "Save")
        follow(school, f'a[href="{base}/provision/new"]')
        choose_radio(school, "section", "f")
        fill(school, "#what", "A structured synthetic phonics programme, delivered one to one.")
        fill(school, "#who", "Teaching assistant")
        fill(school, "#qualification", "Trained in the programme by the SENCO")
        fill(school, "#ratio_staff", "1")
        fill(school, "#ratio_children", "1")
        fill(school, "#times", "4")
        choose_radio(school, "per", "week")
        press(school, "Save")  # no length given: a GOV.UK error, and nothing typed is lost
        assert school.title().startswith("Error: ")
        assert "Enter how long each session lasts in minutes" in school.locator(".govuk-error-summary").inner_text()
        assert school.locator("#what").input_value().startswith("A structured synthetic phonics programme")
        fill(school, "#minutes", "20")
        choose(school, 'input[name="need_ids"][value="need-1"]')
        choose(school, 'input[name="outcome_ids"][value="outcome-1"]')
        press(school, "Save")
        assert "Provision 1 added" in _banner(school)
        follow(school, f'a[href="{base}/check"]')
        assert heading(school) == "Check your advice and send it"
        press(school, "Send advice to Kent")
        assert heading(school) == "Advice sent"

        # The caseworker reads it and adds it to the draft plan.
        council.goto(live(f"/staff/cases/{case_id}/timeline"))
        advice_id = base.rsplit("/", 1)[1]
        follow(council, f'a[href="/staff/cases/{case_id}/advice/{advice_id}"]')
        assert "A structured synthetic phonics programme" in council.locator("main").inner_text()
        press(council, "Add this advice to the draft plan")
        assert (
            "Added 1 need, 1 outcome and 1 provision item from River Primary School's advice to the draft plan"
            in _banner(council)
        )
        council.goto(live(f"/staff/cases/{case_id}/plan/sections/f"))
        text = council.locator("main").inner_text()
        assert "A structured synthetic phonics programme, delivered one to one." in text
        assert "4 times a week" in text and "20 minutes" in text
    finally:
        council_context.close()
        school_context.close()
