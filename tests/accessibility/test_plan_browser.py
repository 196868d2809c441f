"""Issue 13's 'done means' in real Chromium, with the keyboard alone and without JavaScript: a caseworker
writes a plan for a case the council decided to issue, and issues the draft; the family reads it and
comments on two sections; the caseworker answers both and issues the final plan; and the caseworker and
the family see the same versions and download the same JSON."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.accessibility.journey import banner, enter_date, family_signs_in, press, staff_signs_in
from tests.accessibility.keyboard import choose, choose_radio, fill, follow, tab_to

FAMILY = "parent@example.com"


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
            requester_email=FAMILY,
            requester_name="Demo Parent",
            hopes="We want Zara to read with confidence and enjoy school again.",
        )
        db.session.expunge_all()
        return {"case": case.id, "reference": case.reference}


def _download_json(page, selector: str) -> dict:
    tab_to(page, selector)
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    return json.loads(Path(download.value.path()).read_text(encoding="utf-8"))


def _write_the_plan(page, case_id: int) -> None:
    plan = f"/staff/cases/{case_id}/plan"
    follow(page, f'a[href="{plan}"]')
    press(page, "Start the plan")
    follow(page, f'a[href="{plan}/sections/b"]')
    follow(page, f'a[href="{plan}/sections/b/items/new"]')
    choose_radio(page, "area", "cognition_learning")
    fill(page, "#description", "Zara reads about two years below what is expected for her age.")
    fill(page, "#impact", "She cannot read classroom instructions or worksheets on her own.")
    press(page, "Save")
    assert "Need 1" in page.locator("main").inner_text()

    page.goto(f"{page.url.split('/staff/')[0]}{plan}/sections/e")
    follow(page, f'a[href="{plan}/sections/e/items/new"]')
    fill(page, "#statement", "By July 2027 Zara will read a book banded for her age with 90% accuracy.")
    fill(page, "#measure", "Termly reading assessment by the class teacher.")
    fill(page, "#by_when", "End of year 4")
    choose(page, 'input[name="need_ids"][value="need-1"]')
    press(page, "Save")

    page.goto(f"{page.url.split('/staff/')[0]}{plan}/sections/f")
    follow(page, f'a[href="{plan}/sections/f/items/new"]')
    fill(page, "#what", "A structured synthetic phonics programme, delivered one to one.")
    fill(page, "#who", "Teaching assistant")
    fill(page, "#qualification", "Trained in the programme by the SENCO")
    fill(page, "#ratio_staff", "1")
    fill(page, "#ratio_children", "1")
    fill(page, "#times", "4")
    choose_radio(page, "per", "week")
    press(page, "Save")  # no length given: a specific GOV.UK error, and nothing typed is lost
    assert page.title().startswith("Error: ")
    assert "Enter how long each session lasts in minutes" in page.locator(".govuk-error-summary").inner_text()
    assert page.locator("#what").input_value().startswith("A structured synthetic phonics programme")
    fill(page, "#minutes", "20")
    choose(page, 'input[name="need_ids"][value="need-1"]')
    choose(page, 'input[name="outcome_ids"][value="outcome-1"]')
    press(page, "Save")
    assert "Provision 1" in page.locator("main").inner_text()


@pytest.mark.browser
def test_a_plan_is_written_commented_on_answered_and_made_final_with_the_keyboard_alone(live, browser):
    data = _seed(live)
    case_id = data["case"]
    plan = f"/staff/cases/{case_id}/plan"
    today = date.today()
    staff = browser.new_context(java_script_enabled=False)
    family = browser.new_context(java_script_enabled=False)
    try:
        council = staff.new_page()
        staff_signs_in(live, council)
        council.goto(live(f"/staff/cases/{case_id}"))
        _write_the_plan(council, case_id)

        # The caseworker issues the draft. Areas with nothing written are flagged, so a reason is needed.
        council.goto(live(plan))
        follow(council, f'a[href="{plan}/issue/draft"]')
        enter_date(council, "on", today)
        press(council, "Issue")
        assert (
            "Enter why you are issuing the plan with these problems"
            in council.locator(".govuk-error-summary").inner_text()
        )
        fill(
            council,
            "#override_reason",
            "The other areas are agreed at the meeting on Friday; the family asked to see the draft now.",
        )
        press(council, "Issue")
        assert "Draft 1 issued on" in banner(council)

        # The family reads the draft and comments on sections B and F.
        parent = family.new_page()
        family_signs_in(live, parent, FAMILY)
        follow(parent, f'a[href="/your-cases/{case_id}"]')
        follow(parent, f'a[href="/your-cases/{case_id}/plan"]')
        text = parent.locator("main").inner_text()
        assert "You have until" in text and "to comment" in text
        assert "A structured synthetic phonics programme" in text
        for section, words in (
            ("b", "Zara also finds it hard to write her ideas down: please add this need."),
            ("f", "Please say the phonics sessions happen at the start of the school day."),
        ):
            follow(parent, f'a[href="/your-cases/{case_id}/plan/versions/1/sections/{section}/comment"]')
            choose_radio(parent, "kind", "change")
            fill(parent, "#text", words)
            press(parent, "Send comment")
            assert "comment" in banner(parent).lower()

        # The caseworker answers both comments.
        council.goto(live(plan))
        follow(council, f'a[href="{plan}/comments"]')
        links = council.locator(f'a[href^="{plan}/comments/"]')
        hrefs = sorted({links.nth(i).get_attribute("href") for i in range(links.count())})
        assert len(hrefs) == 2
        for href, (response, reason) in zip(
            hrefs, (("changed", ""), ("not_changed", "The school sets the timetable each term.")), strict=True
        ):
            follow(council, f'a[href="{href}"]')
            choose_radio(council, "response", response)
            if reason:
                fill(council, "#reason", reason)
            press(council, "Save response")

        # Fifteen days pass (the final plan cannot be issued before the family's window ends): the test
        # moves the draft's service date back instead of waiting.
        with live.app.app_context():
            from service.db import db
            from service.models import Case

            row = db.session.get(Case, case_id)
            row.draft_served_on = today - timedelta(days=16)
            db.session.commit()

        council.goto(live(f"{plan}/sections/i"))
        fill(council, "#name", "Oak Hill Primary School")
        fill(council, "#type", "Maintained mainstream primary school")
        choose_radio(council, "attendance", "day")
        press(council, "Save")
        council.goto(live(plan))
        follow(council, f'a[href="{plan}/issue/final"]')
        enter_date(council, "on", today)
        fill(council, "#override_reason", "Agreed with the family at the meeting.")
        press(council, "Issue")
        assert "Final issued on" in banner(council)

        # The family sees the council's answers, and both see the same versions and the same JSON.
        parent.goto(live(f"/your-cases/{case_id}/plan/comments"))
        answers = parent.locator("main").inner_text()
        assert "The council changed the plan" in answers
        assert "The school sets the timetable each term." in answers

        council.goto(live(f"{plan}/versions"))
        parent.goto(live(f"/your-cases/{case_id}/plan/versions"))
        for page in (council, parent):
            listed = page.locator("main").inner_text()
            assert "Draft 1" in listed and "Final" in listed
        staff_json = _download_json(council, f'a[href="{plan}/versions/2/plan.json"]')
        parent.goto(live(f"/your-cases/{case_id}/plan"))  # the latest version's page offers its data
        family_json = _download_json(parent, f'a[href="/your-cases/{case_id}/plan/versions/2/plan.json"]')
        assert staff_json == family_json
        assert staff_json["plan"]["label"] == "Final"
        assert staff_json["placement"]["name"] == "Oak Hill Primary School"

        from service.domain.ehcp.document import validation_errors

        assert validation_errors(staff_json) == []
    finally:
        staff.close()
        family.close()
