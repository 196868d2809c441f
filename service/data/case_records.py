"""A case's record as council staff see it: the case itself, its history, documents, notes, advice
requests, exceptions and audit trail. Every lookup by id takes the caller's local authority: another
authority's case id finds nothing (and the view answers 404); the rest take a case already found so."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import col, select

from service.data import audit, case_reads
from service.data.context import ChangeContext
from service.data.rows import saved_id
from service.db import db
from service.models import AdviceRequest, AuditEvent, Case, CaseEvent, CaseNote, Document, StaffUser, TimeLimitException
from service.wording.documents import document_label


def case_for_staff(local_authority_id: int, case_id: int) -> Case | None:
    case = db.session.get(Case, case_id)
    if case is None or case.local_authority_id != local_authority_id:
        return None
    return case


def caseworker_name(case: Case) -> str | None:
    if case.assigned_caseworker_id is None:
        return None
    user = db.session.get(StaffUser, case.assigned_caseworker_id)
    return user.name if user else None


def communication_needs(case: Case) -> dict[str, Any]:
    needs: dict[str, Any] = json.loads(case.communication_needs or "{}")
    return needs


def events(case: Case, family_only: bool = False) -> list[CaseEvent]:
    """The case's history, newest first (those the family sees, with family_only)."""
    found = case_reads.rows("events", case.id)
    return [e for e in found if e.family_visible] if family_only else list(found)


def audit_read(change: ChangeContext, case: Case, what: str) -> None:
    """Audit that staff saw part of the case (the request commits it with its response)."""
    audit.record_read(saved_id(change.user), change.user.local_authority_id, what, saved_id(case), change.ip)


# --- Notes ---------------------------------------------------------------------------------------------


def notes(case: Case) -> list[CaseNote]:
    query = select(CaseNote).where(col(CaseNote.case_id) == case.id).order_by(col(CaseNote.created_at).desc())
    return list(db.session.exec(query))


def notes_with_authors(case: Case) -> list[tuple[CaseNote, str]]:
    query = (
        select(CaseNote, StaffUser.name)
        .join(StaffUser, col(StaffUser.id) == CaseNote.author_id)
        .where(col(CaseNote.case_id) == case.id)
        .order_by(col(CaseNote.created_at).desc(), col(CaseNote.id).desc())
    )
    return [(note, name) for note, name in db.session.exec(query)]


def add_note(change: ChangeContext, case: Case, text_: str) -> None:
    db.session.add(CaseNote(case_id=saved_id(case), author_id=saved_id(change.user), text=text_))
    audit.record(change.user.id, change.user.local_authority_id, "case.note_added", case.id, ip_address=change.ip)
    db.session.flush()


# --- Documents -----------------------------------------------------------------------------------------


def documents(case: Case) -> list[Document]:
    query = select(Document).where(col(Document.case_id) == case.id).order_by(col(Document.created_at).desc())
    return list(db.session.exec(query))


def document_for_staff(local_authority_id: int, case_id: int, document_id: str) -> Document | None:
    case = case_for_staff(local_authority_id, case_id)
    document = db.session.get(Document, document_id) if case is not None else None
    if document is None or document.case_id != case_id:
        return None
    return document


def add_staff_document(
    change: ChangeContext,
    case: Case,
    category: str,
    shared: bool,
    filename: str,
    content_type: str,
    size: int,
    key: str,
) -> Document:
    """Record a council document (quarantined until scanned), its event and audit."""
    user = change.user
    document = Document(
        case_id=saved_id(case),
        category=category,
        filename=filename,
        content_type=content_type,
        size_bytes=size,
        storage_key=key,
        uploaded_by=f"staff:{user.id}",
        shared_with_family=shared,
    )
    db.session.add(document)
    db.session.add(
        CaseEvent(
            case_id=saved_id(case),
            kind="staff_document",
            summary=f"{document_label(category)} added{' and shared with the family' if shared else ' (staff only)'}",
            actor=f"{user.name} (council)",
            family_visible=shared,
        )
    )
    audit.record(
        user.id, user.local_authority_id, "case.document_upload", case.id, detail=category, ip_address=change.ip
    )
    db.session.flush()
    return document


# --- Advice, exceptions and the audit trail ------------------------------------------------------------


def assessment_rows(case: Case) -> tuple[tuple[AdviceRequest, ...], tuple[TimeLimitException, ...]]:
    """The case's advice requests and time limit exceptions, each oldest first: read once a page (the clock's
    facts and the timeline both need them; service.data.memo)."""

    return case_reads.rows("advice", case.id), case_reads.rows("exceptions", case.id)


def advice_requests(case: Case) -> list[AdviceRequest]:
    return list(assessment_rows(case)[0])


def outstanding_advice(case: Case) -> list[AdviceRequest]:
    """Advice asked for and not yet arrived, oldest request first: serving a draft plan without it warns."""
    query = select(AdviceRequest).where(col(AdviceRequest.case_id) == case.id, col(AdviceRequest.received_on).is_(None))
    return list(db.session.exec(query.order_by(col(AdviceRequest.requested_on), col(AdviceRequest.id))))


def advice_for_case(case: Case, advice_id: int) -> AdviceRequest | None:
    advice = db.session.get(AdviceRequest, advice_id)
    return advice if advice is not None and advice.case_id == case.id else None


def exceptions(case: Case) -> list[TimeLimitException]:
    return list(assessment_rows(case)[1])


def audit_trail(case: Case) -> list[tuple[AuditEvent, str | None, str | None]]:
    """(event, staff name, staff email) for the case, newest first."""
    query = (
        select(AuditEvent, StaffUser.name, StaffUser.email)
        .outerjoin(StaffUser, col(StaffUser.id) == AuditEvent.staff_user_id)
        .where(col(AuditEvent.case_id) == case.id, col(AuditEvent.local_authority_id) == case.local_authority_id)
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
    )
    return [(event, name, email) for event, name, email in db.session.exec(query)]
