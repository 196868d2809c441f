"""The page helper: every Flask-client page test fetches pages through it, so every page is checked
for the accessibility basics a GOV.UK service assessment looks at first."""

from __future__ import annotations

import re
from collections import Counter

from bs4 import BeautifulSoup

SERVICE_SUFFIX = " - Education, health and care plans - GOV.UK"


class PageProblem(AssertionError):
    pass


def check_page(response, status: int = 200) -> BeautifulSoup:
    """Assert the page-level basics and return the parsed page."""
    assert response.status_code == status, f"expected {status}, got {response.status_code}"
    assert response.mimetype == "text/html"
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    problems = page_problems(page)
    if problems:
        raise PageProblem("\n".join(problems))
    return page


def page_problems(page: BeautifulSoup) -> list[str]:
    problems = []
    h1s = page.find_all("h1")
    if len(h1s) != 1:
        problems.append(f"expected exactly one h1, found {len(h1s)}")
    title = page.title.get_text() if page.title else ""
    title = re.sub(r"\s+", " ", title).strip()
    has_errors = page.select_one(".govuk-error-summary") is not None
    if not title.endswith(SERVICE_SUFFIX):
        problems.append(f"title {title!r} does not end with {SERVICE_SUFFIX!r}")
    if h1s:
        h1 = _h1_text(h1s[0])
        expected = ("Error: " if has_errors else "") + h1
        if not title.startswith(expected):
            problems.append(f"title {title!r} does not start with {expected!r}")
    if has_errors and not title.startswith("Error: "):
        problems.append("the page shows errors but its title does not start with 'Error: '")
    ids = Counter(tag["id"] for tag in page.find_all(id=True))
    duplicates = [i for i, n in ids.items() if n > 1]
    if duplicates:
        problems.append(f"duplicate ids: {duplicates}")
    for form in page.find_all("form"):
        method = (form.get("method") or "get").lower()
        if method == "post" and not form.find("input", attrs={"name": "csrf_token"}):
            problems.append(f"form posting to {form.get('action')!r} has no CSRF token")
    for link in page.select(".govuk-error-summary a"):
        target = link.get("href", "")
        if not target.startswith("#") or not page.find(id=target[1:]):
            problems.append(f"error summary link {target!r} points at no element")
        else:
            element = page.find(id=target[1:])
            if element.name not in {"input", "select", "textarea"}:
                problems.append(f"error summary link {target!r} points at a {element.name}, not an input")
    return problems


def _h1_text(h1) -> str:
    # A caption inside the h1 (GOV.UK "caption" pattern) is not part of the title's first words.
    clone = BeautifulSoup(str(h1), "html.parser").h1
    for caption in clone.select(".govuk-caption-xl, .govuk-caption-l, .govuk-caption-m"):
        caption.decompose()
    return re.sub(r"\s+", " ", clone.get_text()).strip()
