"""The council's decision after a plan's review (SEND Regulations 2014 regs 20(10), 21 and 22): keep the plan
as it is (maintain), amend it or cease it; when amending, the proposed amendments (the family's 15 days to
comment, reg 22(2)) and the final amended plan (8 weeks after the proposals).

The decision to amend and the proposed amendments go in one notice (R (L, M, P) v Devon CC [2022] EWHC 493
(Admin)): the amend decision is recorded only when the council issues the proposals from the plan's
working copy (service.data.plan_changes.issue, kind "proposed"), on that day. Maintain and cease are
recorded here with the date of the decision and of the notice; both complete the review.

Every step checks the review's version (reviews.check_version: a form opened before someone else's step is
refused) and finishes through case_changes.finish_change (the clock, the timeline, the audit, the family's
message). Reasons may hold health details: they are kept on the review, never in events or audit detail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import col, select

from service.data import reviews
from service.data.case_changes import finish_change
from service.data.context import ChangeContext
from service.data.plan_life import OPEN, amended_plan_issued, open_review, plan_milestones
from service.db import db
from service.domain.clock import (
    DEFAULT_RULES,
    Milestone,
    add_weeks,
    amended_plan_problem,
    days_beginning_with,
    format_govuk_date,
)
from service.domain.ehcp.document import label_of
from service.domain.ehcp.template import plan_template
from service.models import Case, PlanReview, PlanVersion
from service.wording.steps import appeal_rights

MAINTAIN = "maintain"
AMEND = "amend"
CEASE = "cease"
DECISIONS = {
    MAINTAIN: "Keep the plan as it is (maintain it)",
    AMEND: "Amend the plan",
    CEASE: "Stop the plan (cease to maintain it)",
}
DECIDED = {MAINTAIN: "to keep the plan as it is", AMEND: "to amend the plan", CEASE: "to stop the plan"}
NOT_SENT = "The review report has not been sent yet"
ALREADY = "The council has already decided"
TEMPLATE = plan_template()  # the report names sections by the national template's keys
# The milestones of the decision steps, in order (service.domain.plan.plan_timeline's keys)
STEP_KEYS = ("review_decision", "amendment_comments", "amended_plan")


class DecisionRefused(Exception):
    """The step cannot be taken on this review now (the report not sent, or already decided)."""


def maintain_appeal_rights(on: date) -> str:
    """What the family can do after a decision not to amend the plan (CFA s51(2)(e)): the same mediation
    adviser and appeal dates as any other appealable decision, counted from the notice."""
    return appeal_rights(on)


def decision_problem(review: PlanReview) -> str | None:
    """Why no decision can be recorded on the review now; None when it can."""
    if review.status != OPEN:
        return "The review is complete"
    if review.report_sent_on is None or not review.report:
        return NOT_SENT
    if review.decision:
        return ALREADY
    return None


def decision_date_problem(review: PlanReview, on: date, today: date) -> str | None:
    """The decision's date: not in the future, and not before the review report was sent."""
    if on > today:
        return "The date of the decision must be today or in the past"
    if review.report_sent_on is not None and on < review.report_sent_on:
        return (
            "The date of the decision must be on or after the day the review report was sent, "
            f"{format_govuk_date(review.report_sent_on)}"
        )
    return None


def notice_date_problem(decided_on: date, notice_on: date, today: date) -> str | None:
    """The date the notice was sent: on or after the decision, not in the future."""
    if notice_on > today:
        return "The date the notice was sent must be today or in the past"
    if notice_on < decided_on:
        return f"The date the notice was sent must be on or after the date of the decision, {format_govuk_date(decided_on)}"
    return None


def decision_due(review: PlanReview) -> date | None:
    """Reg 20: the decision within 4 weeks of the meeting."""
    return add_weeks(review.meeting_on, DEFAULT_RULES.review_decision_weeks) if review.meeting_on else None


def comments_last_day(review: PlanReview) -> date | None:
    """Reg 22(2): the family's 15 days to comment on the proposals, beginning with the day they were sent."""
    if review.proposals_sent_on is None:
        return None
    return days_beginning_with(review.proposals_sent_on, DEFAULT_RULES.amendment_comment_days)


def amended_due(review: PlanReview) -> date | None:
    """Reg 22: the amended plan within 8 weeks of the proposals."""
    if review.proposals_sent_on is None:
        return None
    return add_weeks(review.proposals_sent_on, DEFAULT_RULES.amended_plan_weeks)


def amended_problem(review: PlanReview, on: date) -> str | None:
    """Why the amended plan cannot be issued on this date for the review (inside the 15 days); None if it can."""
    if review.proposals_sent_on is None:
        return None
    return amended_plan_problem(review.proposals_sent_on, on)


def record_decision(
    change: ChangeContext,
    case: Case,
    review: PlanReview,
    *,
    decision: str,
    on: date,
    notice_on: date | None,
    reasons: str,
    opened_version: int | None,
) -> None:
    """Record a decision to maintain or cease the plan: its date and the notice's (the decision's date when
    not given). The review completes (its meeting starts the next 12 months). Raises StaleReview (nothing
    written) when the review changed since the form was opened, DecisionRefused when it cannot be decided.
    An amend decision is recorded with its proposals (record_proposals), never here."""
    if decision not in (MAINTAIN, CEASE):
        raise ValueError(decision)
    reviews.check_version(review, opened_version)
    problem = decision_problem(review)
    if problem:
        raise DecisionRefused(problem)
    notice = notice_on or on
    review.decision = decision
    review.decision_on = on
    review.decision_notice_sent_on = notice
    review.decision_reasons = reasons
    reviews.complete(case, review, notice)
    late = _late(review, notice)
    summary = f"The council decided {DECIDED[decision]} on {format_govuk_date(on)}" + (" (late)" if late else "")
    finish_change(
        change,
        case,
        kind="review_decision",
        summary=summary,
        action="review.decision",
        detail=f"review:{review.id}; {decision}; notice {notice.isoformat()}",
        happened_on=on,
        family_message=f"After the review, the council decided {DECIDED[decision]} on {format_govuk_date(on)}",
        next_step=maintain_appeal_rights(notice) if decision == MAINTAIN else _cease_next_step(),
    )


def _cease_next_step() -> str:
    return "The council will write to you about stopping the plan, with your right to appeal."


def _late(review: PlanReview, on: date) -> bool:
    due = decision_due(review)
    return due is not None and on > due


def record_proposals(change: ChangeContext, case: Case, review: PlanReview, version: PlanVersion, on: date) -> None:
    """The proposed amendments were issued (plan_changes.issue): the decision to amend, its notice and the
    proposals are that one notice, on that day; the family's 15 days start. The caller has checked the
    review's version (reviews.check_version) and that it may be decided."""
    review.decision = AMEND
    review.decision_on = on
    review.decision_notice_sent_on = on
    review.proposals_version_id = version.id
    review.proposals_sent_on = on
    reviews.touched(review)
    last_day = comments_last_day(review)
    late = _late(review, on)
    summary = f"The council decided to amend the plan and sent {version.label} on {format_govuk_date(on)}" + (
        " (late)" if late else ""
    )
    finish_change(
        change,
        case,
        kind="plan_proposals_issued",
        summary=summary,
        action="plan.issue_proposals",
        detail=f"review:{review.id}; version {version.number}",
        happened_on=on,
        family_message=f"After the review, the council decided to amend the plan and sent you {version.label} "
        f"on {format_govuk_date(on)}",
        next_step=(
            "Read the proposed amendments and tell us what you think of each section. "
            f"The last day to comment is {format_govuk_date(last_day)}."
            if last_day
            else None
        ),
    )


def record_amended(change: ChangeContext, case: Case, review: PlanReview, version: PlanVersion, on: date) -> None:
    """The amended plan was issued after the proposals (plan_changes.issue): the review completes, a pending
    phase transfer's amendment is this one, and the family is told their appeal rights."""
    review.amended_version_id = version.id
    review.amended_issued_on = on
    reviews.complete(case, review, on)
    amended_plan_issued(case, on)
    due = amended_due(review)
    late = due is not None and on > due
    finish_change(
        change,
        case,
        kind="plan_amended_issued",
        summary=f"{version.label} of the plan issued on {format_govuk_date(on)}" + (" (late)" if late else ""),
        action="plan.issue_amended",
        detail=f"review:{review.id}; version {version.number}",
        happened_on=on,
        family_message=f"The council sent you the amended plan ({version.label}) on {format_govuk_date(on)}",
        next_step=appeal_rights(on),
    )


# --- Reading --------------------------------------------------------------------------------------------


def pending_review(case: Case) -> PlanReview | None:
    """The open review whose report is sent and whose decision is still to be made (the proposals may be
    issued for it), or None."""
    review = open_review(case)
    if review is None or decision_problem(review) is not None:
        return None
    return review


def amending_review(case: Case) -> PlanReview | None:
    """The open review whose proposals were sent and whose amended plan is still to be issued, or None."""
    review = open_review(case)
    if review is None or review.proposals_sent_on is None or review.amended_issued_on is not None:
        return None
    return review


def review_of_proposals(version: PlanVersion) -> PlanReview | None:
    """The review whose proposed amendments this version is."""
    query = select(PlanReview).where(
        col(PlanReview.case_id) == version.case_id, col(PlanReview.proposals_version_id) == version.id
    )
    return db.session.exec(query).first()


def plan_in_force(case: Case, before: PlanVersion) -> PlanVersion | None:
    """The plan in force when `before` was issued: the newest final (or amended) version before it."""
    query = (
        select(PlanVersion)
        .where(
            col(PlanVersion.case_id) == case.id,
            col(PlanVersion.status) == "final",
            col(PlanVersion.number) < before.number,
        )
        .order_by(col(PlanVersion.number).desc())
    )
    return db.session.exec(query.limit(1)).first()


@dataclass(frozen=True, slots=True)
class DecisionStep:
    key: str
    title: str
    milestone: Milestone | None


def decision_steps(case: Case, review: PlanReview, today: date) -> list[DecisionStep]:
    """The decision's steps with the clock's due dates and states (the review's partial on the staff side)."""
    milestones = {m.key: m for m in plan_milestones(case, today)} if review.status == OPEN else {}
    titles = {
        "review_decision": "Decide to maintain, amend or cease the plan",
        "amendment_comments": "The family's 15 days to comment on the proposed amendments",
        "amended_plan": "Issue the amended plan",
    }
    return [DecisionStep(key, titles[key], milestones.get(key)) for key in STEP_KEYS]


def proposed_changes(report: dict[str, Any] | None, section: str | None = None) -> list[dict[str, str]]:
    """The review report's proposed changes to the plan (to one section, when given), for the caseworker
    writing the proposals: each {"section", "item_id", "proposed", "reason"}."""
    rows = (report or {}).get("changes") or []
    found = []
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict) or not str(row.get("proposed") or "").strip():
            continue
        if section is not None and str(row.get("section") or "") != section:
            continue
        key = str(row.get("section") or "")
        item_id = str(row.get("item_id") or "")
        found.append(
            {
                "section": key,
                "section_heading": TEMPLATE.section(key).heading if TEMPLATE.has_section(key) else (key or "The plan"),
                "item_id": item_id,
                "item_label": label_of(item_id) if "-" in item_id else item_id,
                "proposed": str(row.get("proposed") or ""),
                "reason": str(row.get("reason") or ""),
            }
        )
    return found


def comments_last_day_from(sent_on: date) -> date:
    """The last of the family's 15 days for proposals sent on sent_on."""
    return days_beginning_with(sent_on, DEFAULT_RULES.amendment_comment_days)
