"""Template filters: dates in GOV.UK style, shown on the Europe/London calendar, and plain text as paragraphs."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import Flask
from markupsafe import Markup, escape

from service.domain.dates import format_govuk_date
from service.domain.ehcp.document import label_of

LONDON = ZoneInfo("Europe/London")


def to_london(value: datetime) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(LONDON)


def govuk_date(value: date | datetime | None) -> str:
    """4 June 2027 (the GOV.UK style guide: no leading zero, month in full)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_london(value).date()
    return format_govuk_date(value)  # English whatever the locale, without strftime (75 dates a caseload page)


def govuk_datetime(value: datetime | None) -> str:
    """4 June 2027 at 2:05pm, in UK time."""
    if value is None:
        return ""
    local = to_london(value)
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    if local.hour == 12 and local.minute == 0:
        time = "midday"
    elif local.hour == 0 and local.minute == 0:
        time = "midnight"
    else:
        time = f"{hour}:{local.minute:02d}{suffix}"
    return f"{govuk_date(local.date())} at {time}"


def govuk_time_on_date(value: datetime | None) -> str:
    """2:05pm on 4 June 2027, in UK time (a deadline: the time first)."""
    if value is None:
        return ""
    day, time = govuk_datetime(value).split(" at ")
    return f"{time} on {day}"


def govuk_iso_date(value: str | None) -> str:
    """A date stored as YYYY-MM-DD (form answers), in GOV.UK style."""
    return govuk_date(date.fromisoformat(value)) if value else ""


def paragraphs(value: str | None) -> Markup:
    """Plain text as GOV.UK paragraphs: a blank line starts a new paragraph, a single newline a new line.
    The text is escaped first; nothing the user typed becomes markup."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", (value or "").replace("\r\n", "\n")) if block.strip()]
    return Markup("").join(
        Markup('<p class="govuk-body">{}</p>').format(Markup("<br>").join(escape(line) for line in block.split("\n")))
        for block in blocks
    )


def init_formatting(app: Flask) -> None:
    app.add_template_filter(label_of, "plan_label")
    app.add_template_filter(paragraphs, "paragraphs")
    app.add_template_filter(govuk_iso_date, "govuk_iso_date")
    app.add_template_filter(govuk_date, "govuk_date")
    app.add_template_filter(govuk_datetime, "govuk_datetime")
    app.add_template_filter(govuk_time_on_date, "govuk_time_on_date")
