"""Issue 14's 'done means' for choosing a setting, in real Chromium with the keyboard alone and without
JavaScript: the caseworker builds the child's tailored list and tells the family; the family states a
preference; the caseworker consults the school on the draft plan; the SENCO answers; the caseworker
names the school, which section I of the plan then holds."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.accessibility.journey import banner, family_signs_in, press, professional_signs_in, staff_signs_in
from tests.accessibility.keyboard import choose_radio, fill, follow, heading

FAMILY = "nia.family@example.com"
SENCO = "senco@brook.example.org"
BROOK = 990011


def _seed(live) -> dict:
    from service.db import db
    from service.demo import seed_demo
    from service.models import Setting
    from tests.factories import make_organisation, make_professional
    from tests.integration.plan_family.plans import planned_case

    with live.app.app_context():
        seed_demo(date.today())
        case, _, _ = planned_case(email=FAMILY, child_first_name="Nia", child_last_name="Adeyemi")
        brook = Setting(name="Brook Primary School", urn=BROOK, type_name="Community school", town="Ashford")
        db.session.add(brook)
        db.session.commit()
        make_professional(make_organisation(name="Brook Primary School", urn=BROOK), email=SENCO, name="Rae Okoro")
        values = {"case": case.id, "brook": brook.id}
        db.session.expunge_all()
        return values


@pytest.mark.browser
def test_a_school_is_listed_preferred_consulted_answers_and_is_named_with_the_keyboard_alone(live, browser):
    data = _seed(live)
    case_id = data["case"]
    tab = f"/staff/cases/{case_id}/settings-list"
    contexts = [browser.new_context(java_script_enabled=False) for _ in range(3)]
    staff, family, school = contexts
    try:
        council = staff.new_page()
        staff_signs_in(live, council)
        council.goto(live(f"/staff/cases/{case_id}"))
        follow(council, f'a[href="{tab}"]')
        fill(council, "#urn", "123456")
        press(council, "Add to the list")
        assert "There is no setting with URN 123456" in council.locator(".govuk-error-summary").inner_text()
        fill(council, "#urn", str(BROOK))
        fill(council, "#reason", "A speech and language unit with a therapist every day.")
        press(council, "Add to the list")
        assert "Brook Primary School added to the list" in banner(council)
        press(council, "Tell the family the list is ready")

        parent = family.new_page()
        family_signs_in(live, parent, FAMILY)
        parent.goto(live(f"/your-cases/{case_id}"))
        follow(parent, f'a[href="/your-cases/{case_id}/settings"]')
        assert "A speech and language unit" in parent.locator("main").inner_text()
        press(parent, "Continue")
        assert "Select your first choice" in parent.locator(".govuk-error-summary").inner_text()
        choose_radio(parent, "choice_1", str(data["brook"]))
        press(parent, "Continue", limit=200)
        assert heading(parent) == "Check your preferences before sending them"
        press(parent, "Send preferences")
        assert heading(parent) == "Preferences sent"

        council.goto(live(tab))
        assert "Brook Primary School" in council.locator("ol").inner_text()
        follow(council, f'a[href="/staff/cases/{case_id}/consultations/new"]')
        choose_radio(council, "setting", str(data["brook"]))
        fill(council, "#message", "Please look at the speech and language provision in section F.")
        press(council, "Send the draft plan")
        assert "should answer by" in banner(council)
        consultation = council.url.rsplit("/", 1)[1]

        senco = school.new_page()
        professional_signs_in(live, senco, SENCO)
        senco.goto(live(f"/professional/consultations/{consultation}"))
        due = date.today() + timedelta(days=14)
        assert f"Answer by {due.day} {due:%B %Y}" in senco.locator("main").inner_text()
        choose_radio(senco, "can_meet", "yes")
        fill(senco, "#would_need", "Training for two teaching assistants.")
        press(senco, "Send", limit=300)
        assert heading(senco) == "Answer sent"

        council.goto(live(f"/staff/cases/{case_id}/consultations/{consultation}"))
        assert "Can meet needs" in council.locator("main").inner_text()
        follow(council, f'a[href="/staff/cases/{case_id}/consultations/{consultation}/decision"]')
        choose_radio(council, "decision", "named")
        choose_radio(council, "attendance", "day")
        press(council, "Save the decision")
        assert "named in section I" in banner(council)

        parent.goto(live(f"/your-cases/{case_id}/settings"))
        assert "The council will name Brook Primary School in the final plan." in parent.locator("main").inner_text()
    finally:
        for context in contexts:
            context.close()
    with live.app.app_context():
        from service.data import plans
        from service.db import db
        from service.models import Case

        placement = plans.working(plans.plan_for_case(db.session.get(Case, case_id)))["placement"]
        assert (placement["name"], placement["urn"], placement["attendance"]) == (
            "Brook Primary School", str(BROOK), "day",
        )  # fmt: skip
