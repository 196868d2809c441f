"""What a screen reader would say: the focused element's role, accessible name and description from
Chromium's own accessibility tree (the DevTools protocol's Accessibility domain, the tree a screen
reader reads through the platform's API), and whether a change of state is announced (issue 20 items 3
and 4).

A change is announced when it arrives through a live region (role status, alert or log, or aria-live),
when the focus moves to an element whose role is read with its content (an alert, a status, a heading
or a notification banner), or, after a full page load without JavaScript, when the message is the first
thing in main, before the h1, so it is read first.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass

_SESSIONS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
# Roles a screen reader reads with their content when they take the focus.
READ_WITH_CONTENT = {"alert", "status", "heading", "log"}


@dataclass(frozen=True)
class Announcement:
    role: str
    name: str
    description: str
    text: str  # the element's own text (what is read after the name for an alert or a status)

    def __str__(self) -> str:
        said = f"{self.role} {self.name!r}"
        return said + (f" ({self.description!r})" if self.description else "")


def _cdp(page):
    session = _SESSIONS.get(page)
    if session is None:
        session = page.context.new_cdp_session(page)
        _SESSIONS[page] = session
    return session


def _value(node: dict, key: str) -> str:
    return " ".join(str((node.get(key) or {}).get("value", "")).split())


def focused(page) -> Announcement:
    """What a screen reader announces for the element that has the focus."""
    return _announcement(page, "document.activeElement")


def focused_group(page) -> Announcement:
    """The fieldset around the focused element (a radio's or a checkbox's question): a screen reader
    announces its legend and its description (the hint and the error message) on entering it."""
    return _announcement(page, "document.activeElement.closest('fieldset')")


def _announcement(page, expression: str) -> Announcement:
    cdp = _cdp(page)
    found = cdp.send("Runtime.evaluate", {"expression": expression, "objectGroup": "reader"})
    object_id = found["result"].get("objectId")
    if object_id is None:
        return Announcement("none", "", "", "")
    try:
        nodes = cdp.send("Accessibility.getPartialAXTree", {"objectId": object_id, "fetchRelatives": False})["nodes"]
        text = page.evaluate(f"() => {{ const e = {expression}; return e ? (e.innerText || e.value || '') : '' }}")
    finally:
        cdp.send("Runtime.releaseObjectGroup", {"objectGroup": "reader"})
    node = next((n for n in nodes if not n.get("ignored")), nodes[0])
    return Announcement(_value(node, "role"), _value(node, "name"), _value(node, "description"), " ".join(text.split()))


def tab_until(page, role: str, name: str, limit: int = 80) -> list[Announcement]:
    """Press Tab until the focused element is announced as `role` `name` (its name matched exactly, or
    as a regular expression when `name` is a compiled pattern); return what was announced on the way, and
    fail with that list when it never comes."""
    heard: list[Announcement] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        said = focused(page)
        heard.append(said)
        if said.role == role and _matches(said.name, name):
            return heard
    raise AssertionError(f"Tab never reached {role} {name!r}; heard:\n" + "\n".join(map(str, heard)))


def _matches(actual: str, expected) -> bool:
    if isinstance(expected, re.Pattern):
        return expected.fullmatch(actual) is not None
    return actual == expected


def in_live_region(page, text: str) -> bool:
    """Whether `text` is inside a live region: changes there are announced where the focus is."""
    return page.evaluate(
        """(text) => {
            const live = (e) => e.closest('[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"], [role="log"]')
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
            while (walker.nextNode()) {
                const node = walker.currentNode
                if (node.textContent.includes(text) && live(node.parentElement)) return true
            }
            return false
        }""",
        text,
    )


def read_first_in_main(page) -> str:
    """The ARIA snapshot of main up to its h1: what a screen reader reads first after a page loads."""
    snapshot = page.locator("main").aria_snapshot()
    before, _, _ = snapshot.partition("[level=1]")
    return before


def assert_announced(page, message: str, *, javascript: bool, reloaded: bool = True) -> None:
    """Assert that `message` (what happened) is announced. Without JavaScript (a page loaded after
    Post/Redirect/Get): read first in main, in an alert or status before the h1. With JavaScript, after a
    page load: the focus is on an element read with its content that says it (a live region present when
    the page loads is not announced). With JavaScript, a change within the page (`reloaded=False`): that,
    or the message arrives inside a live region."""
    if not javascript:
        first = read_first_in_main(page)
        if not (re.search(r"^\s*- (alert|status)\b", first, re.M) and message in first):
            raise AssertionError(f"{message!r} is not read first in main (before the h1); main begins:\n{first}")
        return
    said = focused(page)
    if said.role in READ_WITH_CONTENT and message in f"{said.name} {said.text}":
        return
    if not reloaded and in_live_region(page, message):
        return
    where = "" if reloaded else " and the text is in no live region"
    raise AssertionError(f"{message!r} is not announced: the focus is on {said}{where}")
