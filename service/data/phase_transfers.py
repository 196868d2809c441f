"""Phase transfers (reg 18): a case's transfer set or confirmed by a caseworker, the expected transfers filled
in for a council's plans from dates of birth, and the council's cohort for a year (counts per kind and the
paged list). Every query takes the caller's local authority and reads ix_case_la_phase_transfer.

A case's phase_transfer is '' (none recorded) or a PhaseTransfer value; phase_transfer_year is the calendar
year of the September move (for a post-16 to post-16 move, the year of its day). A caseworker's choice of
"no phase transfer" is kept as phase_transfer '' with the year set, so the batch never fills it again: the
batch fills only cases with neither, and replaces a transfer of a past year whose amendment was issued.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, bindparam, exists, func, or_, update
from sqlalchemy import select as core_select
from sqlmodel import col, select

from service.data.case_changes import finish_change
from service.data.context import ChangeContext
from service.data.local_authorities import all_local_authorities
from service.db import db
from service.domain.clock import PhaseTransfer, format_govuk_date, phase_transfer_due
from service.domain.phase import expected_transfer, is_infant_school, next_september
from service.models import Case, PlanReview, Setting
from service.wording.due import TRANSFER_NAMES

PAGE_SIZE = 25
BATCH = 1000
KINDS = tuple(PhaseTransfer)


# --- One case ------------------------------------------------------------------------------------------


def set_phase_transfer(
    change: ChangeContext, case: Case, kind: PhaseTransfer | None, year: int | None, move_on: date | None = None
) -> None:
    """Record (or confirm) the case's phase transfer, or that it makes none (kind None, with the year it was
    checked for). Finishes the change: optimistic lock, the clock's copies, event and audit. Nothing here is
    special category data (the kind and the year only)."""
    if kind == PhaseTransfer.POST_16_TO_POST_16 and move_on is not None:
        year = move_on.year
    changed_kind = (case.phase_transfer or None) != (kind.value if kind else None) or case.phase_transfer_year != year
    case.phase_transfer = kind.value if kind else ""
    case.phase_transfer_year = year
    case.phase_transfer_move_on = move_on if kind == PhaseTransfer.POST_16_TO_POST_16 else None
    if changed_kind:
        case.phase_transfer_amended_on = None  # a different move needs its own amended plan
    if kind is None:
        summary = f"No phase transfer in {year}" if year else "No phase transfer recorded"
    elif kind == PhaseTransfer.POST_16_TO_POST_16 and move_on is not None:
        summary = f"Phase transfer recorded: {TRANSFER_NAMES[kind]}, moving on {format_govuk_date(move_on)}"
    else:
        summary = f"Phase transfer recorded: {TRANSFER_NAMES[kind]}, September {year}"
    finish_change(
        change,
        case,
        kind="phase_transfer_set",
        summary=summary,
        action="case.set_phase_transfer",
        detail=f"{kind.value if kind else 'none'}:{year or ''}",
        family_visible=False,
    )
    forget_cohort(case.local_authority_id)


def expected_for_case(case: Case, today: date) -> tuple[PhaseTransfer, int] | None:
    """The transfer the case's child is expected to make next September (from an infant school only when the
    register says the child's setting is one)."""
    infant = case.current_setting_urn in _infant_settings({u for u in (case.current_setting_urn,) if u is not None})
    return expected_transfer(case.child_date_of_birth, today, infant)


# --- The batch: expected transfers from dates of birth -------------------------------------------------


@dataclass
class Filled:
    filled: int = 0
    replaced: int = 0
    kept: int = 0
    none: int = 0


def fill_expected(local_authority_id: int, today: date) -> Filled:
    """Fill the expected phase transfer of next September into the council's plans that have none recorded
    (and replace one of a past year whose amendment was issued). A caseworker's choice is never overwritten.
    Idempotent: a second run finds nothing to fill. The stored next due becomes the transfer's deadline when
    that is earlier (the clock's next due is the earliest outstanding duty). The caller commits; it is safe
    to run in batches (it flushes per BATCH rows)."""
    year = next_september(today)
    result = Filled()
    base = (
        core_select(col(Case.id), col(Case.child_date_of_birth), col(Case.current_setting_urn),
                    col(Case.phase_transfer_year), col(Case.phase_transfer), col(Case.next_due_on),
                    col(Case.next_due_key))
        .where(col(Case.local_authority_id) == local_authority_id, col(Case.final_issued_on).is_not(None),
               col(Case.ceased_on).is_(None))
    )  # fmt: skip
    candidates = base.where(
        or_(
            and_(col(Case.phase_transfer) == "", col(Case.phase_transfer_year).is_(None)),
            and_(col(Case.phase_transfer_year) < year, col(Case.phase_transfer_amended_on).is_not(None)),
        )
    )
    rows = list(db.session.execute(candidates))
    total = db.session.execute(select(func.count()).select_from(base.subquery())).scalar_one()
    infant = _infant_settings({r.current_setting_urn for r in rows if r.current_setting_urn})
    updates: list[dict[str, Any]] = []
    for row in rows:
        expected = expected_transfer(row.child_date_of_birth, today, row.current_setting_urn in infant)
        if expected is None:
            result.none += 1
            continue
        kind, move_year = expected
        due = phase_transfer_due(kind, move_year)
        next_due_on, next_due_key = row.next_due_on, row.next_due_key
        if due is not None and (next_due_on is None or due < next_due_on):
            next_due_on, next_due_key = due, "phase_transfer"
        if row.phase_transfer:
            result.replaced += 1
        else:
            result.filled += 1
        updates.append(
            {"case_id": row.id, "kind": kind.value, "year": move_year, "due": due, "next_on": next_due_on,
             "next_key": next_due_key}
        )  # fmt: skip
    table = Case.__table__  # type: ignore[attr-defined]
    statement = (
        update(table)
        .where(table.c.id == bindparam("case_id"))
        .values(
            phase_transfer=bindparam("kind"),
            phase_transfer_year=bindparam("year"),
            phase_transfer_move_on=None,
            phase_transfer_due_on=bindparam("due"),
            phase_transfer_amended_on=None,
            next_due_on=bindparam("next_on"),
            next_due_key=bindparam("next_key"),
        )
    )
    for start in range(0, len(updates), BATCH):
        db.session.execute(statement, updates[start : start + BATCH])
        db.session.flush()
    result.kept = total - result.filled - result.replaced - result.none
    forget_cohort(local_authority_id)
    return result


def councils_named(only_la: str | None) -> list[tuple[int, str]]:
    """(id, name) of every council, or of the one named (by name or DfE code); ValueError if none is."""
    found = [(la.id, la.name) for la in all_local_authorities() if la.id is not None]
    if only_la:
        wanted = only_la.strip().lower()
        chosen = [(i, n) for la in all_local_authorities() if wanted in (la.name.lower(), la.old_la_code)
                  for i, n in [(la.id, la.name)] if i is not None]  # fmt: skip
        if not chosen:
            raise ValueError(f"No local authority is called {only_la}")
        return chosen
    return found


def _infant_settings(urns: set[int]) -> set[int]:
    """The URNs among these that the register says are infant schools."""
    if not urns:
        return set()
    query = core_select(
        col(Setting.urn), col(Setting.phase), col(Setting.type_name), col(Setting.name), col(Setting.high_age)
    ).where(col(Setting.urn).in_(sorted(urns)))
    return {r.urn for r in db.session.execute(query) if is_infant_school(r.phase, r.type_name, r.name, r.high_age)}


# --- The cohort ----------------------------------------------------------------------------------------


@dataclass
class KindCounts:
    kind: PhaseTransfer
    plans: int
    deadline: date | None
    reviewed: int
    amended: int
    overdue: int


@dataclass
class CohortRow:
    case: Any  # the row's COHORT_COLUMNS, by name
    review_on: date | None  # the open review's meeting (arranged), or the last review held since September
    review_held: bool
    overdue: bool


def _reviewed_since(year: int) -> date:
    """A review held from the September before the move counts as the phase transfer's review."""
    return date(year - 1, 9, 1)


def _arranged(case_id_column: Any) -> Any:
    return exists().where(
        col(PlanReview.case_id) == case_id_column,
        col(PlanReview.status) == "open",
        col(PlanReview.meeting_on).is_not(None),
    )


def cohort_counts_statement(local_authority_id: int, year: int, today: date) -> Any:
    """Per transfer kind: the plans, the earliest deadline, how many reviewed (arranged or held since the
    September before), amended and overdue; from ix_case_la_phase_transfer."""
    amended = col(Case.phase_transfer_amended_on).is_not(None)
    reviewed = or_(col(Case.last_review_on) >= _reviewed_since(year), _arranged(Case.id))
    overdue = and_(col(Case.phase_transfer_due_on) < today, col(Case.phase_transfer_amended_on).is_(None))
    return (
        core_select(
            col(Case.phase_transfer),
            func.count().label("n"),
            func.min(col(Case.phase_transfer_due_on)).label("deadline"),
            func.count().filter(reviewed).label("reviewed"),
            func.count().filter(amended).label("amended"),
            func.count().filter(overdue).label("overdue"),
        )
        .where(
            col(Case.local_authority_id) == local_authority_id,
            col(Case.phase_transfer_year) == year,
            col(Case.phase_transfer) != "",
        )
        .group_by(col(Case.phase_transfer))
    )


# The counts aggregate a year's cohort (about 4,000 plans in Kent), so, like the caseload's filter counts,
# each worker process keeps them for COUNTS_TTL seconds; a phase transfer set here clears its council's.
COUNTS_TTL = 20.0
_cache: dict[tuple[int, int, date], tuple[float, list[KindCounts]]] = {}
_lock = threading.Lock()


def forget_cohort(local_authority_id: int | None = None) -> None:
    with _lock:
        for key in [k for k in _cache if local_authority_id is None or k[0] == local_authority_id]:
            del _cache[key]


def cohort_counts(local_authority_id: int, year: int, today: date) -> list[KindCounts]:
    """Every transfer kind, in the law's order, with its counts (zero when none)."""
    key = (local_authority_id, year, today)
    now = time.monotonic()
    with _lock:
        cached = _cache.get(key)
    if cached and now - cached[0] < COUNTS_TTL:
        return cached[1]
    found = {r.phase_transfer: r for r in db.session.execute(cohort_counts_statement(local_authority_id, year, today))}
    counts = []
    for kind in KINDS:
        row = found.get(kind.value)
        deadline = (
            row.deadline
            if row
            else (phase_transfer_due(kind, year) if kind != PhaseTransfer.POST_16_TO_POST_16 else None)
        )
        counts.append(
            KindCounts(kind, row.n if row else 0, deadline, row.reviewed if row else 0, row.amended if row else 0,
                       row.overdue if row else 0)
        )  # fmt: skip
    with _lock:
        _cache[key] = (now, counts)
    return counts


# What a row of the cohort shows: the page reads these columns only (not the case's text), so the sort of a
# year's cohort (about 1,800 plans in Kent) handles narrow rows.
COHORT_COLUMNS = (
    Case.id, Case.reference, Case.child_first_name, Case.child_last_name, Case.child_date_of_birth,
    Case.current_setting_name, Case.phase_transfer, Case.phase_transfer_due_on, Case.phase_transfer_amended_on,
    Case.last_review_on,
)  # fmt: skip


def cohort_statement(local_authority_id: int, year: int, kind: PhaseTransfer | None, page: int) -> Any:
    """One page of the cohort, by deadline then name, on ix_case_la_phase_transfer."""
    statement = core_select(*(col(c) for c in COHORT_COLUMNS)).where(
        col(Case.local_authority_id) == local_authority_id,
        col(Case.phase_transfer_year) == year,
    )
    statement = statement.where(col(Case.phase_transfer) == kind.value if kind else col(Case.phase_transfer) != "")
    return (
        statement.order_by(
            col(Case.phase_transfer_due_on).asc().nulls_last(),
            col(Case.child_last_name),
            col(Case.child_first_name),
            col(Case.id),
        )
        .offset((max(page, 1) - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    )


def cohort(local_authority_id: int, year: int, kind: PhaseTransfer | None, page: int, today: date) -> list[CohortRow]:
    cases = list(db.session.execute(cohort_statement(local_authority_id, year, kind, page)))
    arranged = meetings_arranged([c.id for c in cases])
    since = _reviewed_since(year)
    rows = []
    for case in cases:
        held = case.last_review_on is not None and case.last_review_on >= since
        meeting = arranged.get(case.id)
        overdue = (
            case.phase_transfer_due_on is not None
            and case.phase_transfer_due_on < today
            and case.phase_transfer_amended_on is None
        )
        rows.append(CohortRow(case, meeting or (case.last_review_on if held else None), held and not meeting, overdue))
    return rows


def meetings_arranged(case_ids: list[int]) -> dict[int, date]:
    """The meeting date of each case's open review, where one is arranged (one statement for a page)."""
    if not case_ids:
        return {}
    query = core_select(col(PlanReview.case_id), col(PlanReview.meeting_on)).where(
        col(PlanReview.case_id).in_(case_ids),
        col(PlanReview.status) == "open",
        col(PlanReview.meeting_on).is_not(None),
    )
    return {r.case_id: r.meeting_on for r in db.session.execute(query)}


def years_with_cohort(local_authority_id: int, today: date) -> list[int]:
    """The years offered: last year, next September's and the two after."""
    year = next_september(today)
    return [year - 1, year, year + 1, year + 2]
