"""The family's request for mediation in real Chromium with the keyboard alone, with and without
JavaScript: from the demo family's decision-not-to-assess case (Maya) through every page, an error,
a change from check answers, to the sent page with the case reference and the clock's dates."""

from datetime import date

import pytest
from sqlmodel import select

from tests.accessibility.keyboard import choose, fill, follow, heading, latest_message, press_button

FAMILY = "parent@example.com"


def _seed(live) -> dict:
    from service.db import db
    from service.demo import seed_demo
    from service.models import Case

    with live.app.app_context():
        seed_demo(date.today())
        maya = db.session.exec(select(Case).where(Case.child_first_name == "Maya")).one()
        return {"id": maya.id, "reference": maya.reference}


def _code(live) -> str:
    return latest_message(live, FAMILY, "family_sign_in_link")["code"]


def _rows(page) -> dict[str, str]:
    keys = page.locator(".govuk-summary-list__key").all_inner_texts()
    values = page.locator(".govuk-summary-list__value").all_inner_texts()
    return {" ".join(k.split()): " ".join(v.split()) for k, v in zip(keys, values, strict=True)}


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_a_family_asks_for_mediation_with_the_keyboard_alone(live, browser, javascript):
    maya = _seed(live)
    base = f"/your-cases/{maya['id']}/disagree"
    context = browser.new_context(java_script_enabled=javascript)
    try:
        page = context.new_page()
        page.goto(live("/sign-in"))
        fill(page, "#email", FAMILY)
        press_button(page, "Continue")
        fill(page, "#code", _code(live))
        press_button(page, "Continue")
        assert heading(page) == "Your requests and plans"

        follow(page, f'a[href="/your-cases/{maya["id"]}"]')
        assert heading(page) == "Maya's request"
        follow(page, f'a[href="{base}"]')
        assert heading(page) == "Request mediation or a mediation certificate"
        main = page.locator("main").inner_text()
        assert "The council decided not to carry out an education, health and care (EHC) needs assessment" in main
        assert "To appeal, contact the mediation adviser by" in main

        follow(page, f'a.govuk-button[href="{base}/mediation-or-certificate"]')
        assert heading(page) == "Do you want to try mediation, or get a mediation certificate only?"
        press_button(page, "Continue")
        assert page.title().startswith("Error: ")
        assert "Select if you want to try mediation or get a mediation certificate only" in (
            page.locator(".govuk-error-summary").inner_text()
        )
        choose(page, "#wants")  # the first radio: try mediation
        press_button(page, "Continue")

        assert heading(page) == "Arranging mediation"
        fill(page, "#availability", "Weekday mornings")
        fill(page, "#access_needs", "Step-free access")
        press_button(page, "Continue")

        assert heading(page) == "Check your answers before sending your request"
        assert _rows(page)["What you want"] == "Try mediation with the council"
        follow(page, f'a[href="{base}/arranging-mediation?change=yes"]')
        assert heading(page) == "Arranging mediation"
        assert page.locator("#availability").input_value() == "Weekday mornings"
        fill(page, "#attendees", "My partner")
        press_button(page, "Continue")
        assert heading(page) == "Check your answers before sending your request"
        rows = _rows(page)
        assert rows["When you are available"] == "Weekday mornings"
        assert rows["Who will come with you"] == "My partner"

        press_button(page, "Send request")
        assert page.locator(".govuk-panel__title").inner_text().strip() == "Request sent"
        assert maya["reference"] in page.locator(".govuk-panel").inner_text()
        main = page.locator("main").inner_text()
        assert "The council must arrange mediation to take place by" in main
        assert "You can appeal to the SEND Tribunal by 5pm on" in main

        from service.db import db
        from service.models import Disagreement

        with live.app.app_context():
            d = db.session.exec(select(Disagreement)).one()
            assert (d.wants_mediation, d.availability, d.access_needs, d.attendees) == (
                True,
                "Weekday mornings",
                "Step-free access",
                "My partner",
            )

        # the same request again leads to the one already sent
        page.goto(live(base))
        assert heading(page) == "Your mediation request"
    finally:
        context.close()
