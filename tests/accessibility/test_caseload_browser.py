"""Issue 16 items 10 and 11 in real Chromium, with the keyboard alone: at 768 px the caseload's filter opens
and closes (a link without JavaScript, the MoJ toggle button with it) and never covers the table (their
boxes do not overlap), a caseworker ticks two cases and assigns them to a colleague without JavaScript,
and at 320 px nothing scrolls sideways."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.accessibility.journey import banner
from tests.accessibility.keyboard import choose, follow, tab_to
from tests.accessibility.signed_in import sign_in_as

FILTER = ".moj-filter-layout__filter"
TABLE = ".app-table-scroll"


def _seed(live) -> dict:
    from tests.factories import make_case, make_staff

    with live.app.app_context():
        sam = make_staff(name="Sam Patel")
        rosa = make_staff(name="Rosa Diaz")
        ids = [
            make_case(
                received_on=date.today() - timedelta(days=10 * n),
                child_first_name=f"Child{n}",
                child_last_name="Okafor",
            ).id
            for n in range(1, 4)
        ]
        return {"sam": sam.id, "rosa": rosa.id, "cases": ids}


def _box(page, selector: str) -> dict:
    box = page.locator(selector).bounding_box()
    assert box is not None, f"{selector} is not shown"
    return box


def _overlap(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def _table_clear_of_filter(page) -> None:
    assert page.locator(TABLE).is_visible()
    if page.locator(FILTER).count() and page.locator(FILTER).is_visible():
        assert not _overlap(_box(page, FILTER), _box(page, TABLE)), "the filter covers the table"


def _no_sideways_scroll(page) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"at 320px the page scrolls sideways by {overflow}px"
    page.set_viewport_size({"width": 768, "height": 900})


def _select(page, selector: str, text: str, limit: int = 20) -> None:
    tab_to(page, selector)
    for _ in range(limit):
        if page.evaluate("() => document.activeElement.selectedOptions[0].text") == text:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"could not reach {text!r} in {selector} with the arrow keys")


def _press_button(page, name: str, limit: int = 120) -> None:
    """Tab to a button (one that does not load a page: the MoJ toggle) and press Enter."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if (
            page.evaluate(
                "() => document.activeElement.tagName === 'BUTTON' && document.activeElement.textContent.trim()"
            )
            == name
        ):
            page.keyboard.press("Enter")
            return
    raise AssertionError(f"could not reach the {name!r} button with the Tab key")


@pytest.mark.browser
def test_without_javascript_the_filter_toggles_by_link_and_bulk_assign_works_by_keyboard(live, browser):
    data = _seed(live)
    context = browser.new_context(java_script_enabled=False, viewport={"width": 768, "height": 900})
    try:
        page = context.new_page()
        sign_in_as(page, live, f"staff:{data['sam']}")
        page.goto(live("/staff/cases?sort=name"))
        _table_clear_of_filter(page)  # stacked above the table, not over it
        follow(page, 'a[href*="filters=hide"]')
        assert page.locator(FILTER).count() == 0 and page.locator(TABLE).is_visible()
        assert "sort=name" in page.url
        _no_sideways_scroll(page)
        follow(page, 'a[href="/staff/cases?sort=name"]')  # "Show filters"
        assert page.locator(FILTER).is_visible()
        _table_clear_of_filter(page)

        first, second, _ = data["cases"]
        choose(page, "#bulk-cases")  # Child1, the first row by name
        choose(page, f"#select-{second}")
        _select(page, "#assign_to", "Rosa Diaz")
        tab_to(page, 'button[form="bulk-assign"]')
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "2 cases assigned to Rosa Diaz" in banner(page)
        rows = page.locator("tbody tr").all_inner_texts()
        assert [("Rosa Diaz" in r) for r in rows] == [True, True, False]
        _no_sideways_scroll(page)
    finally:
        context.close()


@pytest.mark.browser
def test_with_javascript_the_moj_toggle_button_opens_the_filter_above_the_table_at_768px(live, browser):
    data = _seed(live)
    context = browser.new_context(viewport={"width": 768, "height": 900})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        sign_in_as(page, live, f"staff:{data['sam']}")
        page.goto(live("/staff/cases"))
        button = page.locator(".moj-action-bar__filter button")
        assert button.inner_text() == "Show filters" and button.get_attribute("aria-expanded") == "false"
        assert not page.locator(FILTER).is_visible() and page.locator(TABLE).is_visible()
        assert not page.locator("[data-app-filter-link]").is_visible()  # the button replaced the link
        _press_button(page, "Show filters")
        assert page.locator(FILTER).is_visible() and button.get_attribute("aria-expanded") == "true"
        _table_clear_of_filter(page)
        _press_button(page, "Close filters")  # the filter's own close button, in small screens
        assert not page.locator(FILTER).is_visible()
        _no_sideways_scroll(page)
        # On a wide screen the filter sits beside the table and the same button hides it.
        page.set_viewport_size({"width": 1280, "height": 900})
        # the MOJ filter reacts to the resize from its media-query listener: wait for it, not a fixed time
        expect(page.locator(FILTER)).to_be_visible()
        expect(button).to_have_text("Hide filters")
        _table_clear_of_filter(page)
        # 200% zoom of a 1280 px window is 640 CSS pixels: the small-screen layout again.
        page.set_viewport_size({"width": 640, "height": 450})
        expect(page.locator(FILTER)).to_be_hidden()
        expect(page.locator(TABLE)).to_be_visible()
        page.goto(live("/staff/reviews-due"))
        assert page.locator(".moj-action-bar__filter button").inner_text() == "Show filters"
        assert not errors, errors
    finally:
        context.close()
