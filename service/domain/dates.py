"""Counting days, weeks, months and working days the way the SEND law does.

- "weeks" and "days" are calendar weeks and days (SEND Regulations 2014; SEND-PROCESS.md 1.5): bank
  holidays and school holidays do not stop them.
- "15 days beginning with the day of service" counts the day of service as day 1 (regs 13(1), 22(2)).
- Months clamp to the month's end: 31 December + 2 months = 28 or 29 February.
- Working days exclude Saturdays, Sundays and bank holidays in England. Reg 2's definition is UNCONFIRMED
  in our domain notes, so the holiday list is data: data/bank-holidays/england-and-wales.json, in GOV.UK's
  bank-holidays.json format, replaceable without a code change (environment variable BANK_HOLIDAYS_FILE,
  or pass a path to `bank_holidays`). Years the file does not cover are filled from the `holidays` package
  (subdivision ENG), so a date in 2040 is never silently counted as having no bank holidays.

Everything here is pure: "today" is always an argument. The holiday file is read once, on first use.
"""

from __future__ import annotations

import json
import os
from bisect import bisect_right
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
DEFAULT_HOLIDAYS_FILE = Path(__file__).resolve().parents[2] / "data" / "bank-holidays" / "england-and-wales.json"
HOLIDAYS_FILE_ENV = "BANK_HOLIDAYS_FILE"
# Years outside the file that are filled from the `holidays` package (plans run to age 25, so 2076 is ample).
FILL_YEARS = range(1990, 2076)

_ONE_DAY = timedelta(days=1)
_WEEKS = {n: timedelta(weeks=n) for n in range(-60, 61)}


def add_days(start: date, days: int) -> date:
    """Calendar days after `start` (the day after `start` is day 1)."""
    return start + timedelta(days=days)


def add_weeks(start: date, weeks: int) -> date:
    """Calendar weeks from a trigger: received on a Monday, 6 weeks later is a Monday (regs 5, 8, 10, 13)."""
    step = _WEEKS.get(weeks)
    return start + (step if step is not None else timedelta(weeks=weeks))


@lru_cache(maxsize=65536)
def add_months(start: date, months: int) -> date:
    """Calendar months, clamped to the month's end: 31 January + 1 month = 28 or 29 February.

    The same result as dateutil's relativedelta(months=...), without building one per call.
    """
    index = start.year * 12 + start.month - 1 + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    return date(year, month, min(start.day, _month_length(year, month)))


def _month_length(year: int, month: int) -> int:
    if month == 2:
        return 29 if (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def days_beginning_with(start: date, days: int) -> date:
    """The last day of a period of `days` days beginning with `start`, which counts as day 1.

    Reg 13(1): a draft served on 1 March has its 15 days' comment window to 15 March.
    """
    return start + timedelta(days=days - 1)


@lru_cache(maxsize=4)
def _listed(path: str | None) -> tuple[frozenset[date], int, int]:
    """The dates a GOV.UK-format file lists, and the first and last years it covers."""
    source = Path(path or os.environ.get(HOLIDAYS_FILE_ENV) or DEFAULT_HOLIDAYS_FILE)
    data = json.loads(source.read_text(encoding="utf-8"))
    listed = frozenset(date.fromisoformat(event["date"]) for event in data["england-and-wales"]["events"])
    years = [d.year for d in listed] or [0]
    return listed, min(years), max(years)


@lru_cache(maxsize=4)
def bank_holidays(path: str | None = None, fill_missing_years: bool = True) -> frozenset[date]:
    """Bank holidays in England, from a file in GOV.UK's bank-holidays.json format.

    The file is `path`, else the environment variable BANK_HOLIDAYS_FILE, else the shipped file. Years the
    file lists nothing for are filled from the `holidays` package (England) unless `fill_missing_years` is off.
    """
    listed, _, _ = _listed(path)
    if not fill_missing_years:
        return listed
    covered = {d.year for d in listed}
    missing = tuple(year for year in FILL_YEARS if year not in covered)
    return listed | _package_holidays(missing) if missing else listed


def reload_bank_holidays() -> None:
    """Forget the holiday file read so far, so the next date reads it again (after replacing the file or
    changing BANK_HOLIDAYS_FILE)."""
    _listed.cache_clear()
    bank_holidays.cache_clear()


def _package_holidays(years: tuple[int, ...]) -> frozenset[date]:
    import holidays  # only for years the file does not cover: it takes a few tenths of a second

    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=years).keys())


def _default_calendar(*days: date) -> frozenset[date]:
    # The file alone while every date is well inside the years it covers (so the `holidays` package is
    # loaded only when a date near or beyond its edges is asked about); else the file plus the package.
    listed, first, last = _listed(None)
    if all(first < d.year < last for d in days):
        return listed
    return bank_holidays()


def is_working_day(day: date, holidays: frozenset[date] | None = None) -> bool:
    """Not a Saturday, Sunday or bank holiday in England (reg 2 definition UNCONFIRMED; see module notes)."""
    return day.weekday() < 5 and day not in (_default_calendar(day) if holidays is None else holidays)


def add_working_days(start: date, days: int, holidays: frozenset[date] | None = None) -> date:
    """The date `days` working days after `start`: the first working day after `start` is day 1.

    A negative `days` counts back (the latest day to give 5 working days' notice of a meeting). Zero
    returns `start` itself, working day or not.

    3 working days from Thursday 24 December 2026 is Thursday 31 December 2026: Christmas Day, the
    weekend and Monday 28 December (Boxing Day, observed) are not working days.
    """
    if holidays is None:
        # 200 working days never reach beyond the next calendar year, so `start` alone picks the calendar
        holidays = _default_calendar(start) if abs(days) <= 200 else bank_holidays()
    return _add_working_days(start, days, holidays)


@lru_cache(maxsize=16384)
def _add_working_days(start: date, days: int, holidays: frozenset[date]) -> date:
    current = start
    step = _ONE_DAY if days >= 0 else -_ONE_DAY
    remaining = abs(days)
    while remaining:
        current += step
        if current.weekday() < 5 and current not in holidays:
            remaining -= 1
    return current


def working_days_between(start: date, end: date, holidays: frozenset[date] | None = None) -> int:
    """Working days after `start` up to and including `end` (0 when `end` is on or before `start`).

    The inverse of add_working_days: working_days_between(d, add_working_days(d, n)) == n for n >= 0.
    """
    if end <= start:
        return 0
    holidays = _default_calendar(start, end) if holidays is None else holidays
    total = (end - start).days
    full_weeks, rest = divmod(total, 7)
    count = full_weeks * 5
    day = start + timedelta(weeks=full_weeks)
    for _ in range(rest):
        day += _ONE_DAY
        if day.weekday() < 5:
            count += 1
    weekday_holidays = _weekday_holidays(holidays)
    return count - (bisect_right(weekday_holidays, end) - bisect_right(weekday_holidays, start))


@lru_cache(maxsize=4)
def _weekday_holidays(holidays: frozenset[date]) -> tuple[date, ...]:
    return tuple(sorted(h for h in holidays if h.weekday() < 5))


def next_working_day_on_or_after(day: date, holidays: frozenset[date] | None = None) -> date:
    """`day` itself if it is a working day, else the first working day after it."""
    holidays = _default_calendar(day) if holidays is None else holidays
    while day.weekday() >= 5 or day in holidays:
        day += _ONE_DAY
    return day


def london_date(moment: datetime) -> date:
    """The Europe/London calendar date of a moment; a naive datetime is taken to be UTC.

    23:30 UTC on 4 June 2027 is 00:30 on 5 June in London (British Summer Time).
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LONDON).date()


MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def format_govuk_date(day: date | None) -> str:
    """4 June 2027: GOV.UK style, no leading zero, month in full, English whatever the locale."""
    if day is None:
        return ""
    return _format(day)


@lru_cache(maxsize=65536)
def _format(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
