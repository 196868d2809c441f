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

from tests.accessibility.reader import focused, tab_until
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
        _radio(page, "I am a parent or carer of the child or young person", "I am a parent or carer of the child or young person")
        _continue(page, "What is")
        _type(page, "textbox", "First name", "Amara")
        _type(page, "textbox", "Last name", "Okafor")
        _continue(page, "What is")
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
        _continue(page, "")
        _type(page, "textbox", "Your full name", "Chidi Okafor")
        _type(page, "textbox", "Your relationship to the child or young person", "Father", "For example, mother, foster carer or SENCO")
        _continue(page, "")
        _type(page, "textbox", "Email address", "parent@example.com")
        _radio(page, "Email", "Email")
        _continue(page, "")
        _tick(page, re.compile(r"No.*|None.*|I do not need.*"))
        _continue(page, "")
        _type(page, "textbox", re.compile(r".*needs.*"), "Speech and language delay")
        _type(page, "textbox", re.compile(r".*support.*"), "Speech therapy twice a term")
        _type(page, "textbox", re.compile(r".*tried.*"), "Small group work")
        _continue(page, "")
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
