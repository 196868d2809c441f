"""A case's SEND Tribunal orders and unopposed appeals (regs 44 and 45): the rows, as the clock's facts,
recording one and marking one done. Each deadline comes from service.domain (order_due); the case's next due
counts them (service.data.facts.all_duties).

Staff reach an order only through a case already scoped to their council: another case's order id finds
nothing. Each change finishes through case_changes.finish_change (the case's version is the lock).
"""

from __future__ import annotations

from datetime import date

from sqlmodel import col, select

from service.data import case_reads
from service.db import db
from service.domain.clock import OrderKind, TribunalOrder, format_govuk_date
from service.models import Case, TribunalOrderRecord


def orders_of(case: Case) -> list[TribunalOrderRecord]:
    """The case's orders, oldest first."""
    return list(case_reads.rows("tribunal_orders", case.id))


def order_for_case(case: Case, order_id: int) -> TribunalOrderRecord | None:
    """One order of this (already scoped) case; another case's order id finds nothing."""
    query = select(TribunalOrderRecord).where(
        col(TribunalOrderRecord.id) == order_id, col(TribunalOrderRecord.case_id) == case.id
    )
    return db.session.exec(query).first()


def order_facts(rows: list[TribunalOrderRecord]) -> tuple[TribunalOrder, ...]:
    """The clock's facts of the orders (each keyed by its row's id)."""
    return tuple(
        TribunalOrder(OrderKind(r.kind), r.ordered_on, r.done_on, unopposed=r.unopposed, ref=str(r.id)) for r in rows
    )


def cease_upheld_on(case: Case) -> date | None:
    """The date of the earliest order upholding the decision to cease (reg 44(2)(a): cease at once), if any."""
    dates = [r.ordered_on for r in orders_of(case) if r.kind == OrderKind.CEASE_UPHELD.value]
    return min(dates) if dates else None


def add_order(
    case: Case, kind: OrderKind, ordered_on: date, unopposed: bool, description: str, recorded_by_id: int | None
) -> TribunalOrderRecord:
    """Add an order to the case (the caller finishes the change)."""
    row = TribunalOrderRecord(
        case_id=case.id or 0,
        local_authority_id=case.local_authority_id,
        kind=kind.value,
        ordered_on=ordered_on,
        unopposed=unopposed,
        description=description,
        recorded_by_id=recorded_by_id,
    )
    db.session.add(row)
    return row


def mark_done(row: TribunalOrderRecord, on: date) -> None:
    row.done_on = on
    db.session.add(row)


def done_problem(row: TribunalOrderRecord, on: date) -> str | None:
    """An order is done on or after its date, once."""
    if row.done_on is not None:
        return f"This order was marked done on {format_govuk_date(row.done_on)}"
    if on < row.ordered_on:
        return f"The date must be on or after the order's date, {format_govuk_date(row.ordered_on)}"
    return None
