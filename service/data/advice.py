"""Advice asked of an organisation in the service (reg 6; 6 weeks, reg 8): who a council may ask, telling
the organisation, the advice as it is written (saved to the request as the professional goes: work
belongs to the organisation, so a colleague sees the same draft), its attachments, sending it, adding it
to the draft plan, and the council's view of who is late.

Staff reach an advice request through a case already scoped to their council; professionals through
service.data.professionals.advice_request_for (scoped to their organisation). Every change is audited.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlmodel import col, or_, select

from service.data import audit, notifications, professionals
from service.data.case_changes import record_advice_sent
from service.data.context import ChangeContext
from service.data.rows import saved_id
from service.db import db
from service.domain.clock import format_govuk_date
from service.domain.ehcp import advice as advice_document
from service.domain.ehcp.document import Document
from service.domain.ehcp.template import plan_template
from service.links import external_url
from service.models import (
    AdviceRequest,
    Case,
    LocalAuthority,
    Organisation,
    Professional,
    StaffUser,
    utcnow,
)
from service.models import Document as StoredDocument
from service.models.document import CLEAN
from service.models.organisation import SETTING

ADVICE_CATEGORY = "advice"


# --- Who a council may ask ---------------------------------------------------------------------------


def _askable(local_authority_id: int):  # type: ignore[no-untyped-def]
    return or_(col(Organisation.local_authority_id) == local_authority_id, col(Organisation.kind) == SETTING)


def organisations_for_council(local_authority_id: int) -> list[Organisation]:
    """The organisations this council works with, and every setting (a child's school may be anywhere)."""
    query = (
        select(Organisation).where(_askable(local_authority_id)).order_by(col(Organisation.name), col(Organisation.id))
    )
    return list(db.session.exec(query))


def organisation_for_council(local_authority_id: int, organisation_id: int) -> Organisation | None:
    """One organisation this council may ask; None for another council's organisation."""
    return professionals.organisation_for_council(local_authority_id, organisation_id)


def organisation_of(advice: AdviceRequest) -> Organisation | None:
    return db.session.get(Organisation, advice.organisation_id) if advice.organisation_id else None


def addresses(organisation: Organisation) -> list[str]:
    """Everyone told of new work: each active, enabled member, and the shared inbox if it has one."""
    query = (
        select(Professional.email)
        .where(
            col(Professional.organisation_id) == organisation.id,
            col(Professional.active).is_(True),
            col(Professional.disabled).is_(False),
        )
        .order_by(col(Professional.id))
    )
    found = list(db.session.exec(query))
    if organisation.email:
        found.append(organisation.email)
    return list(dict.fromkeys(address.strip().lower() for address in found if address.strip()))


def _council(case: Case) -> LocalAuthority:
    council = db.session.get(LocalAuthority, case.local_authority_id)
    assert council is not None
    return council


def tell_organisation(advice: AdviceRequest, case: Case, organisation: Organisation) -> int:
    """Email the organisation what is asked of it and the legal due date. Returns how many were told."""
    link = external_url("professional.advice_request", advice_id=advice.id)
    council = _council(case)
    kind = plan_template().advice_label(advice.kind)
    told = 0
    for address in addresses(organisation):
        notifications.send_advice_requested(
            to=address,
            council=council.name,
            reference=case.reference,
            child_first_name=case.child_first_name,
            kind=kind,
            due_by=format_govuk_date(advice.due_on),
            link=link,
            case_id=saved_id(case),
        )
        told += 1
    db.session.flush()
    return told


# --- The advice as it is written ---------------------------------------------------------------------


def submitted(advice: AdviceRequest) -> Document | None:
    """The advice as sent, or None before it is."""
    if not advice.advice:
        return None
    document: Document = json.loads(advice.advice)
    return document


def draft_of(advice: AdviceRequest) -> Document:
    """What the organisation has written so far (the advice as sent, once it is)."""
    sent = submitted(advice)
    if sent is not None:
        return sent
    if not advice.draft_advice:
        return advice_document.empty_advice()
    document: Document = json.loads(advice.draft_advice)
    return document


def lock(advice: AdviceRequest) -> AdviceRequest:
    """Re-read the request, locked until the transaction ends: two colleagues saving at once each add
    to the other's draft (and the advice cannot be sent twice)."""
    db.session.refresh(advice, with_for_update=True)
    return advice


def save_draft(
    professional: Professional, case: Case, advice: AdviceRequest, document: Document, what: str, ip: str
) -> None:
    """Keep the draft (nothing written is lost) and audit the change, naming the item, never its content."""
    errors = advice_document.validation_errors(document)
    if errors:
        raise ValueError(f"advice does not match its schema: {errors[0]}")
    advice.draft_advice = json.dumps(document)
    db.session.add(advice)
    audit.record_professional(
        saved_id(professional),
        case.local_authority_id,
        "advice.edit",
        case_id=case.id,
        detail=f"advice:{advice.id}; {what}"[:500],
        ip_address=ip,
    )
    db.session.flush()


def add_document(
    professional: Professional, case: Case, advice: AdviceRequest, filename: str, content_type: str, size: int, key: str
) -> StoredDocument:
    """A report attached to the advice (quarantined until scanned; not shared with the family)."""
    document = StoredDocument(
        case_id=saved_id(case),
        advice_request_id=saved_id(advice),
        category=ADVICE_CATEGORY,
        filename=filename,
        content_type=content_type,
        size_bytes=size,
        storage_key=key,
        uploaded_by=f"professional:{professional.id}",
        shared_with_family=False,
    )
    db.session.add(document)
    audit.record_professional(
        saved_id(professional), case.local_authority_id, "advice.attach", case_id=case.id, detail=f"advice:{advice.id}"
    )
    db.session.flush()
    return document


def documents(advice: AdviceRequest) -> list[StoredDocument]:
    query = (
        select(StoredDocument)
        .where(col(StoredDocument.advice_request_id) == advice.id)
        .order_by(col(StoredDocument.created_at), col(StoredDocument.id))
    )
    return list(db.session.exec(query))


def clean_documents(advice: AdviceRequest) -> list[StoredDocument]:
    return [document for document in documents(advice) if document.status == CLEAN]


def document_for(advice: AdviceRequest, document_id: str) -> StoredDocument | None:
    """One attachment of this advice request (the request is already scoped to the caller)."""
    query = select(StoredDocument).where(
        col(StoredDocument.id) == document_id, col(StoredDocument.advice_request_id) == advice.id
    )
    return db.session.exec(query).first()


def remove_document(professional: Professional, case: Case, advice: AdviceRequest, document: StoredDocument) -> None:
    db.session.delete(document)
    audit.record_professional(
        saved_id(professional), case.local_authority_id, "advice.detach", case_id=case.id, detail=f"advice:{advice.id}"
    )
    db.session.flush()


class AlreadySent(Exception):
    """The advice was sent already: it cannot be sent twice."""


def send(
    professional: Professional, organisation: Organisation, case: Case, advice: AdviceRequest, today: date, ip: str
) -> bool:
    """Send the advice: validated, signed, received on the statutory timeline today (late after its due
    date), a timeline event and the family's message, the audit event, and an email to the caseworker.
    Returns True when it was late. Raises AlreadySent the second time, ValueError for advice that breaks
    its schema."""
    lock(advice)
    if advice.submitted_at is not None:
        raise AlreadySent()
    document = advice_document.signed(
        draft_of(advice),
        organisation=organisation.name,
        kind=organisation.kind,
        adviser=professional.name,
        role=professional.role,
        on=today,
    )
    errors = advice_document.validation_errors(document)
    if errors:
        raise ValueError(f"advice does not match its schema: {errors[0]}")
    advice.advice = json.dumps(document)
    advice.submitted_by_id = professional.id
    advice.submitted_at = utcnow()
    advice.adviser = organisation.name
    late = record_advice_sent(case, advice, f"{professional.name} ({organisation.name})", today, today)
    audit.record_professional(
        saved_id(professional),
        case.local_authority_id,
        "advice.send",
        case_id=case.id,
        detail=f"advice:{advice.id}" + ("; late" if late else ""),
        ip_address=ip,
    )
    caseworker = db.session.get(StaffUser, case.assigned_caseworker_id) if case.assigned_caseworker_id else None
    if caseworker is not None and not caseworker.disabled:
        notifications.send_advice_received(
            to=caseworker.email,
            organisation=organisation.name,
            reference=case.reference,
            timing=_timing(advice),
            due_by=format_govuk_date(advice.due_on),
            link=external_url("staff.advice_page", case_id=case.id, advice_id=advice.id),
            case_id=saved_id(case),
        )
    db.session.flush()
    return late


def _timing(advice: AdviceRequest) -> str:
    late = advice.received_on and advice.due_on and advice.received_on > advice.due_on
    return "late" if late else "on time"


def submitted_by(advice: AdviceRequest) -> Professional | None:
    return db.session.get(Professional, advice.submitted_by_id) if advice.submitted_by_id else None


def mark_added_to_plan(change: ChangeContext, case: Case, advice: AdviceRequest) -> None:
    advice.pulled_into_plan_at = utcnow()
    db.session.add(advice)
    audit.record(
        change.user.id,
        change.user.local_authority_id,
        "advice.add_to_plan",
        case.id,
        detail=f"advice:{advice.id}",
        ip_address=change.ip,
    )
    db.session.flush()


# --- The council's view: who is late ----------------------------------------------------------------


@dataclass(frozen=True)
class AdviceRow:
    advice_id: int
    case_id: int
    reference: str
    child_name: str
    organisation: str
    organisation_id: int
    requested_on: date
    due_on: date
    received_on: date | None

    def days_over(self, today: date) -> int:
        """Days past the due date: today for open requests, the day it came for received ones."""
        return ((self.received_on or today) - self.due_on).days

    def status(self, today: date) -> str:
        over = self.days_over(today)
        if self.received_on is not None:
            return "Received late" if over > 0 else "Received"
        if over > 0:
            return f"Overdue by {over} day{'s' if over != 1 else ''}"
        if over == 0:
            return "Due today"
        return f"Due in {-over} day{'s' if over != -1 else ''}"

    def overdue(self, today: date) -> bool:
        return self.received_on is None and today > self.due_on


def advice_asked(
    local_authority_id: int, today: date, *, overdue_only: bool = False, organisation_id: int | None = None
) -> list[AdviceRow]:
    """The council's advice asked in the service across its caseload: overdue first (most overdue first),
    then open requests soonest due, then received ones, newest first."""
    query = (
        select(AdviceRequest, Case, Organisation)
        .join(Case, col(Case.id) == AdviceRequest.case_id)
        .join(Organisation, col(Organisation.id) == AdviceRequest.organisation_id)
        .where(col(Case.local_authority_id) == local_authority_id)
        .order_by(col(AdviceRequest.id))
    )
    if organisation_id is not None:
        query = query.where(col(AdviceRequest.organisation_id) == organisation_id)
    if overdue_only:
        query = query.where(col(AdviceRequest.received_on).is_(None), col(AdviceRequest.due_on) < today)
    rows = [
        AdviceRow(
            saved_id(advice),
            saved_id(case),
            case.reference,
            f"{case.child_first_name} {case.child_last_name}",
            organisation.name,
            saved_id(organisation),
            advice.requested_on,
            advice.due_on or advice.requested_on,
            advice.received_on,
        )
        for advice, case, organisation in db.session.exec(query)
    ]
    return sorted(
        rows,
        key=lambda r: (
            r.received_on is not None,
            r.due_on if r.received_on is None else date.max,
            -(r.received_on or date.min).toordinal(),
            r.advice_id,
        ),
    )
