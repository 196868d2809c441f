"""Staff asking for another council's records (issue 12 L9): the page is a 404, as for an id that
does not exist, and the attempt is recorded as an audit event with no personal data."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import col, func, select

from service.db import db
from service.models import AuditEvent, Case, Disagreement, Organisation, Setting, StaffUser, utcnow

ACTION = "security.cross_council_denied"
OWNERS = {
    "case_id": Case,
    "disagreement_id": Disagreement,
    "setting_id": Setting,  # a council's own copy or addition; a national row belongs to nobody
    "organisation_id": Organisation,  # one a council added; a setting's organisation is national
}


def owning_council(kind: str, record_id: int) -> int | None:
    """The council that holds a case, disagreement, setting or organisation id, or None when there is no such
    record or it is national (anyone's to see)."""
    if kind == "case_id":
        return db.session.exec(select(Case.local_authority_id).where(col(Case.id) == record_id)).first()
    if kind == "setting_id":
        return db.session.exec(select(Setting.local_authority_id).where(col(Setting.id) == record_id)).first()
    if kind == "organisation_id":
        return db.session.exec(
            select(Organisation.local_authority_id).where(
                col(Organisation.id) == record_id, col(Organisation.kind) != "setting"
            )
        ).first()
    return db.session.exec(select(Disagreement.local_authority_id).where(col(Disagreement.id) == record_id)).first()


def record_denied(user: StaffUser, kind: str, route: str, ip: str, window: timedelta) -> int:
    """Audit one denied request for another council's record; return how many this person has had
    denied within `window` (this one included). The event names the route and the kind of id, never
    the record or anything in it."""
    db.session.add(
        AuditEvent(
            staff_user_id=user.id,
            local_authority_id=user.local_authority_id,
            action=ACTION,
            detail=f"{kind} of another council on {route}"[:500],
            ip_address=ip[:45],
        )
    )
    db.session.flush()
    count = db.session.exec(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.staff_user_id == user.id, AuditEvent.action == ACTION, AuditEvent.at >= utcnow() - window)
    ).one()
    db.commit_now()  # the audit survives the 404 the request answers (and its rollback)
    return count
