"""Issue 16's family pages: sign a family in through the real email-link sign-in, and read the tracker."""

from __future__ import annotations

from tests.integration.track.test_family import _ask, _message


def sign_in_as(client, app, email: str) -> None:
    _ask(client, email)
    response = client.get(_message(app, email)[-1]["link"].split("localhost", 1)[1])
    assert response.status_code == 302, response.status_code


def steps(page) -> list[tuple[str, str, str]]:
    """(title, status, text) of each step of the tracker, in order."""
    found = []
    for item in page.select("ol[aria-labelledby=step-by-step] > li"):
        heading = item.select_one("h3")
        status = heading.select_one(".govuk-tag").get_text(strip=True)
        title = heading.get_text(" ", strip=True).split(": ", 1)[1].removesuffix(status).strip()
        found.append((title, status, item.get_text(" ", strip=True)))
    return found
