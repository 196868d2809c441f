"""The caseload: a council's cases as a filtered, sorted, paged table, and the counts beside each filter.
Every query takes the caller's local authority."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Date, Integer, String, UnaryExpression, and_, bindparam, func, literal, or_, union
from sqlalchemy import Select as CoreSelect
from sqlalchemy import select as core_select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select

from service.data.rows import table_of
from service.db import db
from service.models import Case, CaseView, StaffUser, utcnow

PAGE_SIZE = 25
# Each order: its columns, each (column, descending, nulls last); the id last, so every order is total.
SORT_KEYS: dict[str, tuple[tuple[Any, bool, bool], ...]] = {
    "due": ((Case.next_due_on, False, True), (Case.id, False, False)),
    "received": ((Case.received_on, True, False), (Case.id, True, False)),
    "name": ((Case.child_last_name, False, False), (Case.child_first_name, False, False), (Case.id, False, False)),
}


def _ordering(keys: tuple[tuple[Any, bool, bool], ...], column_of: Any = col) -> tuple[UnaryExpression[Any], ...]:
    """The ORDER BY of an order, on Case's columns or (column_of) on the same columns of a subquery."""
    found = []
    for column, descending, nulls_last in keys:
        term = column_of(column).desc() if descending else column_of(column).asc()
        found.append(term.nulls_last() if nulls_last else term)
    return tuple(found)


SORTS: dict[str, tuple[UnaryExpression[Any], ...]] = {name: _ordering(keys) for name, keys in SORT_KEYS.items()}
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
    hide_filters: bool = False  # the view, not the selection: the filter panel closed (no JavaScript)


def _search_conditions(term: str) -> list[ColumnElement[bool]]:
    """Reference (with or without the dash), date of birth (ISO or day month year) or a name.

    Names match exactly on the indexed columns, in the spellings people type (smith, Smith, SMITH)."""
    return _search_options(*_search_terms(term))


def _search_options(reference: Any, born: Any, words: list[Any]) -> list[ColumnElement[bool]]:
    """Each way a search matches, for its values or (in _search_template) bound parameters in their place;
    None for a part the term is not."""
    options: list[ColumnElement[bool]] = []
    if reference is not None:
        options.append(col(Case.reference) == reference)
    if born is not None:
        options.append(col(Case.child_date_of_birth) == born)
    for spellings in words:
        options.append(col(Case.child_last_name).in_(spellings))
        options.append(col(Case.child_first_name).in_(spellings))
    return options


def _search_terms(term: str) -> tuple[str | None, date | None, list[list[str]]]:
    """What a search term can be: a reference, a date of birth, and up to 3 names (each in its spellings)."""
    compact = "".join(c for c in term.upper() if c.isalnum())
    reference = f"{compact[:4]}-{compact[4:]}" if len(compact) == 8 else None
    words = [w for w in term.replace(",", " ").split() if not any(c.isdigit() for c in w)][:3]
    spellings = [sorted({word, word.lower(), word.upper(), word.capitalize(), word.title()}) for word in words]
    return reference, _parse_search_date(term), spellings


def _parse_search_date(term: str) -> date | None:
    with contextlib.suppress(ValueError):
        return date.fromisoformat(term.strip())
    parts = [p for p in term.replace("/", " ").replace("-", " ").replace(".", " ").split() if p]
    if len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[2]) == 4:
        with contextlib.suppress(ValueError):
            return date(int(parts[2]), int(parts[1]), int(parts[0]))
    return None


def _conditions(query: CaseloadQuery) -> list[ColumnElement[bool]]:
    conditions = _filter_conditions(query)
    if query.search.strip():
        options = _search_conditions(query.search.strip())
        conditions.append(or_(*options) if options else col(Case.id).is_(None))
    return conditions


def _filter_conditions(query: CaseloadQuery) -> list[ColumnElement[bool]]:
    """The conditions of the view's filters, its search apart."""
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
    return conditions


# What a caseload row and its CSV line show of a case: these columns only, not the whole record (issue 18:
# 25 full cases a page were a third of the page's database time in the ORM).
ROW_COLUMNS = (
    Case.id,
    Case.reference,
    Case.child_first_name,
    Case.child_last_name,
    Case.child_date_of_birth,
    Case.stage,
    Case.exceptions_apply,
    Case.received_on,
    Case.next_due_on,
    Case.next_due_key,
    Case.version,
    Case.family_activity,
)


@dataclass
class CaseloadRow:
    """A case as the caseload shows it (`case`: its ROW_COLUMNS, by name), the assigned caseworker's name
    (None: unassigned) and what the family did since this member of staff last opened the case ('' for
    nothing new: draft_response, document, mediation)."""

    case: Any
    caseworker: str | None
    new_activity: str


def _new_activity() -> ColumnElement[bool]:
    """The family did something after the viewer last opened the case (or the viewer never opened it)."""
    return and_(
        col(Case.family_activity_at).is_not(None),
        or_(col(CaseView.opened_at).is_(None), col(Case.family_activity_at) > col(CaseView.opened_at)),
    )


@lru_cache(maxsize=1024)
def _rows(local_authority_id: Any, viewer_id: Any) -> Any:
    """The caseload's row columns and joins for a council and viewer (values, or bound parameters): built
    once per (council, viewer) in each worker, as a statement is never changed once built (each filter
    and page makes a new one from it). Issue 18: building it was 0.3 ms of the caseload's 5.1."""
    return (
        core_select(
            *(col(c) for c in ROW_COLUMNS),
            col(StaffUser.name).label("caseworker_name"),
            _new_activity().label("is_new"),
        )
        .outerjoin(StaffUser, col(StaffUser.id) == col(Case.assigned_caseworker_id))
        .outerjoin(CaseView, and_(col(CaseView.case_id) == col(Case.id), col(CaseView.staff_user_id) == viewer_id))
        .where(col(Case.local_authority_id) == local_authority_id)
    )


def search_statement(
    local_authority_id: int, query: CaseloadQuery, viewer_id: int | None = None
) -> tuple[Any, dict[str, Any]] | None:
    """One page of a view that is a search alone, with its total (view_total), in one statement. Each way
    the term can match (a name, the reference, a date of birth) finds the ids and sort keys of its cases on
    its own index; their UNION is found once (a CTE) and both counted and sorted for the page's 25 ids, and
    only those rows are read (issue 18: 1.9 -> 1.5 ms for "Smith" in Kent, 740 cases; as one OR, PostgreSQL
    walked the due-date index and read every row it passed to test the names). The statement and its
    parameters; None if nothing can match."""
    reference, born, words = _search_terms(query.search.strip())
    if not (reference or born or words):
        return None
    params: dict[str, Any] = {
        "local_authority_id": local_authority_id,
        "viewer_id": viewer_id,
        "offset": (max(query.page, 1) - 1) * PAGE_SIZE,
        **{f"word_{n}": spellings for n, spellings in enumerate(words)},
    }
    if reference:
        params["reference"] = reference
    if born:
        params["born"] = born
    return _search_template(query.sort, reference is not None, born is not None, len(words)), params


@cache
def _search_template(sort: str, by_reference: bool, by_birth: bool, words: int) -> Any:
    """search_statement's statement for a shape of search, built once, its values bound at execution (issue
    18: building it cost a third as much as running it)."""
    keys = SORT_KEYS.get(sort, SORT_KEYS["due"])
    options = _search_options(
        bindparam("reference", type_=String) if by_reference else None,
        bindparam("born", type_=Date) if by_birth else None,
        [bindparam(f"word_{n}", expanding=True, type_=String) for n in range(words)],
    )
    council = bindparam("local_authority_id", type_=Integer)
    where_council = col(Case.local_authority_id) == council
    found = union(*(core_select(*(col(c) for c, _, _ in keys)).where(where_council, o) for o in options)).cte("found")
    page = (
        core_select(found.c.id)
        .order_by(*_ordering(keys, lambda c: found.c[c.key]))
        .offset(bindparam("offset", type_=Integer))
        .limit(PAGE_SIZE)
        .subquery("page")
    )
    total = core_select(func.count()).select_from(found).scalar_subquery().label("view_total")
    statement = _rows(council, bindparam("viewer_id", type_=Integer)).join(page, page.c.id == col(Case.id))
    return statement.add_columns(total).order_by(*SORTS.get(sort, SORTS["due"]))


def rows_statement(local_authority_id: int, query: CaseloadQuery, viewer_id: int | None = None) -> Any:
    """Every case of the view in its order, with the caseworker's name and whether there is new family
    activity for `viewer_id`: one LEFT JOIN on case_view for that viewer (its unique (case, staff) index)
    and one on staff_user by primary key, so no row needs a statement of its own."""
    statement = _rows(local_authority_id, viewer_id)
    for condition in _conditions(query):
        statement = statement.where(condition)
    return statement.order_by(*SORTS.get(query.sort, SORTS["due"]))


def caseload_statement(local_authority_id: int, query: CaseloadQuery, viewer_id: int | None = None) -> Any:
    """One page of the caseload, in the chosen order, on the index for that order or filter. A later page
    finds its 25 ids first (on ix_case_la_next_due_id alone, in the default order), then reads and joins
    only those rows, rather than reading and joining every row it skips."""
    statement = rows_statement(local_authority_id, query, viewer_id)
    offset = (max(query.page, 1) - 1) * PAGE_SIZE
    if offset == 0:
        return statement.limit(PAGE_SIZE)
    ids = core_select(col(Case.id)).where(col(Case.local_authority_id) == local_authority_id)
    for condition in _conditions(query):
        ids = ids.where(condition)
    page = ids.order_by(*SORTS.get(query.sort, SORTS["due"])).offset(offset).limit(PAGE_SIZE).subquery("page")
    return statement.join(page, page.c.id == col(Case.id))


def _row(row: Any) -> CaseloadRow:
    return CaseloadRow(row, row.caseworker_name, row.family_activity if row.is_new else "")


def count_statement(local_authority_id: int, query: CaseloadQuery) -> Any:
    """How many cases the view shows. A search alone is counted as the distinct ids its conditions find,
    each on its own index (UNION): asked as one OR, PostgreSQL read the council's whole name index and
    filtered it (issue 18: a two-word search's count in Kent, 15 ms that way, 1.8 ms this way)."""
    conditions = _conditions(query)
    if query.search.strip() and len(conditions) == 1:  # the search is the view's only condition
        options = _search_conditions(query.search.strip())
        if not options:
            return core_select(literal(0))
        where_council = col(Case.local_authority_id) == local_authority_id
        finds = [core_select(col(Case.id)).where(where_council, option) for option in options]
        return core_select(func.count()).select_from(union(*finds).subquery("found"))
    return select(func.count()).select_from(Case).where(col(Case.local_authority_id) == local_authority_id, *conditions)


def total_from_counts(query: CaseloadQuery, counts: FilterCounts) -> int | None:
    """How many cases the view shows, when the filter panel's counts already say: the whole caseload, one
    due-date flag, stages, or one caseworker (or nobody), with no search or dates. None otherwise."""
    if query.search.strip() or query.received_from or query.received_to:
        return None
    chosen = [query.overdue, query.due_soon, query.exceptions, bool(query.stages), bool(query.caseworker)]
    if sum(chosen) > 1:
        return None
    if query.overdue:
        return counts.overdue
    if query.due_soon:
        return counts.due_soon
    if query.exceptions:
        return counts.exceptions
    if query.stages:
        return sum(counts.stages.get(stage, 0) for stage in set(query.stages))  # a case has one stage
    if query.caseworker == UNASSIGNED:
        return counts.unassigned
    if query.caseworker:
        return next((n for worker_id, _, n in counts.caseworkers if str(worker_id) == query.caseworker), None)
    return counts.total


def caseload(
    local_authority_id: int, query: CaseloadQuery, counts: FilterCounts | None = None, viewer_id: int | None = None
) -> tuple[list[CaseloadRow], int]:
    """A page of cases and how many match. Where the filter counts (pass them as counts) already hold the
    view's total, that saves a statement: the default view and every single filter."""
    known = total_from_counts(query, counts) if counts is not None else None
    if known is not None:
        return [
            _row(row) for row in db.session.execute(caseload_statement(local_authority_id, query, viewer_id))
        ], known
    # The total in the same statement, a column beside each row (issue 18: a search's page and count were
    # two statements, 2.3 ms; together 1.9 ms). Uncorrelated: it counts the whole view, not the row.
    if query.search.strip() and not _filter_conditions(query):  # a search alone (no filter: nothing built)
        search = search_statement(local_authority_id, query, viewer_id)
        if search is None:
            return [], 0
        found = list(db.session.execute(*search))
    else:
        statement = caseload_statement(local_authority_id, query, viewer_id)
        total = count_statement(local_authority_id, query).correlate(None).scalar_subquery().label("view_total")
        found = list(db.session.execute(statement.add_columns(total)))
    if found:
        return [_row(row) for row in found], found[0].view_total
    if query.page == 1:
        return [], 0
    return [], db.session.execute(count_statement(local_authority_id, query)).scalar_one()  # past the last page


EXPORT_BATCH = 1000


def every_row(local_authority_id: int, query: CaseloadQuery, viewer_id: int) -> Iterator[CaseloadRow]:
    """Every case of the view (all pages), read in batches on a server-side cursor, so a council of 25,000
    cases is streamed, never held in memory at once."""
    statement = rows_statement(local_authority_id, query, viewer_id).execution_options(
        stream_results=True, yield_per=EXPORT_BATCH
    )
    for row in db.session.execute(statement):
        yield _row(row)


def record_opened(case: Case, staff_user_id: int) -> None:
    """Note that this member of staff opened the case now (an upsert on the (case, staff) unique index,
    on PostgreSQL and SQLite alike): the caseload's "New activity" counts from here. Written as the
    request commits (db.write_at_commit), so the row is not locked while the page renders.

    Written only when it can change what the caseload shows (issue 18: every opening locked the row, and 8
    connections opening one case waited on each other's commits). The row says "seen up to then", and
    "New activity" is family activity later than it. A case the family has never acted on has nothing to
    be new: the row is not written, and activity after now is new with or without it. A case whose latest
    activity this person has already opened since is left alone by the statement (nothing written or
    locked): activity after now is later than that opening too."""
    activity_at = case.family_activity_at
    if activity_at is None or case.id is None:
        return
    case_id, opened_at = case.id, utcnow()  # when the page was read: family activity after it is still new
    db.write_at_commit(lambda: _upsert_opened(case_id, staff_user_id, opened_at, seen_since=activity_at))


def _upsert_opened(case_id: int, staff_user_id: int, now: datetime, seen_since: datetime | None = None) -> None:
    """Set the (case, staff) row's time to `now` unless it is later already; with `seen_since`, write
    nothing at all when the row is at or after that time."""
    table = table_of(CaseView)
    insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    values = core_select(
        bindparam("case_id", case_id, type_=table.c.case_id.type),
        bindparam("staff_user_id", staff_user_id, type_=table.c.staff_user_id.type),
        bindparam("opened_at", now, type_=table.c.opened_at.type),
    )
    if seen_since is not None:
        seen = core_select(table.c.case_id).where(
            table.c.case_id == case_id, table.c.staff_user_id == staff_user_id, table.c.opened_at >= seen_since
        )
        values = values.where(~seen.exists())
    else:
        values = values.where(literal(True))  # SQLite's INSERT ... SELECT ... ON CONFLICT needs a WHERE
    statement = (
        insert(table)
        .from_select(["case_id", "staff_user_id", "opened_at"], values)
        .on_conflict_do_update(
            index_elements=[table.c.case_id, table.c.staff_user_id],
            set_={"opened_at": now},
            where=table.c.opened_at < now,  # two tabs committing out of order keep the later time
        )
    )
    db.session.execute(statement)


def cases_to_assign(local_authority_id: int, case_ids: list[int]) -> list[Case] | None:
    """The council's cases with these ids, locked for the change (FOR UPDATE), in the order given; None
    when any id is not one of the council's cases (the caller answers 404 and changes nothing)."""
    wanted = list(dict.fromkeys(case_ids))
    found = db.session.exec(
        select(Case)
        .where(col(Case.local_authority_id) == local_authority_id, col(Case.id).in_(wanted))
        .with_for_update()
    ).all()
    by_id = {c.id: c for c in found}
    if len(by_id) != len(wanted):
        return None
    return [by_id[i] for i in wanted]


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
# total of a view that is one of them (total_from_counts), can be up to COUNTS_TTL seconds old after a
# change made in another process: the same number the panel shows beside the filter.
COUNTS_TTL = 20.0
_counts_cache: dict[tuple[int, date, date], tuple[float, FilterCounts]] = {}
_counts_lock = threading.Lock()


def forget_all_counts() -> None:
    """After bulk loads (synthetic data, demo data, tests)."""
    with _counts_lock:
        _counts_cache.clear()
        _people_cache.clear()


def forget_counts(local_authority_id: int) -> None:
    """Clear one council's cached counts; changes call it through db.after_commit, once they are committed."""
    with _counts_lock:
        for key in [k for k in _counts_cache if k[0] == local_authority_id]:
            del _counts_cache[key]
        _people_cache.pop(local_authority_id, None)


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


_people_cache: dict[int, tuple[float, list[tuple[int, str]]]] = {}


def assignable_choices(local_authority_id: int) -> list[tuple[int, str]]:
    """(id, name) of assignable_staff for the caseload's bulk assign select, kept per worker process for
    COUNTS_TTL seconds like the filter counts (so the page takes no extra statement); the assign itself
    checks the choice against assignable_staff, read live."""
    now = time.monotonic()
    with _counts_lock:
        cached = _people_cache.get(local_authority_id)
    if cached and now - cached[0] < COUNTS_TTL:
        return cached[1]
    people = [(p.id, p.name) for p in assignable_staff(local_authority_id) if p.id is not None]
    with _counts_lock:
        _people_cache[local_authority_id] = (now, people)
    return people


def assignable_staff(local_authority_id: int) -> list[StaffUser]:
    """The council's enabled caseworkers and managers, by name: who a case can be assigned to."""
    query = select(StaffUser).where(
        col(StaffUser.local_authority_id) == local_authority_id,
        col(StaffUser.disabled).is_(False),
        col(StaffUser.role).in_(["caseworker", "manager"]),
    )
    return list(db.session.exec(query.order_by(col(StaffUser.name))))
