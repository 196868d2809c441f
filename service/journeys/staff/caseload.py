"""The caseload's URL: every filter, the search, the sort and the page live in the query string, so a
view can be bookmarked and shared, and everything works without JavaScript. The caseload's table, its
bulk assign (a normal form POST) and its CSV export of the whole view."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from werkzeug.datastructures import MultiDict

from service.auth.staff import CHANGE_ROLES, current_local_authority, current_staff, staff_required
from service.data import audit
from service.data import caseload as caseload_data
from service.data.bulk_assign import assign_cases
from service.data.caseload import SORTS, UNASSIGNED, CaseloadQuery, CaseloadRow, FilterCounts
from service.domain.clock import STAGE_NAMES, Stage, add_working_days, format_govuk_date
from service.formatting import govuk_date
from service.journeys.staff import bp
from service.text import without_control_characters
from service.web import staff_change, today_in_london
from service.wording.due import FAMILY_ACTIVITY, due_label, twenty_week_clock

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
        hide_filters=args.get("filters") == "hide",
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
        "filters": "hide" if query.hide_filters else None,
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


# --- The page, bulk assign and the export ----------------------------------------------------------------

MAX_BULK = 100  # a page shows 25; more in one request is not a person's selection


def stage_name(stage: str) -> str:
    """A case's stage as the caseload and its CSV name it; an unknown stage as it is stored."""
    names = STAGE_NAMES.get(stage)  # type: ignore[call-overload]
    return names[0] if names else stage


@dataclass(slots=True)
class RowView:
    """A caseload row with what its cells say worked out in Python, once (issue 18): in the template each
    was a call or a filter through Jinja's runtime for each of the 25 rows."""

    case: Any
    caseworker: str | None
    new_activity: str
    href: str
    born: str
    stage: str
    received: str
    clock: str
    due_label: str
    due_on: str
    due: str  # "overdue", "due_soon" or ""


def _row_views(rows: list[CaseloadRow], today: date, due_soon_until: date) -> list[RowView]:
    url = current_app.jinja_env.globals["url_for"]  # the templates' url_for (remembered, service.templating)
    views = []
    for row in rows:
        case = row.case
        due_on = case.next_due_on
        views.append(
            RowView(
                case=case,
                caseworker=row.caseworker,
                new_activity=row.new_activity,
                href=url("staff.case_record", case_id=case.id),
                born=govuk_date(case.child_date_of_birth),
                stage=stage_name(case.stage),
                received=govuk_date(case.received_on),
                clock=twenty_week_clock(case.stage, case.received_on, today, case.exceptions_apply),
                due_label=due_label(case.next_due_key) if due_on else "",
                due_on=govuk_date(due_on) if due_on else "",
                due=("overdue" if due_on < today else "due_soon" if due_on <= due_soon_until else "") if due_on else "",
            )
        )
    return views


def render_caseload(query: CaseloadQuery, errors: list[dict], *, bulk: dict | None = None):
    """The caseload page for `query`; `errors` (date filters, bulk assign) go in the error summary, and
    `bulk` keeps what a refused bulk assign had chosen ({'selected': ids, 'assign_to': id, 'error': ...})."""
    user = current_staff()
    today = query.today
    counts = caseload_data.filter_counts(user.local_authority_id, today, query.due_soon_until)
    rows, total = caseload_data.caseload(user.local_authority_id, query, counts=counts, viewer_id=user.id)
    pages = max((total + caseload_data.PAGE_SIZE - 1) // caseload_data.PAGE_SIZE, 1)
    can_assign = user.role in CHANGE_ROLES
    selected = selected_filters(query, counts)
    results = f"{total:,} {'case' if total == 1 else 'cases'}" + (
        f", page {query.page} of {pages:,}" if pages > 1 else ""
    )
    return render_template(
        "staff/caseload.html",
        rows=_row_views(rows, today, query.due_soon_until),
        total=total,
        query=query,
        counts=counts,
        pages=pages,
        today=today,
        stages=STAGE_NAMES,
        link=link,
        selected=selected,
        results=results,
        # A search, filter or page applied reloads the list: its title says what was found (issue 20 item 3).
        title_detail=results if (selected or query.page > 1) and not errors else None,
        error_list=errors,
        date_errors={e["name"]: e["text"] for e in errors if e.get("name") in DATE_FIELDS},
        la=current_local_authority(),
        page_title="Cases",
        user=user,
        can_assign=can_assign,
        assignable=caseload_data.assignable_choices(user.local_authority_id) if can_assign and rows else [],
        bulk=bulk or {"selected": set(), "assign_to": "", "errors": {}},
        activity=FAMILY_ACTIVITY,
        bulk_action=url_for("staff.bulk_assign", **params(query)),
        export_href=url_for("staff.caseload_csv", **params(query, page=None, filters=None)),
        toggle_href=link(query, filters=None if query.hide_filters else "hide"),
    )


@bp.post("/cases")
@staff_required(*CHANGE_ROLES)
def bulk_assign():
    """Assign the ticked cases to one caseworker. Any id that is not one of the council's cases is a 404
    for the whole request (nothing changes); a case changed since the page was shown refuses them all."""
    user = current_staff()
    query, _ = parse(request.args, today_in_london())
    raw = request.form.getlist("case")
    if len(raw) > MAX_BULK:
        abort(400)
    if not all(_is_id(value) for value in raw):
        abort(404)
    ids = list(dict.fromkeys(int(value) for value in raw))
    cases = caseload_data.cases_to_assign(user.local_authority_id, ids) if ids else []
    if cases is None:
        abort(404)
    people = {str(p.id): p for p in caseload_data.assignable_staff(user.local_authority_id)}
    assign_to = request.form.get("assign_to", "")
    chosen = people.get(assign_to)
    errors: dict[str, str] = {}
    if not ids:
        errors["cases"] = "Select the cases you want to assign"
    if chosen is None:
        errors["assign_to"] = "Select who to assign the cases to"
    if chosen is not None and cases:
        versions = [(case, _version(request.form.get(f"version-{case.id}", ""))) for case in cases]
        stale = assign_cases(staff_change(), versions, chosen)
        if not stale:
            n = len(cases)
            flash(f"{n} {'case' if n == 1 else 'cases'} assigned to {chosen.name}")
            return redirect(link(query))
        errors["cases"] = (
            f"{len(stale)} of the cases you selected changed since you opened this page. "
            "Check the cases and assign them again"
        )
    summary = [
        {"text": text, "href": f"#{'bulk-cases' if name == 'cases' else 'assign_to'}"} for name, text in errors.items()
    ]
    bulk = {"selected": set(ids), "assign_to": assign_to, "errors": errors}
    return render_caseload(query, summary, bulk=bulk)


def _version(value: str) -> int | None:
    value = value.strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) <= MAX_ID_DIGITS else None


CSV_COLUMNS = [
    "Reference",
    "First name",
    "Last name",
    "Date of birth",
    "Stage",
    "Exception applies",
    "Received",
    "20-week clock",
    "Next due",
    "Next due date",
    "Caseworker",
    "New activity",
]


def _safe(value: str) -> str:
    """Spreadsheet formula injection: a cell starting = + - @ (or a tab or carriage return) would run
    as a formula in Excel, so it starts with an apostrophe instead."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_cells(row: CaseloadRow, today: date) -> list[str]:
    case = row.case
    cells = [
        case.reference,
        case.child_first_name,
        case.child_last_name,
        case.child_date_of_birth.isoformat(),
        stage_name(case.stage),
        "Yes" if case.exceptions_apply else "No",
        case.received_on.isoformat(),
        twenty_week_clock(case.stage, case.received_on, today),
        due_label(case.next_due_key) if case.next_due_on else "Nothing due",
        case.next_due_on.isoformat() if case.next_due_on else "",
        row.caseworker or "Unassigned",
        FAMILY_ACTIVITY.get(row.new_activity, "").capitalize(),
    ]
    return [_safe(c) for c in cells]


@bp.get("/cases.csv")
@staff_required()
def caseload_csv():
    """Every case of the current view (its filters, search and sort; all pages) as CSV, streamed. One
    audit event for the export, with the view's filters in its detail."""
    user = current_staff()
    today = today_in_london()
    query, _ = parse(request.args, today)
    detail = urlencode(params(query, page=None, filters=None), doseq=True)
    audit.record(user.id, user.local_authority_id, "caseload.export", None, detail=detail, ip_address=staff_change().ip)
    rows = caseload_data.every_row(user.local_authority_id, query, user.id)

    def lines() -> Iterator[str]:
        out = io.StringIO()
        writer = csv.writer(out)
        out.write("\ufeff")  # Excel reads the file as UTF-8 (names with accents)
        writer.writerow(CSV_COLUMNS)
        for n, row in enumerate(rows, 1):
            writer.writerow(csv_cells(row, today))
            if n % 500 == 0:
                yield out.getvalue()
                out.seek(0)
                out.truncate()
        yield out.getvalue()

    return Response(
        stream_with_context(lines()),
        mimetype="text/csv",
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="cases-{today.isoformat()}.csv"',
            "Cache-Control": "no-store",
        },
    )
