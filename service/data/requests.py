"""Drafts of requests for an EHC needs assessment, and turning a finished draft into a case."""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import col, select, update

from service.data import notifications
from service.data.family_messages import parent_contact, requester_contact
from service.data.rows import saved_id
from service.db import db
from service.domain.clock import (
    AssessmentFacts,
    assessment_timeline,
    decision_to_assess_due,
    format_govuk_date,
    london_date,
    next_due,
)
from service.links import external_url
from service.models import Case, CaseAccess, CaseEvent, Document, LocalAuthority, RequestDraft, utcnow
from service.references import new_reference

DRAFT_LIFETIME = timedelta(days=28)
REMINDER_BEFORE = timedelta(days=7)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def get_draft(draft_id: str | None) -> RequestDraft | None:
    if not draft_id:
        return None
    draft = db.session.get(RequestDraft, draft_id)
    if draft is None or draft.updated_at < utcnow() - DRAFT_LIFETIME:
        return None
    return draft


def new_draft() -> RequestDraft:
    draft = RequestDraft()
    db.session.add(draft)
    db.session.flush()
    return draft


def answers_of(draft: RequestDraft) -> dict[str, Any]:
    answers: dict[str, Any] = json.loads(draft.answers)
    return answers


def save_answers(draft: RequestDraft, key: str, values: Any) -> None:
    answers = answers_of(draft)
    answers[key] = values
    draft.answers = json.dumps(answers)
    draft.updated_at = utcnow()
    draft.reminder_sent_at = None
    db.session.flush()


def _resume_link(token: str) -> str:
    return external_url("request_assessment.resume", token=token)


def issue_resume_link(draft: RequestDraft, email: str) -> None:
    """Send a single-use link back to this draft (the token is stored only as a hash)."""
    token = secrets.token_urlsafe(24)
    draft.resume_email = email
    draft.resume_token_hash = _hash(token)
    expires = format_govuk_date(london_date(utcnow() + DRAFT_LIFETIME))
    notifications.send_draft_resume_link(to=email, link=_resume_link(token), expires=expires)
    db.session.flush()


def send_expiry_reminder(draft: RequestDraft, now: datetime) -> None:
    """Remind the family 7 days before the draft is deleted, with a fresh single-use link."""
    token = secrets.token_urlsafe(24)
    draft.resume_token_hash = _hash(token)
    draft.reminder_sent_at = now
    expires = format_govuk_date(london_date(draft.updated_at + DRAFT_LIFETIME))
    if not draft.resume_email:
        return  # only drafts saved with an address are reminded (drafts_due_reminder)
    notifications.send_draft_expiry_reminder(to=draft.resume_email, link=_resume_link(token), expires=expires)
    db.session.flush()


def resume(token: str) -> RequestDraft | None:
    """The draft a resume link belongs to; the link then stops working (a new one is sent on each save)."""
    draft = db.session.exec(select(RequestDraft).where(RequestDraft.resume_token_hash == _hash(token))).first()
    if draft is None or draft.submitted_at is not None or get_draft(draft.id) is None:
        return None
    draft.resume_token_hash = None
    db.session.flush()
    return draft


def local_authority_choices() -> list[tuple[str, str]]:
    """Every council by the name it is known by ("Kent County Council"), in the order of the place's name."""
    rows = db.session.exec(select(LocalAuthority).order_by(LocalAuthority.name))
    return [(str(la.id), la.display_name) for la in rows]


def local_authority_name(la_id: str | int | None) -> str:
    """The council's name as a family sees it ("Kent County Council")."""
    if not la_id:
        return ""
    la = db.session.get(LocalAuthority, int(la_id))
    return la.display_name if la else ""


def draft_documents(draft: RequestDraft) -> list[Document]:
    query = select(Document).where(col(Document.draft_id) == draft.id).order_by(col(Document.created_at))
    return list(db.session.exec(query))


def add_draft_document(draft: RequestDraft, filename: str, content_type: str, size: int, key: str) -> Document:
    document = Document(
        draft_id=draft.id,
        filename=filename,
        content_type=content_type,
        size_bytes=size,
        storage_key=key,
        uploaded_by="family",
    )
    db.session.add(document)
    db.session.flush()
    return document


def submitted_case(reference: str | None) -> Case | None:
    if not reference:
        return None
    return db.session.exec(select(Case).where(Case.reference == reference)).first()


def remove_draft_document(draft: RequestDraft, document_id: str) -> bool:
    document = db.session.get(Document, document_id)
    if document is None or document.draft_id != draft.id or document.case_id is not None:
        return False
    db.session.delete(document)
    db.session.flush()
    return True


def submit(draft: RequestDraft, now: datetime) -> Case:
    """Create the case from a complete draft, exactly once: a second submit returns the same case."""
    claimed = db.session.exec(
        update(RequestDraft)
        .where(col(RequestDraft.id) == draft.id, col(RequestDraft.submitted_at).is_(None))
        .values(submitted_at=now)
    )
    if claimed.rowcount == 0:
        db.session.rollback()
        db.session.refresh(draft)
        existing = db.session.get(Case, draft.submitted_case_id)
        if existing is None:
            raise LookupError(f"draft {draft.id} was submitted but its case is gone")
        return existing
    answers = answers_of(draft)
    who, child, dob = answers["who"], answers["child-name"], answers["child-date-of-birth"]
    address, setting, contact = answers["child-address"], answers["setting"], answers["contact"]
    needs, hopes = answers["needs"], answers["hopes"]
    details = answers.get("your-details") or {
        "name": f"{child['first_name']} {child['last_name']}",
        "relationship": "Self",
    }
    parent = answers.get("parent-contact", {}) if who["role"] == "professional" else {}
    received_on = london_date(now)
    facts = AssessmentFacts(received_on=received_on)
    urgent = next_due(assessment_timeline(facts, received_on))
    case = Case(
        reference=new_reference(),
        local_authority_id=int(answers["local-authority"]["local_authority"]),
        stage="request_received",
        source="online",
        received_on=received_on,
        child_first_name=child["first_name"],
        child_last_name=child["last_name"],
        child_date_of_birth=date.fromisoformat(dob["date_of_birth"]),
        child_address=", ".join(
            p for p in (address["address_line_1"], address.get("address_line_2"), address["town"]) if p
        ),
        child_postcode=address["postcode"].upper(),
        current_setting_type=setting["setting_type"],
        current_setting_name=setting.get("setting_name") or answers.get("your-setting", {}).get("setting_name", ""),
        upn=(setting.get("upn") or "").upper(),
        requester_role=who["role"],
        requester_name=details["name"],
        requester_relationship=details["relationship"],
        requester_email=contact["email"].strip().lower(),
        requester_mobile=contact.get("mobile") or "",
        contact_preference=contact["preference"],
        requester_postal_address=contact.get("postal_address") or "",
        parent_name=parent.get("parent_name") or "",
        parent_email=(parent.get("parent_email") or "").strip().lower(),
        parent_mobile=parent.get("parent_mobile") or "",
        parent_contact_preference=parent.get("parent_contact_preference") or "",
        parent_postal_address=parent.get("parent_postal_address") or "",
        communication_needs=json.dumps(answers.get("communication", {})),
        needs=needs["needs"],
        current_support=needs["current_support"],
        support_tried=needs["support_tried"],
        hopes=hopes["hopes"],
        child_views=hopes.get("child_views") or "",
        professionals=json.dumps(answers.get("professionals", [])),
        consent_to_share=True,
        next_due_on=urgent.due if urgent else None,
        next_due_key=urgent.key if urgent else "",
    )
    db.session.add(case)
    db.session.flush()
    case_id = saved_id(case)
    draft.submitted_case_id = case_id
    for document in draft_documents(draft):
        document.case_id = case.id
    db.session.add(
        CaseEvent(
            case_id=case_id,
            kind="request_received",
            summary="Request for an EHC needs assessment received",
            actor="The family" if who["role"] != "professional" else details["name"],
        )
    )
    if case.parent_email and case.parent_email != case.requester_email:
        # The parent a school named signs in with this address and sees the case (family.visible_case_ids);
        # the school keeps seeing it through its own requester email.
        db.session.add(CaseAccess(case_id=case_id, email=case.parent_email, role="parent", agreed_by_young_person=True))
    decision_due = format_govuk_date(decision_to_assess_due(received_on))
    council = local_authority_name(case.local_authority_id)
    received: dict[str, Any] = {"reference": case.reference, "decision_due": decision_due, "case_id": case_id}
    letter: dict[str, Any] = {**received, "child_first_name": case.child_first_name, "council": council}
    # the requester: a text message or a letter if they chose one, and always the email (its address is required)
    requester = requester_contact(case)
    if requester is not None and requester.channel == "sms":
        notifications.send_request_received_sms(to=requester.to, **received)
    if requester is not None and requester.channel == "letter":
        notifications.send_request_received_letter(to=requester.to, address=requester.address or {}, **letter)
    notifications.send_request_received(to=case.requester_email, **letter)
    # the parent or carer a school or nursery named, by the channel they chose
    parent_told = parent_contact(case)
    if parent_told is not None and parent_told.channel == "sms":
        notifications.send_request_received_sms(to=parent_told.to, **received)
    elif parent_told is not None and parent_told.channel == "letter":
        notifications.send_request_received_letter(to=parent_told.to, address=parent_told.address or {}, **letter)
    elif parent_told is not None and parent_told.to != case.requester_email:
        notifications.send_request_received(to=parent_told.to, **letter)
    la = db.session.get(LocalAuthority, case.local_authority_id)
    if la is not None and la.send_team_email:
        notifications.send_council_new_request(
            to=la.send_team_email, reference=case.reference, decision_due=decision_due, case_id=case_id
        )
    db.session.flush()
    return case


def drafts_due_reminder(now: datetime) -> list[RequestDraft]:
    """Saved drafts that will be deleted within 7 days and whose family has not been reminded."""
    cutoff = now - (DRAFT_LIFETIME - REMINDER_BEFORE)
    query = select(RequestDraft).where(
        col(RequestDraft.submitted_at).is_(None),
        col(RequestDraft.resume_email).is_not(None),
        col(RequestDraft.reminder_sent_at).is_(None),
        col(RequestDraft.updated_at) <= cutoff,
        col(RequestDraft.updated_at) >= now - DRAFT_LIFETIME,  # an expired draft is deleted, not reminded
    )
    return list(db.session.exec(query))


def delete_expired_drafts(now: datetime) -> list[str]:
    """Delete drafts unsaved for 28 days and their uploads' rows; returns the storage keys to delete."""
    query = select(RequestDraft).where(
        col(RequestDraft.submitted_at).is_(None), col(RequestDraft.updated_at) < now - DRAFT_LIFETIME
    )
    keys = []
    for draft in list(db.session.exec(query)):
        for document in draft_documents(draft):
            keys.append(document.storage_key)
            db.session.delete(document)
        db.session.delete(draft)
    db.session.flush()
    return keys
