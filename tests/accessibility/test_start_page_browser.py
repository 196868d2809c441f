"""The start page looks like GOV.UK in a real browser: our own assets load, fonts included, with no errors."""

import pytest


@pytest.mark.browser
def test_start_page_loads_govuk_fonts_crown_and_javascript_without_errors(live, page):
    failed, errors = [], []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(live("/"))
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")
    assert failed == [] and errors == []
    assert page.evaluate("() => document.fonts.check('19px \"GDS Transport\"')")
    assert page.evaluate(
        "() => [...document.fonts].some(f => f.family.includes('GDS Transport') && f.status === 'loaded')"
    )
    assert page.locator(".govuk-header__logotype, .govuk-header__logo svg").first.is_visible()
    # initAll ran: the body says GOV.UK Frontend is supported and the skip link was initialised.
    assert page.evaluate("() => document.body.classList.contains('govuk-frontend-supported')")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Skip to main content"
    assert page.locator("a.govuk-button--start").get_attribute("href") == "/request"
    page.screenshot(path="var/screenshots/start-page.png", full_page=True)
