"""Issue 16 item 2: the Messages page says what each message said (its subject and a summary from what was
sent), marks each date already past, and never shows a sign-in link or code."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlmodel import select

from service.data.family_messages import PASSED, mark_passed, summary
from service.domain.clock import format_govuk_date
from service.models import OutboxMessage
from tests.factories import make_case
from tests.integration.track.helpers16 import sign_in_as
from tests.pages import check_page

TODAY = date.today()
EMAIL = "messages.family@example.com"


def test_past_dates_are_marked_and_only_real_govuk_dates_count():
    today = date(2026, 12, 2)
    text = "Decide by 13 November 2026, comment until 3 January 2027, not 31 February 2026 nor 011 May 2026"
    assert mark_passed(text, today) == (
        "Decide by 13 November 2026 (this date has passed), comment until 3 January 2027, "
        "not 31 February 2026 nor 011 May 2026"
    )
    assert mark_passed("Due 2 December 2026", today) == "Due 2 December 2026"  # today has not passed
    # in "what changed", a date it happened on is past anyway: only a deadline in it is marked
    assert mark_passed("Sent on 1 October 2026. Reply by 5pm on 2 October 2026", today, deadlines_only=True) == (
        "Sent on 1 October 2026. Reply by 5pm on 2 October 2026" + PASSED
    )


def test_a_summary_never_carries_the_sign_in_link_or_code():
    values = json.dumps({"link": "https://example.gov.uk/sign-in/link/SECRET", "code": "123456"})
    said = summary("family_sign_in_link", values, TODAY)
    words = " ".join((said.subject, *said.lines))
    assert "SECRET" not in words and "123456" not in words and said.subject == "Your sign-in link and code"


def test_each_message_shows_its_subject_and_what_it_said_with_past_dates_marked(client, app):
    from service.data.family_messages import send_case_update
    from service.db import db

    gone, coming = TODAY - timedelta(days=10), TODAY + timedelta(days=20)
    with app.app_context():
        case = make_case(requester_email=EMAIL, child_first_name="Rosa", child_last_name="Evans")
        send_case_update(
            case,
            "The council decided to carry out an assessment",
            TODAY,
            f"The council must tell you by {format_govuk_date(gone)} whether it will make a plan",
        )
        send_case_update(
            case,
            "The council received the educational psychology advice",
            TODAY,
            f"The council must send you the final plan by {format_govuk_date(coming)}",
        )
        db.session.commit()
        reference = case.reference
    sign_in_as(client, app, EMAIL)
    page = check_page(client.get("/your-notifications"))
    cards = [c.get_text(" ", strip=True) for c in page.select("main .govuk-summary-card")]
    subjects = [h.get_text(strip=True) for h in page.select(".govuk-summary-card__title")]
    assert subjects.count("Update on your request for Rosa") == 2
    assert "Your sign-in link and code" in subjects
    first = next(c for c in cards if "carry out an assessment" in c)
    assert f"by {format_govuk_date(gone)} (this date has passed) whether it will make a plan" in first
    assert f"Reference {reference}" in first
    second = next(c for c in cards if "psychology advice" in c)
    assert format_govuk_date(coming) in second and "(this date has passed)" not in second
    with app.app_context():
        sign_in = db.session.exec(select(OutboxMessage).where(OutboxMessage.template == "family_sign_in_link")).first()
        secrets = json.loads(sign_in.personalisation)
    main = page.select_one("main")
    assert secrets["code"] not in main.get_text() and secrets["link"] not in main.decode()
