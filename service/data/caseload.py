"""The caseload: a council's cases as a filtered, sorted, paged table, and the counts beside each filter.
Every query takes the caller's local authority."""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, UnaryExpression, func, or_
from sqlalchemy import Select as CoreSelect
from sqlalchemy import select as core_select
from sqlmodel import col, select
from sqlmodel.sql.expression import SelectOfScalar

from service.db import db
from service.models import Case, StaffUser

PAGE_SIZE = 25
SORTS: dict[str, tuple[UnaryExpression[Any], ...]] = {
    "due": (col(Case.next_due_on).asc().nulls_last(), col(Case.id).asc()),
    "received": (col(Case.received_on).desc(), col(Case.id).desc()),
    "name": (col(Case.child_last_name).asc(), col(Case.child_first_name).asc(), col(Case.id).asc()),
}
UNASSIGNED = "none"


@dataclass
class CaseloadQuery:
    """Everything that selects a caseload view; the view keeps every part of it in the URL."""

    today: date
    due_soon_until: date  # 5 working days from today (the caller asks the clock module)
    sort: str = "due"
    stages: tuple[str, ...] = ()
    overdue: bool = False
    due_soon: bool = False
    exceptions: bool = False
    caseworker: str = ""  # a staff id, or UNASSIGNED
    received_from: date | None = None
    received_to: date | None = None
    search: str = ""
    page: int = 1


def _search_conditions(term: str) -> list[ColumnElement[bool]]:
    """Reference (with or without the dash), date of birth (ISO or day month year) or a name.

    Names match exactly on the indexed columns, in the spellings people type (smith, Smith, SMITH)."""
    options: list[ColumnElement[bool]] = []
    compact = "".join(c for c in term.upper() if c.isalnum())
    if len(compact) == 8:
        options.append(col(Case.reference) == f"{compact[:4]}-{compact[4:]}")
    born = _parse_search_date(term)
    if born:
        options.append(col(Case.child_date_of_birth) == born)
    words = [w for w in term.replace(",", " ").split() if not any(c.isdigit() for c in w)][:3]
    for word in words:
        spellings = list({word, word.lower(), word.upper(), word.capitalize(), word.title()})
        options.append(col(Case.child_last_name).in_(spellings))
        options.append(col(Case.child_first_name).in_(spellings))
    return options


def _parse_search_date(term: str) -> date | None:
    with contextlib.suppress(ValueError):
        return date.fromisoformat(term.strip())
    parts = [p for p in term.replace("/", " ").replace("-", " ").replace(".", " ").split() if p]
    if len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[2]) == 4:
        with contextlib.suppress(ValueError):
            return date(int(parts[2]), int(parts[1]), int(parts[0]))
    return None


def _conditions(query: CaseloadQuery) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if query.stages:
        conditions.append(col(Case.stage).in_(query.stages))
    if query.overdue:
        conditions.append(col(Case.next_due_on) < query.today)
    if query.due_soon:
        conditions.append(col(Case.next_due_on).between(query.today, query.due_soon_until))
    if query.exceptions:
        conditions.append(col(Case.exceptions_apply).is_(True))
    if query.caseworker == UNASSIGNED:
        conditions.append(col(Case.assigned_caseworker_id).is_(None))
    elif query.caseworker.isdigit():
        conditions.append(col(Case.assigned_caseworker_id) == int(query.caseworker))
    if query.received_from:
        conditions.append(col(Case.received_on) >= query.received_from)
    if query.received_to:
        conditions.append(col(Case.received_on) <= query.received_to)
    if query.search.strip():
        options = _search_conditions(query.search.strip())
        conditions.append(or_(*options) if options else col(Case.id).is_(None))
    return conditions


def caseload_statement(local_authority_id: int, query: CaseloadQuery) -> SelectOfScalar[Case]:
    """One page of the caseload, in the chosen order, on the index for that order or filter."""
    statement = select(Case).where(col(Case.local_authority_id) == local_authority_id)
    for condition in _conditions(query):
        statement = statement.where(condition)
    order = SORTS.get(query.sort, SORTS["due"])
    return statement.order_by(*order).offset((max(query.page, 1) - 1) * PAGE_SIZE).limit(PAGE_SIZE)


def count_statement(local_authority_id: int, query: CaseloadQuery) -> SelectOfScalar[int]:
    count = select(func.count()).select_from(Case).where(col(Case.local_authority_id) == local_authority_id)
    for condition in _conditions(query):
        count = count.where(condition)
    return count


def is_unfiltered(query: CaseloadQuery) -> bool:
    return not _conditions(query)


def caseload(local_authority_id: int, query: CaseloadQuery, known_total: int | None = None) -> tuple[list[Case], int]:
    """A page of cases and how many match. The unfiltered total is already known from the filter
    counts (pass it as known_total), which saves a statement on the default view."""
    rows = list(db.session.exec(caseload_statement(local_authority_id, query)))
    if known_total is not None and is_unfiltered(query):
        return rows, known_total
    if query.page == 1 and len(rows) < PAGE_SIZE:
        return rows, len(rows)
    return rows, db.session.exec(count_statement(local_authority_id, query)).one()


@dataclass
class FilterCounts:
    stages: dict[str, int]
    overdue: int
    due_soon: int
    exceptions: int
    caseworkers: list[tuple[int, str, int]]  # (id, name, open cases)
    unassigned: int
    total: int


def counts_statement(local_authority_id: int, today: date, due_soon_until: date) -> CoreSelect[Any]:
    """Counts per stage and caseworker with the flags, read from ix_case_la_stage_due alone (it holds
    every column used), and each caseworker's name looked up once per group, not joined per row."""
    overdue = func.count().filter(col(Case.next_due_on) < today)
    due_soon = func.count().filter(col(Case.next_due_on).between(today, due_soon_until))
    exceptions = func.count().filter(col(Case.exceptions_apply).is_(True))
    name = select(StaffUser.name).where(col(StaffUser.id) == Case.assigned_caseworker_id).scalar_subquery()
    return (
        core_select(
            col(Case.stage),
            col(Case.assigned_caseworker_id),
            name.label("name"),
            func.count().label("n"),
            overdue.label("overdue"),
            due_soon.label("due_soon"),
            exceptions.label("exceptions"),
        )
        .where(col(Case.local_authority_id) == local_authority_id)
        .group_by(col(Case.stage), col(Case.assigned_caseworker_id))
    )


# The filter counts aggregate a council's whole caseload (25,000 rows for Kent), so each worker process
# keeps them for COUNTS_TTL seconds; a change recorded through this process clears its council's entry.
# The table's rows and due dates are always read live; the numbers beside the filter options, and the
# unfiltered view's total (taken from them), can be up to COUNTS_TTL seconds old after a change made in
# another process.
COUNTS_TTL = 20.0
_counts_cache: dict[tuple[int, date, date], tuple[float, FilterCounts]] = {}
_counts_lock = threading.Lock()


def forget_all_counts() -> None:
    """After bulk loads (synthetic data, demo data, tests)."""
    with _counts_lock:
        _counts_cache.clear()


def forget_counts(local_authority_id: int) -> None:
    """Clear one council's cached counts; changes call it through db.after_commit, once they are committed."""
    with _counts_lock:
        for key in [k for k in _counts_cache if k[0] == local_authority_id]:
            del _counts_cache[key]


def filter_counts(local_authority_id: int, today: date, due_soon_until: date) -> FilterCounts:
    key = (local_authority_id, today, due_soon_until)
    now = time.monotonic()
    with _counts_lock:
        cached = _counts_cache.get(key)
    if cached and now - cached[0] < COUNTS_TTL:
        return cached[1]
    counts = _filter_counts(local_authority_id, today, due_soon_until)
    with _counts_lock:
        _counts_cache[key] = (now, counts)
    return counts


def _filter_counts(local_authority_id: int, today: date, due_soon_until: date) -> FilterCounts:
    """How many of the council's cases each filter option would show, in one grouped statement."""
    stages: dict[str, int] = {}
    workers: dict[int, list[Any]] = {}
    overdue = due_soon = exceptions = unassigned = total = 0
    for row in db.session.execute(counts_statement(local_authority_id, today, due_soon_until)):
        stages[row.stage] = stages.get(row.stage, 0) + row.n
        overdue += row.overdue
        due_soon += row.due_soon
        exceptions += row.exceptions
        total += row.n
        if row.assigned_caseworker_id is None:
            unassigned += row.n
        else:
            workers.setdefault(row.assigned_caseworker_id, [row.assigned_caseworker_id, row.name, 0])[2] += row.n
    caseworkers = sorted(((w[0], w[1], w[2]) for w in workers.values()), key=lambda w: str(w[1]))
    return FilterCounts(stages, overdue, due_soon, exceptions, caseworkers, unassigned, total)


def assignable_staff(local_authority_id: int) -> list[StaffUser]:
    """The council's enabled caseworkers and managers, by name: who a case can be assigned to."""
    query = select(StaffUser).where(
        col(StaffUser.local_authority_id) == local_authority_id,
        col(StaffUser.disabled).is_(False),
        col(StaffUser.role).in_(["caseworker", "manager"]),
    )
    return list(db.session.exec(query.order_by(col(StaffUser.name))))
