"""Ceasing to maintain a plan (CFA 2014 s45; regs 29-31): the council's decision and its notice, the plan's
actual end (SEN2 CeaseDate), and withdrawing a decision; and the health duties on a disagreement (the council
telling the ICB, the ICB telling the council of an agreement).

Every change finishes through case_changes.finish_change: the case's version is the lock (a form opened before
another person's change is refused with what changed), with the case event, the audit event and the family's
message. The council's reasons are special category data: they stay in case.cease_reasons, never in events,
audit detail, messages or logs.
"""

from __future__ import annotations

from datetime import date

from service.data import mediation, notifications
from service.data import placement as placement_data
from service.data.case_changes import StaleCase, check_version, finish_change
from service.data.context import ChangeContext
from service.data.tribunal_orders import add_order, cease_upheld_on, done_problem, mark_done, orders_of
from service.db import db
from service.domain.clock import (
    ORDER_TEXT,
    CeaseReason,
    DecisionKind,
    OrderKind,
    cease_appeal_deadline,
    cease_problem,
    end_problem,
    format_govuk_date,
    order_due,
)
from service.models import AgreedActionRecord, Case, Disagreement, LocalAuthority, Organisation, TribunalOrderRecord

__all__ = ["CeaseError", "StaleCase"]

NO_FINAL_PLAN = "There is no final plan to cease: the council can only cease a plan it maintains"
ALREADY_CEASED = "The plan has already ended"
ALREADY_DECIDED = "The council has already decided to cease this plan. Withdraw that decision to make another"


class CeaseError(Exception):
    """A cease step the law or the case's state does not allow; the message says why, for the page."""


def decision_problem(case: Case) -> str | None:
    """Why no decision to cease can be made on the case now (None if one can)."""
    if case.final_issued_on is None:
        return NO_FINAL_PLAN
    if case.ceased_on is not None:
        return ALREADY_CEASED
    if case.cease_decision_on is not None:
        return ALREADY_DECIDED
    return None


def notice_problem(decision_on: date, notice_sent_on: date, today: date) -> str | None:
    """The notice goes on or after the decision, and not in the future."""
    if notice_sent_on > today:
        return "The date the notice was sent must be today or in the past"
    if notice_sent_on < decision_on:
        return f"The date the notice was sent must be on or after the decision, {format_govuk_date(decision_on)}"
    return None


def appeal_by(case: Case) -> date | None:
    """The last day (5pm) the family can appeal against the decision to cease, once the notice is sent."""
    return None if case.cease_notice_sent_on is None else cease_appeal_deadline(case.cease_notice_sent_on)


def appeal_rights(deadline: date) -> str:
    return (
        f"You can appeal to the SEND Tribunal by 5pm on {format_govuk_date(deadline)}. First contact a mediation "
        "adviser (the council's letter says who): you can choose mediation, or ask for a certificate so you can "
        "appeal. The council keeps the plan until the time to appeal has passed, or until any appeal is decided."
    )


def setting_organisation(case: Case) -> Organisation | None:
    """The setting named in the plan, when it is in the service (named after a consultation here)."""
    for consultation in placement_data.consultations(case):
        if consultation.decision == placement_data.NAMED:
            return db.session.get(Organisation, consultation.organisation_id)
    return None


def decide(
    change: ChangeContext,
    case: Case,
    *,
    decision_on: date,
    notice_sent_on: date,
    reason: CeaseReason,
    reasons: str,
    consulted_on: date,
) -> date:
    """Record the decision to cease and its notice (reg 31): the family is told of their right to appeal and
    the date; the setting, when it is in the service, is told too. Returns the appeal deadline."""
    check_version(change, case)
    problem = (
        decision_problem(case)
        or notice_problem(decision_on, notice_sent_on, change.today)
        or cease_problem(reason, case.child_date_of_birth, decision_on)
    )
    if problem:
        raise CeaseError(problem)
    case.cease_decision_on = decision_on
    case.cease_notice_sent_on = notice_sent_on
    case.cease_consulted_on = consulted_on
    case.cease_reason = int(reason)
    case.cease_reasons = reasons
    db.session.add(case)
    deadline = cease_appeal_deadline(notice_sent_on)
    finish_change(
        change,
        case,
        kind="cease_decision",
        summary=f"The council decided on {format_govuk_date(decision_on)} to stop maintaining the plan. "
        f"The family can appeal by 5pm on {format_govuk_date(deadline)}",
        action="case.cease_decision",
        # the SEN2 code and the consultation date (reg 31), never the reasons
        detail=f"reason:{int(reason)}; consulted:{consulted_on.isoformat()}; notice:{notice_sent_on.isoformat()}",
        happened_on=decision_on,
        family_message=f"The council decided on {format_govuk_date(decision_on)} to stop maintaining the plan",
        next_step=appeal_rights(deadline),
    )
    organisation = setting_organisation(case)
    if organisation is not None:
        council = db.session.get(LocalAuthority, case.local_authority_id)
        for address in placement_data.recipients(organisation):
            notifications.send_cease_decision_setting(
                to=address,
                council=council.name if council else "",
                reference=case.reference,
                child_first_name=case.child_first_name,
                decided_on=format_govuk_date(decision_on),
                due_by=format_govuk_date(deadline),
                case_id=case.id or 0,
            )
    return deadline


def appealed_on(case: Case) -> date | None:
    """The day the family appealed against ceasing, if recorded on the cease disagreement."""
    d: Disagreement | None = mediation.for_decision(case, DecisionKind.CEASE)
    return d.appealed_on if d is not None else None


def end_problem_for(case: Case, on: date, today: date) -> str | None:
    """Why the plan cannot be recorded as ended on `on` (None if it can)."""
    if case.final_issued_on is None:
        return NO_FINAL_PLAN
    if case.ceased_on is not None:
        return ALREADY_CEASED
    if case.cease_decision_on is None or case.cease_notice_sent_on is None:
        return "Record the decision to cease and its notice first"
    return end_problem(
        case.cease_decision_on,
        case.cease_notice_sent_on,
        on,
        today,
        upheld_on=cease_upheld_on(case),
        appealed_on=appealed_on(case),
    )


def end(change: ChangeContext, case: Case, on: date) -> None:
    """The plan ended on `on` (SEN2 CeaseDate: the actual end, not the decision): its duties stop, and it
    leaves the reviews due. An order upholding the decision is done with it (reg 44(2)(a))."""
    check_version(change, case)
    problem = end_problem_for(case, on, change.today)
    if problem:
        raise CeaseError(problem)
    case.ceased_on = on
    db.session.add(case)
    for order in orders_of(case):
        if order.kind == OrderKind.CEASE_UPHELD.value and order.done_on is None:
            order.done_on = on
            db.session.add(order)
    finish_change(
        change,
        case,
        kind="plan_ceased",
        summary=f"The plan ended on {format_govuk_date(on)}",
        action="case.plan_ceased",
        detail=on.isoformat(),
        family_message=f"The council stopped maintaining the plan on {format_govuk_date(on)}",
        happened_on=on,
    )


WITHDRAW_WHY = ("changed_mind", "appeal_won")


def withdraw(change: ChangeContext, case: Case, why: str) -> None:
    """Withdraw the decision to cease (the council changed its mind, or the family won their appeal): the plan
    is maintained as before."""
    check_version(change, case)
    if case.cease_decision_on is None or case.ceased_on is not None:
        raise CeaseError("There is no decision to cease to withdraw")
    if why not in WITHDRAW_WHY:
        raise CeaseError("Select why the decision is withdrawn")
    case.cease_decision_on = None
    case.cease_notice_sent_on = None
    case.cease_consulted_on = None
    case.cease_reason = None
    case.cease_reasons = ""
    db.session.add(case)
    summary = (
        "The family's appeal succeeded: the council will keep maintaining the plan"
        if why == "appeal_won"
        else "The council withdrew its decision to stop maintaining the plan: it keeps the plan"
    )
    finish_change(
        change, case, kind="cease_withdrawn", summary=summary, action="case.cease_withdrawn", detail=why,
        family_message=summary,
    )  # fmt: skip


# --- The health duties on a disagreement -----------------------------------------------------------------


def icb_told(change: ChangeContext, case: Case, d: Disagreement, on: date) -> None:
    """The council told the ICB of the health issues in dispute (3 working days; health_notice)."""
    check_version(change, case)
    d.icb_told_on = on
    db.session.add(d)
    finish_change(
        change,
        case,
        kind="icb_told",
        summary=f"The council told the health service (ICB) about the disagreement on {format_govuk_date(on)}",
        action="disagreement.icb_told",
        detail=f"disagreement:{d.id}; {on.isoformat()}",
        family_visible=False,
    )


def health_told_council(change: ChangeContext, case: Case, action: AgreedActionRecord, on: date) -> None:
    """The ICB told the council what it will do about an agreed health action (reg 42(4), 1 week)."""
    check_version(change, case)
    action.icb_told_council_on = on
    db.session.add(action)
    finish_change(
        change,
        case,
        kind="icb_told_council",
        summary=f"The health service (ICB) told the council on {format_govuk_date(on)} what it will do about "
        "the health provision agreed at mediation",
        action="disagreement.icb_told_council",
        detail=f"action:{action.id}; {on.isoformat()}",
        family_visible=False,
    )


# --- Tribunal orders and unopposed appeals (regs 44 and 45) ------------------------------------------------
# Here rather than in service.data.tribunal_orders, which the clock's facts read (and case_changes reads them).


def record_order(
    change: ChangeContext, case: Case, *, kind: OrderKind, ordered_on: date, unopposed: bool, description: str
) -> date:
    """Record a Tribunal order, or the day the council told the Tribunal it would not oppose (reg 45); returns
    its reg 44(2) deadline. The description may hold special category data: it stays on the row."""
    check_version(change, case)
    if kind == OrderKind.NOT_APPEALABLE:
        raise CeaseError("Select what the Tribunal ordered")
    if ordered_on > change.today:
        raise CeaseError("The date of the order must be today or in the past")
    row = add_order(case, kind, ordered_on, unopposed, description, change.user.id)
    due = order_due(kind, ordered_on)
    what = ORDER_TEXT[kind]
    summary = (
        f"The council did not oppose the appeal (told the Tribunal on {format_govuk_date(ordered_on)}): "
        f"it must {what} by {format_govuk_date(due)}"
        if unopposed
        else f"The Tribunal ordered the council on {format_govuk_date(ordered_on)} to {what} by {format_govuk_date(due)}"
    )
    db.session.flush()
    finish_change(
        change,
        case,
        kind="tribunal_order",
        summary=summary,
        action="case.tribunal_order",
        detail=f"order:{row.id}; {kind.value}; {'unopposed' if unopposed else 'order'}",
        family_message=summary,
    )
    return due


def order_done(change: ChangeContext, case: Case, row: TribunalOrderRecord, on: date) -> None:
    """The council did what the order required."""
    check_version(change, case)
    problem = done_problem(row, on) or ("The date must be today or in the past" if on > change.today else None)
    if problem:
        raise CeaseError(problem)
    mark_done(row, on)
    finish_change(
        change,
        case,
        kind="tribunal_order_done",
        summary=f"Done on {format_govuk_date(on)}: {ORDER_TEXT[OrderKind(row.kind)]} (Tribunal order)",
        action="case.tribunal_order_done",
        detail=f"order:{row.id}; {on.isoformat()}",
        happened_on=on,
        family_message=f"The council did what the Tribunal ordered on {format_govuk_date(on)}: "
        f"{ORDER_TEXT[OrderKind(row.kind)]}",
    )
