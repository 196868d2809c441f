"""The accessibility sweep: every registered page state in real Chromium.

For each page: axe-core (WCAG 2.0/2.1/2.2 A and AA) finds no violation; the W3C Nu HTML checker
finds no error; the page has one h1 and no JavaScript console error; at 320 CSS pixels wide nothing
scrolls sideways (WCAG 1.4.10 reflow, the same as 400% zoom on a 1280px screen); and a state reached by
actions (a form sent, an error shown) is reached again with JavaScript turned off and shows its heading.

Read aloud (issue 20): the page meets every check in tests/accessibility/reading.py (one main landmark,
headings in order, controls named by their labels with hint and error described, the error summary first
and focused, title and h1 agreeing, no ambiguous links, tables with headers, tags in words), and its
reading-order snapshot (tests/accessibility/snapshot.py) is the same as the committed file in
tests/accessibility/snapshots/, in journey order (registry.JOURNEYS). A changed page fails with the diff
until its new snapshot is reviewed and accepted:
    UPDATE_SNAPSHOTS=1 make test PYTEST_ARGS="tests/accessibility/test_sweep.py -k NAME"
which rewrites the file instead of comparing it.
Pages are signed in by a session made directly (tests/accessibility/signed_in.py): every sign-in page is a
sweep page of its own, and the browser journeys sign in through the forms without JavaScript.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from tests.accessibility import reading, snapshot
from tests.accessibility.conftest import describe_violations, run_axe
from tests.accessibility.registry import SweepPage, all_pages, snapshot_names

PAGES = all_pages()
SNAPSHOTS = Path(__file__).parent / "snapshots"
SNAPSHOT_FILES = snapshot_names(PAGES)
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"


def _accept_command(name: str) -> str:
    return f'UPDATE_SNAPSHOTS=1 make test PYTEST_ARGS="tests/accessibility/test_sweep.py -k {name}"'


def compare_snapshot(name: str, recorded: str) -> str | None:
    """None when the state's committed snapshot is `recorded` (or UPDATE_SNAPSHOTS=1 wrote it), else what
    differs and how to accept it."""
    path = SNAPSHOTS / SNAPSHOT_FILES[name]
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text() != recorded:
            path.write_text(recorded)
        return None
    if not path.exists():
        return (
            f"no reading-order snapshot is committed for this state (tests/accessibility/snapshots/{SNAPSHOT_FILES[name]}); "
            f"record it, review it and commit it:\n    {_accept_command(name)}"
        )
    committed = path.read_text()
    if committed == recorded:
        return None
    diff = difflib.unified_diff(
        committed.splitlines(), recorded.splitlines(), "committed " + SNAPSHOT_FILES[name], "this run", lineterm=""
    )
    return (
        "the page reads differently from its committed reading-order snapshot:\n"
        + "\n".join(diff)
        + f"\nIf the change is meant, accept it and commit the file:\n    {_accept_command(name)}"
    )


# One tab per context for the whole sweep on this worker, not a new one per page: a new tab starts a
# renderer process. Each page still starts with no cookies (its own sign-in), no session storage, at
# 1280 px, and with only its own listeners.
_listeners: dict[int, list[tuple[str, object]]] = {}


def _tab(context):
    if not context.pages:
        return context.new_page()
    page = context.pages[0]
    if page.url.startswith("http"):
        # what the last page's scripts kept for the tab (the caseload's "announce the results" flag)
        page.evaluate("() => sessionStorage.clear()")
    page.set_viewport_size({"width": 1280, "height": 900})
    return page


def _listen(page, event: str, handler) -> None:
    page.on(event, handler)
    _listeners.setdefault(id(page), []).append((event, handler))


def _done(page) -> None:
    """The page's listeners removed; the tab stays open for the next page."""
    for event, handler in _listeners.pop(id(page), []):
        page.remove_listener(event, handler)


def _visit(context, live, sweep: SweepPage, data: dict, errors: list[str] | None = None, statuses=None, signed_in=None):
    """Open the page's state in the context. Signs in first (and puts the signed-in cookies in the
    `signed_in` list, when given), unless the context already holds a signed-in session."""
    page = _tab(context)
    if statuses is not None:
        _listen(page, "response", lambda r: statuses.add(r.status) if r.request.is_navigation_request() else None)
    if errors is not None:
        _listen(page, "console", lambda m: errors.append(m.text) if m.type == "error" else None)
        _listen(page, "pageerror", lambda e: errors.append(str(e)))
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

        # Read aloud: the ARIA snapshot before the page is narrowed below (320px folds the navigation).
        raw = page.locator("body").aria_snapshot()
        read_problems = reading.all_problems(page, raw)
        if read_problems:
            problems.append("read aloud:\n" + "\n".join(read_problems))
        changed = compare_snapshot(sweep.name, snapshot.record(page, raw))
        if changed:
            problems.append(changed)

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
        _done(page)

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
        _done(page)


def test_every_snapshot_file_is_a_registered_state():
    """A snapshot file no registered state records (a page removed or renamed, a journey renumbered) is
    stale; UPDATE_SNAPSHOTS=1 deletes it."""
    expected = {SNAPSHOTS / relative for relative in SNAPSHOT_FILES.values()}
    stale = sorted(path for path in SNAPSHOTS.rglob("*.yaml") if path not in expected)
    if UPDATE:
        for path in stale:
            path.unlink()
        return
    assert not stale, (
        "snapshot files of no registered sweep state (delete them or rerun with UPDATE_SNAPSHOTS=1):\n"
        + ("\n".join(str(path.relative_to(SNAPSHOTS)) for path in stale))
    )


def test_every_state_is_in_a_journey_and_files_are_unique():
    assert len(set(SNAPSHOT_FILES.values())) == len(PAGES)
    assert set(SNAPSHOT_FILES) == {page.name for page in PAGES}
