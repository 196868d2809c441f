"""Issue 16's download your data and feedback page in real Chromium, with the keyboard alone and JavaScript
off, at 320 and 768 pixels wide: the family signs in, goes from their requests to "Download your data", asks,
sees the file ready (jobs run in-process here) and downloads the ZIP; then the phase banner's "give your
feedback" link, the error for nothing chosen, and the thank-you page."""

from __future__ import annotations

import zipfile

import pytest

from tests.accessibility.journey import family_signs_in, press
from tests.accessibility.keyboard import choose_radio, fill, follow, heading, tab_to
from tests.factories import make_case

FAMILY = "parent@example.com"


def _reflows(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 768])
def test_a_family_downloads_its_data_and_gives_feedback_with_the_keyboard_alone(live, browser, width, tmp_path):
    with live.app.app_context():
        make_case(requester_email=FAMILY, child_first_name="Amara", child_last_name="Okafor")
    context = browser.new_context(java_script_enabled=False, viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        family_signs_in(live, page, FAMILY)
        follow(page, 'main a[href="/your-data"]')
        assert heading(page) == "Download your data" and _reflows(page)
        press(page, "Ask for your data")
        main = page.locator("main").inner_text()
        assert "Your file is ready" in main and "available until" in main and _reflows(page)
        tab_to(page, 'a[href$="/download"]')
        with page.expect_download() as download:
            page.keyboard.press("Enter")
        saved = tmp_path / "data.zip"
        download.value.save_as(saved)
        names = zipfile.ZipFile(saved).namelist()
        assert "README.txt" in names and "messages.json" in names
        assert any(name.endswith("/request.json") for name in names)

        follow(page, '.govuk-phase-banner a[href="/feedback"]')
        assert heading(page) == "Give feedback on Education, health and care plans" and _reflows(page)
        press(page, "Send feedback")
        assert page.title().startswith("Error: ")
        assert "Select how you feel about the service" in page.locator(".govuk-error-summary").inner_text()
        choose_radio(page, "rating", "satisfied")
        fill(page, "#improve", "Tell me sooner what happens next.")
        press(page, "Send feedback")
        assert heading(page) == "Thank you for your feedback" and _reflows(page)
        with live.app.app_context():
            from sqlmodel import select

            from service.db import db
            from service.models import Feedback

            [row] = db.session.exec(select(Feedback)).all()
            assert (row.rating, row.improve) == ("satisfied", "Tell me sooner what happens next.")
    finally:
        context.close()
