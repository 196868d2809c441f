"""A milestone: one statutory duty on a case, its due date, whether and when it was done, and its state.

States (what staff and families see):
- not_started: its trigger has not happened, so there is no due date yet
- upcoming: due later than 5 working days from today
- due_soon: due within 5 working days of today (today included)
- overdue: not done and the due date has passed
- met / met_late: done on or before / after the due date
- not_applicable: this duty does not arise on this case (e.g. withdrawn, or the other branch taken)

An exception to a time limit (regs 5(4), 8(2), 10(4), 13(3), 27(3)) never moves a due date: a late step
stays late; `exception_applies` records that the delay falls under an exception, as SEN2 counts it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache

from service.domain.dates import add_working_days
from service.domain.rules import Rules


class MilestoneState(StrEnum):
    NOT_STARTED = "not_started"
    UPCOMING = "upcoming"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    MET = "met"
    MET_LATE = "met_late"
    NOT_APPLICABLE = "not_applicable"


OUTSTANDING = frozenset({MilestoneState.UPCOMING, MilestoneState.DUE_SOON, MilestoneState.OVERDUE})
LATE = frozenset({MilestoneState.OVERDUE, MilestoneState.MET_LATE})


@dataclass(frozen=True, slots=True)
class Milestone:
    key: str  # stable: "decision_to_assess", "advice:0:educational_psychology", "final_plan", ...
    family_text: str  # for families, with the date: "The council must tell you ... by 4 June 2027"
    staff_text: str  # for caseworkers: "Decide whether to assess"
    source: str  # the law: "SEND Regulations 2014, reg 5(1)"
    due: date | None
    done: date | None
    state: MilestoneState
    exception_applies: bool = False
    days_late: int = 0  # days past due: so far (overdue) or when done (met_late); 0 otherwise

    @property
    def is_outstanding(self) -> bool:
        """Applicable, not done, and with a due date: something someone still has to do."""
        return self.state in OUTSTANDING

    @property
    def is_late(self) -> bool:
        return self.state in LATE

    @property
    def late_without_exception(self) -> bool:
        """Late, and no exception to the time limit applies (SEN2's 'excluding exceptions' count)."""
        return self.state in LATE and not self.exception_applies


def due_soon_limit(today: date, rules: Rules) -> date:
    """The last due date that counts as due soon: 5 working days from today (a service choice)."""
    return _due_soon_limit(today, rules.due_soon_working_days)


@lru_cache(maxsize=1024)
def _due_soon_limit(today: date, working_days: int) -> date:
    # keyed on the number, not on Rules: hashing a 30-field dataclass on every milestone is slow
    return add_working_days(today, working_days)


# A whole caseload builds hundreds of thousands of milestones; setting the slots directly is more than twice
# as fast as the frozen dataclass's __init__ (which goes through object.__setattr__), and just as immutable.
_new = object.__new__
(_set_key, _set_family, _set_staff, _set_source, _set_due, _set_done, _set_state, _set_exception, _set_late) = (
    getattr(Milestone, name).__set__
    for name in ("key", "family_text", "staff_text", "source", "due", "done", "state", "exception_applies", "days_late")
)


def _make(
    key: str,
    family_text: str,
    staff_text: str,
    source: str,
    due: date | None,
    done: date | None,
    state: MilestoneState,
    exception_applies: bool,
    days_late: int,
) -> Milestone:
    m = _new(Milestone)
    _set_key(m, key)
    _set_family(m, family_text)
    _set_staff(m, staff_text)
    _set_source(m, source)
    _set_due(m, due)
    _set_done(m, done)
    _set_state(m, state)
    _set_exception(m, exception_applies)
    _set_late(m, days_late)
    return m


def milestone(
    key: str,
    family_text: str,
    staff_text: str,
    source: str,
    due: date | None,
    done: date | None,
    today: date,
    rules: Rules,
    applicable: bool = True,
    exception_applies: bool = False,
) -> Milestone:
    """Build a milestone and work out its state from its due date, done date and today."""
    if not applicable:
        state, late = _NOT_APPLICABLE, 0
    elif due is None:
        state, late = (_MET, 0) if done is not None else (_NOT_STARTED, 0)
    elif done is not None:
        late = (done - due).days
        if late > 0:
            state = _MET_LATE
        else:
            state, late = _MET, 0
    elif today > due:
        state, late = _OVERDUE, (today - due).days
    elif due <= _due_soon_limit(today, rules.due_soon_working_days):
        state, late = _DUE_SOON, 0
    else:
        state, late = _UPCOMING, 0
    return _make(key, family_text, staff_text, source, due, done, state, exception_applies, late)


_NOT_APPLICABLE, _MET, _NOT_STARTED, _MET_LATE, _OVERDUE, _DUE_SOON, _UPCOMING = (
    MilestoneState.NOT_APPLICABLE,
    MilestoneState.MET,
    MilestoneState.NOT_STARTED,
    MilestoneState.MET_LATE,
    MilestoneState.OVERDUE,
    MilestoneState.DUE_SOON,
    MilestoneState.UPCOMING,
)


# Milestones that are the family's windows and rights, never a duty of the council's: the staff "next due"
# skips them (it shows the council's next duty, e.g. the final plan date; the window is context).
FAMILY_WINDOWS = frozenset(
    {"draft_comments", "amendment_comments", "appeal_deadline", "contact_mediation_adviser", "cease_appeal"}
)


def next_council_due(milestones: Iterable[Milestone]) -> Milestone | None:
    """next_due among the council's duties only (FAMILY_WINDOWS left out): the staff caseload's next due."""
    return next_due(m for m in milestones if m.key not in FAMILY_WINDOWS)


def next_due(milestones: Iterable[Milestone]) -> Milestone | None:
    """The most urgent outstanding milestone: the earliest due date among those applicable and not done.

    Ties keep the legal order of the timeline (the first listed wins).
    """
    best: Milestone | None = None
    best_due: date | None = None
    for m in milestones:
        if m.state in OUTSTANDING and m.due is not None and (best_due is None or m.due < best_due):
            best, best_due = m, m.due
    return best
