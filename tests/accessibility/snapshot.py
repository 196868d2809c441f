"""Reading-order snapshots: what a screen reader reads on each page of the sweep, as a text file.

`record(page)` takes Playwright's ARIA snapshot of the page's body (landmarks, headings, links, form
controls with their names and states, in reading order), adds what the snapshot leaves out and a screen
reader announces - the page title, what has focus on load, and each control's accessible description
(its hint and error message, from Chromium's accessibility tree) as a YAML comment on its line - and
normalises it so that it is the same on every run and every day:

- link destinations (`/url:` lines) are dropped: a screen reader reads a link's name, not its address,
  and addresses carry ids and tokens. reading.no_ambiguous_links checks destinations instead;
- dates ("3 March 2026", "Tuesday 3 March 2026", "3 Mar 2026", "2026-03-03", "03/03/2026") -> <date>,
  months ("March 2026") -> <month>, times ("2:30pm", "14:30") -> <time>, academic and financial years
  ("2026 to 2027") -> <year> to <year>, any other year 2000-2099 -> <year>;
- counts that depend on today: "12 days", "3 working days", "2 weeks", "5 months" (ago, left, late, ...)
  and ages ("9 years old", "aged 9") -> <n>; the day and month in a filled-in date field (its year is a
  <year> already), and a day number alone in a plan's marked changes ("[removed: 7 ]") -> <n>;
- case references (XXXX-XXXX in the reference alphabet, service.references) -> <ref>;
- what the test factories number with a counter that depends on which tests ran first
  (tests/factories.py: "Number12", "Parent 12", "Caseworker 12", "family.12@example.com",
  "professional.3@org7.example.org", "School organisation 4") -> <n>;
- ids and tokens that reach the text (a long run of letters and digits, a UUID) -> <id>.

Every count of days, weeks, months or years is replaced, fixed wording ("within 6 weeks") too: a pattern
cannot tell it from a count that depends on today. Other numbers (counts of rows the sweep made, limits
such as "up to 2000 characters") stay: they are part of what a reader hears, worth a review if they change.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict, deque
from typing import Any

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_SHORT_MONTHS = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_REF_CHAR = "[ABCDEFGHJKMNPQRSTVWXYZ23456789]"
_ROLES = "Parent|Professional|Caseworker|Manager|Read only|Readonly|Admin|Team manager|Staff"

# Order matters: references first (one can begin like a time: 22PM-G7T3), whole dates before months before
# bare years; counts after dates.
_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"\b{_REF_CHAR}{{4}}-{_REF_CHAR}{{4}}\b"), "<ref>"),
    (re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"), "<id>"),
    (re.compile(rf"\b(?:(?:{_DAYS}),?\s+)?\d{{1,2}}\s+(?:{_MONTHS}|{_SHORT_MONTHS})\.?\s+\d{{4}}\b"), "<date>"),
    (re.compile(rf"\b(?:{_DAYS}),?\s+\d{{1,2}}\s+(?:{_MONTHS})\b"), "<date>"),
    (re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b"), "<date>"),
    (re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b"), "<date>"),
    (re.compile(rf"\b(?:{_MONTHS}|{_SHORT_MONTHS})\s+\d{{4}}\b"), "<month>"),
    (re.compile(r"\b\d{1,2}(?::\d{2})?\s?(?:am|pm)\b", re.IGNORECASE), "<time>"),
    (re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b"), "<time>"),
    (re.compile(r"\b20\d{2}\s+(to|-|–|/)\s+(?:20)?\d{2}\b"), r"<year> \1 <year>"),
    (re.compile(r"\b20\d{2}/\d{2}\b"), "<year>/<year>"),
    (re.compile(r"\b20\d{2}\b(?!\s+(?:characters|words))"), "<year>"),
    (re.compile(r"\b\d+(\s+(?:working|calendar|school)\s+|\s+)(days?|weeks?|months?|years?)\b"), r"<n>\1\2"),
    (re.compile(r"\b(aged|age)\s+\d+\b"), r"\1 <n>"),
    (re.compile(r"\b\d+(-year-old)\b"), r"<n>\1"),
    (re.compile(r"\bNumber\d+\b"), "Number<n>"),
    (re.compile(rf"\b({_ROLES}|[Oo]rganisation)\s\d+\b"), r"\1 <n>"),
    (re.compile(r"\b([a-z][a-z-]*)\.\d+@"), r"\1.<n>@"),
    (re.compile(r"@org\d+\."), "@org<n>."),
    (re.compile(r"\b(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{20,}\b"), "<id>"),
    (re.compile(r"\b(?:[A-Z2-7]{4} ){7}[A-Z2-7]{4}\b"), "<secret>"),  # an authenticator app's key, grouped by 4
    # a date field filled in with a date relative to today, and a changed date's day in a plan's changes
    (re.compile(r'(textbox "(?:Day|Month)"): "\d{1,2}"'), r'\1: "<n>"'),
    (re.compile(r"\[(removed|added): \d{1,2} \]"), r"[\1: <n> ]"),
    # the focused error summary's text is cut at 80 characters: a date cut after its day, "(8 " or "(18"
    (re.compile(r'^(# Focused on load: .*)\(\d{1,2} ?"$', re.MULTILINE), r'\1(<n>"'),
]
# A date changed in a plan's marked changes: its parts alone, each removed and added or kept as it was. Which
# parts differ depends on today (the same month, the same year), so the whole date reads as one line.
_DATE_PART = rf"(?:<n>|<year>|<month>|<date>|{_MONTHS})"
_DATE_CHANGE = re.compile(
    rf'^(?P<indent> *)- (?:deletion: "\[removed: {_DATE_PART} \]"|insertion: "\[added: {_DATE_PART} \]"|text: {_DATE_PART}(?: {_DATE_PART})*)$'
)

_URL_LINE = re.compile(r"^\s*- /url: .*$")
# A node's line: `- role "name" [attributes]: value`, single-quoted as a whole by YAML when the name holds
# ": " (a quote inside is then doubled).
_NODE = re.compile(r'^(?P<indent>\s*)- (?P<quoted>\'?)(?P<role>[a-z]+)(?: "(?P<name>(?:[^"\\]|\\.)*)")?')


def node_name(match: re.Match[str]) -> str:
    """The accessible name a node line (matched by _NODE) gives, unquoted."""
    name = match["name"] or ""
    if match["quoted"]:
        name = name.replace("''", "'")
    return json.loads(f'"{name}"')


def normalise(text: str) -> str:
    """The text with everything that varies between runs and days replaced (see the module docstring)."""
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return _changed_dates(text)


def _changed_dates(text: str) -> str:
    """Every run of a date's changed parts (see _DATE_CHANGE) that is the whole of its parent's children,
    with something removed or added in it, as one `- text: <changed date>` line."""
    lines = text.split("\n")
    kept: list[str] = []
    index = 0
    while index < len(lines):
        match = _DATE_CHANGE.match(lines[index])
        end = index
        while (
            match
            and end < len(lines)
            and (found := _DATE_CHANGE.match(lines[end]))
            and found["indent"] == match["indent"]
        ):
            end += 1
        run = lines[index:end]
        whole = (  # the run is all its parent's children (a definition's, say), not words among others
            match is not None
            and index > 0
            and _indent(lines[index - 1]) < len(match["indent"])
            and (end == len(lines) or _indent(lines[end]) < len(match["indent"]))
        )
        if whole and any("[removed:" in line or "[added:" in line for line in run):
            kept.append(f"{match['indent']}- text: <changed date>")
            index = end
        else:
            kept.append(lines[index])
            index += 1
    return "\n".join(kept)


def drop_urls(snapshot: str) -> str:
    """The ARIA snapshot without its `/url:` lines; a link left with no children loses its colon."""
    lines = snapshot.splitlines()
    kept: list[str] = []
    for index, line in enumerate(lines):
        if _URL_LINE.match(line):
            continue
        if line.endswith(":") and _NODE.match(line):
            children = []
            for other in lines[index + 1 :]:
                if _indent(other) <= _indent(line):
                    break
                children.append(other)
            if children and all(_URL_LINE.match(child) for child in children):
                line = line[:-1]
        kept.append(line)
    return "\n".join(kept)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def with_descriptions(snapshot: str, described: list[tuple[str, str, str]]) -> str:
    """Each (role, name, description) - in document order - as a `# description:` comment on the first
    line of the snapshot with that role and name not yet described."""
    queues: dict[tuple[str, str], deque[str]] = defaultdict(deque)
    for role, name, description in described:
        queues[(role, name)].append(description)
    lines = []
    for line in snapshot.splitlines():
        match = _NODE.match(line)
        if match:
            queue = queues.get((match["role"], node_name(match)))
            if queue:
                line = f"{line}  # description: {queue.popleft()}"
        lines.append(line)
    return "\n".join(lines)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def ax_descriptions(page) -> list[tuple[str, str, str]]:
    """(role, name, description) of every node of Chromium's accessibility tree that has a description."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    found = []
    for node in nodes:
        if node.get("ignored"):
            continue
        description = _squash(_value(node.get("description")))
        if description:
            found.append((_value(node.get("role")), _squash(_value(node.get("name"))), description))
    return found


def _value(field: dict[str, Any] | None) -> str:
    return str((field or {}).get("value") or "")


FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const role = el.getAttribute('role') || el.tagName.toLowerCase();
  const text = (el.getAttribute('aria-label') || el.innerText || '').replace(/\\s+/g, ' ').trim();
  return role + ' "' + text.slice(0, 80) + '"';
}"""


def record(page, raw: str | None = None) -> str:
    """The page's reading-order snapshot as the committed file holds it. `raw` is the page's ARIA
    snapshot when the caller has taken it already (reading.py's checks read the same one)."""
    raw = raw if raw is not None else page.locator("body").aria_snapshot()
    body = with_descriptions(drop_urls(raw), ax_descriptions(page))
    header = [f"# Page title: {_squash(page.title())}"]
    focused = page.evaluate(FOCUSED)
    if focused:
        header.append(f"# Focused on load: {focused}")
    return normalise("\n".join(header) + "\n" + body) + "\n"
