"""The accessibility sweep: every registered page state in real Chromium.

For each page: axe-core (WCAG 2.0/2.1/2.2 A and AA) finds no violation; the W3C Nu HTML checker
finds no error; the page has one h1 and no JavaScript console error; at 320 CSS pixels wide nothing
scrolls sideways (WCAG 1.4.10 reflow, the same as 400% zoom on a 1280px screen); and a state reached by
actions (a form sent, an error shown) is reached again with JavaScript turned off and shows its heading.
Pages are signed in by a session made directly (tests/accessibility/signed_in.py): every sign-in page is a
sweep page of its own, and the browser journeys sign in through the forms without JavaScript.
"""

from __future__ import annotations

import pytest

from tests.accessibility.conftest import describe_violations, run_axe
from tests.accessibility.registry import SweepPage, all_pages

PAGES = all_pages()


def _visit(context, live, sweep: SweepPage, data: dict, errors: list[str] | None = None, statuses=None, signed_in=None):
    """Open the page's state in the context. Signs in first (and puts the signed-in cookies in the
    `signed_in` list, when given), unless the context already holds a signed-in session."""
    page = context.new_page()
    if statuses is not None:
        page.on("response", lambda r: statuses.add(r.status) if r.request.is_navigation_request() else None)
    if errors is not None:
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
    if sweep.sign_in is not None and signed_in is not None:
        sweep.sign_in(page, live, data)
        signed_in.append(context.storage_state())
    response = page.goto(live(sweep.path.format(**data)))
    assert response is not None and response.status == sweep.status, (
        f"{sweep.name}: expected HTTP {sweep.status}, got {response.status if response else None}"
    )
    if sweep.actions is not None:
        sweep.actions(page)
    page.wait_for_load_state("load")
    return page


@pytest.fixture(scope="session")  # session, not module: a module fixture keeps the sweep on one xdist worker
def contexts(browser):
    """One browser context with JavaScript and one without, for the whole sweep on this worker: each page
    starts with no cookies (its own sign-in), but the contexts keep their HTTP cache, so GOV.UK Frontend's
    styles, scripts and fonts are fetched once, not twice for every page (most of a page's load)."""
    with_js = browser.new_context(viewport={"width": 1280, "height": 900})
    without_js = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    yield with_js, without_js
    with_js.close()
    without_js.close()


@pytest.mark.browser
@pytest.mark.parametrize("sweep", PAGES, ids=[p.name for p in PAGES])
def test_page_is_accessible_valid_and_reflows(sweep: SweepPage, live, contexts, axe_source, nu_checker):
    data = {}
    if sweep.data is not None:
        with live.app.app_context():
            data = sweep.data(live.app) or {}

    context, no_js = contexts
    context.clear_cookies()
    errors: list[str] = []
    statuses: set[int] = set()
    signed_in: list[dict] = []
    page = _visit(context, live, sweep, data, errors, statuses, signed_in)
    try:
        problems = []

        violations = run_axe(page, axe_source)
        if violations:
            problems.append("axe-core violations:\n" + describe_violations(violations))

        nu_errors = nu_checker.errors(page.content())
        if nu_errors:
            problems.append("Nu HTML checker errors:\n" + "\n".join(nu_errors))

        if page.locator("h1").count() != 1:
            problems.append("the page has no single h1")

        page.set_viewport_size({"width": 320, "height": 640})
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            problems.append(f"at 320px the page scrolls sideways by {overflow}px")

        # A page shown with an error status (404, or 400 for a form with errors) logs that status to the
        # console; any other failed load is a real error.
        expected = tuple(f"status of {status}" for status in statuses if status >= 400)
        real_errors = [
            e for e in errors if not (e.startswith("Failed to load resource") and any(x in e for x in expected))
        ]
        if real_errors:
            problems.append("JavaScript console errors:\n" + "\n".join(real_errors))
        assert not problems, f"{sweep.name}:\n" + "\n\n".join(problems)
    finally:
        page.close()

    # Without JavaScript: a state reached by actions (a form sent, an error shown) is reached again with
    # JavaScript off, in the session the sign-in above made (each sign-in page is in the sweep itself). A
    # state that is only a GET is the same server HTML either way: the page above already checked it has
    # one h1 (below), and reloading it without scripts would test nothing new for a second of a 2-core run.
    if sweep.actions is None:
        return
    no_js.clear_cookies()
    if signed_in:
        no_js.add_cookies(signed_in[0]["cookies"])
    page = _visit(no_js, live, sweep, data)
    try:
        assert page.locator("h1").count() == 1, f"{sweep.name}: without JavaScript the page has no single h1"
        assert not page.evaluate("() => document.body.classList.contains('js-enabled')")
    finally:
        page.close()
