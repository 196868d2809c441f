"""The audit trail: every staff (and professional) read and change of a case. Append-only: nothing here updates or deletes."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, insert, select

from service.db import db
from service.models import AuditEvent, utcnow


def _fields(
    staff_user_id: int | None,
    local_authority_id: int | None,
    action: str,
    case_id: int | None,
    detail: str,
    ip_address: str,
    professional_id: int | None,
) -> dict[str, Any]:
    """An audit event's columns, cut to their lengths, whichever way it is written."""
    return {
        "staff_user_id": staff_user_id,
        "professional_id": professional_id,
        "local_authority_id": local_authority_id,
        "case_id": case_id,
        "action": action,
        "detail": detail[:500],
        "ip_address": ip_address[:45],
    }


def record(
    staff_user_id: int | None,
    local_authority_id: int | None,
    action: str,
    case_id: int | None = None,
    detail: str = "",
    ip_address: str = "",
    *,
    professional_id: int | None = None,
) -> None:
    """Add an audit event to the current transaction (committed with the change it describes): a staff
    member's, or (professional_id) a professional's."""
    fields = _fields(staff_user_id, local_authority_id, action, case_id, detail, ip_address, professional_id)
    db.session.add(AuditEvent(**fields))


def record_read(staff_user_id: int, local_authority_id: int | None, action: str, case_id: int, ip_address: str) -> None:
    """Audit that a member of staff saw part of a case: written as the request commits (never if it fails),
    and on a page view that writes nothing else, in one statement on its own (db.insert_at_commit)."""
    fields = _fields(staff_user_id, local_authority_id, action, case_id, "", ip_address, None)
    db.insert_at_commit(insert(AuditEvent).values(at=utcnow(), **fields))


def record_professional(
    professional_id: int,
    local_authority_id: int | None,
    action: str,
    case_id: int | None = None,
    detail: str = "",
    ip_address: str = "",
) -> None:
    """As record, for a professional's read or change of a case (issue 14)."""
    record(None, local_authority_id, action, case_id, detail, ip_address, professional_id=professional_id)


def events_for_case(local_authority_id: int, case_id: int) -> list[AuditEvent]:
    query = select(AuditEvent).where(
        col(AuditEvent.case_id) == case_id, col(AuditEvent.local_authority_id) == local_authority_id
    )
    return list(db.session.exec(query.order_by(col(AuditEvent.at).desc())))
