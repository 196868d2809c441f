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
UNASSIGNED = "none"


@dataclass
class CaseloadQuery:
    """Everything that selects a caseload view; the view keeps every part of it in the URL."""

    today: date
    due_soon_until: date  # 5 working days from today (the caller asks the clock module)
    sort: str = "due"
    stages: tuple[str, ...] = ()
    overdue: bool = False
    due_soon: bool = False
    exceptions: bool = False
    caseworker: str = ""  # a staff id, or UNASSIGNED
    received_from: date | None = None
    received_to: date | None = None
    search: str = ""
    page: int = 1


def _search_conditions(term: str) -> list:
    """Reference (with or without the dash), date of birth (ISO or day month year) or a name.

    Names match exactly on the indexed columns, in the spellings people type (smith, Smith, SMITH)."""
    options = []
    compact = "".join(c for c in term.upper() if c.isalnum())
    if len(compact) == 8:
        options.append(Case.reference == f"{compact[:4]}-{compact[4:]}")
    born = _parse_search_date(term)
    if born:
        options.append(Case.child_date_of_birth == born)
    words = [w for w in term.replace(",", " ").split() if not any(c.isdigit() for c in w)][:3]
    for word in words:
        spellings = list({word, word.lower(), word.upper(), word.capitalize(), word.title()})
        options.append(Case.child_last_name.in_(spellings))
        options.append(Case.child_first_name.in_(spellings))
    return options


def _parse_search_date(term: str) -> date | None:
    with contextlib.suppress(ValueError):
        return date.fromisoformat(term.strip())
    parts = [p for p in term.replace("/", " ").replace("-", " ").replace(".", " ").split() if p]
    if len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[2]) == 4:
        with contextlib.suppress(ValueError):
            return date(int(parts[2]), int(parts[1]), int(parts[0]))
    return None


def _conditions(query: CaseloadQuery) -> list:
    conditions = []
    if query.stages:
        conditions.append(Case.stage.in_(query.stages))
    if query.overdue:
        conditions.append(Case.next_due_on < query.today)
    if query.due_soon:
        conditions.append(Case.next_due_on.between(query.today, query.due_soon_until))
    if query.exceptions:
        conditions.append(Case.exceptions_apply.is_(True))
    if query.caseworker == UNASSIGNED:
        conditions.append(Case.assigned_caseworker_id.is_(None))
    elif query.caseworker.isdigit():
        conditions.append(Case.assigned_caseworker_id == int(query.caseworker))
    if query.received_from:
        conditions.append(Case.received_on >= query.received_from)
    if query.received_to:
        conditions.append(Case.received_on <= query.received_to)
    if query.search.strip():
        options = _search_conditions(query.search.strip())
        conditions.append(or_(*options) if options else Case.id.is_(None))
    return conditions


def caseload_statement(local_authority_id: int, query: CaseloadQuery):
    """One page of the caseload with the total count in the same statement (a window count)."""
    statement = select(Case, func.count().over().label("total")).where(Case.local_authority_id == local_authority_id)
    for condition in _conditions(query):
        statement = statement.where(condition)
    order = SORTS.get(query.sort, SORTS["due"])
    return statement.order_by(*order).offset((max(query.page, 1) - 1) * PAGE_SIZE).limit(PAGE_SIZE)


def caseload(local_authority_id: int, query: CaseloadQuery) -> tuple[list[Case], int]:
    result = db.session.exec(caseload_statement(local_authority_id, query)).all()
    if result:
        return [row[0] for row in result], result[0][1]
    if query.page > 1:  # past the last page: count without the window so the view can say so
        count = select(func.count()).select_from(Case).where(Case.local_authority_id == local_authority_id)
        for condition in _conditions(query):
            count = count.where(condition)
        return [], db.session.exec(count).one()
    return [], 0


@dataclass
class FilterCounts:
    stages: dict[str, int]
    overdue: int
    due_soon: int
    exceptions: int
    caseworkers: list[tuple[int, str, int]]  # (id, name, open cases)
    unassigned: int
    total: int


def counts_statement(local_authority_id: int, today: date, due_soon_until: date):
    overdue = func.count().filter(Case.next_due_on < today)
    due_soon = func.count().filter(Case.next_due_on.between(today, due_soon_until))
    exceptions = func.count().filter(Case.exceptions_apply.is_(True))
    return (
        select(
            Case.stage,
            Case.assigned_caseworker_id,
            StaffUser.name,
            func.count().label("n"),
            overdue.label("overdue"),
            due_soon.label("due_soon"),
            exceptions.label("exceptions"),
        )
        .outerjoin(StaffUser, StaffUser.id == Case.assigned_caseworker_id)
        .where(Case.local_authority_id == local_authority_id)
        .group_by(Case.stage, Case.assigned_caseworker_id, StaffUser.name)
    )


def filter_counts(local_authority_id: int, today: date, due_soon_until: date) -> FilterCounts:
    """How many of the council's cases each filter option would show, in one grouped statement."""
    stages: dict[str, int] = {}
    workers: dict[int, list] = {}
    overdue = due_soon = exceptions = unassigned = total = 0
    for row in db.session.exec(counts_statement(local_authority_id, today, due_soon_until)):
        stages[row.stage] = stages.get(row.stage, 0) + row.n
        overdue += row.overdue
        due_soon += row.due_soon
        exceptions += row.exceptions
        total += row.n
        if row.assigned_caseworker_id is None:
            unassigned += row.n
        else:
            workers.setdefault(row.assigned_caseworker_id, [row.assigned_caseworker_id, row.name, 0])[2] += row.n
    caseworkers = sorted((tuple(w) for w in workers.values()), key=lambda w: w[1])
    return FilterCounts(stages, overdue, due_soon, exceptions, caseworkers, unassigned, total)


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
