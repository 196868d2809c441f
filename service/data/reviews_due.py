"""The reviews due: a council's plans by the next annual review's due date (Case.review_due_on, a copy the
clock keeps), filtered to overdue, due this month, next month or within 3 months, and by caseworker, paged.
Every query takes the caller's local authority and reads ix_case_la_review_due."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func
from sqlalchemy import select as core_select
from sqlmodel import col, select

from service.data.caseload import UNASSIGNED
from service.data.phase_transfers import meetings_arranged
from service.db import db
from service.domain.dates import add_months
from service.models import Case, StaffUser

PAGE_SIZE = 25
WHEN = ("overdue", "this_month", "next_month", "three_months")


@dataclass
class ReviewsQuery:
    today: date
    when: str = ""  # '' (all) or one of WHEN
    caseworker: str = ""  # a staff id, or UNASSIGNED
    page: int = 1


def _month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def ranges(today: date) -> dict[str, tuple[date | None, date | None]]:
    """Each filter's due dates, from and to (inclusive): overdue is before today; the others start today
    (an overdue review is never 'due this month'), except next month, which is the calendar month."""
    this_end = _month_end(today)
    next_start = this_end + timedelta(days=1)
    return {
        "overdue": (None, today - timedelta(days=1)),
        "this_month": (today, this_end),
        "next_month": (next_start, _month_end(next_start)),
        "three_months": (today, add_months(today, 3)),
    }


def _conditions(query: ReviewsQuery) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [col(Case.review_due_on).is_not(None)]
    if query.when in WHEN:
        start, end = ranges(query.today)[query.when]
        if start is not None:
            conditions.append(col(Case.review_due_on) >= start)
        if end is not None:
            conditions.append(col(Case.review_due_on) <= end)
    if query.caseworker == UNASSIGNED:
        conditions.append(col(Case.assigned_caseworker_id).is_(None))
    elif query.caseworker.isdigit():
        conditions.append(col(Case.assigned_caseworker_id) == int(query.caseworker))
    return conditions


# What a row shows: the page reads these columns only, not the case's text.
REVIEW_COLUMNS = (
    Case.id, Case.reference, Case.child_first_name, Case.child_last_name, Case.child_date_of_birth,
    Case.review_due_on, Case.next_due_on, Case.next_due_key, Case.assigned_caseworker_id,
)  # fmt: skip


def reviews_statement(local_authority_id: int, query: ReviewsQuery) -> Any:
    statement = core_select(*(col(c) for c in REVIEW_COLUMNS)).where(
        col(Case.local_authority_id) == local_authority_id, *_conditions(query)
    )
    return (
        statement.order_by(col(Case.review_due_on), col(Case.id))
        .offset((max(query.page, 1) - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    )


def count_statement(local_authority_id: int, query: ReviewsQuery) -> Any:
    return (
        select(func.count())
        .select_from(Case)
        .where(col(Case.local_authority_id) == local_authority_id, *_conditions(query))
    )


def counts_statement(local_authority_id: int, today: date) -> Any:
    """How many plans each date filter shows, in one statement read from ix_case_la_review_due alone."""
    columns = [func.count().label("total")]
    for name, (start, end) in ranges(today).items():
        condition = []
        if start is not None:
            condition.append(col(Case.review_due_on) >= start)
        if end is not None:
            condition.append(col(Case.review_due_on) <= end)
        columns.append(func.count().filter(*condition).label(name))
    return core_select(*columns).where(
        col(Case.local_authority_id) == local_authority_id, col(Case.review_due_on).is_not(None)
    )


COUNTS_TTL = 20.0  # as the caseload's filter counts: per worker process, cleared by changes made here
_cache: dict[tuple[int, date], tuple[float, dict[str, int]]] = {}
_lock = threading.Lock()


def forget_review_counts(local_authority_id: int | None = None) -> None:
    with _lock:
        for key in [k for k in _cache if local_authority_id is None or k[0] == local_authority_id]:
            del _cache[key]


def filter_counts(local_authority_id: int, today: date) -> dict[str, int]:
    """{'total': n, 'overdue': n, 'this_month': n, ...}, kept for COUNTS_TTL seconds."""
    key = (local_authority_id, today)
    now = time.monotonic()
    with _lock:
        cached = _cache.get(key)
    if cached and now - cached[0] < COUNTS_TTL:
        return cached[1]
    row = db.session.execute(counts_statement(local_authority_id, today)).one()
    counts = {"total": row.total, **{name: getattr(row, name) for name in WHEN}}
    with _lock:
        _cache[key] = (now, counts)
    return counts


@dataclass
class ReviewRow:
    case: Any  # the row's REVIEW_COLUMNS, by name
    meeting_on: date | None  # the open review's meeting, when arranged
    caseworker: str | None


def reviews_due(
    local_authority_id: int, query: ReviewsQuery, counts: dict[str, int], known_names: dict[int, str] | None = None
) -> tuple[list[ReviewRow], int]:
    """A page of plans by review due date, and how many match (from the counts when no caseworker is chosen).
    Caseworkers' names come from known_names (the council's staff, already read) or are looked up."""
    cases = list(db.session.execute(reviews_statement(local_authority_id, query)))
    if not query.caseworker:
        total = counts.get(query.when or "total", 0)
    elif query.page == 1 and len(cases) < PAGE_SIZE:
        total = len(cases)
    else:
        total = db.session.exec(count_statement(local_authority_id, query)).one()
    meetings = meetings_arranged([c.id for c in cases])
    names = dict(known_names or {})
    names.update(_names({c.assigned_caseworker_id for c in cases if c.assigned_caseworker_id} - set(names)))
    rows = [ReviewRow(c, meetings.get(c.id or 0), names.get(c.assigned_caseworker_id or 0)) for c in cases]
    return rows, total


def _names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    query = select(StaffUser.id, StaffUser.name).where(col(StaffUser.id).in_(sorted(ids)))
    return {r.id: r.name for r in db.session.execute(query)}
