"""The public performance page, like GOV.UK Notify's: for each month, the share of messages handed to
GOV.UK Notify within 10 seconds of the event that caused them, and the share Notify delivered.

Months are calendar months in UTC, over the last 12, up to the end of yesterday (UTC), so a day's figures
are whole. The figures are one count per month (no personal data); each process keeps them for
CACHE_SECONDS, so a busy page is not a year's scan of the outbox per visit.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask import render_template

from service.auth.access import public
from service.data.observability import HANDED_OVER_WITHIN_MS, MonthOfMessages, messages_by_month
from service.journeys.common import bp

MONTHS_SHOWN = 12
CACHE_SECONDS = 300
_cache: dict[date, tuple[float, list[MonthOfMessages]]] = {}


@dataclass(frozen=True)
class MonthRow:
    label: str
    messages: int
    in_time_percent: float
    delivered_percent: float | None  # None when nothing reached Notify that month


def percent(part: int, whole: int) -> float:
    """part/whole as a percentage to one decimal place, rounded down: 99.96% shows as 99.9%, never 100%."""
    return (part * 1000 // whole) / 10


def figures(today: date) -> list[MonthOfMessages]:
    cached = _cache.get(today)
    if cached and time.monotonic() - cached[0] < CACHE_SECONDS:
        return cached[1]
    first = _month_start(today, back=MONTHS_SHOWN - 1)
    months = messages_by_month(
        datetime(first.year, first.month, 1, tzinfo=UTC), datetime(today.year, today.month, today.day, tzinfo=UTC)
    )
    _cache.clear()
    _cache[today] = (time.monotonic(), months)
    return months


def forget_cached_figures() -> None:
    _cache.clear()


def _month_start(today: date, back: int) -> date:
    index = today.year * 12 + today.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def rows(months: list[MonthOfMessages], today: date) -> list[MonthRow]:
    found = []
    for month in reversed(months):  # newest first
        label = date(month.year, month.month, 1).strftime("%B %Y")
        if (month.year, month.month) == (today.year, today.month):
            label += " (so far)"
        found.append(
            MonthRow(
                label=label,
                messages=month.messages,
                in_time_percent=percent(month.handed_over_in_time, month.messages),
                delivered_percent=percent(month.delivered, month.handed_over) if month.handed_over else None,
            )
        )
    return found


@bp.get("/performance")
@public
def performance():
    today = datetime.now(UTC).date()  # months and days in UTC, as the outbox stores its times
    return render_template(
        "common/performance.html", months=rows(figures(today), today), within_seconds=HANDED_OVER_WITHIN_MS // 1000
    )
