"""After the plan is issued: annual reviews, amendments, phase transfers, re-assessment and transfers
between local authorities.

Sources: CFA 2014 s44; SEND Regulations 2014 regs 15, 18, 20, 22 and 27 (SEND-PROCESS.md 2.4-2.7).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from service.domain.assessment import ExceptionPhase, TimeLimitException, exception_applies
from service.domain.cease import cease_milestones
from service.domain.dates import (
    add_days,
    add_months,
    add_weeks,
    add_working_days,
    days_beginning_with,
    format_govuk_date,
    next_working_day_on_or_after,
)
from service.domain.milestones import Milestone, milestone
from service.domain.rules import DEFAULT_RULES, Rules


class PhaseTransfer(StrEnum):
    """The transfers between phases of education of reg 18 (defined in reg 2)."""

    EARLY_YEARS_TO_SCHOOL = "early_years_to_school"
    INFANT_TO_JUNIOR = "infant_to_junior"
    PRIMARY_TO_SECONDARY = "primary_to_secondary"  # includes primary to middle and middle to secondary
    SECONDARY_TO_POST_16 = "secondary_to_post_16"
    POST_16_TO_POST_16 = "post_16_to_post_16"  # reg 18(2): at least 5 months before the move


@dataclass(frozen=True, slots=True)
class PlanFacts:
    """What has happened on a plan since it was issued, as recorded."""

    issued_on: date
    child_born_on: date | None = None  # a child under 5 is reviewed every 6 months (CoP 9.178)
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
    phase_transfer_move_on: date | None = None  # POST_16_TO_POST_16: the day the young person moves
    reassessment_requested_on: date | None = None
    reassessment_decision_on: date | None = None
    reassessment_final_on: date | None = None
    old_la_aware_of_move_on: date | None = None
    move_on: date | None = None  # the day the family moves to the new LA's area (reg 15(2))
    transferred_on: date | None = None
    new_la_notice_on: date | None = None
    ceased_on: date | None = None
    cease_decision_on: date | None = None  # the decision to cease (reg 31)
    cease_notice_sent_on: date | None = None  # the notice to the family: the appeal window runs from it
    exceptions: tuple[TimeLimitException, ...] = ()  # reg 27(3), for the re-assessment's 14 weeks


def annual_review_due(facts: PlanFacts, rules: Rules = DEFAULT_RULES) -> date:
    """CFA s44(1): review within 12 months of the plan or the last review; after a transfer between
    LAs, by the later of that date and 3 months from the transfer (reg 15).

    A child under 5 on the day the period starts is reviewed within 6 months (CoP 9.178 says every 3 to 6
    months; the service holds councils to the longest)."""
    base = facts.last_review_meeting_on or facts.issued_on
    months = rules.annual_review_months
    if facts.child_born_on is not None and base < add_months(facts.child_born_on, 60):
        months = rules.under_5_review_months
    due = add_months(base, months)
    if facts.transferred_on is not None:
        due = max(due, add_months(facts.transferred_on, rules.transfer_review_months))
    return due


def next_review_due(facts: PlanFacts, today: date, rules: Rules = DEFAULT_RULES) -> date:
    """The review after the current one: once this cycle's meeting is held, 12 months (6 under 5) from it;
    before, the current cycle's due date. The caseload's reviews-due filter reads this copy."""
    if facts.review_meeting_on is not None and facts.review_meeting_on <= today:
        return annual_review_due(
            PlanFacts(
                issued_on=facts.issued_on,
                child_born_on=facts.child_born_on,
                last_review_meeting_on=facts.review_meeting_on,
            ),
            rules,
        )
    return annual_review_due(facts, rules)


def review_meeting_problem(meeting_on: date, today: date) -> str | None:
    """A review meeting being arranged cannot be in the past (one already held is recorded as held)."""
    if meeting_on < today:
        return "The date of the review meeting must be today or in the future"
    return None


def short_notice(invitations_sent_on: date, meeting_on: date, rules: Rules = DEFAULT_RULES) -> bool:
    """Reg 20: at least 2 weeks' notice of the meeting. Less is allowed, but warned and recorded."""
    return meeting_on < add_weeks(invitations_sent_on, rules.review_notice_weeks)


def amended_plan_problem(proposals_sent_on: date, on: date, rules: Rules = DEFAULT_RULES) -> str | None:
    """Reg 22(2): the family has at least 15 days, beginning with the day the proposals were sent, to comment;
    the final amended plan cannot be issued until they have passed."""
    last_day = days_beginning_with(proposals_sent_on, rules.amendment_comment_days)
    if on <= last_day:
        return (
            f"The family has until {format_govuk_date(last_day)} to comment on the proposed amendments. "
            "The amended plan can be issued from the day after"
        )
    if on < proposals_sent_on:
        return f"The date must be on or after the proposals were sent, {format_govuk_date(proposals_sent_on)}"
    return None


def phase_transfer_due(
    kind: PhaseTransfer, year: int, move_on: date | None = None, rules: Rules = DEFAULT_RULES
) -> date | None:
    """Reg 18: review and amend the plan, naming the next setting, by 15 February of the year of transfer;
    by 31 March for secondary school to post-16; and, reg 18(2), at least 5 months before a move from one
    post-16 institution to another (None until that move's date is known)."""
    if kind == PhaseTransfer.POST_16_TO_POST_16:
        return None if move_on is None else add_months(move_on, -rules.post_16_transfer_months_before)
    if kind == PhaseTransfer.SECONDARY_TO_POST_16:
        return date(year, 3, 31)
    return date(year, 2, 15)


def transfer_due(aware_on: date, move_on: date | None = None, rules: Rules = DEFAULT_RULES) -> date:
    """Reg 15(2): the old LA transfers the plan on the day of the move if it was aware of it at least 15 working
    days before it; otherwise "within 15 working days beginning with the day on which it did become aware".

    Beginning with: the day of awareness is day 1 when it is a working day (aware on Tuesday 1 June 2027, the
    plan is due by Monday 21 June 2027); aware on a weekend or bank holiday, the next working day is day 1.
    The move's test counts the same way: 15 working days, the first of them the day of awareness, all before
    the day of the move."""
    day_1 = next_working_day_on_or_after(aware_on)
    last_day = add_working_days(day_1, rules.transfer_working_days - 1)
    if move_on is not None and last_day < move_on:
        return move_on
    return last_day


def reassessment_may_be_refused(
    last_assessed_on: date | None, requested_on: date, rules: Rules = DEFAULT_RULES
) -> bool:
    """Regs 23-25 (numbers UNCONFIRMED; Kent, Surrey): the LA may refuse a re-assessment request made less than
    6 months after the last assessment. It must still decide, and the refusal can be appealed (CFA s51(2))."""
    return last_assessed_on is not None and requested_on < add_months(
        last_assessed_on, rules.reassessment_refusal_months
    )


def plan_timeline(facts: PlanFacts, today: date, rules: Rules = DEFAULT_RULES) -> tuple[Milestone, ...]:
    ceased = facts.ceased_on is not None
    items: list[Milestone] = []

    def add(
        key: str,
        family: str,
        staff: str,
        source: str,
        due: date | None,
        done: date | None,
        applicable: bool = True,
        exception: bool = False,
    ) -> None:
        items.append(
            milestone(
                key,
                family,
                staff,
                source,
                due,
                done,
                today,
                rules,
                applicable=applicable and not ceased,
                exception_applies=exception,
            )
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
    if facts.phase_transfer is not None and (
        facts.phase_transfer_year is not None or facts.phase_transfer == PhaseTransfer.POST_16_TO_POST_16
    ):
        due = phase_transfer_due(
            facts.phase_transfer, facts.phase_transfer_year or 0, facts.phase_transfer_move_on, rules
        )
        add(
            "phase_transfer",
            f"The council must amend the plan to name the next school or college by {format_govuk_date(due)}"
            if due
            else "The council must amend the plan to name the next college at least 5 months before the move",
            "Amend the plan for the phase transfer",
            "SEND Regulations 2014, reg 18"
            + ("(2)" if facts.phase_transfer == PhaseTransfer.POST_16_TO_POST_16 else ""),
            due,
            facts.phase_transfer_amended_on,
        )
    if facts.reassessment_requested_on is not None:
        decision_due = add_days(facts.reassessment_requested_on, rules.reassessment_decision_days)
        add(
            "reassessment_decision",
            f"The council must tell you whether it will re-assess by {format_govuk_date(decision_due)}",
            "Decide whether to re-assess",
            "SEND Regulations 2014, regs 23 to 25",
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
                exception=exception_applies(
                    facts.exceptions,
                    ExceptionPhase.REASSESSMENT_FINAL,
                    facts.reassessment_decision_on,
                    final_due,
                    rules,
                ),
            )
    if facts.old_la_aware_of_move_on is not None:
        transfer_by = transfer_due(facts.old_la_aware_of_move_on, facts.move_on, rules)
        add(
            "transfer_to_new_la",
            f"The council must transfer the plan to your new council by {format_govuk_date(transfer_by)}",
            "Transfer the plan to the new local authority",
            "SEND Regulations 2014, reg 15(2)",
            transfer_by,
            facts.transferred_on,
        )
    if facts.transferred_on is not None:
        notice_due = add_weeks(facts.transferred_on, rules.transfer_notice_weeks)
        add(
            "new_la_notice",
            f"Your new council must tell you by {format_govuk_date(notice_due)} that it now holds the plan, "
            "whether it will re-assess and when it will review the plan",
            "Tell the family about the transfer, re-assessment and review date",
            "SEND Regulations 2014, reg 15",
            notice_due,
            facts.new_la_notice_on,
        )
    # Ceasing (reg 31): the family's window to appeal; the plan is maintained until it passes. Added as is, not
    # through add(): the window stays on the timeline (closed) once the plan has ended.
    items.extend(cease_milestones(facts.cease_decision_on, facts.cease_notice_sent_on, facts.ceased_on, today, rules))
    return tuple(items)
