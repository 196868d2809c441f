"""From stored rows to the statutory clock's facts, and the case's stored next due.

The one place that turns a case's rows into AssessmentFacts and a disagreement's into DisagreementFacts,
and that copies the clock's most urgent council duty onto the case (for the caseload's index). Cases,
disagreements and the family's messages all read the clock through here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlmodel import col, select

from service.data.case_records import assessment_rows
from service.data.mediation import disagreements_of
from service.data.plan_life import plan_duties, refresh_plan_copies
from service.data.tribunal_orders import order_facts, orders_of
from service.db import db
from service.domain.clock import (
    APPEALABLE_SECTIONS,
    HEALTH_PARTS,
    AgreedAction,
    AssessmentFacts,
    DecisionKind,
    DisagreementFacts,
    ExceptionGround,
    ExceptionPhase,
    Milestone,
    OrderKind,
    assessment_timeline,
    council_duties,
    disagreement_timeline,
    next_council_due,
    stage,
    tribunal_order_milestones,
)
from service.domain.clock import AdviceRequest as AdviceFact
from service.domain.clock import TimeLimitException as ExceptionFact
from service.domain.clock import exceptions_apply as clock_exceptions_apply
from service.models import AgreedActionRecord, Case, Disagreement

# --- A case's assessment -------------------------------------------------------------------------------


def assessment_facts(case: Case) -> AssessmentFacts:
    """The clock's facts of a case's assessment: its dates, advice requests and exceptions (read once a
    page: service.data.memo)."""
    advice, exceptions = assessment_rows(case)
    return AssessmentFacts(
        received_on=case.received_on,
        decision_to_assess_on=case.decision_to_assess_on,
        decided_to_assess=case.decided_to_assess,
        advice_requests=tuple(AdviceFact(a.kind, a.requested_on, a.received_on) for a in advice),
        exceptions=tuple(
            ExceptionFact(ExceptionPhase(e.phase), ExceptionGround(e.ground), e.starts_on, e.ends_on, e.evidence)
            for e in exceptions
        ),
        decision_to_issue_on=case.decision_to_issue_on,
        decided_to_issue=case.decided_to_issue,
        draft_served_on=case.draft_served_on,
        final_issued_on=case.final_issued_on,
        withdrawn_on=case.withdrawn_on,
    )


def new_case_facts(case: Case) -> AssessmentFacts:
    """The facts of a request just received (nothing else is recorded yet)."""
    return AssessmentFacts(received_on=case.received_on)


# --- A disagreement ------------------------------------------------------------------------------------


def agreed_actions(d: Disagreement) -> list[AgreedActionRecord]:
    query = select(AgreedActionRecord).where(col(AgreedActionRecord.disagreement_id) == d.id)
    return list(db.session.exec(query.order_by(col(AgreedActionRecord.id))))


def disagreement_facts(d: Disagreement, actions: Sequence[AgreedActionRecord] | None = None) -> DisagreementFacts:
    """The clock's facts of a disagreement, with its agreed actions (loaded unless given)."""
    parts = [s for s in d.sections.split(",") if s]
    if actions is None:
        actions = agreed_actions(d) if d.id is not None else []
    return DisagreementFacts(
        decision_kind=DecisionKind(d.decision_kind),
        decision_notice_on=d.decision_notice_on,
        sections_disputed=frozenset(s for s in parts if s in APPEALABLE_SECTIONS),
        health_or_social_care=any(s in HEALTH_PARTS for s in parts),
        adviser_contacted_on=d.contacted_on,
        wants_mediation=d.wants_mediation,
        mediation_held_on=d.mediation_held_on,
        mediation_ended_on=d.mediation_ended_on,
        certificate_issued_on=d.certificate_issued_on,
        mediation_arranged_on=d.mediation_arranged_on,
        # the family disputes the health or social care parts: the council tells the ICB (3 working days)
        health_issues=any(s in HEALTH_PARTS for s in parts),
        icb_told_on=d.icb_told_on,
        agreed_actions=tuple(
            AgreedAction(
                a.description,
                OrderKind(a.kind),
                a.agreed_on,
                a.done_on,
                health=a.health,
                icb_told_council_on=a.icb_told_council_on,
            )
            for a in actions
        ),
    )


# --- The case's next due -------------------------------------------------------------------------------


def disagreement_duties(case: Case, today: date) -> list[Milestone]:
    """The council's duties on the case's disagreements (arranging mediation, the certificate, telling the
    ICB, agreed actions), from the clock; none for a case not yet saved. Two statements at most."""
    if case.id is None:
        return []
    found = disagreements_of(case)
    if not found:
        return []
    actions: dict[int, list[AgreedActionRecord]] = {d.id: [] for d in found if d.id is not None}
    rows = select(AgreedActionRecord).where(col(AgreedActionRecord.disagreement_id).in_(list(actions)))
    for row in db.session.exec(rows.order_by(col(AgreedActionRecord.id))):
        actions[row.disagreement_id].append(row)
    duties: list[Milestone] = []
    for d in found:
        duties.extend(council_duties(disagreement_timeline(disagreement_facts(d, actions.get(d.id or 0, [])), today)))
    return duties


def all_duties(case: Case, facts: AssessmentFacts, today: date) -> list[Milestone]:
    """Every milestone that can be the council's next duty: the assessment clock's, the disagreements'
    council duties, and, once the final plan is issued, the plan's (reviews, amendments, phase transfer,
    transfer). The family's windows among them are left out by next_council_due."""
    duties = [*assessment_timeline(facts, today), *disagreement_duties(case, today)]
    if case.final_issued_on is not None:
        duties.extend(plan_duties(case, today))
    # the case's Tribunal orders and unopposed appeals (reg 44(2); reg 45)
    duties.extend(tribunal_order_milestones(order_facts(orders_of(case)), today))
    return duties


def next_council_duty(case: Case, today: date, facts: AssessmentFacts | None = None) -> Milestone | None:
    """The case's earliest outstanding council duty (the same one refresh_clock copies onto the case for the
    caseload). The family's windows (the 15 days to comment, the appeal deadline) are never shown as it.
    `facts`: the case's assessment facts when the caller has read them already (two queries)."""
    return next_council_due(all_duties(case, assessment_facts(case) if facts is None else facts, today))


def refresh_clock(case: Case, facts: AssessmentFacts, today: date) -> None:
    """Copy the clock's most urgent council duty onto the case, so the caseload can sort and filter on an
    index; and the next review's and phase transfer's due dates, for the plan filters."""
    urgent = next_council_due(all_duties(case, facts, today))
    case.stage = stage(facts).value
    case.next_due_on = urgent.due if urgent else None
    case.next_due_key = urgent.key if urgent else ""
    case.exceptions_apply = clock_exceptions_apply(facts)
    refresh_plan_copies(case, today)


def refresh_due(case: Case, today: date) -> None:
    """refresh_clock from the case's saved facts (after a change to its advice, exceptions or disagreements)."""
    db.session.flush()
    refresh_clock(case, assessment_facts(case), today)


def case_ids_with_disagreements() -> list[int]:
    query = select(Disagreement.case_id).distinct().order_by(col(Disagreement.case_id))
    return list(db.session.exec(query))


def refresh_due_of(case_ids: Sequence[int], today: date) -> int:
    """refresh_due for these cases; how many changed. The caller commits (a command, in batches)."""
    changed = 0
    for case in db.session.exec(select(Case).where(col(Case.id).in_(list(case_ids)))):
        before = (case.next_due_on, case.next_due_key)
        refresh_due(case, today)
        changed += (case.next_due_on, case.next_due_key) != before
    db.session.flush()
    return changed
