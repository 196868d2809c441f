"""A family's "download your data": asking for the file, what goes in it, and its 24 hours.

A signed-in family asks; a DataExport row (a random UUID, the signed-in email, pending) is written and the
worker's job (BUILD_DATA_EXPORT) is enqueued once it commits. If Redis is down the row stays pending and the
sweeper replays it, so the family's request is never lost. The worker builds a ZIP of JSON (and the clean
files and plan PDFs) into the clean bucket under a random key, marks it ready with expires_at 24 hours on,
and tells the family through the outbox. After 24 hours the expiry job deletes the object and marks the row
expired. Only the email that asked may see or download it: any other id answers None (the view's 404).

The log line for a new export names its id only: no email, case or child.
"""

from __future__ import annotations

import json
import logging
import uuid
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import col, or_, select

from service.data import case_records, plans
from service.data import family as family_data
from service.data.family_messages import describe
from service.db import db
from service.jobs import BUILD_DATA_EXPORT, enqueue_after_commit
from service.links import external_url
from service.message_catalogue import template_for
from service.models import Case, DataExport, Document, OutboxMessage, PlanVersion, utcnow
from service.text import normalise_email

log = logging.getLogger(__name__)

PENDING, READY, FAILED, EXPIRED = "pending", "ready", "failed", "expired"
AVAILABLE_FOR = timedelta(hours=24)
# Personalisation that lets someone sign in or carry on a request: never copied into the file.
SECRET_PERSONALISATION = ("code", "link")
REMOVED = "(removed from this copy)"


def _as_uuid(value: str) -> str | None:
    try:
        return str(uuid.UUID(value)) if len(value) == 36 else None
    except ValueError:
        return None


def ask(email: str) -> DataExport:
    """The family's export: the one being prepared or still available, else a new one (the caller commits;
    the job is enqueued after the commit)."""
    email = normalise_email(email)
    current = latest(email)
    if current is not None and current.status in (PENDING, READY) and not _past(current, utcnow()):
        return current
    export = DataExport(id=str(uuid.uuid4()), email=email, status=PENDING)
    db.session.add(export)
    enqueue_after_commit(BUILD_DATA_EXPORT, export.id)
    log.info("Data export %s asked for", export.id)
    return export


def _past(export: DataExport, now: datetime) -> bool:
    return export.status == READY and export.expires_at is not None and export.expires_at <= now


def latest(email: str) -> DataExport | None:
    """The newest export this email asked for, or None. A ready export past its 24 hours reads as expired
    even before the expiry job has deleted it."""
    query = (
        select(DataExport)
        .where(col(DataExport.email) == normalise_email(email))
        .order_by(col(DataExport.created_at).desc(), col(DataExport.id))
    )
    return db.session.exec(query.limit(1)).first()


def state_of(export: DataExport | None) -> str:
    """'none', 'pending', 'ready', 'failed' or 'expired', as the page shows it."""
    if export is None:
        return "none"
    if _past(export, utcnow()):
        return EXPIRED
    return export.status


def ready_for(email: str, export_id: str) -> DataExport | None:
    """The export with this id if this email asked for it and it is ready and in its 24 hours; else None."""
    key = _as_uuid(export_id)
    if key is None:
        return None
    export = db.session.get(DataExport, key)
    if export is None or export.email != normalise_email(email) or export.status != READY:
        return None
    if _past(export, utcnow()):
        return None
    return export


# --- For the worker ------------------------------------------------------------------------------------


def pending_export(export_id: str) -> DataExport | None:
    """The export, locked, if it is still waiting to be built (a second run of the job does nothing)."""
    row = db.session.exec(select(DataExport).where(col(DataExport.id) == export_id).with_for_update()).first()
    return row if row is not None and row.status == PENDING else None


def mark_ready(export: DataExport, *, object_key: str, size_bytes: int, now: datetime) -> None:
    export.status = READY
    export.object_key = object_key
    export.size_bytes = size_bytes
    export.ready_at = now
    export.expires_at = now + AVAILABLE_FOR


def mark_failed(export_id: str) -> None:
    export = db.session.get(DataExport, export_id)
    if export is not None and export.status == PENDING:
        export.status = FAILED


def exports_to_replay(older_than: timedelta, limit: int = 200) -> list[str]:
    """Exports still pending after `older_than` (Redis was down, a worker died, storage failed)."""
    query = select(DataExport.id).where(
        col(DataExport.status) == PENDING, col(DataExport.created_at) <= utcnow() - older_than
    )
    return list(db.session.exec(query.order_by(col(DataExport.created_at)).limit(limit)))


def exports_to_expire(now: datetime, limit: int = 200) -> list[DataExport]:
    query = select(DataExport).where(col(DataExport.status) == READY, col(DataExport.expires_at) <= now)
    return list(db.session.exec(query.limit(limit)))


def mark_expired(export: DataExport) -> None:
    export.status = EXPIRED


# --- What the file holds -------------------------------------------------------------------------------


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _json_text(value: str, default: Any) -> Any:
    try:
        return json.loads(value) if value else default
    except ValueError:
        return value


def answers(case: Case) -> dict[str, Any]:
    """What the request said, as it was sent (and as the council has since recorded it)."""
    return {
        "reference": case.reference,
        "received_on": _iso(case.received_on),
        "how_it_was_sent": case.source,
        "child_or_young_person": {
            "first_name": case.child_first_name,
            "last_name": case.child_last_name,
            "date_of_birth": _iso(case.child_date_of_birth),
            "address": case.child_address,
            "postcode": case.child_postcode,
            "current_setting_type": case.current_setting_type,
            "current_setting_name": case.current_setting_name,
            "unique_pupil_number": case.upn,
        },
        "person_who_asked": {
            "role": case.requester_role,
            "name": case.requester_name,
            "relationship": case.requester_relationship,
            "email": case.requester_email,
            "mobile": case.requester_mobile,
            "contact_preference": case.contact_preference,
            "postal_address": case.requester_postal_address,
        },
        "parent_or_carer": {
            "name": case.parent_name,
            "email": case.parent_email,
            "mobile": case.parent_mobile,
            "contact_preference": case.parent_contact_preference,
            "postal_address": case.parent_postal_address,
        },
        "communication_needs": _json_text(case.communication_needs, {}),
        "needs": case.needs,
        "current_support": case.current_support,
        "support_tried": case.support_tried,
        "hopes": case.hopes,
        "child_views": case.child_views,
        "professionals": _json_text(case.professionals, []),
        "consent_to_share": case.consent_to_share,
        "responses_to_the_draft_plan": [
            {
                "sent_at": _iso(response.created_at),
                "comments": response.comments,
                "requested_setting": response.requested_setting,
                "wants_meeting": response.wants_meeting,
                "late": response.late,
            }
            for response in family_data.draft_responses(case)
        ],
    }


def documents(case: Case) -> list[Document]:
    """The documents the family sees on the case (their uploads and what the council shared), oldest first."""
    return sorted(family_data.documents_for_case(case), key=lambda d: (d.created_at, d.id))


def document_entry(document: Document, file_in_zip: str | None) -> dict[str, Any]:
    return {
        "name": document.filename,
        "sent_by": "you" if document.uploaded_by == "family" else "the council",
        "added_at": _iso(document.created_at),
        "size_bytes": document.size_bytes,
        "scan_status": document.status,
        "file_in_this_download": file_in_zip,
    }


def timeline(case: Case) -> list[dict[str, Any]]:
    return [
        {
            "happened_on": _iso(event.happened_on or event.at.date()),
            "recorded_at": _iso(event.at),
            "what_happened": event.summary,
            "by": event.actor,
        }
        for event in sorted(case_records.events(case, family_only=True), key=lambda e: (e.at, e.id or 0))
    ]


def plan_versions(case: Case) -> list[PlanVersion]:
    return plans.versions_for_case(case)


def plan_document(version: PlanVersion) -> dict[str, Any]:
    """A version's plan as JSON, naming the published schema it follows."""
    return {"$schema": external_url("common.plan_schema"), **plans.document_of(version)}


def plan_pdf(version: PlanVersion) -> Document | None:
    if version.pdf_document_id is None:
        return None
    document = db.session.get(Document, version.pdf_document_id)
    return document if document is not None and document.status == "clean" else None


def messages(email: str, cases: list[Case]) -> list[dict[str, Any]]:
    """Every message sent to this person: to their email, and to the mobile or address they gave on a
    case they can see. Sign-in codes and links are taken out."""
    email = normalise_email(email)
    others: set[str] = set()
    for case in cases:
        if normalise_email(case.requester_email) == email:
            others |= {case.requester_mobile, case.requester_postal_address}
        if normalise_email(case.parent_email) == email:
            others |= {case.parent_mobile, case.parent_postal_address}
    others.discard("")
    case_ids = [case.id for case in cases]
    mine = col(OutboxMessage.recipient) == email
    if others:
        mine = or_(mine, col(OutboxMessage.recipient).in_(others) & col(OutboxMessage.case_id).in_(case_ids))
    query = select(OutboxMessage).where(mine).order_by(col(OutboxMessage.created_at), col(OutboxMessage.id))
    references = {case.id: case.reference for case in cases}
    return [_message(message, references) for message in db.session.exec(query)]


def _message(message: OutboxMessage, references: dict[int | None, str]) -> dict[str, Any]:
    values = _json_text(message.personalisation, {})
    values = values if isinstance(values, dict) else {}
    kept = {name: value for name, value in values.items() if name not in SECRET_PERSONALISATION}
    try:
        subject, body = template_for(message.channel, message.template).render(
            {**kept, **dict.fromkeys(SECRET_PERSONALISATION, REMOVED)}
        )
    except (KeyError, ValueError):
        subject, body = "", ""
    return {
        "sent_at": _iso(message.sent_at or message.created_at),
        "channel": message.channel,
        "about": describe(message.template),
        "case_reference": references.get(message.case_id),
        "subject": subject,
        "text": body,
        "details": kept,
        "status": message.delivery_status or message.status,
    }
