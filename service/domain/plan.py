"""After the plan is issued: annual reviews, amendments, phase transfers, re-assessment and transfers
between local authorities.

Sources: CFA 2014 s44; SEND Regulations 2014 regs 15, 18, 20, 22 and 27 (SEND-PROCESS.md 2.4-2.7).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from service.domain.dates import (
    add_days,
    add_months,
    add_weeks,
    add_working_days,
    days_beginning_with,
    format_govuk_date,
)
from service.domain.milestones import Milestone, milestone
from service.domain.rules import DEFAULT_RULES, Rules


class PhaseTransfer(StrEnum):
    EARLY_YEARS_TO_SCHOOL = "early_years_to_school"
    INFANT_TO_JUNIOR = "infant_to_junior"
    PRIMARY_TO_SECONDARY = "primary_to_secondary"  # includes primary to middle and middle to secondary
    SECONDARY_TO_POST_16 = "secondary_to_post_16"


@dataclass(frozen=True, slots=True)
class PlanFacts:
    issued_on: date
    last_review_meeting_on: date | None = None  # the last review already held before the current cycle
    review_meeting_on: date | None = None  # the meeting of the current cycle (planned or held)
    invitations_sent_on: date | None = None
    review_report_on: date | None = None
    review_decision_on: date | None = None
    amendment_proposals_sent_on: date | None = None
    amended_plan_issued_on: date | None = None
    phase_transfer: PhaseTransfer | None = None
    phase_transfer_year: int | None = None
    phase_transfer_amended_on: date | None = None
    reassessment_requested_on: date | None = None
    reassessment_decision_on: date | None = None
    reassessment_final_on: date | None = None
    old_la_aware_of_move_on: date | None = None
    transferred_on: date | None = None
    new_la_notice_on: date | None = None
    ceased_on: date | None = None


def annual_review_due(facts: PlanFacts, rules: Rules = DEFAULT_RULES) -> date:
    """CFA s44(1): review within 12 months of the plan or the last review; after a transfer between
    LAs, by the later of that date and 3 months from the transfer (reg 15)."""
    base = facts.last_review_meeting_on or facts.issued_on
    due = add_months(base, rules.annual_review_months)
    if facts.transferred_on is not None:
        due = max(due, add_months(facts.transferred_on, rules.transfer_review_months))
    return due


def phase_transfer_due(kind: PhaseTransfer, year: int) -> date:
    """Reg 18: amend the plan naming the next setting by 15 February of the year of transfer,
    or by 31 March for a move from secondary school to post-16."""
    if kind == PhaseTransfer.SECONDARY_TO_POST_16:
        return date(year, 3, 31)
    return date(year, 2, 15)


def plan_timeline(facts: PlanFacts, today: date, rules: Rules = DEFAULT_RULES) -> tuple[Milestone, ...]:
    ceased = facts.ceased_on is not None
    items: list[Milestone] = []

    def add(key, family, staff, source, due, done, applicable=True):
        items.append(
            milestone(key, family, staff, source, due, done, today, rules, applicable=applicable and not ceased)
        )

    review_due = annual_review_due(facts, rules)
    add(
        "annual_review",
        f"The council must review the plan by {format_govuk_date(review_due)}",
        "Hold the annual review meeting",
        "Children and Families Act 2014, s44(1)" + ("; SEND Regulations 2014, reg 15" if facts.transferred_on else ""),
        review_due,
        facts.review_meeting_on if facts.review_meeting_on and facts.review_meeting_on <= today else None,
    )
    if facts.review_meeting_on is not None:
        meeting = facts.review_meeting_on
        invite_by = add_weeks(meeting, -rules.review_notice_weeks)
        add(
            "review_invitations",
            f"You should be invited to the review meeting by {format_govuk_date(invite_by)}",
            "Send review meeting invitations (at least 2 weeks' notice)",
            "SEND Regulations 2014, reg 20",
            invite_by,
            facts.invitations_sent_on,
        )
        report_due = add_weeks(meeting, rules.review_report_weeks)
        add(
            "review_report",
            f"The review report should be sent to you by {format_govuk_date(report_due)}",
            "Send the review report",
            "SEND Regulations 2014, reg 20",
            report_due,
            facts.review_report_on,
        )
        decision_due = add_weeks(meeting, rules.review_decision_weeks)
        add(
            "review_decision",
            f"The council must tell you whether it will keep, change or stop the plan by "
            f"{format_govuk_date(decision_due)}",
            "Decide to maintain, amend or cease the plan",
            "SEND Regulations 2014, reg 20",
            decision_due,
            facts.review_decision_on,
        )
    if facts.amendment_proposals_sent_on is not None:
        sent = facts.amendment_proposals_sent_on
        comments_until = days_beginning_with(sent, rules.amendment_comment_days)
        add(
            "amendment_comments",
            f"You can comment on the proposed changes until {format_govuk_date(comments_until)}",
            "Family's time to comment on proposed amendments",
            "SEND Regulations 2014, reg 22(2)",
            comments_until,
            comments_until if today > comments_until or facts.amended_plan_issued_on else None,
        )
        amended_due = add_weeks(sent, rules.amended_plan_weeks)
        add(
            "amended_plan",
            f"The council must send you the amended plan by {format_govuk_date(amended_due)}",
            "Issue the amended plan",
            "SEND Regulations 2014, reg 22",
            amended_due,
            facts.amended_plan_issued_on,
        )
    if facts.phase_transfer is not None and facts.phase_transfer_year is not None:
        due = phase_transfer_due(facts.phase_transfer, facts.phase_transfer_year)
        add(
            "phase_transfer",
            f"The council must amend the plan to name the next school or college by {format_govuk_date(due)}",
            "Amend the plan for the phase transfer",
            "SEND Regulations 2014, reg 18",
            due,
            facts.phase_transfer_amended_on,
        )
    if facts.reassessment_requested_on is not None:
        decision_due = add_days(facts.reassessment_requested_on, rules.reassessment_decision_days)
        add(
            "reassessment_decision",
            f"The council must tell you whether it will re-assess by {format_govuk_date(decision_due)}",
            "Decide whether to re-assess",
            "SEND Regulations 2014, regs 23-25 (numbers UNCONFIRMED)",
            decision_due,
            facts.reassessment_decision_on,
        )
        if facts.reassessment_decision_on is not None:
            final_due = add_weeks(facts.reassessment_decision_on, rules.reassessment_final_weeks)
            add(
                "reassessment_final",
                f"The council must send you the final plan after re-assessment by {format_govuk_date(final_due)}",
                "Issue the final plan after re-assessment",
                "SEND Regulations 2014, reg 27(2)",
                final_due,
                facts.reassessment_final_on,
            )
    if facts.old_la_aware_of_move_on is not None:
        transfer_due = add_working_days(facts.old_la_aware_of_move_on, rules.transfer_working_days)
        add(
            "transfer_to_new_la",
            f"The old council must transfer the plan to the new council by {format_govuk_date(transfer_due)}",
            "Transfer the plan to the new local authority",
            "SEND Regulations 2014, reg 15",
            transfer_due,
            facts.transferred_on,
        )
    if facts.transferred_on is not None:
        notice_due = add_weeks(facts.transferred_on, rules.transfer_notice_weeks)
        add(
            "new_la_notice",
            f"Your new council must tell you about the transfer and when it will review the plan by "
            f"{format_govuk_date(notice_due)}",
            "Tell the family about the transfer, re-assessment and review date",
            "SEND Regulations 2014, reg 15",
            notice_due,
            facts.new_la_notice_on,
        )
    return tuple(items)
