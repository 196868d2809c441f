"""The assessment clock: from the day the local authority receives a request (day 0) to the final plan.

Sources: SEND Regulations 2014 (SI 2014/1530) regs 5, 8, 10 and 13; CFA 2014 s36-s39.
All periods are calendar weeks from receipt of the request, not from the decision to assess (reg 13(2)).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from service.domain.dates import add_weeks, days_beginning_with, format_govuk_date
from service.domain.milestones import Milestone, milestone
from service.domain.rules import DEFAULT_RULES, Rules


class ExceptionPhase(StrEnum):
    """The time limit an exception is claimed against."""

    DECISION_TO_ASSESS = "decision_to_assess"  # reg 5(4)
    ADVICE = "advice"  # reg 8(2)
    NOT_TO_ISSUE = "not_to_issue"  # reg 10(4)
    FINAL_PLAN = "final_plan"  # reg 13(3)


class ExceptionGround(StrEnum):
    SCHOOL_CLOSURE = "school_closure"  # 5(4)(a): a school or post-16 institution closed for 4 weeks or more
    EARLY_YEARS_CLOSURE = "early_years_closure"  # 5(4)(b)
    EXCEPTIONAL_PERSONAL_CIRCUMSTANCES = "exceptional_personal_circumstances"  # 5(4)(c), 8(2)
    ABSENT_FROM_AREA = "absent_from_area"  # 5(4)(d), 8(2): away for at least 4 continuous weeks
    MISSED_APPOINTMENT = "missed_appointment"  # 8(2)(c): advice only; waiting lists are not a ground


EXCEPTION_SOURCES = {
    ExceptionPhase.DECISION_TO_ASSESS: "SEND Regulations 2014, reg 5(4)",
    ExceptionPhase.ADVICE: "SEND Regulations 2014, reg 8(2)",
    ExceptionPhase.NOT_TO_ISSUE: "SEND Regulations 2014, reg 10(4)",
    ExceptionPhase.FINAL_PLAN: "SEND Regulations 2014, reg 13(3)",
}

ALLOWED_GROUNDS = {
    ExceptionPhase.DECISION_TO_ASSESS: frozenset(ExceptionGround) - {ExceptionGround.MISSED_APPOINTMENT},
    ExceptionPhase.ADVICE: frozenset(
        {
            ExceptionGround.EXCEPTIONAL_PERSONAL_CIRCUMSTANCES,
            ExceptionGround.ABSENT_FROM_AREA,
            ExceptionGround.MISSED_APPOINTMENT,
        }
    ),
    ExceptionPhase.NOT_TO_ISSUE: frozenset(ExceptionGround) - {ExceptionGround.MISSED_APPOINTMENT},
    ExceptionPhase.FINAL_PLAN: frozenset(ExceptionGround) - {ExceptionGround.MISSED_APPOINTMENT},
}


@dataclass(frozen=True, slots=True)
class AdviceRequest:
    """Advice sought under reg 6(1); the adviser has 6 weeks from being asked (reg 8(1))."""

    kind: str
    requested_on: date
    received_on: date | None = None


@dataclass(frozen=True, slots=True)
class TimeLimitException:
    phase: ExceptionPhase
    ground: ExceptionGround
    starts_on: date
    ends_on: date | None = None
    evidence: str = ""


@dataclass(frozen=True, slots=True)
class AssessmentFacts:
    received_on: date
    decision_to_assess_on: date | None = None
    decided_to_assess: bool | None = None
    advice_requests: tuple[AdviceRequest, ...] = ()
    exceptions: tuple[TimeLimitException, ...] = field(default=())
    decision_to_issue_on: date | None = None
    decided_to_issue: bool | None = None
    draft_served_on: date | None = None
    final_issued_on: date | None = None
    withdrawn_on: date | None = None


def decision_to_assess_due(received_on: date, rules: Rules = DEFAULT_RULES) -> date:
    """Reg 5(1): tell the family whether the LA will assess within 6 weeks of receiving the request."""
    return add_weeks(received_on, rules.decision_to_assess_weeks)


def advice_due(requested_on: date, rules: Rules = DEFAULT_RULES) -> date:
    """Reg 8(1): advice within 6 weeks of the adviser being asked."""
    return add_weeks(requested_on, rules.advice_weeks)


def not_to_issue_due(received_on: date, rules: Rules = DEFAULT_RULES) -> date:
    """Reg 10: notice of a decision not to issue a plan within 16 weeks of the request."""
    return add_weeks(received_on, rules.not_to_issue_weeks)


def draft_comment_last_day(served_on: date, rules: Rules = DEFAULT_RULES) -> date:
    """Reg 13(1): at least 15 days, beginning with the day the draft is served, to comment."""
    return days_beginning_with(served_on, rules.draft_comment_days)


def final_plan_due(received_on: date, rules: Rules = DEFAULT_RULES) -> date:
    """Reg 13(2): the final plan within 20 weeks of the request."""
    return add_weeks(received_on, rules.final_plan_weeks)


def _has_exception(facts: AssessmentFacts, phase: ExceptionPhase) -> bool:
    return any(e.phase == phase for e in facts.exceptions)


def exceptions_apply(facts: AssessmentFacts) -> bool:
    """SEN2's `week20` flag: an exception applies to the 20-week limit (reg 13(3))."""
    return _has_exception(facts, ExceptionPhase.FINAL_PLAN)


def assessment_timeline(facts: AssessmentFacts, today: date, rules: Rules = DEFAULT_RULES) -> tuple[Milestone, ...]:
    """Every milestone of the assessment, in legal order."""
    withdrawn = facts.withdrawn_on is not None
    refused_assess = facts.decided_to_assess is False
    refused_issue = facts.decided_to_issue is False

    def open_(done: date | None) -> bool:
        # After withdrawal, only what was already done still shows.
        return not withdrawn or done is not None

    items: list[Milestone] = []
    decision_due = decision_to_assess_due(facts.received_on, rules)
    items.append(
        milestone(
            "decision_to_assess",
            f"The council must tell you whether it will carry out an assessment by {format_govuk_date(decision_due)}",
            "Decide whether to assess",
            "SEND Regulations 2014, reg 5(1)",
            decision_due,
            facts.decision_to_assess_on,
            today,
            rules,
            applicable=open_(facts.decision_to_assess_on),
            exception_applies=_has_exception(facts, ExceptionPhase.DECISION_TO_ASSESS),
        )
    )
    advice_exception = _has_exception(facts, ExceptionPhase.ADVICE)
    for index, request in enumerate(facts.advice_requests):
        due = advice_due(request.requested_on, rules)
        items.append(
            milestone(
                f"advice:{index}:{request.kind}",
                f"The council has asked for {request.kind.replace('_', ' ')} advice. It should arrive by "
                f"{format_govuk_date(due)}",
                f"Receive {request.kind.replace('_', ' ')} advice",
                "SEND Regulations 2014, reg 8(1)",
                due,
                request.received_on,
                today,
                rules,
                applicable=open_(request.received_on),
                exception_applies=advice_exception,
            )
        )
    assessing = facts.decided_to_assess is True
    issue_due = not_to_issue_due(facts.received_on, rules)
    # The 16-week limit binds a decision NOT to issue; a decision to issue is held to the 20 weeks.
    issue_done = facts.decision_to_issue_on
    items.append(
        milestone(
            "decision_to_issue",
            f"The council must tell you whether it will make a plan. If it decides not to, it must tell you by "
            f"{format_govuk_date(issue_due)}",
            "Decide whether to issue a plan",
            "SEND Regulations 2014, reg 10",
            issue_due if assessing and facts.decided_to_issue is not True else None,
            issue_done,
            today,
            rules,
            applicable=not refused_assess and open_(issue_done),
            exception_applies=_has_exception(facts, ExceptionPhase.NOT_TO_ISSUE),
        )
    )
    if facts.draft_served_on is not None:
        last_day = draft_comment_last_day(facts.draft_served_on, rules)
        window_closed = last_day if today > last_day or facts.final_issued_on else None
        items.append(
            milestone(
                "draft_comments",
                f"You can comment on the draft plan, ask for a school or college to be named, or ask for a meeting "
                f"until {format_govuk_date(last_day)}",
                "Family's time to comment on the draft plan",
                "SEND Regulations 2014, reg 13(1)",
                last_day,
                window_closed,
                today,
                rules,
                applicable=open_(window_closed),
            )
        )
    final_due = final_plan_due(facts.received_on, rules)
    items.append(
        milestone(
            "final_plan",
            f"The council must send you the final plan by {format_govuk_date(final_due)}",
            "Issue the final plan",
            "SEND Regulations 2014, reg 13(2)",
            final_due,
            facts.final_issued_on,
            today,
            rules,
            applicable=not refused_assess and not refused_issue and open_(facts.final_issued_on),
            exception_applies=exceptions_apply(facts),
        )
    )
    return tuple(items)
