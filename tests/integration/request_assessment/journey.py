"""Helpers to walk the request journey through the Flask client, with the page helper on every page."""

from __future__ import annotations

import re
from html import unescape

from tests.pages import check_page

GOOD_ANSWERS = {
    "who": {"role": "parent"},
    "child-name": {"first_name": "Amara", "last_name": "Okafor"},
    "child-date-of-birth": {"date_of_birth-day": "14", "date_of_birth-month": "3", "date_of_birth-year": "2017"},
    "child-address": {
        "address_line_1": "1 High Street",
        "address_line_2": "",
        "town": "Maidstone",
        "postcode": "ME14 1XX",
    },
    "local-authority": {"local_authority": "KENT"},
    "setting": {"setting_type": "school", "setting_name": "Oak Primary School", "upn": ""},
    "your-details": {"name": "Chidi Okafor", "relationship": "Father"},
    "contact": {"email": "Parent@Example.com", "mobile": "07700 900 982", "preference": "email", "postal_address": ""},
    "communication": {"needs": ["interpreter"], "language": "Igbo", "other": ""},
    "needs": {
        "needs": "Speech and language delay",
        "current_support": "SALT twice a term",
        "support_tried": "Small group work",
    },
    "hopes": {"hopes": "A plan with speech therapy", "child_views": "I like drawing"},
}


def csrf(page) -> str:
    return page.find("input", attrs={"name": "csrf_token"})["value"]


def post(client, path: str, data: dict, follow: bool = False):
    page = check_page(client.get(path))
    return client.post(path, data={**data, "csrf_token": csrf(page)}, follow_redirects=follow)


def kent_id(app) -> str:
    from service.data.local_authorities import by_old_code

    with app.app_context():
        return str(by_old_code("886").id)


def answer_everything(client, app, overrides: dict | None = None) -> None:
    """Walk from /request to check answers, answering every page."""
    answers = {**GOOD_ANSWERS, **(overrides or {})}
    answers["local-authority"] = {"local_authority": kent_id(app)}
    response = client.get("/request")
    path = response.location
    for _ in range(20):
        slug = path.rsplit("/", 1)[-1].split("?")[0]
        if slug == "check-answers":
            return
        if slug == "professionals" or slug == "evidence":
            response = post(client, path, {"action": "continue"})
        elif slug == "consent":
            response = post(client, path, {"consent": "y", "declaration": "y"})
        else:
            response = post(client, path, answers[slug])
        assert response.status_code == 302, f"{slug} did not accept its answers: {error_texts(response)}"
        path = response.location
    raise AssertionError("the journey did not reach check answers")


def error_texts(response) -> list[str]:
    html = response.get_data(as_text=True)
    found = re.findall(r'<a href="#[^"]*">([^<]*)</a>', html.split("govuk-error-summary", 1)[-1][:5000])
    return [unescape(text) for text in found]
