"""Cases as council staff see them. Every function takes the caller's local authority: another
authority's case id finds nothing (and the view answers 404)."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_
from sqlmodel import select

from service.data import audit
from service.data.family_messages import send_case_update
from service.db import db
from service.domain.clock import (
    EXCEPTION_SOURCES,
    AssessmentFacts,
    ExceptionPhase,
    Milestone,
    Step,
    advice_due,
    adviser_contact_due,
    appeal_deadline,
    apply_step,
    assessment_timeline,
    council_duties,
    disagreement_timeline,
    format_govuk_date,
    next_due,
    stage,
)
from service.domain.clock import (
    AdviceRequest as AdviceFact,
)
from service.domain.clock import (
    TimeLimitException as ExceptionFact,
)
from service.domain.clock import exceptions_apply as clock_exceptions_apply
from service.models import (
    AdviceRequest,
    AgreedActionRecord,
    AuditEvent,
    Case,
    CaseEvent,
    CaseNote,
    Disagreement,
    Document,
    StaffUser,
    TimeLimitException,
    utcnow,
)

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
    """One page of the caseload, in the chosen order, on the index for that order or filter."""
    statement = select(Case).where(Case.local_authority_id == local_authority_id)
    for condition in _conditions(query):
        statement = statement.where(condition)
    order = SORTS.get(query.sort, SORTS["due"])
    return statement.order_by(*order).offset((max(query.page, 1) - 1) * PAGE_SIZE).limit(PAGE_SIZE)


def count_statement(local_authority_id: int, query: CaseloadQuery):
    count = select(func.count()).select_from(Case).where(Case.local_authority_id == local_authority_id)
    for condition in _conditions(query):
        count = count.where(condition)
    return count


def is_unfiltered(query: CaseloadQuery) -> bool:
    return not _conditions(query)


def caseload(local_authority_id: int, query: CaseloadQuery, known_total: int | None = None) -> tuple[list[Case], int]:
    """A page of cases and how many match. The unfiltered total is already known from the filter
    counts (pass it as known_total), which saves a statement on the default view."""
    rows = list(db.session.exec(caseload_statement(local_authority_id, query)))
    if known_total is not None and is_unfiltered(query):
        return rows, known_total
    if query.page == 1 and len(rows) < PAGE_SIZE:
        return rows, len(rows)
    return rows, db.session.exec(count_statement(local_authority_id, query)).one()


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
    """Counts per stage and caseworker with the flags, read from ix_case_la_stage_due alone (it holds
    every column used), and each caseworker's name looked up once per group, not joined per row."""
    overdue = func.count().filter(Case.next_due_on < today)
    due_soon = func.count().filter(Case.next_due_on.between(today, due_soon_until))
    exceptions = func.count().filter(Case.exceptions_apply.is_(True))
    name = select(StaffUser.name).where(StaffUser.id == Case.assigned_caseworker_id).scalar_subquery()
    return (
        select(
            Case.stage,
            Case.assigned_caseworker_id,
            name.label("name"),
            func.count().label("n"),
            overdue.label("overdue"),
            due_soon.label("due_soon"),
            exceptions.label("exceptions"),
        )
        .where(Case.local_authority_id == local_authority_id)
        .group_by(Case.stage, Case.assigned_caseworker_id)
    )


# The filter counts aggregate a council's whole caseload (25,000 rows for Kent), so each worker process
# keeps them for COUNTS_TTL seconds; a change recorded through this process clears its council's entry.
# The table's rows and due dates are always read live; the numbers beside the filter options, and the
# unfiltered view's total (taken from them), can be up to COUNTS_TTL seconds old after a change made in
# another process.
COUNTS_TTL = 20.0
_counts_cache: dict[tuple, tuple[float, FilterCounts]] = {}
_counts_lock = threading.Lock()


def forget_all_counts() -> None:
    """After bulk loads (synthetic data, demo data, tests)."""
    with _counts_lock:
        _counts_cache.clear()


def forget_counts(local_authority_id: int) -> None:
    with _counts_lock:
        for key in [k for k in _counts_cache if k[0] == local_authority_id]:
            del _counts_cache[key]


def filter_counts(local_authority_id: int, today: date, due_soon_until: date) -> FilterCounts:
    key = (local_authority_id, today, due_soon_until)
    now = time.monotonic()
    with _counts_lock:
        cached = _counts_cache.get(key)
    if cached and now - cached[0] < COUNTS_TTL:
        return cached[1]
    counts = _filter_counts(local_authority_id, today, due_soon_until)
    with _counts_lock:
        _counts_cache[key] = (now, counts)
    return counts


def _filter_counts(local_authority_id: int, today: date, due_soon_until: date) -> FilterCounts:
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


def _commit_change(
    user: StaffUser,
    case: Case,
    version: int,
    today: date,
    ip: str,
    *,
    kind: str,
    summary: str,
    action: str,
    detail: str = "",
    family_message: str | None = None,
    next_step: str | None = None,
    family_visible: bool = True,
) -> None:
    """Finish a change to a case in ONE transaction: refresh the clock's copy on the case, bump its
    version, add the timeline event, the audit event and the family's message, and commit.
    Raises StaleCase (and changes nothing) when the case moved on since the form was opened."""
    if case.version != version:
        db.session.rollback()
        raise StaleCase()
    db.session.flush()
    refresh_clock(case, facts_of(case), today)
    case.version += 1
    case.updated_at = utcnow()
    db.session.add(
        CaseEvent(
            case_id=case.id, kind=kind, summary=summary, actor=f"{user.name} (council)", family_visible=family_visible
        )
    )
    audit.record(user.id, user.local_authority_id, action, case.id, detail=detail, ip_address=ip)
    if family_message:
        send_case_update(case, family_message, today, next_step)
    db.session.commit()
    forget_counts(case.local_authority_id)


def _appeal_rights(on: date) -> str:
    """What a family can do after a decision not to assess or not to issue, with the clock's dates."""
    return (
        "You can appeal to the SEND Tribunal. First contact a mediation adviser (the council's letter says who) "
        f"by {format_govuk_date(adviser_contact_due(on))}: you can choose mediation, or ask for a certificate "
        f"so you can appeal. The last day to appeal is {format_govuk_date(appeal_deadline(on, None))}, "
        "or one month after the date of your mediation certificate if that is later."
    )


def record_step(
    user: StaffUser,
    case: Case,
    step: Step,
    on: date,
    today: date,
    version: int,
    ip: str,
    named_setting: str = "",
    reasons: str = "",
) -> None:
    """Apply a statutory step: the change, its timeline event, the audit event and the family's message,
    in one transaction. The caller has already checked the move with the clock's check_move.
    Reasons are kept as an internal note (they may hold health details), never in events or audit."""
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
    summary, kind = STEP_EVENTS[step]
    if reasons:
        db.session.add(CaseNote(case_id=case.id, author_id=user.id, text=f"Reasons ({summary.lower()}): {reasons}"))
    appealable = step in (Step.DECIDE_NOT_TO_ASSESS, Step.DECIDE_NOT_TO_ISSUE)
    _commit_change(
        user,
        case,
        version,
        today,
        ip,
        kind=kind,
        summary=f"{summary} on {format_govuk_date(on)}",
        action=f"case.{step.value}",
        detail=on.isoformat(),
        family_message=f"{summary} on {format_govuk_date(on)}",
        next_step=_appeal_rights(on) if appealable else None,
    )


def add_advice_request(
    user: StaffUser, case: Case, kind: str, label: str, adviser: str, on: date, today: date, version: int, ip: str
) -> date:
    """Record that advice was sought (reg 6(1)); returns its due date from the clock (reg 8(1))."""
    db.session.add(AdviceRequest(case_id=case.id, kind=kind, requested_on=on, adviser=adviser))
    due = advice_due(on)
    _commit_change(
        user,
        case,
        version,
        today,
        ip,
        kind="advice_requested",
        summary=f"{label} advice requested on {format_govuk_date(on)}, due by {format_govuk_date(due)}",
        action="case.request_advice",
        detail=kind,
        family_message=f"The council asked for {label.lower()} advice on {format_govuk_date(on)}",
    )
    return due


def advice_for_case(case: Case, advice_id: int) -> AdviceRequest | None:
    advice = db.session.get(AdviceRequest, advice_id)
    return advice if advice is not None and advice.case_id == case.id else None


def record_advice_received(
    user: StaffUser, case: Case, advice: AdviceRequest, label: str, on: date, today: date, version: int, ip: str
) -> None:
    advice.received_on = on
    db.session.add(advice)
    _commit_change(
        user,
        case,
        version,
        today,
        ip,
        kind="advice_received",
        summary=f"{label} advice received on {format_govuk_date(on)}",
        action="case.record_advice",
        detail=advice.kind,
        family_message=f"The council received the {label.lower()} advice on {format_govuk_date(on)}",
    )


def apply_exception(
    user: StaffUser,
    case: Case,
    phase: str,
    ground: str,
    starts_on: date,
    ends_on: date | None,
    evidence: str,
    today: date,
    version: int,
    ip: str,
) -> None:
    """Record an exception to a time limit. It never moves a due date: the clock reports it alongside."""
    db.session.add(
        TimeLimitException(
            case_id=case.id,
            phase=phase,
            ground=ground,
            starts_on=starts_on,
            ends_on=ends_on,
            evidence=evidence,
            recorded_by_id=user.id,
        )
    )
    _commit_change(
        user,
        case,
        version,
        today,
        ip,
        kind="exception_applied",
        summary=f"An exception to a time limit was recorded ({EXCEPTION_SOURCES[ExceptionPhase(phase)]})",
        action="case.apply_exception",
        detail=f"{phase}:{ground}",
        family_visible=False,
    )


def assignable_staff(local_authority_id: int) -> list[StaffUser]:
    query = select(StaffUser).where(
        StaffUser.local_authority_id == local_authority_id,
        StaffUser.disabled.is_(False),
        StaffUser.role.in_(["caseworker", "manager"]),
    )
    return list(db.session.exec(query.order_by(StaffUser.name)))


def assign(user: StaffUser, case: Case, caseworker: StaffUser, today: date, version: int, ip: str) -> None:
    case.assigned_caseworker_id = caseworker.id
    _commit_change(
        user,
        case,
        version,
        today,
        ip,
        kind="assigned",
        summary=f"Assigned to {caseworker.name}",
        action="case.assign",
        detail=f"staff:{caseworker.id}",
        family_visible=False,
    )


def create_request(user: StaffUser, values: dict, today: date, ip: str) -> Case:
    """A request that arrived by post, email or phone, recorded by a caseworker: the case, its clock,
    the event, the audit and the family's acknowledgement in one transaction."""
    from service.references import new_reference

    case = Case(
        reference=new_reference(),
        local_authority_id=user.local_authority_id,
        stage="request_received",
        contact_preference="email" if values.get("requester_email") else "post",
        **values,
    )
    refresh_clock(case, facts_of_new(case), today)
    db.session.add(case)
    db.session.flush()
    summary = f"Request received by {case.source} on {format_govuk_date(case.received_on)}"
    db.session.add(CaseEvent(case_id=case.id, kind="request_received", summary=summary, actor=f"{user.name} (council)"))
    audit.record(user.id, user.local_authority_id, "case.create_request", case.id, detail=case.source, ip_address=ip)
    send_case_update(case, f"The council received your request on {format_govuk_date(case.received_on)}", today)
    db.session.commit()
    forget_counts(case.local_authority_id)
    return case


def facts_of_new(case: Case) -> AssessmentFacts:
    return AssessmentFacts(received_on=case.received_on)


def disagreement_duties(case: Case, today: date) -> list[Milestone]:
    """The council's duties on the case's disagreements (arranging mediation, the certificate, telling the
    ICB, agreed actions), from the clock; none for a case not yet saved. Two statements at most."""
    if case.id is None:
        return []
    from service.data.mediation import facts_of as disagreement_facts

    found = list(db.session.exec(select(Disagreement).where(Disagreement.case_id == case.id).order_by(Disagreement.id)))
    if not found:
        return []
    actions: dict[int, list[AgreedActionRecord]] = {d.id: [] for d in found}
    query = select(AgreedActionRecord).where(AgreedActionRecord.disagreement_id.in_(list(actions)))
    for row in db.session.exec(query.order_by(AgreedActionRecord.id)):
        actions[row.disagreement_id].append(row)
    duties: list[Milestone] = []
    for d in found:
        duties.extend(council_duties(disagreement_timeline(disagreement_facts(d, actions[d.id]), today)))
    return duties


def next_council_duty(case: Case, today: date) -> Milestone | None:
    """The case's earliest outstanding council duty: the assessment clock's and its disagreements' (the
    same one refresh_clock copies onto the case for the caseload)."""
    return next_due((*assessment_timeline(facts_of(case), today), *disagreement_duties(case, today)))


def refresh_due(case: Case, today: date) -> None:
    """refresh_clock from the case's saved facts (after a change to a disagreement); the caller commits and
    then calls forget_counts."""
    db.session.flush()
    refresh_clock(case, facts_of(case), today)


def refresh_cases_with_disagreements(today: date, batch: int = 500) -> tuple[int, int]:
    """refresh_due for every case that has a disagreement, committing in batches; (changed, seen)."""
    ids = list(db.session.exec(select(Disagreement.case_id).distinct().order_by(Disagreement.case_id)))
    changed = 0
    for start in range(0, len(ids), batch):
        for case in db.session.exec(select(Case).where(Case.id.in_(ids[start : start + batch]))):
            before = (case.next_due_on, case.next_due_key)
            refresh_due(case, today)
            changed += (case.next_due_on, case.next_due_key) != before
        db.session.commit()
    forget_all_counts()
    return changed, len(ids)


def refresh_clock(case: Case, facts: AssessmentFacts, today: date) -> None:
    """Copy the clock's most urgent date onto the case, so the caseload can sort and filter on an index:
    the earliest outstanding council duty of the assessment clock and of the case's disagreements."""
    urgent = next_due((*assessment_timeline(facts, today), *disagreement_duties(case, today)))
    case.stage = stage(facts).value
    case.next_due_on = urgent.due if urgent else None
    case.next_due_key = urgent.key if urgent else ""
    case.exceptions_apply = clock_exceptions_apply(facts)


def communication_needs(case: Case) -> dict:
    return json.loads(case.communication_needs or "{}")


# Documents, notes and the audit trail of one case. The case has already been found with
# case_for_staff (the caller's council), so these only ever see that council's rows.

DOCUMENT_CATEGORIES = {
    "decision_letter": "Decision letter",
    "advice": "Advice",
    "draft_plan": "Draft plan",
    "final_plan": "Final plan",
    "evidence": "Evidence from the family",
    "mediation_certificate": "Mediation certificate",
    "other": "Other",
}


def documents(case: Case) -> list[Document]:
    query = select(Document).where(Document.case_id == case.id).order_by(Document.created_at.desc())
    return list(db.session.exec(query))


def document_for_staff(local_authority_id: int, case_id: int, document_id: str) -> Document | None:
    case = case_for_staff(local_authority_id, case_id)
    document = db.session.get(Document, document_id) if case is not None else None
    if document is None or document.case_id != case_id:
        return None
    return document


def add_staff_document(
    user: StaffUser,
    case: Case,
    category: str,
    shared: bool,
    filename: str,
    content_type: str,
    size: int,
    key: str,
    ip: str,
) -> Document:
    """Record a council document (quarantined until scanned), its event and audit; the caller commits."""
    document = Document(
        case_id=case.id,
        category=category,
        filename=filename,
        content_type=content_type,
        size_bytes=size,
        storage_key=key,
        uploaded_by=f"staff:{user.id}",
        shared_with_family=shared,
    )
    db.session.add(document)
    label = DOCUMENT_CATEGORIES.get(category, "Document")
    db.session.add(
        CaseEvent(
            case_id=case.id,
            kind="staff_document",
            summary=f"{label} added{' and shared with the family' if shared else ' (staff only)'}",
            actor=f"{user.name} (council)",
            family_visible=shared,
        )
    )
    audit.record(user.id, user.local_authority_id, "case.document_upload", case.id, detail=category, ip_address=ip)
    return document


def add_note(user: StaffUser, case: Case, text_: str, ip: str) -> None:
    db.session.add(CaseNote(case_id=case.id, author_id=user.id, text=text_))
    audit.record(user.id, user.local_authority_id, "case.note_added", case.id, ip_address=ip)
    db.session.commit()


def notes_with_authors(case: Case) -> list[tuple[CaseNote, str]]:
    query = (
        select(CaseNote, StaffUser.name)
        .join(StaffUser, StaffUser.id == CaseNote.author_id)
        .where(CaseNote.case_id == case.id)
        .order_by(CaseNote.created_at.desc(), CaseNote.id.desc())
    )
    return [(note, name) for note, name in db.session.exec(query)]


def audit_trail(case: Case) -> list[tuple]:
    """(event, staff name, staff email) for the case, newest first."""
    query = (
        select(AuditEvent, StaffUser.name, StaffUser.email)
        .outerjoin(StaffUser, StaffUser.id == AuditEvent.staff_user_id)
        .where(AuditEvent.case_id == case.id, AuditEvent.local_authority_id == case.local_authority_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    return list(db.session.exec(query))


def advice_requests(case: Case) -> list[AdviceRequest]:
    query = select(AdviceRequest).where(AdviceRequest.case_id == case.id).order_by(AdviceRequest.id)
    return list(db.session.exec(query))


def exceptions(case: Case) -> list[TimeLimitException]:
    query = select(TimeLimitException).where(TimeLimitException.case_id == case.id).order_by(TimeLimitException.id)
    return list(db.session.exec(query))
