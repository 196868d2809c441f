"""The assessment clock: from the day the local authority receives a request (day 0) to the final plan.

Sources: SEND Regulations 2014 (SI 2014/1530) regs 5, 8, 10 and 13; CFA 2014 s36-s39.
All periods are calendar weeks from receipt of the request, not from the decision to assess (reg 13(2)).
Exceptions (regs 5(4), 8(2), 10(4), 13(3)) are recorded per phase and never move a due date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from service.domain.dates import add_weeks, days_beginning_with, format_govuk_date
from service.domain.milestones import Milestone, milestone
from service.domain.rules import DEFAULT_RULES, Rules


class ExceptionPhase(StrEnum):
    """The time limit an exception is claimed against."""

    DECISION_TO_ASSESS = "decision_to_assess"  # reg 5(4): the 6-week decision
    ADVICE = "advice"  # reg 8(2): the 6 weeks an adviser has
    NOT_TO_ISSUE = "not_to_issue"  # reg 10(4): the 16-week notice of a decision not to issue
    FINAL_PLAN = "final_plan"  # reg 13(3): the 20-week final plan (SEN2's week20 flag)
    REASSESSMENT_FINAL = "reassessment_final"  # reg 27(3): the 14-week final plan after a re-assessment


class ExceptionGround(StrEnum):
    SCHOOL_CLOSURE = "school_closure"  # 5(4)(a): advice sought from a school or post-16 head around a 4+ week closure
    EARLY_YEARS_CLOSURE = "early_years_closure"  # 5(4)(b): the same for an early years provider
    EXCEPTIONAL_PERSONAL_CIRCUMSTANCES = "exceptional_personal_circumstances"  # 5(4)(c), 8(2)
    ABSENT_FROM_AREA = "absent_from_area"  # 5(4)(d), 8(2): the family away for at least 4 continuous weeks
    MISSED_APPOINTMENT = "missed_appointment"  # 8(2): advice only. Waiting lists are never a ground (IPSEA)


EXCEPTION_SOURCES = {
    ExceptionPhase.DECISION_TO_ASSESS: "SEND Regulations 2014, reg 5(4)",
    ExceptionPhase.ADVICE: "SEND Regulations 2014, reg 8(2)",
    ExceptionPhase.NOT_TO_ISSUE: "SEND Regulations 2014, reg 10(4)",
    ExceptionPhase.FINAL_PLAN: "SEND Regulations 2014, reg 13(3)",
    ExceptionPhase.REASSESSMENT_FINAL: "SEND Regulations 2014, reg 27(3)",
}

_REG_5_4_GROUNDS = frozenset(ExceptionGround) - {ExceptionGround.MISSED_APPOINTMENT}
ALLOWED_GROUNDS = {
    ExceptionPhase.DECISION_TO_ASSESS: _REG_5_4_GROUNDS,
    ExceptionPhase.ADVICE: frozenset(
        {
            ExceptionGround.EXCEPTIONAL_PERSONAL_CIRCUMSTANCES,
            ExceptionGround.ABSENT_FROM_AREA,
            ExceptionGround.MISSED_APPOINTMENT,
        }
    ),
    ExceptionPhase.NOT_TO_ISSUE: _REG_5_4_GROUNDS,  # reg 10(4)(a)-(d), as reg 5(4)
    ExceptionPhase.FINAL_PLAN: _REG_5_4_GROUNDS,  # reg 13(3): "any of the reasons in reg 10(4)(a)-(d)"
    ExceptionPhase.REASSESSMENT_FINAL: _REG_5_4_GROUNDS,  # reg 27(3): the same exceptions
}

GROUND_NAMES = {
    ExceptionGround.SCHOOL_CLOSURE: "the school or college was closed for 4 weeks or more",
    ExceptionGround.EARLY_YEARS_CLOSURE: "the early years setting was closed for 4 weeks or more",
    ExceptionGround.EXCEPTIONAL_PERSONAL_CIRCUMSTANCES: "exceptional personal circumstances",
    ExceptionGround.ABSENT_FROM_AREA: "the family was away from the area for 4 weeks or more",
    ExceptionGround.MISSED_APPOINTMENT: "an appointment was missed",
}


@dataclass(frozen=True, slots=True)
class AdviceRequest:
    """Advice sought under reg 6(1); the adviser has 6 weeks from being asked (reg 8(1))."""

    kind: str  # "educational_psychology", "health", "social_care", "educational", ...
    requested_on: date
    received_on: date | None = None


@dataclass(frozen=True, slots=True)
class TimeLimitException:
    """An exception to a time limit, recorded with its ground, dates and evidence. It never moves a due date."""

    phase: ExceptionPhase
    ground: ExceptionGround
    starts_on: date
    ends_on: date | None = None
    evidence: str = ""
    advice_kind: str | None = None  # ADVICE only: the advice it concerns (None: all advice requested)


@dataclass(frozen=True, slots=True)
class AssessmentFacts:
    """What has happened on a request, as recorded. Day 0 is `received_on` (CFA s36(1))."""

    received_on: date
    decision_to_assess_on: date | None = None
    decided_to_assess: bool | None = None
    advice_requests: tuple[AdviceRequest, ...] = ()
    exceptions: tuple[TimeLimitException, ...] = ()
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
    """Reg 13(1): at least 15 days, beginning with the day the draft is served, to comment.

    Served on 1 March, the family has until 15 March.
    """
    return days_beginning_with(served_on, rules.draft_comment_days)


def consultation_due(sent_on: date, rules: Rules = DEFAULT_RULES) -> date:
    """CFA 2014 s39(2), CoP 9.80: a setting consulted on the draft plan should answer within 15 days,
    counted as reg 13(1) counts them (beginning with the day it was sent). Sent on 1 March: 15 March."""
    return days_beginning_with(sent_on, rules.consultation_days)


def final_plan_due(received_on: date, rules: Rules = DEFAULT_RULES) -> date:
    """Reg 13(2): the final plan within 20 weeks of the request (not of the decision to assess)."""
    return add_weeks(received_on, rules.final_plan_weeks)


def check_exception(exception: TimeLimitException, received_on: date | None = None) -> str | None:
    """Why an exception cannot be recorded, in words for a caseworker; None when it can.

    The grounds allowed for each limit are those of regs 5(4), 8(2), 10(4), 13(3) and 27(3).
    """
    if exception.ground not in ALLOWED_GROUNDS[exception.phase]:
        return (
            f"'{GROUND_NAMES[exception.ground].capitalize()}' is not a reason the law allows for this time limit "
            f"({EXCEPTION_SOURCES[exception.phase]})"
        )
    if exception.ends_on is not None and exception.ends_on < exception.starts_on:
        return "The date the exception ended must be the same as or after the date it started"
    if received_on is not None and exception.ends_on is not None and exception.ends_on < received_on:
        return f"The exception must not end before the request was received, {format_govuk_date(received_on)}"
    if exception.advice_kind is not None and exception.phase != ExceptionPhase.ADVICE:
        return "Only an exception to the time limit for advice can name a kind of advice"
    if not exception.evidence.strip():
        return "Enter the evidence for the exception"
    return None


def exception_applies(
    exceptions: Iterable[TimeLimitException],
    phase: ExceptionPhase,
    starts_on: date,
    due: date | None,
    rules: Rules = DEFAULT_RULES,
    advice_kind: str | None = None,
) -> bool:
    """Whether a recorded exception applies to the time limit of `phase` running from `starts_on` to `due`.

    Regs 5(4), 8(2), 10(4), 13(3), 27(3). With `rules.exception_must_overlap_period` (the default, a service
    reading marked UNCONFIRMED), an exception counts only if its period overlaps the time the limit ran: one
    that began after the due date, or ended before the trigger, cannot have made meeting it impractical.
    """
    for e in exceptions:
        if e.phase != phase:
            continue
        if advice_kind is not None and e.advice_kind is not None and e.advice_kind != advice_kind:
            continue
        if not rules.exception_must_overlap_period or due is None:
            return True
        if e.starts_on <= due and (e.ends_on is None or e.ends_on >= starts_on):
            return True
    return False


def exceptions_apply(facts: AssessmentFacts, rules: Rules = DEFAULT_RULES) -> bool:
    """SEN2's `week20` flag: an exception applies to the 20-week limit for the final plan (reg 13(3))."""
    return exception_applies(
        facts.exceptions, ExceptionPhase.FINAL_PLAN, facts.received_on, final_plan_due(facts.received_on, rules), rules
    )


@dataclass(frozen=True, slots=True)
class TwentyWeekOutcome:
    """One issued plan as SEN2 and DfE's timeliness figures count it (reg 13(2), 13(3))."""

    received_on: date
    issued_on: date
    due: date
    within_20_weeks: bool
    exceptions_apply: bool
    days_taken: int


def twenty_week_outcome(facts: AssessmentFacts, rules: Rules = DEFAULT_RULES) -> TwentyWeekOutcome | None:
    """Was the final plan issued within 20 weeks, and do exceptions apply? None until a final plan is issued."""
    if facts.final_issued_on is None:
        return None
    due = final_plan_due(facts.received_on, rules)
    return TwentyWeekOutcome(
        received_on=facts.received_on,
        issued_on=facts.final_issued_on,
        due=due,
        within_20_weeks=facts.final_issued_on <= due,
        exceptions_apply=exceptions_apply(facts, rules),
        days_taken=(facts.final_issued_on - facts.received_on).days,
    )


@dataclass(frozen=True, slots=True)
class TwentyWeekRates:
    """DfE's two timeliness figures: % of plans issued within 20 weeks, excluding and including exceptions."""

    plans: int
    within: int
    plans_without_exceptions: int
    within_without_exceptions: int

    @property
    def percent_including_exceptions(self) -> float | None:
        """All plans issued: the share issued within 20 weeks (national 2024: 45.9%)."""
        return round(100 * self.within / self.plans, 1) if self.plans else None

    @property
    def percent_excluding_exceptions(self) -> float | None:
        """Plans where no exception applies: the share issued within 20 weeks (national 2024: 46.4%)."""
        if not self.plans_without_exceptions:
            return None
        return round(100 * self.within_without_exceptions / self.plans_without_exceptions, 1)


def twenty_week_rates(outcomes: Iterable[TwentyWeekOutcome | None]) -> TwentyWeekRates:
    """Count plans for a dashboard, both excluding and including cases where exceptions apply."""
    plans = within = plans_clean = within_clean = 0
    for o in outcomes:
        if o is None:
            continue
        plans += 1
        within += o.within_20_weeks
        if not o.exceptions_apply:
            plans_clean += 1
            within_clean += o.within_20_weeks
    return TwentyWeekRates(plans, within, plans_clean, within_clean)


def assessment_timeline(facts: AssessmentFacts, today: date, rules: Rules = DEFAULT_RULES) -> tuple[Milestone, ...]:
    """Every milestone of the assessment, in legal order (regs 5(1), 8(1), 10, 13(1), 13(2))."""
    withdrawn = facts.withdrawn_on is not None
    refused_assess = facts.decided_to_assess is False
    refused_issue = facts.decided_to_issue is False
    received = facts.received_on
    exceptions = facts.exceptions

    def open_(done: date | None) -> bool:
        # After withdrawal, only what was already done still shows.
        return not withdrawn or done is not None

    items: list[Milestone] = []
    decision_due = decision_to_assess_due(received, rules)
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
            exception_applies=bool(exceptions)
            and exception_applies(exceptions, ExceptionPhase.DECISION_TO_ASSESS, received, decision_due, rules),
        )
    )
    for index, request in enumerate(facts.advice_requests):
        due = advice_due(request.requested_on, rules)
        kind = request.kind.replace("_", " ")
        items.append(
            milestone(
                f"advice:{index}:{request.kind}",
                f"The council has asked for {kind} advice. It should arrive by {format_govuk_date(due)}",
                f"Receive {kind} advice",
                "SEND Regulations 2014, reg 8(1)",
                due,
                request.received_on,
                today,
                rules,
                applicable=open_(request.received_on),
                exception_applies=bool(exceptions)
                and exception_applies(
                    exceptions, ExceptionPhase.ADVICE, request.requested_on, due, rules, request.kind
                ),
            )
        )
    assessing = facts.decided_to_assess is True
    issue_due = not_to_issue_due(received, rules)
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
            exception_applies=bool(exceptions)
            and exception_applies(exceptions, ExceptionPhase.NOT_TO_ISSUE, received, issue_due, rules),
        )
    )
    if facts.draft_served_on is not None:
        last_day = draft_comment_last_day(facts.draft_served_on, rules)
        # The family's window, not a council duty: it closes (is "met") on its last day, never "overdue".
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
    final_due = final_plan_due(received, rules)
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
            exception_applies=bool(exceptions)
            and exception_applies(exceptions, ExceptionPhase.FINAL_PLAN, received, final_due, rules),
        )
    )
    return tuple(items)
