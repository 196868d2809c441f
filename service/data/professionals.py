"""Organisations and the professionals who work for them: lookups, the organisation's work, sign-in state.

Every lookup a professional's page makes is scoped to their organisation (`organisation_id`); another
organisation's id finds nothing, so the page gives 404."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import col, func, select

from service.db import db
from service.models import AdviceRequest, Case, Consultation, LocalAuthority, Organisation, Professional
from service.text import normalise_email


def professional_and_organisation(professional_id: int) -> tuple[Professional, Organisation] | None:
    """The account and its organisation in one statement (every professional page needs both)."""
    query = select(Professional, Organisation).join(Organisation, col(Organisation.id) == Professional.organisation_id)
    row = db.session.exec(query.where(col(Professional.id) == professional_id)).first()
    return (row[0], row[1]) if row else None


def professional_by_email(email: str) -> Professional | None:
    return db.session.exec(select(Professional).where(func.lower(Professional.email) == normalise_email(email))).first()


@dataclass(frozen=True)
class WorkItem:
    """One thing asked of the organisation, as its home page lists it."""

    kind: str  # advice or consultation
    id: int
    reference: str
    child_name: str
    council: str
    asked_on: date
    due_on: date
    done_on: date | None
    late: bool


def work_for(organisation_id: int) -> list[WorkItem]:
    """The organisation's advice requests and consultations: open first, soonest due first."""
    advice = db.session.exec(
        select(AdviceRequest, Case, LocalAuthority)
        .join(Case, col(Case.id) == AdviceRequest.case_id)
        .join(LocalAuthority, col(LocalAuthority.id) == Case.local_authority_id)
        .where(col(AdviceRequest.organisation_id) == organisation_id)
        .order_by(col(AdviceRequest.id))
    ).all()
    consultations = db.session.exec(
        select(Consultation, Case, LocalAuthority)
        .join(Case, col(Case.id) == Consultation.case_id)
        .join(LocalAuthority, col(LocalAuthority.id) == Case.local_authority_id)
        .where(col(Consultation.organisation_id) == organisation_id)
        .order_by(col(Consultation.id))
    ).all()
    items = [
        WorkItem(
            "advice",
            a.id,
            case.reference,
            f"{case.child_first_name} {case.child_last_name}",
            la.name,
            a.requested_on,
            a.due_on or a.requested_on,
            a.received_on,
            bool(a.received_on and a.due_on and a.received_on > a.due_on),
        )
        for a, case, la in advice
        if a.id is not None
    ] + [
        WorkItem(
            "consultation",
            c.id,
            case.reference,
            f"{case.child_first_name} {case.child_last_name}",
            la.name,
            c.sent_on,
            c.due_on,
            c.answered_on,
            c.late,
        )
        for c, case, la in consultations
        if c.id is not None
    ]
    return sorted(items, key=lambda i: (i.done_on is not None, i.due_on, i.kind, i.id))


def advice_request_for(organisation_id: int, advice_id: int) -> tuple[AdviceRequest, Case, LocalAuthority] | None:
    """One advice request asked of this organisation, with its case and council; None for any other id."""
    row = db.session.exec(
        select(AdviceRequest, Case, LocalAuthority)
        .join(Case, col(Case.id) == AdviceRequest.case_id)
        .join(LocalAuthority, col(LocalAuthority.id) == Case.local_authority_id)
        .where(col(AdviceRequest.id) == advice_id, col(AdviceRequest.organisation_id) == organisation_id)
    ).first()
    return (row[0], row[1], row[2]) if row else None


def consultation_for(organisation_id: int, consultation_id: int) -> tuple[Consultation, Case, LocalAuthority] | None:
    """One consultation sent to this organisation, with its case and council; None for any other id."""
    row = db.session.exec(
        select(Consultation, Case, LocalAuthority)
        .join(Case, col(Case.id) == Consultation.case_id)
        .join(LocalAuthority, col(LocalAuthority.id) == Case.local_authority_id)
        .where(col(Consultation.id) == consultation_id, col(Consultation.organisation_id) == organisation_id)
    ).first()
    return (row[0], row[1], row[2]) if row else None
