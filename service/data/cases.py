"""Cases as council staff see them. Every function takes the caller's local authority: another
authority's case id finds nothing (and the view answers 404)."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_
from sqlmodel import select

from service.data import audit
from service.data.family_messages import send_case_update
from service.db import db
from service.domain.clock import (
    AdviceRequest as AdviceFact,
)
from service.domain.clock import (
    AssessmentFacts,
    Step,
    apply_step,
    assessment_timeline,
    format_govuk_date,
    next_due,
    stage,
)
from service.domain.clock import (
    TimeLimitException as ExceptionFact,
)
from service.models import AdviceRequest, Case, CaseEvent, CaseNote, StaffUser, TimeLimitException, utcnow

PAGE_SIZE = 25
SORTS = {
    "due": (Case.next_due_on.asc().nulls_last(), Case.id.asc()),
    "received": (Case.received_on.desc(), Case.id.desc()),
    "name": (Case.child_last_name.asc(), Case.child_first_name.asc(), Case.id.asc()),
}


@dataclass
class CaseloadQuery:
    sort: str = "due"
    stage: str | None = None
    overdue: bool = False
    due_before: date | None = None  # "due within 5 working days": the caller computes the date
    search: str = ""
    page: int = 1


def caseload(local_authority_id: int, query: CaseloadQuery, today: date) -> tuple[list[Case], int]:
    statement = select(Case).where(Case.local_authority_id == local_authority_id)
    count = select(func.count()).select_from(Case).where(Case.local_authority_id == local_authority_id)
    conditions = []
    if query.stage:
        conditions.append(Case.stage == query.stage)
    if query.overdue:
        conditions.append(Case.next_due_on < today)
    if query.due_before:
        conditions.append(Case.next_due_on >= today)
        conditions.append(Case.next_due_on <= query.due_before)
    if query.search:
        term = query.search.strip()
        compact = term.upper().replace(" ", "")
        options = [Case.reference == (compact[:4] + "-" + compact[4:] if len(compact) == 8 else compact)]
        with contextlib.suppress(ValueError):
            options.append(Case.child_date_of_birth == date.fromisoformat(term))
        for word in term.split()[:3]:
            options.append(func.lower(Case.child_last_name) == word.lower())
            options.append(func.lower(Case.child_first_name) == word.lower())
        conditions.append(or_(*options))
    for condition in conditions:
        statement = statement.where(condition)
        count = count.where(condition)
    order = SORTS.get(query.sort, SORTS["due"])
    page = max(query.page, 1)
    rows = list(db.session.exec(statement.order_by(*order).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)))
    total = db.session.exec(count).one()
    return rows, total


def case_for_staff(local_authority_id: int, case_id: int) -> Case | None:
    case = db.session.get(Case, case_id)
    if case is None or case.local_authority_id != local_authority_id:
        return None
    return case


def facts_of(case: Case) -> AssessmentFacts:
    advice = db.session.exec(select(AdviceRequest).where(AdviceRequest.case_id == case.id).order_by(AdviceRequest.id))
    exceptions = db.session.exec(select(TimeLimitException).where(TimeLimitException.case_id == case.id))
    return AssessmentFacts(
        received_on=case.received_on,
        decision_to_assess_on=case.decision_to_assess_on,
        decided_to_assess=case.decided_to_assess,
        advice_requests=tuple(AdviceFact(a.kind, a.requested_on, a.received_on) for a in advice),
        exceptions=tuple(ExceptionFact(e.phase, e.ground, e.starts_on, e.ends_on, e.evidence) for e in exceptions),
        decision_to_issue_on=case.decision_to_issue_on,
        decided_to_issue=case.decided_to_issue,
        draft_served_on=case.draft_served_on,
        final_issued_on=case.final_issued_on,
        withdrawn_on=case.withdrawn_on,
    )


def events(case: Case, family_only: bool = False) -> list[CaseEvent]:
    query = select(CaseEvent).where(CaseEvent.case_id == case.id)
    if family_only:
        query = query.where(CaseEvent.family_visible.is_(True))
    return list(db.session.exec(query.order_by(CaseEvent.at.desc())))


def notes(case: Case) -> list[CaseNote]:
    return list(
        db.session.exec(select(CaseNote).where(CaseNote.case_id == case.id).order_by(CaseNote.created_at.desc()))
    )


def caseworker_name(case: Case) -> str | None:
    if case.assigned_caseworker_id is None:
        return None
    user = db.session.get(StaffUser, case.assigned_caseworker_id)
    return user.name if user else None


def audit_read(user: StaffUser, case: Case, what: str, ip: str) -> None:
    audit.record(user.id, user.local_authority_id, what, case.id, ip_address=ip)
    db.session.commit()


STEP_EVENTS = {
    Step.DECIDE_TO_ASSESS: ("The council decided to carry out an EHC needs assessment", "decision_to_assess"),
    Step.DECIDE_NOT_TO_ASSESS: (
        "The council decided not to carry out an EHC needs assessment",
        "decision_not_to_assess",
    ),
    Step.DECIDE_TO_ISSUE: ("The council decided to make an EHC plan", "decision_to_issue"),
    Step.DECIDE_NOT_TO_ISSUE: ("The council decided not to make an EHC plan", "decision_not_to_issue"),
    Step.SERVE_DRAFT: ("The council sent the draft EHC plan", "draft_served"),
    Step.ISSUE_FINAL: ("The council issued the final EHC plan", "final_issued"),
    Step.WITHDRAW: ("The request was withdrawn", "withdrawn"),
}


class StaleCase(Exception):
    """The case changed since the form was opened."""


def record_step(
    user: StaffUser, case: Case, step: Step, on: date, today: date, version: int, ip: str, named_setting: str = ""
) -> None:
    """Apply a statutory step: the change, its timeline event, the audit event and the family's message,
    in one transaction. The caller has already checked the move with the clock's check_move."""
    if case.version != version:
        raise StaleCase()
    facts = apply_step(facts_of(case), step, on)
    case.decided_to_assess = facts.decided_to_assess
    case.decision_to_assess_on = facts.decision_to_assess_on
    case.decided_to_issue = facts.decided_to_issue
    case.decision_to_issue_on = facts.decision_to_issue_on
    case.draft_served_on = facts.draft_served_on
    case.final_issued_on = facts.final_issued_on
    case.withdrawn_on = facts.withdrawn_on
    if named_setting:
        case.named_setting = named_setting
    refresh_clock(case, facts, today)
    case.version += 1
    case.updated_at = utcnow()
    summary, kind = STEP_EVENTS[step]
    db.session.add(
        CaseEvent(
            case_id=case.id, kind=kind, summary=f"{summary} on {format_govuk_date(on)}", actor=f"{user.name} (council)"
        )
    )
    audit.record(user.id, user.local_authority_id, f"case.{step.value}", case.id, detail=on.isoformat(), ip_address=ip)
    send_case_update(case, summary, today)
    db.session.commit()


def refresh_clock(case: Case, facts: AssessmentFacts, today: date) -> None:
    """Copy the clock's most urgent date onto the case, so the caseload can sort and filter on an index."""
    urgent = next_due(assessment_timeline(facts, today))
    case.stage = stage(facts).value
    case.next_due_on = urgent.due if urgent else None
    case.next_due_key = urgent.key if urgent else ""
    case.exceptions_apply = any(e.phase == "final_plan" for e in facts.exceptions)


def communication_needs(case: Case) -> dict:
    return json.loads(case.communication_needs or "{}")
