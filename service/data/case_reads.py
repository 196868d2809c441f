"""A case's own rows (its advice requests, exceptions, events and the rest), read once a page, and on a
case page all in one statement (issue 18).

A family's case page read nine tables one statement at a time, and each statement cost about 0.37 ms
in process (building it, the round trip, making its rows): more than half of the page. Each kind of row a
page needs is a `Part` here, read by case id. `rows(name, case_id)` reads one part (once per GET or HEAD,
service.data.memo); `read_together(case_id, names)` reads several in ONE statement on PostgreSQL, each
part a JSON array built by a scalar subquery from the same WHERE, ORDER BY and LIMIT as its own read,
and makes the same ORM objects a query would have made: each goes into the session's identity map (or,
if the session holds that row already, the object it holds is used, as a query would), so a later
`session.get` of the same row asks nothing of the database.

What comes back is exactly what the part's own statement returns: tests/test_case_reads.py compares the
two, column by column, for every part. A column type the JSON cannot carry back exactly makes
`read_together` raise, not guess. On SQLite, or on a request that is not a GET or HEAD (reads there are
never kept), `read_together` does nothing and each part is read by its own statement when it is needed.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from flask import has_request_context, request
from sqlalchemy import Boolean, Date, DateTime, Float, Integer, String, TypeDecorator, bindparam, func, or_
from sqlalchemy import select as core_select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.sql import ColumnElement
from sqlmodel import SQLModel, col, select

from service.data.memo import READ_ONLY_METHODS, is_kept, per_request, remember
from service.db import db
from service.models import (
    AdviceRequest,
    Case,
    CaseAccess,
    CaseEvent,
    Disagreement,
    DraftPlanResponse,
    LocalAuthority,
    OutboxMessage,
    PlanVersion,
    TimeLimitException,
    TribunalOrderRecord,
)
from service.models.outbox import FAILED

CASE_ID = bindparam("case_id", type_=Integer)
CASE_IDS = bindparam("case_ids", type_=Integer, expanding=True)  # several cases (read_for_cases)


@dataclass(frozen=True)
class Part:
    """One kind of a case's rows: the model, its case id column (or, for a row the case points to, its own
    condition on CASE_ID), any further condition, and its ORDER BY and LIMIT; built once."""

    model: type[SQLModel]
    case_column: Callable[[], Any] | None
    order_by: Callable[[], Sequence[Any]]
    extra: Callable[[], Sequence[ColumnElement[bool]]] = tuple
    limit: int | None = None

    def where(self, cases: Any = CASE_ID) -> tuple[ColumnElement[bool], ...]:
        """The part's condition for the case (CASE_ID) or, given a list of ids, for any of those cases."""
        if self.case_column is None:
            return tuple(self.extra())
        column = self.case_column()
        return (column == cases if cases is CASE_ID else column.in_(cases), *self.extra())

    def case_id_of(self, row: Any) -> int:
        return int(getattr(row, self.case_column().key))  # type: ignore[misc]


def _by_id(model: Any) -> Callable[[], Sequence[Any]]:
    return lambda: (col(model.id),)


PARTS: dict[str, Part] = {
    "advice": Part(AdviceRequest, lambda: col(AdviceRequest.case_id), _by_id(AdviceRequest)),
    "exceptions": Part(TimeLimitException, lambda: col(TimeLimitException.case_id), _by_id(TimeLimitException)),
    "disagreements": Part(Disagreement, lambda: col(Disagreement.case_id), _by_id(Disagreement)),
    "access": Part(CaseAccess, lambda: col(CaseAccess.case_id), _by_id(CaseAccess)),
    # newest first; two events of one moment in the order they were written, newest first
    "events": Part(
        CaseEvent, lambda: col(CaseEvent.case_id), lambda: (col(CaseEvent.at).desc(), col(CaseEvent.id).desc())
    ),
    "latest_version": Part(
        PlanVersion, lambda: col(PlanVersion.case_id), lambda: (col(PlanVersion.number).desc(),), limit=1
    ),
    "letters_and_failures": Part(
        OutboxMessage,
        lambda: col(OutboxMessage.case_id),
        _by_id(OutboxMessage),
        extra=lambda: (or_(col(OutboxMessage.channel) == "letter", col(OutboxMessage.status) == FAILED),),
    ),
    "draft_responses": Part(
        DraftPlanResponse,
        lambda: col(DraftPlanResponse.case_id),
        lambda: (col(DraftPlanResponse.created_at), col(DraftPlanResponse.id)),
    ),
    "tribunal_orders": Part(TribunalOrderRecord, lambda: col(TribunalOrderRecord.case_id), _by_id(TribunalOrderRecord)),
    # the case's council (service.data.family_view.local_authority_of finds it in the identity map)
    "council": Part(
        LocalAuthority,
        None,
        _by_id(LocalAuthority),
        extra=lambda: (
            col(LocalAuthority.id)
            == core_select(col(Case.local_authority_id)).where(col(Case.id) == CASE_ID).scalar_subquery(),
        ),
    ),
}


def memo_key(name: str, case_id: int) -> Hashable:
    return ("case_rows", name, case_id)


@cache
def _statement(name: str) -> Any:
    part = PARTS[name]
    query = select(part.model).where(*part.where()).order_by(*part.order_by())
    return query if part.limit is None else query.limit(part.limit)


def read_one(name: str, case_id: int) -> tuple[Any, ...]:
    """The part's rows, by its own statement (not kept)."""
    return tuple(db.session.exec(_statement(name), params={"case_id": case_id}))


def rows(name: str, case_id: int | None) -> tuple[Any, ...]:
    """The case's rows of this part, in the part's order: read once per GET or HEAD request."""
    if case_id is None:
        return ()
    return per_request(memo_key(name, case_id), lambda: read_one(name, case_id))


# --- Several parts in one statement ----------------------------------------------------------------------


def _decoder(column_type: Any) -> Callable[[Any], Any]:
    """How a column's JSON value becomes what the driver returns for it, then what the column's type makes
    of that (its result processor, if it has one: UTCDateTime's, for one)."""
    base = column_type
    while isinstance(base, TypeDecorator):
        base = base.impl_instance
    decode: Callable[[Any], Any]
    if isinstance(base, Boolean | Integer | String):  # Text and AutoString are Strings
        decode = _same
    elif isinstance(base, DateTime):
        decode = _datetime
    elif isinstance(base, Date):
        decode = _date
    elif isinstance(base, Float):
        decode = _float
    else:
        raise TypeError(f"read_together cannot read a {column_type!r} column back from JSON")
    dialect = db.engine.dialect
    process = column_type.dialect_impl(dialect).result_processor(dialect, None)
    return decode if process is None else lambda value: process(decode(value))


def _same(value: Any) -> Any:
    return value


def _datetime(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _float(value: float | str | None) -> float | None:
    return None if value is None else float(value)  # PostgreSQL writes NaN and Infinity as strings


@cache
def _columns(model: type[SQLModel]) -> tuple[tuple[Any, ...], tuple[tuple[str, Callable[[Any], Any]], ...]]:
    """The table's columns, and for each its attribute and decoder, in table order."""
    mapper = model.__mapper__  # type: ignore[attr-defined]
    columns = tuple(model.__table__.columns)  # type: ignore[attr-defined]
    return columns, tuple((mapper.get_property_by_column(c).key, _decoder(c.type)) for c in columns)


@cache
def _together(names: tuple[str, ...], several: bool = False) -> Any:
    """One statement: a column per part, each a JSON array of its rows (NULL when it has none), every row an
    array of the table's columns in table order. For one case (CASE_ID) or, `several`, a list (CASE_IDS)."""
    parts = []
    for name in names:
        part = PARTS[name]
        columns, _ = _columns(part.model)
        order = part.order_by()
        ranked = (
            core_select(*columns, func.row_number().over(order_by=order).label("read_order"))
            .where(*(part.where(CASE_IDS) if several else part.where()))
            .order_by(*order)
            .limit(part.limit)
            .subquery()
        )
        row = func.json_build_array(*(ranked.c[c.name] for c in columns))
        parts.append(
            core_select(func.json_agg(aggregate_order_by(row, ranked.c.read_order))).scalar_subquery().label(name)
        )
    return core_select(*parts)


def _objects(model: type[SQLModel], found: list[list[Any]] | None) -> tuple[Any, ...]:
    """The ORM objects of the rows, as a query makes them: the session's own where it holds the row."""
    if not found:
        return ()
    session = db.session
    mapper = model.__mapper__  # type: ignore[attr-defined]
    _, decoders = _columns(model)
    made = []
    for values in found:
        state = {key: decode(value) for (key, decode), value in zip(decoders, values, strict=True)}
        identity = mapper.identity_key_from_primary_key([state[c.key] for c in mapper.primary_key])
        held = session.identity_map.get(identity)
        if held is not None:
            made.append(held)
            continue
        obj = mapper.class_manager.new_instance()
        obj.__dict__.update(state)
        make_transient_to_detached(obj)  # loaded, unchanged
        session.add(obj)  # persistent, as a query's row is
        made.append(obj)
    return tuple(made)


def read_together(case_id: int | None, names: Iterable[str]) -> None:
    """Read these parts of the case in one statement, kept for the rest of the GET or HEAD request where
    `rows` finds them. Parts already read are not read again; with fewer than two left, or on SQLite, or on
    any other request, nothing is read here."""
    if case_id is None or not has_request_context() or request.method not in READ_ONLY_METHODS:
        return
    if db.engine.dialect.name != "postgresql":
        return
    wanted = tuple(name for name in names if not is_kept(memo_key(name, case_id)))
    if len(wanted) < 2:
        return
    found = db.session.execute(_together(wanted), {"case_id": case_id}).one()
    remember({memo_key(name, case_id): _objects(PARTS[name].model, found[i]) for i, name in enumerate(wanted)})


def read_for_cases(case_ids: Sequence[int], names: Iterable[str]) -> None:
    """For a list of cases (a family's "Your requests and plans"): each part read for all of them in one
    statement, kept per case where `rows` finds it. Only parts found by a case id column and unlimited."""
    if not case_ids or not has_request_context() or request.method not in READ_ONLY_METHODS:
        return
    names = tuple(names)
    for name in names:
        part = PARTS[name]
        if part.case_column is None or part.limit is not None:
            raise ValueError(f"{name} cannot be read for several cases at once")
    by_case: dict[str, dict[int, list[Any]]] = {name: {i: [] for i in case_ids} for name in names}
    if db.engine.dialect.name == "postgresql":  # one statement for every part
        together = db.session.execute(_together(names, several=True), {"case_ids": list(case_ids)}).one()
        for n, name in enumerate(names):
            for row in _objects(PARTS[name].model, together[n]):
                by_case[name][PARTS[name].case_id_of(row)].append(row)
    else:
        for name in names:
            part = PARTS[name]
            query = select(part.model).where(*part.where(case_ids)).order_by(*part.order_by())
            for row in db.session.exec(query):
                by_case[name][part.case_id_of(row)].append(row)
    remember({memo_key(name, i): tuple(rows) for name in names for i, rows in by_case[name].items()})
