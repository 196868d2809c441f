"""A plan moving with the family to another council (SEND Regulations 2014 reg 15; CoP 9.157-9.161).

The old council records that it became aware of the move (the clock's transfer_to_new_la is then due:
service.domain.plan.transfer_due), then transfers the plan: the case moves as a package, with every row
that is scoped by council, to the new council's caseload, unassigned. The LaTransfer row is the record both
councils keep; the audit trail stays with who did what (the old council's "transfer.out", the new one's
"transfer.in"). The new council then tells the family, within 6 weeks, of the transfer, whether it will
re-assess and the review date (the later of 12 months from the plan or last review and 3 months from the
transfer: service.domain.plan.annual_review_due).

Each change finishes through case_changes.finish_change (the case's version: a form opened before another
person's change is refused with what changed). A cancelled move (the family did not move) deletes its
LaTransfer row: the history and the audit trail keep that it was recorded and cancelled.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import update
from sqlmodel import col, select

from service.data import audit, notifications
from service.data.case_changes import check_version, finish_change
from service.data.caseload import forget_counts
from service.data.context import ChangeContext
from service.data.local_authorities import all_local_authorities, get_local_authority
from service.data.plan_life import plan_facts
from service.data.rows import saved_id
from service.db import db
from service.domain.clock import Milestone, add_weeks, annual_review_due, format_govuk_date, transfer_due
from service.domain.milestones import milestone
from service.domain.rules import DEFAULT_RULES
from service.links import external_url
from service.models import (
    AgreedActionRecord,
    Case,
    CaseNote,
    Disagreement,
    LaTransfer,
    LocalAuthority,
    Plan,
    PlanReview,
    PlanVersion,
    TribunalOrderRecord,
)

# The rows that belong to a case and carry its council (the scope every staff query checks). They move with
# the case. AgreedActionRecord belongs to a disagreement of the case. The audit trail does not move.
CASE_SCOPED = (Plan, PlanVersion, Disagreement, PlanReview, TribunalOrderRecord)

NO_FINAL_PLAN = "no_final_plan"
CEASED = "ceased"
ALREADY_OPEN = "already_open"


class SameCouncil(ValueError):
    """A move to the council that already holds the plan is not a transfer."""


@dataclass(frozen=True, slots=True)
class TransferRow:
    """One transfer as a council's record lists it."""

    transfer: LaTransfer
    reference: str
    child_name: str
    case_id: int
    from_council: str
    to_council: str


def councils() -> list[LocalAuthority]:
    """Every council in England, by name: the list a move is chosen from."""
    return all_local_authorities()


def council(local_authority_id: int) -> LocalAuthority | None:
    return get_local_authority(local_authority_id)


def council_name(local_authority_id: int) -> str:
    la = get_local_authority(local_authority_id)
    return la.name if la else ""


def open_transfer(case: Case) -> LaTransfer | None:
    """The move this council recorded and has not transferred yet (at most one), or None."""
    query = select(LaTransfer).where(
        col(LaTransfer.case_id) == case.id,
        col(LaTransfer.from_local_authority_id) == case.local_authority_id,
        col(LaTransfer.transferred_on).is_(None),
    )
    return db.session.exec(query.order_by(col(LaTransfer.id).desc())).first()


def transferred_in(case: Case) -> LaTransfer | None:
    """The latest transfer that brought the case to the council now holding it, or None."""
    query = select(LaTransfer).where(
        col(LaTransfer.case_id) == case.id,
        col(LaTransfer.to_local_authority_id) == case.local_authority_id,
        col(LaTransfer.transferred_on).is_not(None),
    )
    return db.session.exec(query.order_by(col(LaTransfer.id).desc())).first()


def transfers_of(case: Case) -> list[LaTransfer]:
    """Every transfer of the case, newest first."""
    query = select(LaTransfer).where(col(LaTransfer.case_id) == case.id)
    return list(db.session.exec(query.order_by(col(LaTransfer.id).desc())))


def belongs_to_or_gone(case: Case, transfer_id: int) -> bool:
    """Whether a transfer id a form carried is the case's, or no longer exists (a move cancelled meanwhile):
    either way the form is stale. False for another case's transfer (the caller answers 404)."""
    transfer = db.session.get(LaTransfer, transfer_id)
    return transfer is None or transfer.case_id == case.id


def transferred_out_by(local_authority_id: int, case_id: int) -> LaTransfer | None:
    """The transfer by which this council handed the case on (its record after the case has gone), or None."""
    query = select(LaTransfer).where(
        col(LaTransfer.case_id) == case_id,
        col(LaTransfer.from_local_authority_id) == local_authority_id,
        col(LaTransfer.transferred_on).is_not(None),
    )
    return db.session.exec(query.order_by(col(LaTransfer.id).desc())).first()


def cannot_move(case: Case) -> str | None:
    """Why no move can be recorded on the case (a NO_FINAL_PLAN, CEASED or ALREADY_OPEN code), or None."""
    if case.final_issued_on is None:
        return NO_FINAL_PLAN
    if case.ceased_on is not None:
        return CEASED
    if open_transfer(case) is not None:
        return ALREADY_OPEN
    return None


def due_on(transfer: LaTransfer) -> date:
    """Reg 15(2): the day the old council must transfer the plan by."""
    return transfer_due(transfer.aware_on, transfer.move_on)


def notice_due_on(transfer: LaTransfer) -> date | None:
    """Reg 15: the new council tells the family within 6 weeks of the transfer."""
    if transfer.transferred_on is None:
        return None
    return add_weeks(transfer.transferred_on, DEFAULT_RULES.transfer_notice_weeks)


def moving_state(transfer: LaTransfer, today: date) -> Milestone:
    """The old council's duty to transfer the plan, with its state today (overdue, due soon, ...)."""
    return milestone(
        "transfer_to_new_la", "", "Transfer the plan to the new local authority", "SEND Regulations 2014, reg 15(2)",
        due_on(transfer), transfer.transferred_on, today, DEFAULT_RULES,
    )  # fmt: skip


def notice_state(transfer: LaTransfer, today: date) -> Milestone:
    """The new council's 6-week notice to the family, with its state today."""
    return milestone(
        "new_la_notice", "", "Tell the family about the transfer, re-assessment and review date",
        "SEND Regulations 2014, reg 15", notice_due_on(transfer), transfer.new_la_notice_on, today, DEFAULT_RULES,
    )  # fmt: skip


def review_date(case: Case, transferred_on: date | None = None) -> date | None:
    """The review date the new council gives the family: the later of 12 months (6 under 5) from the plan or
    last review and 3 months from the transfer."""
    facts = plan_facts(case)
    if facts is None:
        return None
    if transferred_on is not None:
        facts = replace(facts, transferred_on=transferred_on)
    return annual_review_due(facts)


# --- Changes -------------------------------------------------------------------------------------------


def record_move(
    change: ChangeContext, case: Case, to: LocalAuthority, aware_on: date, move_on: date | None
) -> LaTransfer:
    """The council became aware the family is moving to another council's area. Raises SameCouncil for the
    council holding the plan, ValueError (a cannot_move code) when no move can be recorded, StaleCase."""
    check_version(change, case)
    if to.id == case.local_authority_id:
        raise SameCouncil()
    problem = cannot_move(case)
    if problem:
        raise ValueError(problem)
    transfer = LaTransfer(
        case_id=saved_id(case),
        from_local_authority_id=case.local_authority_id,
        to_local_authority_id=saved_id(to),
        aware_on=aware_on,
        move_on=move_on,
        recorded_by_id=change.user.id,
    )
    db.session.add(transfer)
    due = due_on(transfer)
    moving = f" on {format_govuk_date(move_on)}" if move_on else ""
    finish_change(
        change,
        case,
        kind="transfer_recorded",
        summary=f"Told on {format_govuk_date(aware_on)} that the family is moving to {to.name}{moving}. "
        f"The plan must be transferred by {format_govuk_date(due)}",
        action="transfer.recorded",
        detail=f"to:{to.id}",
        family_message=f"{council_name(case.local_authority_id)} recorded that you are moving to the area of "
        f"{to.name}{moving}",
        next_step=f"{council_name(case.local_authority_id)} must transfer the EHC plan to {to.name} by "
        f"{format_govuk_date(due)}. {to.name} will then hold the plan.",
    )
    return transfer


def cancel_move(change: ChangeContext, case: Case, transfer: LaTransfer) -> None:
    """The family did not move: the recorded move is deleted (its history event and audit keep it)."""
    check_version(change, case)
    to_name = council_name(transfer.to_local_authority_id)
    db.session.delete(transfer)
    finish_change(
        change,
        case,
        kind="transfer_cancelled",
        summary=f"The move to {to_name} was cancelled: the family did not move",
        action="transfer.cancelled",
        detail=f"to:{transfer.to_local_authority_id}",
        family_message=f"{council_name(case.local_authority_id)} recorded that you are not moving to the area "
        f"of {to_name}. It keeps the EHC plan",
    )


def lock_case(case: Case) -> Case:
    """Re-read the case, locked until the transaction ends: two transfers at once cannot both apply."""
    db.session.refresh(case, with_for_update=True)
    return case


def transfer_plan(change: ChangeContext, case: Case, transfer: LaTransfer, on: date) -> None:
    """Transfer the plan (reg 15): the case and every row of it scoped by council move to the new council's
    caseload, unassigned; the transfer's record, both councils' audit events, the family's message and the
    new council's SEND team's email. Raises StaleCase when the case moved on since the form was opened."""
    check_version(change, case)
    old_id, new_id = case.local_authority_id, transfer.to_local_authority_id
    old_name, new_name = council_name(old_id), council_name(new_id)
    case_id = saved_id(case)
    for model in CASE_SCOPED:
        db.session.execute(update(model).where(col(model.case_id) == case_id).values(local_authority_id=new_id))
    disagreements = select(Disagreement.id).where(col(Disagreement.case_id) == case_id)
    db.session.execute(
        update(AgreedActionRecord)
        .where(col(AgreedActionRecord.disagreement_id).in_(disagreements))
        .values(local_authority_id=new_id)
    )
    case.local_authority_id = new_id
    case.assigned_caseworker_id = None
    transfer.transferred_on = on
    transfer.transferred_by_id = change.user.id
    db.session.add(transfer)
    notice_due = notice_due_on(transfer)
    assert notice_due is not None
    when = format_govuk_date(on)
    finish_change(
        change,
        case,
        kind="transferred",
        summary=f"Plan transferred from {old_name} to {new_name} on {when}",
        action="transfer.out",
        detail=f"to:{new_id}; transfer:{transfer.id}",
        family_message=f"Your child's EHC plan moved from {old_name} to {new_name} on {when}. "
        f"{new_name} now holds the plan and is responsible for it",
        next_step=f"{new_name} must tell you by {format_govuk_date(notice_due)} whether it will re-assess your "
        "child's needs and when it will review the plan.",
    )
    # finish_change audited under the old council (the one making the change); the new council's trail has
    # the case arriving, by the same person.
    audit.record(
        change.user.id,
        new_id,
        "transfer.in",
        case_id,
        detail=f"from:{old_id}; transfer:{transfer.id}",
        ip_address=change.ip,
    )
    new_council = get_local_authority(new_id)
    if new_council is not None and new_council.send_team_email:
        notifications.send_plan_transferred_in(
            to=new_council.send_team_email,
            reference=case.reference,
            from_council=old_name,
            transferred_on=when,
            due_by=format_govuk_date(notice_due),
            link=external_url("staff.transfer", case_id=case_id),
            case_id=case_id,
        )
    db.session.flush()
    db.after_commit(lambda: forget_counts(old_id))


def record_notice(
    change: ChangeContext, case: Case, transfer: LaTransfer, on: date, will_reassess: bool, interim: str = ""
) -> date:
    """The new council told the family of the transfer, whether it will re-assess and the review date (reg 15);
    an interim setting it arranged (CoP 9.159) is kept as an internal note. Returns the review date given."""
    check_version(change, case)
    transfer.new_la_notice_on = on
    transfer.will_reassess = will_reassess
    db.session.add(transfer)
    if interim:
        db.session.add(
            CaseNote(case_id=saved_id(case), author_id=saved_id(change.user), text=f"Interim setting: {interim}")
        )
    db.session.flush()
    review_by = review_date(case)
    assert review_by is not None
    holder = council_name(case.local_authority_id)
    reassess = "will" if will_reassess else "will not"
    finish_change(
        change,
        case,
        kind="transfer_notice",
        summary=f"{holder} told the family on {format_govuk_date(on)} about the transfer: it {reassess} re-assess, "
        f"and will review the plan by {format_govuk_date(review_by)}",
        action="transfer.notice",
        detail=f"transfer:{transfer.id}; reassess:{'yes' if will_reassess else 'no'}",
        family_message=f"{holder} told you about the transfer of the EHC plan on {format_govuk_date(on)}: "
        f"it {reassess} re-assess your child's needs",
        next_step=f"{holder} must review the plan by {format_govuk_date(review_by)}.",
    )
    return review_by


# --- The council's record --------------------------------------------------------------------------------


def _listed(*where: Any, newest_first: bool = True) -> list[TransferRow]:
    """The transfers matching `where`, with their cases' reference and child's name."""
    names = {la.id: la.name for la in all_local_authorities()}
    query = select(LaTransfer, Case).join(Case, col(Case.id) == LaTransfer.case_id).where(*where)
    if newest_first:
        query = query.order_by(col(LaTransfer.transferred_on).desc(), col(LaTransfer.id).desc())
    else:
        query = query.order_by(col(LaTransfer.aware_on), col(LaTransfer.id))
    return [
        TransferRow(
            transfer=t,
            reference=case.reference,
            child_name=f"{case.child_first_name} {case.child_last_name}",
            case_id=saved_id(case),
            from_council=names.get(t.from_local_authority_id, ""),
            to_council=names.get(t.to_local_authority_id, ""),
        )
        for t, case in db.session.exec(query)
    ]


def transferred_out(local_authority_id: int) -> list[TransferRow]:
    """The plans this council transferred to another council, newest first (a record: the cases are gone)."""
    return _listed(
        col(LaTransfer.from_local_authority_id) == local_authority_id, col(LaTransfer.transferred_on).is_not(None)
    )


def moves_recorded(local_authority_id: int) -> list[TransferRow]:
    """Moves this council recorded and has not transferred yet (the cases are still its own), oldest first."""
    return _listed(
        col(LaTransfer.from_local_authority_id) == local_authority_id,
        col(LaTransfer.transferred_on).is_(None),
        col(Case.local_authority_id) == local_authority_id,
        newest_first=False,
    )


def transferred_to(local_authority_id: int) -> list[TransferRow]:
    """The plans transferred to this council, newest first (some may have moved on again: see holds)."""
    return _listed(
        col(LaTransfer.to_local_authority_id) == local_authority_id, col(LaTransfer.transferred_on).is_not(None)
    )


def holds(local_authority_id: int, case_id: int) -> bool:
    """Whether the council holds the case now (a plan transferred in and out again is only a record)."""
    case = db.session.get(Case, case_id)
    return case is not None and case.local_authority_id == local_authority_id
