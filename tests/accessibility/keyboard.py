"""Drive a page with the keyboard alone: Tab to an element, then type, Space or Enter."""

from __future__ import annotations


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has focus (never clicks)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"could not reach {selector} with the Tab key")


def fill(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def choose(page, selector: str, limit: int = 80) -> None:
    """Select a radio or tick a checkbox with the Space bar."""
    tab_to(page, selector, limit)
    page.keyboard.press("Space")


def press_button(page, name: str, limit: int = 80) -> None:
    """Tab to the button whose text is `name` and press Enter."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement; return e && e.tagName === 'BUTTON' ? e.textContent.trim() : null }"
        )
        if focused == name:
            with page.expect_navigation():
                page.keyboard.press("Enter")
            return
    raise AssertionError(f"could not reach the {name!r} button with the Tab key")


def follow(page, selector: str) -> None:
    """Tab to the link matching `selector` and press Enter, waiting for the next page."""
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def heading(page) -> str:
    """The page's h1, its white space collapsed."""
    return " ".join(page.locator("h1").inner_text().split())


def latest_message(live, recipient: str, template: str) -> dict:
    """The personalisation of the newest outbox message of `template` to `recipient` (a sign-in code)."""
    import json

    from sqlmodel import select

    from service.db import db
    from service.models import OutboxMessage

    with live.app.app_context():
        message = db.session.exec(
            select(OutboxMessage)
            .where(OutboxMessage.recipient == recipient, OutboxMessage.template == template)
            .order_by(OutboxMessage.created_at.desc())
        ).first()
        return json.loads(message.personalisation)


def choose_radio(page, name: str, value: str, limit: int = 20) -> None:
    """Select one radio of a group as a keyboard user does: Tab into the group, then the arrow keys
    (Tab stops once per group, so a later radio cannot be reached with Tab alone)."""
    tab_to(page, f'input[type="radio"][name="{name}"]')
    for _ in range(limit):
        if page.evaluate("() => document.activeElement.value") == value:
            if not page.evaluate("() => document.activeElement.checked"):
                page.keyboard.press("Space")
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"could not reach the {value!r} radio of {name!r} with the arrow keys")
