"""Issue 16 items 1, 2, 4 and 5 in real Chromium, with the keyboard alone and without JavaScript: a parent at
320 px wide sees the Overdue tag on their list, the case's step-by-step tracker with each status in words,
the contact and help panel, and messages that say what they said with a date that has passed; a young
person at 768 px wide reads their own request as "you" and lets a parent see it from their sharing page.
No page is wider than its window (WCAG 1.4.10 reflow)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.accessibility.journey import family_signs_in, press
from tests.accessibility.keyboard import fill, follow, heading

PARENT = "browser.parent16@example.com"
YOUNG = "browser.young16@example.com"


def _seed(live) -> dict:
    from service.data.family_messages import send_case_update
    from service.db import db
    from service.domain.clock import format_govuk_date
    from tests.factories import make_case, make_staff

    today = date.today()
    with live.app.app_context():
        worker = make_staff(name="Priya Shah")
        late = make_case(
            requester_email=PARENT,
            child_first_name="Ella",
            child_last_name="Ward",
            received_on=today - timedelta(days=50),
            assigned_caseworker_id=worker.id,
        )
        send_case_update(
            late,
            "We received the document you sent",
            today,
            f"The council must tell you by {format_govuk_date(today - timedelta(days=8))} whether it will assess",
        )
        own = make_case(
            requester_role="young_person",
            requester_email=YOUNG,
            requester_relationship="",
            child_first_name="Sol",
            child_last_name="Rees",
            child_date_of_birth=date(2008, 6, 1),
        )
        db.session.commit()
        return {"late": late.id, "own": own.id}


def _watch_width(page, widths: list[int]) -> None:
    page.on("load", lambda: widths.append(page.evaluate("document.documentElement.scrollWidth")))


@pytest.mark.browser
def test_a_parent_and_a_young_person_use_their_case_pages_with_the_keyboard_alone(live, browser):
    ids = _seed(live)
    narrow = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    medium = browser.new_context(java_script_enabled=False, viewport={"width": 768, "height": 900})
    try:
        page = narrow.new_page()
        widths: list[int] = []
        _watch_width(page, widths)
        family_signs_in(live, page, PARENT)
        main = page.locator("main").inner_text()
        assert "Overdue" in main and "missed a date the law sets" in main
        follow(page, f'main a[href="/your-cases/{ids["late"]}"]')
        assert heading(page) == "Ella's request"
        tracker = page.locator("ol[aria-labelledby=step-by-step]").inner_text()
        assert "Decision whether to assess" in tracker and "Now" in tracker and "days late" in tracker
        panel = page.locator("section[aria-labelledby=contact-and-help]").inner_text()
        assert "Priya Shah" in panel and "Find your local SENDIASS" in panel
        follow(page, 'a[href="/your-notifications"]')
        messages = page.locator("main").inner_text()
        assert "Update on your request for Ella" in messages and "(this date has passed)" in messages
        assert max(widths) <= 320, widths

        page = medium.new_page()
        widths = []
        _watch_width(page, widths)
        family_signs_in(live, page, YOUNG)
        follow(page, f'main a[href="/your-cases/{ids["own"]}"]')
        assert heading(page) == "Your request"
        assert "Sol's" not in page.locator("main").inner_text()
        follow(page, f'a[href="/your-cases/{ids["own"]}/sharing"]')
        assert heading(page) == "Who can see your request"
        press(page, "Let them see it")
        assert "Enter the email address of the person" in page.locator(".govuk-error-summary").inner_text()
        fill(page, "#email", PARENT)
        press(page, "Let them see it")
        assert f"{PARENT} can now see your request" in page.locator(".govuk-notification-banner").inner_text()
        assert "Can see this request" in page.locator("main").inner_text()
        assert max(widths) <= 768, widths
    finally:
        narrow.close()
        medium.close()
