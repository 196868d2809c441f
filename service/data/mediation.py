"""Disagreements with appealable decisions, scoped to the family's email or the staff's council."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from service.data.family_messages import send_case_update
from service.db import db
from service.domain.clock import (
    DecisionKind,
    DisagreementFacts,
    contact_is_late,
    disagreement_timeline,
    format_govuk_date,
)
from service.models import Case, CaseEvent, Disagreement


def appealable_decision(case: Case) -> tuple[DecisionKind, date] | None:
    """The case's appealable decision, if it has one (CFA s51(2))."""
    if case.decided_to_assess is False and case.decision_to_assess_on:
        return DecisionKind.NOT_TO_ASSESS, case.decision_to_assess_on
    if case.decided_to_issue is False and case.decision_to_issue_on:
        return DecisionKind.NOT_TO_ISSUE, case.decision_to_issue_on
    if case.final_issued_on:
        return DecisionKind.PLAN_CONTENTS, case.final_issued_on
    return None


def facts_of(d: Disagreement) -> DisagreementFacts:
    sections = frozenset(s for s in d.sections.split(",") if s in ("B", "F", "I"))
    return DisagreementFacts(
        decision_kind=DecisionKind(d.decision_kind),
        decision_notice_on=d.decision_notice_on,
        sections_disputed=sections,
        health_or_social_care=any(s in d.sections for s in ("health", "social_care")),
        adviser_contacted_on=d.contacted_on,
        wants_mediation=d.wants_mediation,
        mediation_held_on=d.mediation_held_on,
        mediation_ended_on=d.mediation_ended_on,
        certificate_issued_on=d.certificate_issued_on,
    )


def preview_facts(case: Case) -> DisagreementFacts | None:
    decision = appealable_decision(case)
    if decision is None:
        return None
    return DisagreementFacts(decision_kind=decision[0], decision_notice_on=decision[1])


def for_case(case: Case) -> Disagreement | None:
    return db.session.exec(
        select(Disagreement).where(Disagreement.case_id == case.id).order_by(Disagreement.id)
    ).first()


def request_mediation(
    case: Case,
    sections: list[str],
    wants_mediation: bool,
    availability: str,
    access_needs: str,
    attendees: str,
    today: date,
) -> Disagreement:
    """Record the family's contact; a second request about the same decision returns the first."""
    existing = for_case(case)
    if existing is not None:
        return existing
    kind, decided = appealable_decision(case)
    d = Disagreement(
        case_id=case.id,
        local_authority_id=case.local_authority_id,
        decision_kind=kind.value,
        decision_notice_on=decided,
        sections=",".join(sections),
        wants_mediation=wants_mediation,
        availability=availability,
        access_needs=access_needs,
        attendees=attendees,
        contacted_on=today,
    )
    d.late = contact_is_late(facts_of(d))
    db.session.add(d)
    what = "asked for mediation" if wants_mediation else "asked for a mediation certificate"
    db.session.add(
        CaseEvent(
            case_id=case.id,
            kind="disagreement",
            summary=f"The family {what}" + (" (after the 2-month window)" if d.late else ""),
            actor="The family",
        )
    )
    db.session.commit()
    return d


def for_council(local_authority_id: int) -> list[tuple[Disagreement, Case]]:
    query = (
        select(Disagreement, Case)
        .join(Case, Case.id == Disagreement.case_id)
        .where(Disagreement.local_authority_id == local_authority_id)
    )
    return list(db.session.exec(query.order_by(Disagreement.created_at.desc())))


def get_for_council(local_authority_id: int, disagreement_id: int) -> Disagreement | None:
    d = db.session.get(Disagreement, disagreement_id)
    return d if d is not None and d.local_authority_id == local_authority_id else None


def record_certificate(d: Disagreement, case: Case, on: date, actor: str, today: date) -> None:
    d.certificate_issued_on = on
    timeline = {m.key: m for m in disagreement_timeline(facts_of(d), today)}
    appeal = timeline["appeal_deadline"]
    summary = f"The mediation certificate was issued on {format_govuk_date(on)}"
    db.session.add(CaseEvent(case_id=case.id, kind="mediation_certificate", summary=summary, actor=actor))
    send_case_update(case, summary, today, next_step=appeal.family_text)
    db.session.commit()


def record_mediation(d: Disagreement, case: Case, held_on: date, outcome: str, actor: str) -> None:
    d.mediation_held_on = held_on
    d.mediation_ended_on = held_on
    d.outcome = outcome
    db.session.add(
        CaseEvent(
            case_id=case.id,
            kind="mediation_held",
            summary=f"Mediation took place on {format_govuk_date(held_on)}",
            actor=actor,
        )
    )
    db.session.commit()
