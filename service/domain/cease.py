"""Ceasing to maintain a plan: the grounds, the age limit, the family's right to appeal and the plan's end.

Sources: CFA 2014 s45; SEND Regulations 2014 regs 29-31, 44(2)(a) and 46; SEN2 CeaseReason (2025 texts)
and CeaseDate (SEND-PROCESS.md 2.6; SEN2.md).
"""

from __future__ import annotations

from datetime import date
from enum import IntEnum

from service.domain.dates import add_months, format_govuk_date
from service.domain.disagreement import appeal_deadline
from service.domain.milestones import Milestone, MilestoneState, milestone
from service.domain.rules import DEFAULT_RULES, Rules


class CeaseReason(IntEnum):
    """SEN2 CeaseReason (item 4.6)."""

    MAX_AGE = 1
    NEEDS_MET = 2
    HIGHER_EDUCATION = 3
    EMPLOYMENT = 4
    TRANSFERRED = 5
    NO_ENGAGEMENT = 6
    LEFT_ENGLAND = 7
    DECEASED = 8
    OTHER = 9


# The SEN2 guide's 2025 texts, word for word (SEN2.md 1.1).
CEASE_REASON_TEXT = {
    CeaseReason.MAX_AGE: "Reached maximum age: end of the academic year in which the young person turned 25, "
    "or 19 if they enter the adult estate",
    CeaseReason.NEEDS_MET: "Ongoing education or training needs met without a plan; use only where education or "
    "training continues",
    CeaseReason.HIGHER_EDUCATION: "Moved on to higher education",
    CeaseReason.EMPLOYMENT: "Moved on to paid employment, excluding apprenticeships",
    CeaseReason.TRANSFERRED: "Transferred to another LA in England",
    CeaseReason.NO_ENGAGEMENT: "Young person no longer wishes to engage in education or training. Includes those "
    "aged 18+ with no participation duty, and those under 18 not complying with it",
    CeaseReason.LEFT_ENGLAND: "Moved outside England",
    CeaseReason.DECEASED: "Deceased",
    CeaseReason.OTHER: "Other. Heavy use triggers a COLLECT prompt",
}

# Under 18 a plan may be ceased only when it is no longer necessary (CFA s45(1)(b), reg 29), or when the council
# is no longer responsible for the child: they moved (to another council in England, or out of England) or died.
UNDER_18_REASONS = frozenset(
    {CeaseReason.NEEDS_MET, CeaseReason.TRANSFERRED, CeaseReason.LEFT_ENGLAND, CeaseReason.DECEASED}
)


def age_on(born_on: date, on: date) -> int:
    """Completed years of age on a day (a 29 February birthday counts from 1 March in other years)."""
    return on.year - born_on.year - ((on.month, on.day) < (born_on.month, born_on.day))


def max_age_end(born_on: date, rules: Rules = DEFAULT_RULES) -> date:
    """Reg 46: the end of the academic year in which the young person turns 25 (the academic year ending on
    31 July, Rules.academic_year_end_*, UNCONFIRMED)."""
    year = born_on.year + rules.max_age
    end = date(year, rules.academic_year_end_month, rules.academic_year_end_day)
    birthday = (born_on.month, born_on.day)
    return end if birthday <= (end.month, end.day) else date(year + 1, end.month, end.day)


def max_age_near(born_on: date | None, today: date, rules: Rules = DEFAULT_RULES) -> date | None:
    """The age limit's day when it is within the next 12 months (or passed), for the case summary; else None."""
    if born_on is None:
        return None
    end = max_age_end(born_on, rules)
    return end if end <= add_months(today, rules.max_age_warning_months) else None


def cease_problem(
    reason: CeaseReason, born_on: date | None, decided_on: date, rules: Rules = DEFAULT_RULES
) -> str | None:
    """Why the council cannot cease the plan for this reason (None if it can): under 18, only a plan that is
    no longer necessary, or one the council is no longer responsible for (CFA s45; reg 29); the maximum age
    only once the academic year in which they turn 25 has ended, or is the one in progress."""
    if born_on is None:
        return None
    if age_on(born_on, decided_on) < rules.under_18 and reason not in UNDER_18_REASONS:
        return (
            "The child is under 18: a plan can only be ceased if the needs are met without a plan, or the council "
            "is no longer responsible (they moved to another council or outside England, or died)"
        )
    if reason == CeaseReason.MAX_AGE:
        end = max_age_end(born_on, rules)
        if add_months(end, -12) >= decided_on:
            return (
                f"The young person reaches the age limit at the end of the academic year, on {format_govuk_date(end)}"
            )
    return None


def cease_warnings(
    reason: CeaseReason, born_on: date | None, decided_on: date, rules: Rules = DEFAULT_RULES
) -> list[str]:
    """What the council should have done first, shown before the decision is sent (allowed, not refused)."""
    warnings: list[str] = []
    if born_on is not None and age_on(born_on, decided_on) >= rules.under_18 and reason == CeaseReason.NO_ENGAGEMENT:
        warnings.append(
            "Review the plan first and make sure the young person does not want to return to education or training, "
            "or that returning would not be appropriate (regulation 30)"
        )
    if reason == CeaseReason.OTHER:
        warnings.append("'Other' is queried in the SEN2 return when it is used often")
    return warnings


def cease_appeal_deadline(
    notice_sent_on: date, certificate_issued_on: date | None = None, rules: Rules = DEFAULT_RULES
) -> date:
    """The last day to appeal against ceasing (TPR r.20(1)(c), with its moves past August and Christmas)."""
    return appeal_deadline(notice_sent_on, certificate_issued_on, rules=rules)


def cease_milestones(
    decision_on: date | None,
    notice_sent_on: date | None,
    ceased_on: date | None,
    today: date,
    rules: Rules = DEFAULT_RULES,
) -> tuple[Milestone, ...]:
    """Once the cease notice is sent: the family's window to appeal (their right, never the council's duty:
    "cease_appeal" is one of the FAMILY_WINDOWS), during which the council keeps maintaining the plan."""
    if decision_on is None or notice_sent_on is None:
        return ()
    deadline = cease_appeal_deadline(notice_sent_on, rules=rules)
    item = milestone(
        "cease_appeal",
        f"You can appeal to the SEND Tribunal by 5pm on {format_govuk_date(deadline)} against the decision to stop "
        "the plan. The council keeps the plan until then, and until any appeal is decided",
        "Family's time to appeal against ceasing the plan (the plan is maintained until then)",
        "SEND Regulations 2014, reg 31; Tribunal Procedure (First-tier Tribunal) (HESC) Rules 2008, r.20(1)(c)",
        deadline,
        ceased_on,
        today,
        rules,
    )
    if item.state in (MilestoneState.OVERDUE, MilestoneState.MET_LATE):
        # The window closing is not lateness: it is met (closed) once passed, like appeal_deadline.
        item = milestone(
            "cease_appeal", item.family_text, item.staff_text, item.source, deadline, deadline, today, rules
        )
    return (item,)


def end_problem(
    decision_on: date,
    notice_sent_on: date,
    on: date,
    today: date,
    upheld_on: date | None = None,
    appealed_on: date | None = None,
    rules: Rules = DEFAULT_RULES,
) -> str | None:
    """Why the plan cannot end on `on` (None if it can). The plan is kept until the appeal window passes or an
    appeal fails (reg 31; IPSEA); a Tribunal upholding the decision means it ends at once (reg 44(2)(a))."""
    if on > today:
        return "The date the plan ended must be today or in the past"
    if on < decision_on:
        return f"The date the plan ended must be on or after the decision to cease, {format_govuk_date(decision_on)}"
    if upheld_on is not None:
        if on < upheld_on:
            return f"The date the plan ended must be on or after the Tribunal's order, {format_govuk_date(upheld_on)}"
        return None
    if appealed_on is not None:
        return (
            f"The family appealed on {format_govuk_date(appealed_on)}: the plan is kept until the Tribunal decides. "
            "Record the Tribunal's order first"
        )
    deadline = cease_appeal_deadline(notice_sent_on, rules=rules)
    if on <= deadline:
        return (
            f"The family can appeal until 5pm on {format_govuk_date(deadline)}: the plan is kept until then. "
            "It can end from the day after, or once the Tribunal upholds the decision"
        )
    return None
