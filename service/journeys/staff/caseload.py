"""The caseload's URL: every filter, the search, the sort and the page live in the query string, so a
view can be bookmarked and shared, and everything works without JavaScript."""

from __future__ import annotations

from datetime import date

from flask import url_for
from werkzeug.datastructures import MultiDict

from service.data.caseload import SORTS, UNASSIGNED, CaseloadQuery, FilterCounts
from service.domain.clock import STAGE_NAMES, Stage, add_working_days, format_govuk_date
from service.journeys.staff import bp
from service.text import without_control_characters
from service.wording.due import due_label

DATE_FIELDS = {"received_from": "Received from", "received_to": "Received to"}
FLAGS = {"overdue": "Overdue", "due_soon": "Due within 5 working days", "exceptions": "Exceptions applied"}


def _date_from(args: MultiDict, name: str, today: date) -> tuple[date | None, str | None]:
    parts = [args.get(f"{name}-{p}", "").strip() for p in ("day", "month", "year")]
    label = DATE_FIELDS[name]
    if not any(parts):
        return None, None
    if not all(parts):
        missing = [p for p, v in zip(("a day", "a month", "a year"), parts, strict=True) if not v]
        return None, f"{label} date must include {' and '.join(missing)}"
    try:
        day, month, year = (int(p) for p in parts)
        value = date(year, month, day)
    except (ValueError, OverflowError):  # OverflowError: a part too big for a C integer
        return None, f"{label} date must be a real date"
    if year < 1900:
        return None, f"{label} date must be a real date"
    if value > today:
        return None, f"{label} date must be today or in the past"
    return value, None


@bp.context_processor
def _due_labels() -> dict:
    """The caseload's (and every staff page's) "Next due" says what is due: due_label(case.next_due_key)."""
    return {"due_label": due_label}


MAX_PAGE = 100_000  # far beyond any council's caseload; a larger number shows the last page's emptiness
MAX_ID_DIGITS = 9  # below PostgreSQL's integer limit


def _is_id(value: str) -> bool:
    return value.isascii() and value.isdigit() and len(value) <= MAX_ID_DIGITS


def _page_number(value: str) -> int:
    """The page asked for, within 1 to MAX_PAGE: anything else (a huge number, text) is page 1 or the bound."""
    value = value.strip()
    if not (value.isascii() and value.isdigit()):
        return 1
    return min(max(int(value[:7]), 1), MAX_PAGE) if len(value) <= 7 else MAX_PAGE


def parse(args: MultiDict, today: date) -> tuple[CaseloadQuery, list[dict]]:
    """The query the URL asks for, and GOV.UK errors for any date that cannot be used (it is ignored)."""
    errors = []
    received = {}
    for name in DATE_FIELDS:
        value, error = _date_from(args, name, today)
        received[name] = value
        if error:
            errors.append({"text": error, "href": f"#{name}-day", "name": name})
    if received["received_from"] and received["received_to"] and received["received_to"] < received["received_from"]:
        errors.append(
            {
                "text": "Received to date must be the same as or after the received from date",
                "href": "#received_to-day",
                "name": "received_to",
            }
        )
        received["received_to"] = None
    caseworker = args.get("caseworker", "")
    query = CaseloadQuery(
        today=today,
        due_soon_until=add_working_days(today, 5),
        sort=args.get("sort") if args.get("sort") in SORTS else "due",
        stages=tuple(s for s in args.getlist("stage") if s in {v.value for v in Stage}),
        overdue=args.get("overdue") == "yes",
        due_soon=args.get("due_soon") == "yes",
        exceptions=args.get("exceptions") == "yes",
        caseworker=caseworker if caseworker == UNASSIGNED or _is_id(caseworker) else "",
        received_from=received["received_from"],
        received_to=received["received_to"],
        search=without_control_characters(args.get("q", "")).strip()[:100],  # PostgreSQL refuses NUL
        page=_page_number(args.get("page", "")),
    )
    return query, errors


def params(query: CaseloadQuery, **changes) -> dict:
    """The URL parameters of `query` (with `changes`), for links that keep the rest of the view."""
    values = {
        "q": query.search or None,
        "stage": list(query.stages) or None,
        "overdue": "yes" if query.overdue else None,
        "due_soon": "yes" if query.due_soon else None,
        "exceptions": "yes" if query.exceptions else None,
        "caseworker": query.caseworker or None,
        "sort": query.sort if query.sort != "due" else None,
        "page": query.page if query.page > 1 else None,
    }
    for name in DATE_FIELDS:
        value = getattr(query, name)
        for part in ("day", "month", "year"):
            values[f"{name}-{part}"] = getattr(value, part) if value else None
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def link(query: CaseloadQuery, **changes) -> str:
    return url_for("staff.caseload", **params(query, **changes))


def selected_filters(query: CaseloadQuery, counts: FilterCounts) -> list[dict]:
    """The MoJ filter's 'Selected filters': one category each, every tag a link that removes it."""
    categories = []
    if query.search:
        categories.append(
            {"heading": "Search", "items": [{"text": query.search, "href": link(query, q=None, page=None)}]}
        )
    if query.stages:
        items = []
        for value in query.stages:
            rest = [s for s in query.stages if s != value] or None
            items.append({"text": STAGE_NAMES[Stage(value)][0], "href": link(query, stage=rest, page=None)})
        categories.append({"heading": "Stage", "items": items})
    flags = [
        {"text": label, "href": link(query, **{name: None, "page": None})}
        for name, label in FLAGS.items()
        if getattr(query, name)
    ]
    if flags:
        categories.append({"heading": "Due dates and exceptions", "items": flags})
    if query.caseworker:
        names = {str(w[0]): w[1] for w in counts.caseworkers}
        text = "Not assigned" if query.caseworker == UNASSIGNED else names.get(query.caseworker, "Unknown caseworker")
        categories.append(
            {"heading": "Caseworker", "items": [{"text": text, "href": link(query, caseworker=None, page=None)}]}
        )
    received = []
    for name, label in DATE_FIELDS.items():
        value = getattr(query, name)
        if value:
            cleared = {f"{name}-{part}": None for part in ("day", "month", "year")}
            received.append({"text": f"{label} {format_govuk_date(value)}", "href": link(query, page=None, **cleared)})
    if received:
        categories.append({"heading": "Received", "items": received})
    return categories
