"""Sign a family in through the real email-link sign-in, and read what a plan page offers."""

from __future__ import annotations

from tests.integration.track.test_family import _ask, _message

FAMILY = "leo.family@example.com"


def sign_in_family(client, app, email: str = FAMILY) -> None:
    _ask(client, email)
    response = client.get(_message(app, email)[-1]["link"].split("localhost", 1)[1])
    assert response.status_code == 302, response.status_code


def links(page) -> dict[str, str]:
    """Every link's text (visually hidden words included) and where it goes."""
    return {a.get_text(" ", strip=True): a["href"] for a in page.select("main a[href]")}
