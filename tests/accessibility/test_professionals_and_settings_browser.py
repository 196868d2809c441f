"""Issue 14's 'done means' in real Chromium, with the keyboard alone and without JavaScript, with the demo
school (River Primary School, URN 118393) and its SENCO: a caseworker asks the school for advice on a case
with a plan; the SENCO signs in, adds a need, an outcome and provision with all five elements, and sends it;
the caseworker adds it to the draft plan, issues the draft, finds the school in the settings register and
puts it on the child's tailored list; the family states it as their first preference; the caseworker
consults the school on the draft; the SENCO answers that it can meet the needs; and the caseworker names
it in section I."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest

from tests.accessibility.journey import (
    banner,
    enter_date,
    family_signs_in,
    press,
    professional_signs_in,
    staff_signs_in,
)
from tests.accessibility.keyboard import choose, choose_radio, fill, follow, heading, latest_message, tab_to
from tests.accessibility.pages_advice import SENCO, school_and_senco

FAMILY = "zara.family@example.com"
RIVER = 118393


def _seed(live) -> dict:
    from service.data import settings as settings_data
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
            current_setting_name="River Primary School",
            current_setting_urn=RIVER,
        )
        school, _ = school_and_senco()
        river = settings_data.setting_by_urn(case.local_authority_id, RIVER)
        assert river is not None  # the demo loads the demo school's row of the register
        db.session.expunge_all()
        return {"case": case.id, "school": school.id, "river": river.id}


@pytest.mark.browser
def test_advice_then_a_setting_chosen_consulted_and_named_with_the_keyboard_alone(live, browser):
    data = _seed(live)
    case_id = data["case"]
    council_context = browser.new_context(java_script_enabled=False)
    school_context = browser.new_context(java_script_enabled=False)
    family_context = browser.new_context(java_script_enabled=False)
    try:
        council = council_context.new_page()
        staff_signs_in(live, council)
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
        assert "River Primary School has been asked for advice" in banner(council)
        link = latest_message(live, SENCO, "advice_requested")["link"]
        base = urlsplit(link).path

        # The SENCO signs in, writes a need, an outcome and provision, and sends it.
        school = school_context.new_page()
        professional_signs_in(live, school, SENCO)
        school.goto(live(base))
        assert "What Zara needs to read with confidence" in school.locator("main").inner_text()
        follow(school, f'a[href="{base}/needs/new"]')
        choose_radio(school, "area", "cognition_learning")
        fill(school, "#description", "Zara reads about two years below what is expected for her age.")
        fill(school, "#impact", "She cannot read classroom instructions on her own.")
        press(school, "Save")
        assert "Need 1 added" in banner(school)
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
        assert "Provision 1 added" in banner(school)
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
            in banner(council)
        )
        council.goto(live(f"/staff/cases/{case_id}/plan/sections/f"))
        text = council.locator("main").inner_text()
        assert "A structured synthetic phonics programme, delivered one to one." in text
        assert "4 times a week" in text and "20 minutes" in text

        # The caseworker issues the draft (the areas with nothing written yet are flagged: a reason is given).
        plan = f"/staff/cases/{case_id}/plan"
        council.goto(live(plan))
        follow(council, f'a[href="{plan}/issue/draft"]')
        enter_date(council, "on", date.today())
        fill(
            council,
            "#override_reason",
            "The other areas are agreed at Friday's meeting; the family asked to see it now.",
        )
        press(council, "Issue")
        assert "Draft 1 issued on" in banner(council)

        # The caseworker finds the school in the register and puts it on Zara's tailored list.
        tab = f"/staff/cases/{case_id}/settings-list"
        council.goto(live(f"/staff/cases/{case_id}"))
        follow(council, f'a[href="{tab}"]')
        follow(council, f'a[href="{tab}/find"]')
        assert heading(council) == "Find settings for Zara"
        fill(council, "#name", "River Primary")
        press(council, "Apply filters")
        press(council, "Add River Primary School to the list")
        assert "River Primary School added to the list" in banner(council)
        press(council, "Tell the family the list is ready")

        # The family states the school as their first preference.
        parent = family_context.new_page()
        family_signs_in(live, parent, FAMILY)
        parent.goto(live(f"/your-cases/{case_id}"))
        follow(parent, f'a[href="/your-cases/{case_id}/settings"]')
        assert "River Primary School" in parent.locator("main").inner_text()
        choose_radio(parent, "choice_1", str(data["river"]))
        press(parent, "Continue", limit=200)
        assert heading(parent) == "Check your preferences before sending them"
        press(parent, "Send preferences")
        assert heading(parent) == "Preferences sent"

        # The caseworker consults the school; the SENCO answers within the 15 days.
        council.goto(live(tab))
        follow(council, f'a[href="/staff/cases/{case_id}/consultations/new"]')
        choose_radio(council, "setting", str(data["river"]))
        fill(council, "#message", "Please look at the reading provision in section F.")
        press(council, "Send the draft plan")
        assert "should answer by" in banner(council)
        consultation = council.url.rsplit("/", 1)[1]
        school.goto(live("/professional/"))
        follow(school, f'a[href="/professional/consultations/{consultation}"]')
        assert "A structured synthetic phonics programme" in school.locator("main").inner_text()  # the draft sent
        choose_radio(school, "can_meet", "yes")
        fill(school, "#would_need", "Training for one more teaching assistant.")
        press(school, "Send", limit=300)
        assert heading(school) == "Answer sent"

        # The caseworker names the school in section I.
        council.goto(live(f"/staff/cases/{case_id}/consultations/{consultation}"))
        assert "Can meet needs" in council.locator("main").inner_text()
        follow(council, f'a[href="/staff/cases/{case_id}/consultations/{consultation}/decision"]')
        choose_radio(council, "decision", "named")
        choose_radio(council, "attendance", "day")
        press(council, "Save the decision")
        assert "named in section I" in banner(council)
        parent.goto(live(f"/your-cases/{case_id}/settings"))
        assert "The council will name River Primary School in the final plan." in parent.locator("main").inner_text()
    finally:
        council_context.close()
        school_context.close()
        family_context.close()
    with live.app.app_context():
        from service.data import plans
        from service.db import db
        from service.models import Case

        placement = plans.working(plans.plan_for_case(db.session.get(Case, case_id)))["placement"]
        assert (placement["name"], placement["urn"], placement["attendance"]) == (
            "River Primary School",
            str(RIVER),
            "day",
        )
