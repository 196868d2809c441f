"""What every page must meet when read aloud: each check takes the open Playwright page (and, where it
reads it, the page's raw ARIA snapshot, taken once by the sweep) and returns a list of problems, empty
when the page passes. test_sweep.py runs them all on every registered page state; test_reading.py shows
each one fails on a deliberate regression.

The checks read Chromium's own accessibility tree (through the DevTools protocol) for names and
descriptions, the same values a screen reader gets, not what the HTML seems to say.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from tests.accessibility.snapshot import node_name

SERVICE_SUFFIX = " - Education, health and care plans - GOV.UK"


def _squash(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


class AXTree:
    """Accessible name and description of DOM elements, by a CSS selector and index, from Chromium."""

    def __init__(self, page) -> None:
        self.page = page
        self.cdp = page.context.new_cdp_session(page)

    def close(self) -> None:
        self.cdp.detach()

    def node(self, expression: str) -> dict[str, str] | None:
        """The accessibility node of the element the JavaScript `expression` gives."""
        result = self.cdp.send("Runtime.evaluate", {"expression": expression})["result"]
        if "objectId" not in result:
            return None
        nodes = self.cdp.send(
            "Accessibility.getPartialAXTree", {"objectId": result["objectId"], "fetchRelatives": False}
        )
        self.cdp.send("Runtime.releaseObject", {"objectId": result["objectId"]})
        for node in nodes["nodes"]:
            if not node.get("ignored"):
                return {
                    "role": _value(node.get("role")),
                    "name": _squash(_value(node.get("name"))),
                    "description": _squash(_value(node.get("description"))),
                }
        return None


def _value(field: dict[str, Any] | None) -> str:
    return str((field or {}).get("value") or "")


# --- one main landmark ----------------------------------------------------------------------------


def one_main_landmark(page) -> list[str]:
    count = page.get_by_role("main").count()
    return [] if count == 1 else [f"the page has {count} main landmarks, not exactly one"]


# --- headings in order ----------------------------------------------------------------------------

# GOV.UK components whose h2 comes before the page's h1 by design: the error summary ("There is a
# problem"), the notification banner ("Important", "Success") and the cookie banner sit above the h1.
# They are announced first on purpose and are not a level skipped, so they are left out of the order.
_BEFORE_H1 = ".govuk-error-summary, .govuk-notification-banner, .govuk-cookie-banner"

HEADINGS = """(exempt) => Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role=heading]'))
  .filter((h) => !h.closest('[hidden], [aria-hidden=true]') && h.getClientRects().length > 0
                 && !h.closest(exempt))
  .map((h) => ({
    level: h.getAttribute('aria-level') ? Number(h.getAttribute('aria-level')) : Number(h.tagName.slice(1)) || 2,
    text: h.textContent.replace(/\\s+/g, ' ').trim().slice(0, 60),
  }))"""


def headings_in_order(page) -> list[str]:
    """The first heading is the h1, there is one h1, and no heading goes more than one level deeper than
    the one before it (h2 then h4 skips h3). Going back up any number of levels is fine."""
    headings = page.evaluate(HEADINGS, _BEFORE_H1)
    if not headings:
        return ["the page has no headings"]
    problems = []
    if headings[0]["level"] != 1:
        problems.append(f"the first heading is h{headings[0]['level']} {headings[0]['text']!r}, not the h1")
    ones = [h for h in headings if h["level"] == 1]
    if len(ones) != 1:
        problems.append(f"the page has {len(ones)} h1 headings")
    for before, heading in zip(headings, headings[1:], strict=False):
        if heading["level"] > before["level"] + 1:
            problems.append(
                f"h{heading['level']} {heading['text']!r} follows h{before['level']} {before['text']!r}: "
                f"h{before['level'] + 1} skipped"
            )
    return problems


# --- form controls: named by their label, hint and error in the description -------------------------

CONTROLS = """() => {
  const squash = (t) => (t || '').replace(/\\s+/g, ' ').trim();
  const selector = 'input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=image]):not([type=reset]), select, textarea';
  const all = Array.from(document.querySelectorAll(selector));
  // Controls on the page as laid out: not those in a closed filter panel or an unrevealed question.
  return all.map((el, index) => ({index, el})).filter(({el}) => el.getClientRects().length > 0)
    .filter(({el}) => !el.closest('[hidden], [aria-hidden=true]') && getComputedStyle(el).visibility !== 'hidden'
                      && !el.closest('.govuk-radios__conditional--hidden, .govuk-checkboxes__conditional--hidden')
                      // A closed <details> keeps its content laid out but out of the accessibility tree
                      // until it is opened (GOV.UK details, a filter panel): checked when open, not here.
                      && !(el.closest('details:not([open])') && !el.closest('summary')))
    .map(({el, index}) => {
      const group = el.closest('.govuk-form-group');
      const fieldset = el.closest('fieldset');
      // The question's own hint and error message: in its form group, not inside a nested item or a
      // conditionally revealed question (those belong to their own controls).
      const own = (node) => {
        if (!group) return false;
        const item = node.closest('.govuk-radios__item, .govuk-checkboxes__item, .govuk-radios__conditional, .govuk-checkboxes__conditional');
        return node.closest('.govuk-form-group') === group && (!item || item.contains(el));
      };
      // A character count's visible "You have N characters remaining" (added by GOV.UK Frontend) is not
      // a hint to describe the field with, nor its "You have N words too many" an error message: the
      // component announces the count through its own live region as it changes, and describes the field
      // by the limit ("You can enter up to N characters"); the field's own error message is described.
      const hints = group ? Array.from(group.querySelectorAll('.govuk-hint:not(.govuk-character-count__status)'))
        .filter(own).map((n) => squash(n.textContent)) : [];
      const errors = group ? Array.from(group.querySelectorAll('.govuk-error-message:not(.govuk-character-count__status)'))
        .filter(own).map((n) => squash(n.textContent)) : [];
      const labels = Array.from(el.labels || []).map((l) => squash(l.textContent));
      const fieldsetIndex = fieldset ? Array.from(document.querySelectorAll('fieldset')).indexOf(fieldset) : -1;
      return {index, id: el.id, type: el.type || el.tagName.toLowerCase(), labels, hints: hints.filter(Boolean),
              errors: errors.filter(Boolean), fieldsetIndex,
              ariaLabel: el.getAttribute('aria-label'), labelledBy: el.getAttribute('aria-labelledby')};
    });
}"""
_SELECTOR = (
    "input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=image]):not([type=reset]), "
    "select, textarea"
)


def controls_named_by_labels(page) -> list[str]:
    """Every form control's accessible name is the text of its visible <label>; its question's hint and
    error message are in its accessible description, or in that of the fieldset (group) around it, which
    a screen reader announces on entering the group (GOV.UK puts a radios or date question's hint there)."""
    controls = page.evaluate(CONTROLS)
    if not controls:
        return []
    tree = AXTree(page)
    problems = []
    try:
        for control in controls:
            what = f"{control['type']} #{control['id'] or control['index']}"
            node = tree.node(f"document.querySelectorAll({_SELECTOR!r})[{control['index']}]")
            if node is None:
                problems.append(f"{what} is not in the accessibility tree")
                continue
            if not control["labels"]:
                problems.append(f"{what} has no <label> (named {node['name']!r})")
            elif node["name"] != control["labels"][0]:
                problems.append(f"{what} is named {node['name']!r}, not by its label {control['labels'][0]!r}")
            description = node["description"]
            if control["fieldsetIndex"] >= 0:
                group = tree.node(f"document.querySelectorAll('fieldset')[{control['fieldsetIndex']}]")
                description += " " + (group["description"] if group else "")
            for kind in ("hints", "errors"):
                for text in control[kind]:
                    if text not in description:
                        problems.append(f"{what}'s {kind[:-1]} {text!r} is not in its accessible description")
    finally:
        tree.close()
    return problems


# --- the error summary: first in main, focused on load ----------------------------------------------

ERROR_SUMMARY = """() => {
  const summary = document.querySelector('.govuk-error-summary');
  const messages = Array.from(document.querySelectorAll('.govuk-error-message:not(.govuk-character-count__status)'))
    .filter((m) => m.getClientRects().length > 0);
  if (!summary) return {summary: false, messages: messages.length};
  const main = document.querySelector('main');
  // The first element in main a reader reaches: the first with text or a control, in document order.
  let first = null;
  if (main) {
    const walker = document.createTreeWalker(main, NodeFilter.SHOW_ELEMENT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.closest('[hidden], [aria-hidden=true]') || node.getClientRects().length === 0) continue;
      const own = Array.from(node.childNodes).some((c) => c.nodeType === 3 && c.textContent.trim());
      if (own || node.matches('a, button, input, select, textarea, img')) { first = node; break; }
    }
  }
  const focused = document.activeElement;
  return {summary: true, messages: messages.length, inMain: !!(main && main.contains(summary)),
          first: !!(first && summary.contains(first)), focused: !!(focused && summary.contains(focused))};
}"""


def error_summary_first_and_focused(page, *, javascript: bool = True) -> list[str]:
    """On a page with errors, the error summary is the first thing in main and, with JavaScript (GOV.UK
    Frontend moves focus to it), has focus when the page loads. Error messages need the summary."""
    state = page.evaluate(ERROR_SUMMARY)
    if not state["summary"]:
        return ["the page shows error messages but no error summary"] if state["messages"] else []
    problems = []
    if not state["inMain"]:
        problems.append("the error summary is not inside main")
    elif not state["first"]:
        problems.append("the error summary is not the first thing in main")
    if javascript and not state["focused"]:
        problems.append("the error summary does not have focus when the page loads")
    return problems


# --- the page title and the h1 ---------------------------------------------------------------------

H1_TEXT = """() => {
  const h1 = document.querySelector('h1');
  if (!h1) return null;
  const copy = h1.cloneNode(true);
  // A caption inside the h1 (the GOV.UK caption pattern) is not the start of the title.
  copy.querySelectorAll('.govuk-caption-xl, .govuk-caption-l, .govuk-caption-m').forEach((c) => c.remove());
  return copy.textContent.replace(/\\s+/g, ' ').trim();
}"""


def title_matches_h1(page) -> list[str]:
    """The service's convention (templates/layouts/base.html, tests/pages.py): the title is the h1's words,
    then " - Education, health and care plans - GOV.UK", with "Error: " first when the page shows errors."""
    title = _squash(page.title())
    h1 = page.evaluate(H1_TEXT)
    has_errors = page.locator(".govuk-error-summary").count() > 0
    problems = []
    if not title.endswith(SERVICE_SUFFIX):
        problems.append(f"the title {title!r} does not end with {SERVICE_SUFFIX!r}")
    if h1 is None:
        return problems + ["the page has no h1"]
    expected = ("Error: " if has_errors else "") + h1
    if not title.startswith(expected):
        problems.append(f"the title {title!r} does not start with {expected!r}")
    return problems


# --- links: one name, one destination ----------------------------------------------------------------

_LINK = re.compile(r'^(?P<indent>\s*)- (?P<quoted>\'?)link(?: "(?P<name>(?:[^"\\]|\\.)*)")?')
_URL = re.compile(r"^\s*- /url: (?P<url>.*)$")


def links(snapshot: str) -> list[tuple[str, str]]:
    """(accessible name, destination) of every link in an ARIA snapshot taken with its /url lines."""
    lines = snapshot.splitlines()
    found = []
    for index, line in enumerate(lines):
        match = _LINK.match(line)
        if not match:
            continue
        name = node_name(match)
        depth = len(match["indent"])
        url = ""
        for other in lines[index + 1 :]:
            if len(other) - len(other.lstrip(" ")) <= depth:
                break
            found_url = _URL.match(other)
            if found_url:
                url = found_url["url"].strip().strip('"')
                break
        found.append((name, url))
    return found


def no_ambiguous_links(snapshot: str) -> list[str]:
    """No two links share a name (ignoring case) but go to different places: a list of links read out
    ("Change, Change, Change") must say where each goes. "Change" links carry visually hidden context,
    so their names differ ("Change child's name")."""
    destinations: dict[str, set[str]] = defaultdict(set)
    for name, url in links(snapshot):
        destinations[_squash(name).lower()].add(url)
    problems = []
    for name, urls in destinations.items():
        if not name:
            problems.append(f"{len(urls)} link(s) have no accessible name")
        elif len(urls) > 1:
            problems.append(f"the link text {name!r} goes to {len(urls)} different places: {sorted(urls)}")
    return problems


# --- tables have header cells ------------------------------------------------------------------------

TABLES = """() => Array.from(document.querySelectorAll('table'))
  .filter((t) => !t.closest('[hidden], [aria-hidden=true]') && t.getClientRects().length > 0)
  .map((t, index) => ({
    index,
    caption: (t.caption ? t.caption.textContent : (t.getAttribute('aria-label') || '')).replace(/\\s+/g, ' ').trim().slice(0, 60),
    headers: t.querySelectorAll('th').length,
    unscoped: Array.from(t.querySelectorAll('th')).filter((th) =>
      !['col', 'row', 'colgroup', 'rowgroup'].includes(th.getAttribute('scope'))).map((th) => th.textContent.trim().slice(0, 40)),
  }))"""


def tables_have_headers(page) -> list[str]:
    """Every table has header cells (th) and each says which cells it heads (scope), so a screen reader
    reads a cell with its column's (or row's) header."""
    problems = []
    for table in page.evaluate(TABLES):
        what = f"table {table['caption']!r}" if table["caption"] else f"table {table['index'] + 1}"
        if table["headers"] == 0:
            problems.append(f"{what} has no header cells (th)")
        for header in table["unscoped"]:
            problems.append(f"{what}'s header {header!r} has no scope")
    return problems


# --- tags read with their meaning ------------------------------------------------------------------

TAGS = """() => Array.from(document.querySelectorAll('.govuk-tag, .moj-badge'))
  .filter((t) => t.getClientRects().length > 0)
  .map((t) => ({
    text: t.textContent.replace(/\\s+/g, ' ').trim(),
    hidden: !!t.closest('[aria-hidden=true]'),
    classes: t.className,
  }))"""


def tags_read_with_meaning(page) -> list[str]:
    """A tag (Overdue, Due soon, Draft) says its meaning in words a screen reader reads: it has text,
    that text is not hidden from the accessibility tree, and it is a word, not only a symbol - its
    colour is decoration, never the only way the state is told."""
    problems = []
    for tag in page.evaluate(TAGS):
        if not re.search(r"[A-Za-z]{2}", tag["text"]):
            problems.append(f"a tag ({tag['classes']}) has no words ({tag['text']!r}): its colour alone carries it")
        elif tag["hidden"]:
            problems.append(f"the tag {tag['text']!r} is hidden from screen readers (aria-hidden)")
    return problems


def all_problems(page, snapshot: str, *, javascript: bool = True) -> list[str]:
    """Every check above on the open page; `snapshot` is its raw ARIA snapshot (with /url lines)."""
    return [
        *one_main_landmark(page),
        *headings_in_order(page),
        *controls_named_by_labels(page),
        *error_summary_first_and_focused(page, javascript=javascript),
        *title_matches_h1(page),
        *no_ambiguous_links(snapshot),
        *tables_have_headers(page),
        *tags_read_with_meaning(page),
    ]
