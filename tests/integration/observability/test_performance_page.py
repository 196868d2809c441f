"""The public performance page: per month, the share of messages handed to GOV.UK Notify within 10 seconds
of the event, and the share delivered, from outbox rows with known timings; an empty state without any."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from service.data.jobs import claim_message, finish_message
from service.db import db
from service.journeys.common.performance import forget_cached_figures, percent
from service.models import OutboxMessage
from service.models.outbox import PENDING, SENT
from tests.pages import check_page

TODAY = datetime.now(UTC).date()


def month_back(back: int) -> date:
    index = TODAY.year * 12 + TODAY.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, 15 if day.day == 1 else day.day, hour, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _fresh_figures():
    forget_cached_figures()
    yield
    forget_cached_figures()


def message(created: datetime, delay_ms: int | None, delivery: str | None = None, channel: str = "email") -> None:
    sent = created + timedelta(milliseconds=delay_ms) if delay_ms is not None else None
    db.session.add(OutboxMessage(channel=channel, template="t", recipient="r@example.com", created_at=created,
                                 status=SENT if sent else PENDING, sent_at=sent, send_delay_ms=delay_ms,
                                 delivery_status=delivery))  # fmt: skip


def table(app) -> list[list[str]]:
    page = check_page(app.test_client().get("/performance"))
    return [[cell.get_text(" ", strip=True) for cell in row.select("th, td")] for row in page.select("tbody tr")]


def test_the_shares_per_month_newest_first(app):
    two, three = month_back(2), month_back(3)
    with app.app_context():
        # two months ago: 2 of 4 within 10 s (10.000 s counts, 10.001 s does not, one never sent);
        # of the 3 Notify took, 1 delivered (one failed, one with no status yet)
        message(at(two), 2_000, "delivered")
        message(at(two), 10_000, "permanent-failure")
        message(at(two), 10_001, None)
        message(at(two), None)
        # three months ago: 3 of 3 in time, all delivered (a letter "received" is posted)
        message(at(three), 500, "delivered")
        message(at(three), 900, "delivered", channel="sms")
        message(at(three), 1_500, "received", channel="letter")
        # outside the figures: over a year ago, and today (the figures stop at the end of yesterday)
        message(at(month_back(13)), 99_000, "delivered")
        message(datetime.now(UTC), 99_000, "delivered")
        db.session.commit()
    assert table(app) == [
        [two.strftime("%B %Y"), "4", "50.0%", "33.3%"],
        [three.strftime("%B %Y"), "3", "100.0%", "100.0%"],
    ]


def test_a_month_with_nothing_sent_yet_says_so(app):
    with app.app_context():
        message(at(month_back(1)), None)
        db.session.commit()
    assert table(app) == [[month_back(1).strftime("%B %Y"), "1", "0.0%", "Not known yet"]]


def test_the_empty_state_and_the_footer_link(app):
    page = check_page(app.test_client().get("/performance"))
    assert page.select("table") == []
    assert "There are no figures yet" in page.get_text()
    footer = check_page(app.test_client().get("/cookies")).select_one("footer")
    links = {link.get_text(strip=True): link["href"] for link in footer.select("a")}
    assert links["Service performance"] == "/performance"


def test_shares_round_down_so_nearly_all_is_not_all():
    assert percent(9996, 10000) == 99.9
    assert percent(1, 3) == 33.3 and percent(2, 3) == 66.6 and percent(3, 3) == 100.0


def test_the_send_delay_is_recorded_when_notify_takes_the_message(app):
    """The worker's path (claim, then finish as sent) records created_at to sent_at in milliseconds."""
    with app.app_context():
        row = OutboxMessage(channel="email", template="t", recipient="r@example.com",
                            created_at=datetime.now(UTC) - timedelta(seconds=4))  # fmt: skip
        db.session.add(row)
        db.session.commit()
        claimed, _ = claim_message(row.id)
        finish_message(claimed, SENT, notify_id="n-1")
        db.session.commit()
        db.session.expire_all()
        stored = db.session.get(OutboxMessage, row.id)
        assert 4_000 <= stored.send_delay_ms < 6_000
