"""Issue 16 item 7 in real Chromium, with the keyboard alone and without JavaScript, at 320 and 768 CSS
pixels wide: the council worked out from the child's postcode is refused ("No") and another chosen from
the full list; then a town that spans councils gives them as radios, after a postcode that is not real is
refused with an error."""

from __future__ import annotations

import hashlib
import json
import secrets

import pytest

from tests.accessibility.keyboard import choose_radio, fill, follow, heading, press_button, tab_to

ADDRESS = {"address_line_1": "1 High Street", "address_line_2": "", "town": "Maidstone", "postcode": "ME14 1XX"}


def _resume_link(live) -> str:
    from service.db import db
    from service.models import RequestDraft

    token = secrets.token_urlsafe(16)
    answers = {"who": {"role": "parent"}, "child-address": ADDRESS}
    with live.app.app_context():
        db.session.add(
            RequestDraft(answers=json.dumps(answers), resume_token_hash=hashlib.sha256(token.encode()).hexdigest())
        )
        db.session.commit()
    return live(f"/request/resume/{token}")


def _select(page, selector: str, text: str, limit: int = 160) -> None:
    """Choose an option of a <select> with the arrow keys, as a keyboard user does without JavaScript."""
    tab_to(page, selector)
    for _ in range(limit):
        if page.evaluate("() => document.activeElement.selectedOptions[0].textContent.trim()") == text:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"could not reach {text!r} in {selector} with the arrow keys")


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 768])
def test_choosing_the_council_with_the_keyboard_alone_without_javascript(live, browser, width):
    context = browser.new_context(java_script_enabled=False, viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        widths: list[int] = []
        page.on("load", lambda: widths.append(page.evaluate("document.documentElement.scrollWidth")))
        page.goto(_resume_link(live))
        page.goto(live("/request/local-authority"))
        assert heading(page) == "Is this the right council?"
        assert "Kent County Council" in page.locator("main").inner_text()
        choose_radio(page, "confirm", "no")
        press_button(page, "Continue")
        assert heading(page) == "Which council area do they live in?"
        _select(page, "select#local_authority", "Leeds City Council")
        press_button(page, "Continue")
        assert heading(page) == "Their school, nursery or college"

        page.goto(live("/request/local-authority"))  # the list, with their choice kept
        assert page.locator("select#local_authority option:checked").inner_text() == "Leeds City Council"
        follow(page, "a[href*='search=yes']")
        fill(page, "#place", "ME14 1X")
        press_button(page, "Continue")
        assert page.title().startswith("Error: ")
        assert "Enter a real postcode" in page.locator(".govuk-error-summary").inner_text()
        fill(page, "#place", "Ashford")
        press_button(page, "Continue")
        assert "Their town Ashford is in more than one council area" in page.locator("main").inner_text()
        surrey = page.locator("label", has_text="Surrey County Council").get_attribute("for")
        value = page.locator(f"input#{surrey}").get_attribute("value")
        choose_radio(page, "local_authority", value)
        press_button(page, "Continue")
        assert heading(page) == "Their school, nursery or college"
    finally:
        context.close()
    assert widths and max(widths) <= width
