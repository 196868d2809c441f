"""From a case's rows to the clock's facts of its plan after it is issued (PlanFacts), and the council's
duties that follow: the review cycle, amendments, the phase transfer, a transfer between councils.

The case's stored copies (next_due_on, review_due_on, phase_transfer_due_on) are refreshed by
service.data.facts.refresh_clock, which calls plan_duties here for a case with a final plan.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import col, select

from service.db import db
from service.domain.clock import Milestone, PhaseTransfer, PlanFacts, next_review_due, phase_transfer_due, plan_timeline
from service.models import Case, LaTransfer, PlanReview

OPEN = "open"
COMPLETE = "complete"
CANCELLED = "cancelled"


def open_review(case: Case) -> PlanReview | None:
    """The case's review in progress (at most one), or None."""
    if case.id is None:
        return None
    query = select(PlanReview).where(col(PlanReview.case_id) == case.id, col(PlanReview.status) == OPEN)
    return db.session.exec(query.order_by(col(PlanReview.id).desc())).first()


def reviews_of(case: Case) -> list[PlanReview]:
    """Every review of the case's plan, newest first."""
    query = select(PlanReview).where(col(PlanReview.case_id) == case.id)
    return list(db.session.exec(query.order_by(col(PlanReview.id).desc())))


def latest_transfer(case: Case) -> LaTransfer | None:
    if case.id is None:
        return None
    query = select(LaTransfer).where(col(LaTransfer.case_id) == case.id)
    return db.session.exec(query.order_by(col(LaTransfer.id).desc())).first()


def plan_facts(case: Case, review: PlanReview | None = None, transfer: LaTransfer | None = None) -> PlanFacts | None:
    """The clock's facts of the case's plan since the final was issued; None before a final plan.

    The current cycle's dates come from the open review (given, or loaded); the 12 months run from the
    last completed review's meeting (case.last_review_on), else from the final plan."""
    if case.final_issued_on is None:
        return None
    review = review if review is not None else open_review(case)
    transfer = transfer if transfer is not None else latest_transfer(case)
    return PlanFacts(
        issued_on=case.final_issued_on,
        child_born_on=case.child_date_of_birth,
        last_review_meeting_on=case.last_review_on,
        review_meeting_on=review.meeting_on if review else None,
        invitations_sent_on=review.invitations_sent_on if review else None,
        review_report_on=review.report_sent_on if review else None,
        review_decision_on=(review.decision_notice_sent_on or review.decision_on) if review else None,
        amendment_proposals_sent_on=review.proposals_sent_on if review else None,
        amended_plan_issued_on=review.amended_issued_on if review else None,
        phase_transfer=PhaseTransfer(case.phase_transfer) if case.phase_transfer else None,
        phase_transfer_year=case.phase_transfer_year,
        phase_transfer_amended_on=case.phase_transfer_amended_on,
        phase_transfer_move_on=case.phase_transfer_move_on,
        old_la_aware_of_move_on=transfer.aware_on if transfer else None,
        move_on=transfer.move_on if transfer else None,
        transferred_on=transfer.transferred_on if transfer else None,
        new_la_notice_on=transfer.new_la_notice_on if transfer else None,
        ceased_on=case.ceased_on,
        cease_decision_on=case.cease_decision_on,
        cease_notice_sent_on=case.cease_notice_sent_on,
    )


def plan_milestones(case: Case, today: date) -> tuple[Milestone, ...]:
    """The plan's timeline (reviews, amendments, phase transfer, transfer), empty before a final plan."""
    facts = plan_facts(case)
    return () if facts is None else plan_timeline(facts, today)


def plan_duties(case: Case, today: date) -> list[Milestone]:
    """The council's duties on the plan (the family's comment window is left to next_council_due)."""
    return list(plan_milestones(case, today))


def refresh_plan_copies(case: Case, today: date) -> None:
    """Copy the next review's and the phase transfer's due dates onto the case, for the caseload's filters."""
    facts = plan_facts(case)
    if facts is None or case.ceased_on is not None:
        case.review_due_on = None
        case.phase_transfer_due_on = None
        return
    case.review_due_on = next_review_due(facts, today)
    if facts.phase_transfer is not None and (case.phase_transfer_year or case.phase_transfer_move_on):
        case.phase_transfer_due_on = phase_transfer_due(
            facts.phase_transfer, case.phase_transfer_year or 0, case.phase_transfer_move_on
        )
    else:
        case.phase_transfer_due_on = None


def amended_plan_issued(case: Case, on: date) -> None:
    """An amended plan was issued: if a phase transfer is pending, the amendment naming the next setting is
    this one (reg 18). The caller finishes the change (refresh_clock)."""
    if case.phase_transfer and case.phase_transfer_amended_on is None:
        case.phase_transfer_amended_on = on
