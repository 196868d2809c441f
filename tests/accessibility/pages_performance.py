"""The public performance page (issue 19 item 5): with a few months of messages, and with none."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from service.db import db
from service.journeys.common.performance import forget_cached_figures
from service.models import OutboxMessage
from service.models.outbox import PENDING, SENT
from tests.accessibility.registry import SweepPage


def _months_of_messages(app) -> dict:
    forget_cached_figures()
    now = datetime.now(UTC)
    for days_back, delay_ms, delivery in ((40, 1_200, "delivered"), (40, 14_000, None), (70, 800, "received"),
                                          (70, None, None), (100, 3_000, "permanent-failure")):  # fmt: skip
        created = now - timedelta(days=days_back)
        db.session.add(OutboxMessage(channel="email", template="t", recipient="r@example.com", created_at=created,
                                     status=SENT if delay_ms else PENDING, send_delay_ms=delay_ms,
                                     sent_at=created + timedelta(milliseconds=delay_ms) if delay_ms else None,
                                     delivery_status=delivery))  # fmt: skip
    db.session.commit()
    return {}


def _nothing_yet(app) -> dict:
    forget_cached_figures()
    return {}


PAGES = [
    SweepPage("common/performance", "/performance", data=_months_of_messages),
    SweepPage("common/performance-empty", "/performance", data=_nothing_yet),
]
