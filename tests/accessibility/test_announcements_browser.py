"""Issue 20 item 3 in real Chromium: every change of state is announced, checked in the accessibility
tree (tests/accessibility/reader.py), with JavaScript and without it. An upload and a removal (the
request's evidence), an "add another" and a removal (the request's professionals, a need in the plan), a
filter applied (the caseload), a saved plan section and a sign-in code sent. With JavaScript the focus
moves to what says what happened (govuk-frontend focuses a success banner; staff.js the list's count);
without it, the page after Post/Redirect/Get reads its banner first, before the h1 (or, for a filtered
list, its title carries the count). Last, the deliberate regressions: the same checks fail on a page whose
live region is dropped, whose banner is not first, or whose focus does not move."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from tests.accessibility.reader import assert_announced, focused, read_first_in_main
from tests.accessibility.signed_in import sign_in_as

MODES = pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])


def _context(browser, javascript: bool):
    return browser.new_context(java_script_enabled=javascript)


def _press(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def _announced(page, message: str, javascript: bool) -> None:
    """The check, given govuk-frontend's module script a moment to move the focus after the load."""
    for attempt in range(20):
        try:
            assert_announced(page, message, javascript=javascript)
            return
        except AssertionError:
            if attempt == 19 or not javascript:
                raise
            page.wait_for_timeout(100)


@pytest.mark.browser
@MODES
def test_an_upload_and_a_removal_are_announced(live, browser, javascript):
    context = _context(browser, javascript)
    try:
        page = context.new_page()
        page.goto(live("/request"))  # a draft request in this browser's session
        page.goto(live("/request/evidence"))
        page.set_input_files(
            "#files", files=[{"name": "report.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7"}]
        )
        _press(page, "Upload file")
        _announced(page, "report.pdf uploaded", javascript)
        _press(page, "Remove report.pdf")
        _announced(page, "report.pdf removed", javascript)
    finally:
        context.close()


@pytest.mark.browser
@MODES
def test_adding_another_professional_and_removing_one_are_announced(live, browser, javascript):
    context = _context(browser, javascript)
    try:
        page = context.new_page()
        page.goto(live("/request"))
        page.goto(live("/request/professionals"))
        page.get_by_role("textbox", name="Name", exact=True).fill("Dr Ada Mensah")
        page.get_by_role("textbox", name="Role", exact=True).fill("Paediatrician")
        page.get_by_role("textbox", name=re.compile("^Organisation")).fill("Kent Community Health")
        _press(page, "Add this professional")
        _announced(page, "Dr Ada Mensah added", javascript)
        assert page.get_by_role("heading", name="Add another professional").count() == 1
        _press(page, "Remove Dr Ada Mensah")
        _announced(page, "Dr Ada Mensah removed", javascript)
    finally:
        context.close()


def _caseworker_with_cases(live) -> int:
    from tests.factories import make_case, make_staff

    with live.app.app_context():
        user = make_staff("caseworker")
        make_case(received_on=date.today() - timedelta(weeks=8))  # its decision whether to assess is overdue
        make_case(received_on=date.today() - timedelta(days=3))
        return user.id


@pytest.mark.browser
@MODES
def test_a_filter_applied_says_how_many_cases_it_found(live, browser, javascript):
    user_id = _caseworker_with_cases(live)
    context = _context(browser, javascript)
    try:
        page = context.new_page()
        sign_in_as(page, live, f"staff:{user_id}")
        page.goto(live("/staff/cases"))
        assert page.title().startswith("Cases - ")  # nothing filtered: no count in the title
        if javascript:  # the MoJ filter starts closed under its toggle button
            page.get_by_role("button", name="Show filters").click()
        page.get_by_role("checkbox", name=re.compile(r"^Overdue")).check()
        _press(page, "Apply filters")
        status = page.get_by_role("status")
        assert status.inner_text() == "1 case"
        # Without JavaScript the reloaded page's title, read first, says it; with it the count has the focus.
        assert page.title().startswith("Cases: 1 case - ")
        if javascript:
            said = focused(page)
            assert (said.role, said.text) == ("status", "1 case"), said
        else:
            assert focused(page).role != "status"
    finally:
        context.close()


def _planned(live) -> dict:
    from tests.integration.plan_family.plans import planned_case

    with live.app.app_context():
        case, staff, _ = planned_case(email="leo.family@example.com")
        return {"case": case.id, "staff": staff.id}


@pytest.mark.browser
@MODES
def test_a_saved_plan_section_and_an_added_need_are_announced(live, browser, javascript):
    data = _planned(live)
    plan = f"/staff/cases/{data['case']}/plan"
    context = _context(browser, javascript)
    try:
        page = context.new_page()
        sign_in_as(page, live, f"staff:{data['staff']}")
        page.goto(live(f"{plan}/sections/a1"))
        heading = " ".join(page.locator("h1").inner_text().split())
        page.locator("#history").fill("Leo was born in Maidstone and has lived there since.")
        _press(page, "Save")
        _announced(page, "Saved: ", javascript)
        assert heading.split(":")[-1].strip().split()[0] in page.locator(".govuk-notification-banner").inner_text()

        page.goto(live(f"{plan}/sections/b/items/new"))
        page.get_by_role("radio", name=re.compile("^Cognition and learning")).check()
        page.locator("#description").fill("Leo's spelling is about two years behind his age.")
        page.locator("#impact").fill("He avoids writing in class.")
        _press(page, "Save")
        _announced(page, "Saved: ", javascript)
    finally:
        context.close()


@pytest.mark.browser
@MODES
def test_a_sign_in_code_sent_is_said_by_the_next_pages_title_and_first_heading(live, browser, javascript):
    context = _context(browser, javascript)
    try:
        page = context.new_page()
        page.goto(live("/sign-in"))
        page.get_by_role("textbox", name="Email address").fill("parent@example.com")
        _press(page, "Continue")
        # A new page: a screen reader reads its title on load, then main begins with the h1 and what was sent.
        assert page.title().startswith("Check your email - ")
        snapshot = page.locator("main").aria_snapshot()
        first = [line.strip() for line in snapshot.splitlines() if line.strip() != "- main:"][:2]
        assert first[0] == '- heading "Check your email" [level=1]', snapshot
        assert "we have sent it a sign-in link and a security code" in first[1], snapshot
    finally:
        context.close()


# --- The deliberate regressions: the checks fail when the announcement is dropped ----------------------

BANNER = """<main><div class="govuk-notification-banner" {attributes} aria-labelledby="t" tabindex="-1">
  <h2 id="t">Success</h2><p>report.pdf uploaded</p></div><h1>Upload evidence</h1></main>"""
LIVE = """<main><h1>Upload evidence</h1><div {attributes} id="region"></div>
  <button id="go" onclick="document.getElementById('region').textContent = 'report.pdf removed'">Remove</button></main>"""


@pytest.mark.browser
def test_the_announcement_check_fails_when_the_live_region_is_dropped(browser):
    context = browser.new_context()
    try:
        page = context.new_page()
        for attributes, announced in (('role="status"', True), ('aria-live="polite"', True), ("", False)):
            page.set_content(LIVE.format(attributes=attributes))
            page.locator("#go").focus()
            page.keyboard.press("Enter")
            if announced:
                assert_announced(page, "report.pdf removed", javascript=True, reloaded=False)
            else:
                with pytest.raises(AssertionError, match="in no live region"):
                    assert_announced(page, "report.pdf removed", javascript=True, reloaded=False)
    finally:
        context.close()


@pytest.mark.browser
def test_the_announcement_check_fails_when_the_banner_is_not_read_first_or_not_focused(browser):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(BANNER.format(attributes='role="alert"'))
        assert_announced(page, "report.pdf uploaded", javascript=False)
        with pytest.raises(AssertionError, match="the focus is on"):  # nothing moved the focus
            assert_announced(page, "report.pdf uploaded", javascript=True)
        page.locator(".govuk-notification-banner").focus()
        assert_announced(page, "report.pdf uploaded", javascript=True)
        assert focused(page).role == "alert" and focused(page).name == "Success"

        page.set_content(BANNER.format(attributes=""))  # role="alert" dropped: a plain box, not an alert
        with pytest.raises(AssertionError, match="not read first"):
            assert_announced(page, "report.pdf uploaded", javascript=False)
        page.set_content(  # the banner after the h1: a reader hears the heading first
            "<main><h1>Upload evidence</h1><div role='alert'><p>report.pdf uploaded</p></div></main>"
        )
        assert "report.pdf" not in read_first_in_main(page)
        with pytest.raises(AssertionError, match="not read first"):
            assert_announced(page, "report.pdf uploaded", javascript=False)
    finally:
        context.close()
