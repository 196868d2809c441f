"""What the browser journeys share: pressing a button with the keyboard, signing in as each kind of user
(reading the emailed code from the outbox), a date input and the success banner."""

from __future__ import annotations

from datetime import date

from tests.accessibility.keyboard import fill, heading, latest_message

CASEWORKER = "kent.caseworker@example.gov.uk"
PASSWORD = "demo password 2026"


def press(page, starts_with: str, limit: int = 120) -> None:
    """Tab to the button (or submit input) whose text starts with `starts_with`, press Enter, wait."""
    script = """() => { const e = document.activeElement; if (!e) return null;
        if (e.tagName === 'BUTTON') return e.textContent.trim();
        if (e.tagName === 'INPUT' && e.type === 'submit') return e.value; return null }"""
    for _ in range(limit):
        page.keyboard.press("Tab")
        text = page.evaluate(script)
        if text and text.startswith(starts_with):
            with page.expect_navigation():
                page.keyboard.press("Enter")
            return
    raise AssertionError(f"could not reach a {starts_with!r} button with the Tab key")


def staff_signs_in(live, page, email: str = CASEWORKER) -> None:
    page.goto(live("/staff/sign-in"))
    fill(page, "#email", email)
    fill(page, "#password", PASSWORD)
    press(page, "Continue")
    fill(page, "#code", latest_message(live, email, "staff_sign_in_code")["code"])
    press(page, "Continue")
    assert heading(page) == "Cases"


def family_signs_in(live, page, email: str) -> None:
    page.goto(live("/sign-in"))
    fill(page, "#email", email)
    press(page, "Continue")
    fill(page, "#code", latest_message(live, email, "family_sign_in_link")["code"])
    press(page, "Continue")
    assert heading(page) == "Your requests and plans"


def professional_signs_in(live, page, email: str) -> None:
    page.goto(live("/professional/sign-in"))
    fill(page, "#email", email)
    press(page, "Continue")
    fill(page, "#code", latest_message(live, email, "professional_sign_in_code")["code"])
    press(page, "Continue")
    assert heading(page).startswith("Requests for ")


def enter_date(page, prefix: str, day: date) -> None:
    fill(page, f"#{prefix}-day", str(day.day))
    fill(page, f"#{prefix}-month", str(day.month))
    fill(page, f"#{prefix}-year", str(day.year))


def banner(page) -> str:
    return page.locator(".govuk-notification-banner").inner_text()
