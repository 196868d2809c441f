"""Issue 20 item 4: keyboard-and-reader walks of the three main journeys in Chromium, keyboard only (Tab,
Shift+Tab, Enter, Space and the arrow keys; text typed only into the focused field), asserting at each
step what a screen reader announces when the focus arrives: the role and accessible name (and, where it
matters, the description: a hint or an error) of the focused element, from Chromium's accessibility tree
(tests/accessibility/reader.py). One browser context a walk, with JavaScript, no sweeps.

1. A family requests an assessment: the start page to "Request sent".
2. A caseworker records a decision: the caseload, the case, "Record a decision or step", the decision, the
   success banner.
3. A family comments on a draft plan: their case, the plan, a section's "Comment", the comment, the banner.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from tests.accessibility.reader import focused, focused_group, tab_until
from tests.accessibility.signed_in import sign_in_as


def _loaded(page, title: str) -> None:
    """A new page: its title is read first; the first Tab reaches the skip link."""
    assert page.title().startswith(title), page.title()
    page.keyboard.press("Tab")
    said = focused(page)
    assert (said.role, said.name) == ("link", "Skip to main content"), said


def _type(page, role: str, name, text: str, description: str | None = None) -> None:
    tab_until(page, role, name)
    if description is not None:
        assert description in focused(page).description, focused(page)
    page.keyboard.type(text)


def _enter(page, role: str, name) -> None:
    tab_until(page, role, name)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _tick(page, name) -> None:
    tab_until(page, "checkbox", name)
    page.keyboard.press("Space")
    assert page.evaluate("() => document.activeElement.checked")


def _radio(page, first, wanted, limit: int = 12) -> None:
    """Tab into a radio group (announced as its first radio), then the arrow keys to `wanted`, each radio
    announced on the way (the arrow keys select it)."""
    tab_until(page, "radio", first)
    for _ in range(limit):
        said = focused(page)
        assert said.role == "radio", said
        if re.fullmatch(wanted, said.name) if isinstance(wanted, str) else wanted.fullmatch(said.name):
            if not page.evaluate("() => document.activeElement.checked"):
                page.keyboard.press("Space")
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"the arrow keys never reached the radio {wanted!r}")


def _banner_focused(page, message: str) -> None:
    """With JavaScript govuk-frontend focuses the success banner: an alert named "Success", read with its message."""
    for _ in range(20):
        said = focused(page)
        if said.role == "alert":
            break
        page.wait_for_timeout(100)
    assert (said.role, said.name) == ("alert", "Success"), said
    assert message in said.text, said


def _continue(page, title: str, name: str = "Continue") -> None:
    _enter(page, "button", name)
    _loaded(page, title)


@pytest.mark.browser
def test_a_family_requests_an_assessment_with_the_keyboard_and_a_reader(live, browser):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(live("/"))
        _loaded(page, "Ask your council for an education, health and care (EHC) needs assessment")
        _enter(page, "button", "Start now")  # a link styled and announced as a button (GOV.UK start button)
        _loaded(page, "Who is making the request?")
        _radio(
            page,
            "I am a parent or carer of the child or young person",
            "I am a parent or carer of the child or young person",
        )
        _continue(page, "What is the child or young person's name?")
        _type(page, "textbox", "First name", "Amara")
        _type(page, "textbox", "Last name", "Okafor")
        page.keyboard.press("Shift+Tab")  # back a field: announced again with what was typed
        assert (focused(page).role, focused(page).name, focused(page).text) == ("textbox", "First name", "Amara")
        _continue(page, "What is their date of birth?")
        _type(page, "textbox", "Day", "14")
        _type(page, "textbox", "Month", "3")
        _type(page, "textbox", "Year", "2017")
        _continue(page, "What is their home address?")
        _type(page, "textbox", re.compile(r"Address line 1.*"), "1 High Street")
        _type(page, "textbox", re.compile(r"Town or city.*"), "Maidstone")
        _type(page, "textbox", "Postcode", "ME14 1XX")
        _continue(page, "Is this the right council")
        _radio(page, "Yes", "Yes")
        _continue(page, "Their school, nursery or college")
        _radio(page, "School", "School")
        _type(page, "textbox", "Name of the school, nursery or college (if they go to one)", "Oak Primary School")
        _continue(page, "Your details")
        _type(page, "textbox", "Your full name", "Chidi Okafor")
        _type(
            page,
            "textbox",
            "Your relationship to the child or young person",
            "Father",
            "For example, mother, foster carer or SENCO",
        )
        _continue(page, "How can the council contact you?")
        _type(page, "textbox", "Email address", "parent@example.com")
        _radio(page, "Email", "Email")
        _continue(page, "Do you need any help to communicate with the council?")
        _tick(page, re.compile(r"No.*|None.*|I do not need.*"))
        _continue(page, "Their needs and support")
        _type(page, "textbox", re.compile(r".*needs.*"), "Speech and language delay")
        _type(page, "textbox", re.compile(r".*support.*"), "Speech therapy twice a term")
        _type(page, "textbox", re.compile(r".*tried.*"), "Small group work")
        _continue(page, "Hopes and views")
        _type(page, "textbox", re.compile(r".*hope.*", re.I), "A plan with speech therapy")
        _continue(page, "Which professionals are involved?")
        _continue(page, "Upload evidence")
        _continue(page, "Sharing information and declaration")
        _tick(page, re.compile(r".*share.*", re.I))
        _tick(page, re.compile(r".*correct.*", re.I))
        _continue(page, "Check your answers before sending your request")
        _enter(page, "button", "Send request")
        assert page.title().startswith("Request sent")
        assert page.get_by_role("heading", level=1).inner_text().startswith("Request sent")
    finally:
        context.close()


def _banner_focused(page, message: str) -> None:
    """With JavaScript govuk-frontend focuses the success banner: an alert named "Success", read with its message."""
    for _ in range(20):
        said = focused(page)
        if said.role == "alert":
            break
        page.wait_for_timeout(100)
    assert (said.role, said.name) == ("alert", "Success"), said
    assert message in said.text, said


@pytest.mark.browser
def test_a_caseworker_records_a_decision_with_the_keyboard_and_a_reader(live, browser):
    from tests.factories import make_case, make_staff

    with live.app.app_context():
        user_id = make_staff("caseworker", name="Sam Patel").id
        case = make_case(
            received_on=date.today() - timedelta(days=20), child_first_name="Amara", child_last_name="Bello"
        )
        case_id, reference = case.id, case.reference
    decided = date.today() - timedelta(days=1)
    context = browser.new_context()
    try:
        page = context.new_page()
        sign_in_as(page, live, f"staff:{user_id}")
        page.goto(live("/staff/cases"))
        _loaded(page, "Cases")
        _enter(page, "link", re.compile(rf".*(Amara|{reference}).*"))
        _loaded(page, "")
        assert page.url.endswith(f"/staff/cases/{case_id}")
        _enter(page, "button", "Record a decision or step")
        _loaded(page, "Record a decision or step")
        _enter(page, "button", "Continue")  # nothing chosen: the error summary takes the focus
        assert page.title().startswith("Error: Record a decision or step")
        said = focused(page)
        # govuk-frontend focuses the summary's box, which holds its role="alert": read with its content.
        assert page.evaluate("() => document.activeElement.querySelector('[role=alert]') !== null"), said
        assert said.text.startswith("There is a problem") and "Select what the council decided" in said.text, said
        tab_until(page, "link", "Select what the council decided")  # the summary's link to the question
        page.keyboard.press("Enter")  # govuk-frontend moves the focus to the question's first radio
        assert (focused(page).role, focused(page).name) == ("radio", "Decided to assess"), focused(page)
        group = focused_group(page)  # the question, with its error, is read on entering the group
        assert (group.role, group.name) == ("group", "What did the council decide?"), group
        assert group.description == (
            "You will then be asked only for what that decision or step needs. Error: Select what the council decided"
        ), group
        page.keyboard.press("Shift+Tab")
        _radio(page, re.compile(".+"), re.compile(r".*not to assess.*", re.I))
        _continue(page, "Record the decision not to assess")
        _type(page, "textbox", "Day", str(decided.day))
        _type(page, "textbox", "Month", str(decided.month))
        _type(page, "textbox", "Year", str(decided.year))
        _type(page, "textbox", re.compile(r".*[Rr]easons.*"), "The school can meet the needs from its own resources")
        _enter(page, "button", "Save")
        _banner_focused(page, "Saved: Decided not to assess")
    finally:
        context.close()


@pytest.mark.browser
def test_a_family_comments_on_a_draft_plan_with_the_keyboard_and_a_reader(live, browser):
    from tests.integration.plan_family.plans import planned_case

    email = "leo.family@example.com"
    with live.app.app_context():
        case, _, _ = planned_case(email=email)
        case_id = case.id
    context = browser.new_context()
    try:
        page = context.new_page()
        sign_in_as(page, live, f"family:{email}")
        page.goto(live("/your-cases"))
        _loaded(page, "Your requests and plans")
        _enter(page, "link", re.compile(r".*Leo.*"))
        _loaded(page, "")
        assert page.url.endswith(f"/your-cases/{case_id}")
        _enter(page, "link", re.compile(r"Read the draft plan and comment on it.*"))
        _loaded(page, "")
        # The contents list's link moves the reading point to section B (no new page); Tab goes on from there.
        tab_until(page, "link", "Section B: Special educational needs")
        page.keyboard.press("Enter")
        heard = tab_until(page, "link", "Comment on this section (Section B: Special educational needs)")
        assert [said.name for said in heard][:1] == ["Comment on this (Need 1: Communication and interaction)"]
        with page.expect_navigation():
            page.keyboard.press("Enter")
        _loaded(page, "")
        _radio(page, re.compile(".+"), re.compile(r"A comment.*"))
        _type(page, "textbox", "Your comment", "Please add Leo's sensory needs.")
        _enter(page, "button", "Send comment")
        _banner_focused(page, "comment")
    finally:
        context.close()
