"""Where a case is in the statutory process, and which steps may be recorded next.

The state machine of SEND-PROCESS.md section 1.2. `check_move` returns a plain-English reason when a
step is not allowed (a final plan before a draft, a decision before a request), or None when it is.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from enum import StrEnum
from typing import Any

from service.domain.assessment import AssessmentFacts, draft_comment_last_day
from service.domain.dates import format_govuk_date
from service.domain.rules import DEFAULT_RULES, Rules


class Stage(StrEnum):
    REQUEST_RECEIVED = "request_received"
    NOT_TO_ASSESS = "not_to_assess"
    ASSESSING = "assessing"
    NOT_TO_ISSUE = "not_to_issue"
    DRAFT_ISSUED = "draft_issued"
    FINAL_ISSUED = "final_issued"
    WITHDRAWN = "withdrawn"


STAGE_NAMES = {
    Stage.REQUEST_RECEIVED: ("Request received", "The council is deciding whether to carry out an assessment"),
    Stage.NOT_TO_ASSESS: ("Decided not to assess", "The council decided not to carry out an assessment"),
    Stage.ASSESSING: ("Assessing", "The council is carrying out an assessment and gathering advice"),
    Stage.NOT_TO_ISSUE: ("Decided not to issue a plan", "The council decided not to make a plan"),
    Stage.DRAFT_ISSUED: ("Draft plan issued", "The council has sent you a draft plan"),
    Stage.FINAL_ISSUED: ("Final plan issued", "The council has issued the final plan"),
    Stage.WITHDRAWN: ("Withdrawn", "The request was withdrawn"),
}


class Step(StrEnum):
    DECIDE_TO_ASSESS = "decide_to_assess"
    DECIDE_NOT_TO_ASSESS = "decide_not_to_assess"
    REQUEST_ADVICE = "request_advice"
    RECORD_ADVICE = "record_advice"
    APPLY_EXCEPTION = "apply_exception"
    DECIDE_TO_ISSUE = "decide_to_issue"
    DECIDE_NOT_TO_ISSUE = "decide_not_to_issue"
    SERVE_DRAFT = "serve_draft"
    ISSUE_FINAL = "issue_final"
    WITHDRAW = "withdraw"


def stage(facts: AssessmentFacts) -> Stage:
    """The case's current stage, from its facts. REQUEST_RECEIVED covers "considering" (S1) and ASSESSING
    covers advice gathering (S3): the stored stage values are shared with the case records."""
    if facts.withdrawn_on is not None:
        return Stage.WITHDRAWN
    if facts.final_issued_on is not None:
        return Stage.FINAL_ISSUED
    if facts.draft_served_on is not None:
        return Stage.DRAFT_ISSUED
    if facts.decided_to_issue is False:
        return Stage.NOT_TO_ISSUE
    if facts.decided_to_assess is True:
        return Stage.ASSESSING
    if facts.decided_to_assess is False:
        return Stage.NOT_TO_ASSESS
    return Stage.REQUEST_RECEIVED


ALLOWED = {
    Stage.REQUEST_RECEIVED: {Step.DECIDE_TO_ASSESS, Step.DECIDE_NOT_TO_ASSESS, Step.APPLY_EXCEPTION, Step.WITHDRAW},
    Stage.NOT_TO_ASSESS: set(),
    Stage.ASSESSING: {
        Step.REQUEST_ADVICE,
        Step.RECORD_ADVICE,
        Step.APPLY_EXCEPTION,
        Step.DECIDE_TO_ISSUE,
        Step.DECIDE_NOT_TO_ISSUE,
        Step.SERVE_DRAFT,
        Step.WITHDRAW,
    },
    Stage.NOT_TO_ISSUE: set(),
    Stage.DRAFT_ISSUED: {Step.RECORD_ADVICE, Step.APPLY_EXCEPTION, Step.ISSUE_FINAL, Step.WITHDRAW},
    Stage.FINAL_ISSUED: set(),
    Stage.WITHDRAWN: set(),
}

_WHY_NOT = {
    Step.DECIDE_TO_ASSESS: "The decision whether to assess has already been recorded",
    Step.DECIDE_NOT_TO_ASSESS: "The decision whether to assess has already been recorded",
    Step.REQUEST_ADVICE: "Advice can only be requested once the council has decided to assess",
    Step.RECORD_ADVICE: "Advice can only be recorded once the council has decided to assess",
    Step.DECIDE_TO_ISSUE: "The council must decide to assess before it decides whether to issue a plan",
    Step.DECIDE_NOT_TO_ISSUE: "The council must decide to assess before it decides whether to issue a plan",
    Step.SERVE_DRAFT: "A draft plan can only be served after a decision to issue a plan",
    Step.ISSUE_FINAL: "A final plan can only be issued after a draft plan has been served",
    Step.WITHDRAW: "This request can no longer be withdrawn",
    Step.APPLY_EXCEPTION: "Exceptions can only be applied while the assessment is open",
}


def allowed_moves(current: Stage) -> set[Step]:
    """The steps a caseworker may record at a stage (SEND-PROCESS.md 1.2)."""
    return set(ALLOWED[current])


def check_move(
    facts: AssessmentFacts,
    step: Step,
    on: date | None = None,
    today: date | None = None,
    rules: Rules = DEFAULT_RULES,
) -> str | None:
    """Why `step` (dated `on`) cannot be recorded, in words for a caseworker; None when it can.

    Without `on` only the order of steps is checked. With it, the date must not be in the future (when
    `today` is given), nor before the request or the step it follows; and a final plan cannot be issued
    while the family's 15 days to comment on the draft are running (reg 13(1)).
    """
    if on is not None and today is not None and on > today:
        return "The date must be today or in the past"
    if on is not None and on < facts.received_on:
        return f"The date must be on or after the day the request was received, {format_govuk_date(facts.received_on)}"
    current = stage(facts)
    if (
        current in (Stage.FINAL_ISSUED, Stage.WITHDRAWN, Stage.NOT_TO_ASSESS, Stage.NOT_TO_ISSUE)
        and step not in ALLOWED[current]
    ):
        return f"{_WHY_NOT[step]}: this case is at the stage '{STAGE_NAMES[current][0]}'"
    if step not in ALLOWED[current]:
        return _WHY_NOT[step]
    if step in (Step.DECIDE_TO_ISSUE, Step.DECIDE_NOT_TO_ISSUE) and facts.decided_to_issue is not None:
        return "The decision whether to issue a plan has already been recorded"
    if step == Step.SERVE_DRAFT and facts.decided_to_issue is not True:
        return _WHY_NOT[step]
    if step == Step.SERVE_DRAFT and facts.draft_served_on is not None:
        return "The draft plan has already been served"
    if on is None:
        return None
    follows = _FOLLOWS.get(step)
    if follows is not None:
        earlier, what = follows
        earlier_on = getattr(facts, earlier)
        if earlier_on is not None and on < earlier_on:
            return f"The date must be on or after {what}, {format_govuk_date(earlier_on)}"
    if step == Step.ISSUE_FINAL and facts.draft_served_on is not None:
        last_day = draft_comment_last_day(facts.draft_served_on, rules)
        if on <= last_day:
            return (
                f"The family has until {format_govuk_date(last_day)} to comment on the draft plan. "
                "The final plan can be issued from the day after"
            )
    return None


# A step's date cannot be before the step it follows.
_FOLLOWS = {
    Step.REQUEST_ADVICE: ("decision_to_assess_on", "the decision to assess"),
    Step.DECIDE_TO_ISSUE: ("decision_to_assess_on", "the decision to assess"),
    Step.DECIDE_NOT_TO_ISSUE: ("decision_to_assess_on", "the decision to assess"),
    Step.SERVE_DRAFT: ("decision_to_issue_on", "the decision to issue a plan"),
    Step.ISSUE_FINAL: ("draft_served_on", "the day the draft plan was served"),
}


def apply_step(facts: AssessmentFacts, step: Step, on: date) -> AssessmentFacts:
    """The facts after a step (for steps that change a date on the case itself)."""
    by_step: dict[Step, dict[str, Any]] = {  # field names of AssessmentFacts, each with its own type
        Step.DECIDE_TO_ASSESS: {"decided_to_assess": True, "decision_to_assess_on": on},
        Step.DECIDE_NOT_TO_ASSESS: {"decided_to_assess": False, "decision_to_assess_on": on},
        Step.DECIDE_TO_ISSUE: {"decided_to_issue": True, "decision_to_issue_on": on},
        Step.DECIDE_NOT_TO_ISSUE: {"decided_to_issue": False, "decision_to_issue_on": on},
        Step.SERVE_DRAFT: {"draft_served_on": on},
        Step.ISSUE_FINAL: {"final_issued_on": on},
        Step.WITHDRAW: {"withdrawn_on": on},
    }
    return replace(facts, **by_step.get(step, {}))
