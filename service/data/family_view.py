"""What the family's case pages show against the clock: the assessment's and, once the final plan is
issued, the plan's milestones (the next review and its steps, amendments, the phase transfer, a transfer);
each disagreement's appeal deadline once its certificate is issued; and the appealable decisions the family
can still disagree with, each with its own window from the day its notice was sent.

Read-only, for a case already scoped to the family (service.data.family.case_for_family).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from service.data import mediation
from service.data.facts import assessment_facts, disagreement_facts
from service.data.plan_life import plan_milestones
from service.domain.clock import (
    DecisionKind,
    DisagreementFacts,
    Milestone,
    MilestoneState,
    appeal_deadline,
    assessment_timeline,
    disagreement_timeline,
    next_due,
)
from service.models import Case, Disagreement

SHOWN_DONE = (MilestoneState.MET, MilestoneState.MET_LATE)


@dataclass(frozen=True, slots=True)
class OpenDecision:
    """An appealable decision the family has not disagreed with yet, with the clock's contact window."""

    kind: DecisionKind
    notice_on: date
    contact: Milestone  # "To appeal, contact the mediation adviser by ..."
    current: bool  # the one the online journey asks about (the newest)


def milestones(case: Case, today: date) -> tuple[Milestone, ...]:
    """The assessment's milestones and, after the final plan, the plan's."""
    return (*assessment_timeline(assessment_facts(case), today), *plan_milestones(case, today))


def appeal_deadlines(case: Case, today: date, found: list[Disagreement] | None = None) -> list[Milestone]:
    """Each disagreement's appeal deadline ("by 5pm on ...") once its certificate is issued (or none is
    needed, Section I only), while the deadline has not passed."""
    items = []
    for d in mediation.disagreements_of(case) if found is None else found:
        if d.appealed_on is not None:
            continue
        for m in disagreement_timeline(disagreement_facts(d), today):
            if m.key == "appeal_deadline" and m.due is not None and m.due >= today:
                items.append(m)
    return items


def open_decisions(case: Case, today: date, found: list[Disagreement] | None = None) -> list[OpenDecision]:
    """The appealable decisions with no disagreement sent about them whose appeal window has not closed,
    newest last; the adviser-contact window of each runs from its own notice."""
    found = mediation.disagreements_of(case) if found is None else found
    sent = {(d.decision_kind, d.decision_notice_on) for d in found}
    decisions = mediation.appealable_decisions(case)
    current = decisions[-1] if decisions else None
    items = []
    for kind, notice_on in decisions:
        if (kind.value, notice_on) in sent:
            continue
        if (kind, notice_on) == current and mediation.for_case(case) is not None:
            continue
        timeline = {m.key: m for m in disagreement_timeline(DisagreementFacts(kind, notice_on), today)}
        if (kind, notice_on) != current and today > appeal_deadline(notice_on, None):
            continue  # an older decision whose 2 months to appeal have passed
        items.append(OpenDecision(kind, notice_on, timeline["contact_mediation_adviser"], (kind, notice_on) == current))
    return items


def urgent(case: Case, today: date) -> Milestone | None:
    """The family's "what happens next" line on their list of cases: the earliest outstanding milestone of
    the assessment or the plan, or an appeal deadline if it comes first."""
    return next_due((*milestones(case, today), *appeal_deadlines(case, today)))


# The family's windows the staff case summary shows as context under the council's next duty.
CONTEXT_WINDOWS = ("draft_comments", "amendment_comments", "cease_appeal", "appeal_deadline")


def open_family_windows(case: Case, today: date) -> list[Milestone]:
    """The family's windows open today (commenting on a draft or on proposed amendments, appealing), each
    with its last day: context on the staff summary, never the council's duty."""
    items = [m for m in milestones(case, today) if m.key in CONTEXT_WINDOWS and m.is_outstanding]
    items += appeal_deadlines(case, today)
    return sorted(items, key=lambda m: m.due or today)
