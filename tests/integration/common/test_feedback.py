"""The feedback page (issue 16, "Everyone"): the phase banner's "give your feedback" link goes to it; the GOV.UK
feedback pattern's two questions; nothing chosen, too long, or control characters are refused with the GOV.UK
error summary and nothing typed is lost; a good answer is kept (naming nobody) and thanked; it is rate
limited like the other public forms."""

from __future__ import annotations

from sqlmodel import select

from service import create_app
from service.db import db
from service.models import Feedback
from tests.conftest import make_config
from tests.integration.staff.helpers import csrf_of
from tests.pages import check_page

RATINGS = [
    "Very satisfied",
    "Satisfied",
    "Neither satisfied or dissatisfied",
    "Dissatisfied",
    "Very dissatisfied",
]


def _send(client, **fields):
    return client.post("/feedback", data={"csrf_token": csrf_of(client, "/feedback"), **fields})


def _stored(app) -> list[Feedback]:
    with app.app_context():
        rows = list(db.session.exec(select(Feedback)))
        db.session.expunge_all()
        return rows


def test_the_phase_banner_links_to_the_feedback_page_with_the_govuk_questions(client):
    banner = check_page(client.get("/")).select_one(".govuk-phase-banner a")
    assert banner.get_text(strip=True) == "give your feedback" and banner["href"] == "/feedback"
    page = check_page(client.get("/feedback"))
    assert page.h1.get_text(strip=True) == "Give feedback on Education, health and care plans"
    legend = page.select_one("fieldset legend").get_text(strip=True)
    assert legend == "Overall, how did you feel about the service you received today?"
    assert [label.get_text(strip=True) for label in page.select(".govuk-radios__label")] == RATINGS
    textarea = page.select_one("textarea[name=improve]")
    assert (
        page.select_one(f"label[for={textarea['id']}]")
        .get_text(strip=True)
        .startswith("How could we improve this service?")
    )
    assert page.select_one(".govuk-character-count[data-maxlength='1200']")
    hint = page.select_one(f"#{textarea['id']}-hint").get_text(" ", strip=True)
    assert "National Insurance number or credit card details" in hint and "a child's needs" in hint


def test_good_feedback_is_kept_and_thanked(client, app):
    response = _send(client, rating="satisfied", improve="Say sooner what the council will do next.")
    assert response.status_code == 302 and response.location.endswith("/feedback/thank-you")
    page = check_page(client.get(response.location))
    assert page.select_one(".govuk-panel__title").get_text(strip=True) == "Thank you for your feedback"
    [row] = _stored(app)
    assert (row.rating, row.improve) == ("satisfied", "Say sooner what the council will do next.")
    assert _send(client, rating="very_dissatisfied").status_code == 302  # the second question is optional
    assert sorted((r.rating, r.improve) for r in _stored(app)) == [
        ("satisfied", row.improve),
        ("very_dissatisfied", ""),
    ]


def _error_texts(page) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(".govuk-error-summary a")]


def test_nothing_chosen_too_long_and_control_characters_are_refused_and_nothing_is_lost(client, app):
    page = check_page(_send(client, improve="Kept when the page comes back"), status=400)
    assert page.title.get_text().startswith("Error: ")
    assert _error_texts(page) == ["Select how you feel about the service"]
    assert page.select_one("textarea[name=improve]").get_text() == "Kept when the page comes back"

    page = check_page(_send(client, rating="neither", improve="x" * 1201), status=400)
    assert _error_texts(page) == ["Your feedback must be 1200 characters or fewer"]
    assert page.select_one("input[name=rating][value=neither]").has_attr("checked")

    page = check_page(_send(client, rating="satisfied", improve="fine\x1b[31m"), status=400)
    assert _error_texts(page) == ["Your feedback must not include control characters"]

    page = check_page(_send(client, rating="extremely"), status=400)
    assert _error_texts(page) == ["Select how you feel about the service"]
    assert _stored(app) == []
    assert _send(client, rating="neither", improve="x" * 1200).status_code == 302  # exactly the limit is fine
    assert client.post("/feedback", data={"rating": "satisfied"}).status_code == 400  # no CSRF token


def test_feedback_is_rate_limited_like_the_other_public_forms(migrated_database, app):
    limited = create_app(make_config(migrated_database, RATELIMIT_ENABLED=True))
    client = limited.test_client()
    statuses = [_send(client, rating="satisfied").status_code for _ in range(11)]
    assert statuses == [302] * 10 + [429]
