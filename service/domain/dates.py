"""Counting days, weeks, months and working days the way the SEND law does.

- "weeks" and "days" are calendar weeks and days (SEND Regulations 2014; SEND-PROCESS.md 1.5).
- "15 days beginning with the day of service" counts the day of service as day 1 (regs 13(1), 22(2)).
- Months clamp to the month's end: 31 December + 2 months = 28 or 29 February.
- Working days exclude Saturdays, Sundays and bank holidays in England. Reg 2's definition is
  UNCONFIRMED in our domain notes, so the holiday list is data (data/bank-holidays/, GOV.UK's format)
  that can be replaced without a code change (BANK_HOLIDAYS_FILE).

Everything here is pure: "today" is always an argument. The holiday file is read once, on first use.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

LONDON = ZoneInfo("Europe/London")
DEFAULT_HOLIDAYS_FILE = Path(__file__).resolve().parents[2] / "data" / "bank-holidays" / "england-and-wales.json"


def add_days(start: date, days: int) -> date:
    return start + timedelta(days=days)


def add_weeks(start: date, weeks: int) -> date:
    """Calendar weeks from a trigger: received on a Monday, 6 weeks later is a Monday."""
    return start + _WEEKS[weeks] if -60 < weeks < 60 else start + timedelta(weeks=weeks)


_WEEKS = {n: timedelta(weeks=n) for n in range(-59, 60)}


def add_months(start: date, months: int) -> date:
    """Calendar months, clamped to the month's end (31 January + 1 month = 28 or 29 February)."""
    return start + relativedelta(months=months)


def days_beginning_with(start: date, days: int) -> date:
    """The last day of a period of `days` days beginning with `start` (which counts as day 1)."""
    return start + timedelta(days=days - 1)


@lru_cache(maxsize=4)
def bank_holidays(path: str | None = None) -> frozenset[date]:
    """Bank holidays in England, from a file in GOV.UK's bank-holidays.json format."""
    source = Path(path or os.environ.get("BANK_HOLIDAYS_FILE") or DEFAULT_HOLIDAYS_FILE)
    data = json.loads(source.read_text(encoding="utf-8"))
    events = data["england-and-wales"]["events"]
    return frozenset(date.fromisoformat(event["date"]) for event in events)


def is_working_day(day: date, holidays: frozenset[date] | None = None) -> bool:
    if day.weekday() >= 5:
        return False
    return day not in (bank_holidays() if holidays is None else holidays)


def add_working_days(start: date, days: int, holidays: frozenset[date] | None = None) -> date:
    """The date `days` working days after `start`; the first working day after `start` is day 1.

    3 working days from Thursday 24 December 2026 is Thursday 31 December 2026 (25 December,
    the weekend and 28 December, Boxing Day observed, are not working days).
    """
    return _add_working_days(start, days, bank_holidays() if holidays is None else holidays)


@lru_cache(maxsize=8192)
def _add_working_days(start: date, days: int, holidays: frozenset[date]) -> date:
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in holidays:
            remaining -= 1
    return current


def working_days_between(start: date, end: date, holidays: frozenset[date] | None = None) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    holidays = bank_holidays() if holidays is None else holidays
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in holidays:
            count += 1
    return count


def next_working_day_on_or_after(day: date, holidays: frozenset[date] | None = None) -> date:
    while not is_working_day(day, holidays):
        day += timedelta(days=1)
    return day


def london_date(moment: datetime) -> date:
    """The Europe/London calendar date of a moment (naive datetimes are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LONDON).date()


MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def format_govuk_date(day: date | None) -> str:
    """4 June 2027: GOV.UK style, no leading zero, month in full (English, whatever the locale)."""
    if day is None:
        return ""
    return _format(day)


@lru_cache(maxsize=65536)
def _format(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
