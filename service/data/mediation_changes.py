"""Changes to a disagreement: the family's request, and on the council side a contact recorded by phone or
letter, mediation arranged, its outcome, the certificate, an appeal, agreed actions, the council's contacts.

Every change adds its case event and audit event (and the family's message) to the request's transaction,
and copies the case's next due, which counts the disagreement's council duties, onto the case; the request
commits, and the council's cached caseload counts are cleared once it has. Every date comes from the
statutory clock (service.domain)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import update

from service.data import audit
from service.data.caseload import forget_counts
from service.data.context import ChangeContext
from service.data.facts import disagreement_facts, refresh_due
from service.data.family_messages import send_case_update
from service.data.mediation import (
    CONTACT_FIELDS,
    action_due,
    appealable_decision,
    appealable_decisions,
    council,
    for_case,
)
from service.data.mediation_certificate import certificate_content
from service.data.rows import saved_id, table_of
from service.db import db
from service.domain.clock import (
    DecisionKind,
    Milestone,
    contact_is_late,
    council_duties,
    disagreement_timeline,
    format_govuk_date,
    mediation_is_late,
    next_due,
)
from service.jobs import RENDER_MEDIATION_CERTIFICATE, enqueue_after_commit
from service.models import AgreedActionRecord, Case, CaseEvent, Disagreement, Document, utcnow
from service.wording.disagreements import CONTACT_METHODS, FORMATS, OUTCOMES


def _new_disagreement(
    case: Case,
    kind: DecisionKind,
    decided_on: date,
    sections: list[str],
    wants_mediation: bool,
    contacted_on: date,
    *,
    contact_method: str = "online",
    availability: str = "",
    access_needs: str = "",
    attendees: str = "",
) -> Disagreement:
    """A disagreement with the case's decision, flagged late when the contact came after the 2 months."""
    d = Disagreement(
        case_id=saved_id(case),
        local_authority_id=case.local_authority_id,
        decision_kind=kind.value,
        decision_notice_on=decided_on,
        sections=",".join(sections),
        wants_mediation=wants_mediation,
        contacted_on=contacted_on,
        contact_method=contact_method,
        availability=availability,
        access_needs=access_needs,
        attendees=attendees,
    )
    d.late = contact_is_late(disagreement_facts(d, []))
    db.session.add(d)
    return d


def _finish(case: Case, today: date) -> None:
    """Finish a change to a disagreement: copy the case's next due onto the case, flush, and clear the
    council's caseload filter counts once the request commits."""
    refresh_due(case, today)
    db.session.flush()
    local_authority_id = case.local_authority_id
    db.after_commit(lambda: forget_counts(local_authority_id))


def _change(change: ChangeContext, case: Case, kind: str, summary: str, action: str, detail: str = "") -> None:
    """The case event and the audit event of a council change."""
    user = change.user
    db.session.add(CaseEvent(case_id=saved_id(case), kind=kind, summary=summary, actor=f"{user.name} (council)"))
    audit.record(user.id, user.local_authority_id, action, case.id, detail=detail, ip_address=change.ip)


# --- The family's request ------------------------------------------------------------------------------


def request_mediation(
    case: Case,
    sections: list[str],
    wants_mediation: bool,
    availability: str,
    access_needs: str,
    attendees: str,
    today: date,
) -> Disagreement:
    """Record the family's contact; a second request about the same decision returns the first."""
    existing = for_case(case)
    if existing is not None:
        return existing
    decision = appealable_decision(case)
    if decision is None:
        raise ValueError("the case has no appealable decision")
    kind, decided = decision
    d = _new_disagreement(
        case,
        kind,
        decided,
        sections,
        wants_mediation,
        today,
        availability=availability,
        access_needs=access_needs,
        attendees=attendees,
    )
    case.family_activity_at, case.family_activity = utcnow(), "mediation"  # the caseload's "New activity"
    what = "asked for mediation" if wants_mediation else "asked for a mediation certificate"
    db.session.add(
        CaseEvent(
            case_id=saved_id(case),
            kind="disagreement",
            summary=f"The family {what}" + (" (after the 2-month window)" if d.late else ""),
            actor="The family",
        )
    )
    _finish(case, today)
    return d


# --- The council side ----------------------------------------------------------------------------------


def record_contact(
    change: ChangeContext,
    case: Case,
    kind: DecisionKind,
    contacted_on: date,
    method: str,
    wants_mediation: bool,
    sections: list[str],
) -> Disagreement:
    """Record a family's contact made by phone, letter, email or in person (the route checked the dates),
    and tell the family what was recorded and what the council must do next, by when."""
    decided_on = dict(appealable_decisions(case))[kind]
    d = _new_disagreement(case, kind, decided_on, sections, wants_mediation, contacted_on, contact_method=method)
    what = "mediation" if wants_mediation else "a mediation certificate"
    summary = (
        f"The family asked for {what} on {format_govuk_date(contacted_on)} ({CONTACT_METHODS[method].lower()})"
        + (" (after the 2-month window)" if d.late else "")
    )
    _change(change, case, "disagreement", summary, "disagreement.contact_recorded", f"{kind.value} {method}")
    next_duty = _next_council_duty(d, change.today)
    told = f"The council recorded that you asked for {what} on {format_govuk_date(contacted_on)}"
    send_case_update(case, told, change.today, next_step=next_duty.family_text if next_duty else None)
    _finish(case, change.today)
    return d


def _next_council_duty(d: Disagreement, today: date) -> Milestone | None:
    """The earliest outstanding council duty of a new disagreement, for the family's message."""
    return next_due(council_duties(disagreement_timeline(disagreement_facts(d, []), today)))


def arrange_mediation(
    change: ChangeContext,
    d: Disagreement,
    case: Case,
    on: date,
    time: str,
    mediator: str,
    format_: str,
    place: str,
) -> None:
    """Fix the mediation and tell the family today (the route checked the 5 working days' notice)."""
    today = change.today
    d.mediation_late = mediation_is_late(disagreement_facts(d), on)
    d.mediation_arranged_on = today
    d.mediation_on, d.mediation_time, d.mediator_name = on, time, mediator
    d.mediation_format, d.mediation_place = format_, place
    summary = f"Mediation arranged for {format_govuk_date(on)} at {time} ({FORMATS[format_].lower()})"
    late = " (after the 30-day duty)" if d.mediation_late else ""
    _change(change, case, "mediation_arranged", summary + late, "disagreement.mediation_arranged", on.isoformat())
    send_case_update(case, summary, today, next_step=f"The mediator is {mediator}. {place}")
    _finish(case, today)


def _certificate_milestone(d: Disagreement, today: date) -> Milestone | None:
    timeline = disagreement_timeline(disagreement_facts(d), today)
    return next((m for m in timeline if m.key == "mediation_certificate"), None)


def record_outcome(change: ChangeContext, d: Disagreement, case: Case, outcome: str, ended_on: date) -> None:
    """Mediation ended: its outcome, and the certificate then falls due within 3 working days."""
    d.mediation_held_on = d.mediation_on if d.mediation_on and d.mediation_on <= ended_on else ended_on
    d.mediation_ended_on = ended_on
    d.outcome = outcome
    summary = f"Mediation ended on {format_govuk_date(ended_on)}: {OUTCOMES[outcome].lower()}"
    _change(change, case, "mediation_held", summary, "disagreement.outcome_recorded", outcome)
    certificate = _certificate_milestone(d, change.today)
    send_case_update(case, summary, change.today, next_step=certificate.family_text if certificate else None)
    _finish(case, change.today)


def issue_certificate(change: ChangeContext, d: Disagreement, case: Case) -> None:
    """Issue the certificate today: record it on the case and tell the family their appeal deadline. The PDF
    is made and stored by a worker (workers.mediation_certificate) once this commits, so the request never
    waits on storage; if storage is down the job fails and the sweeper runs it again."""
    today = change.today
    content = certificate_content(d, case, today)
    d.certificate_issued_on = today
    db.session.add(d)
    summary = f"The mediation certificate was issued on {format_govuk_date(today)}"
    _change(change, case, "mediation_certificate", summary, "disagreement.certificate_issued", f"disagreement:{d.id}")
    appeal_by = format_govuk_date(content.appeal_deadline) if content.appeal_deadline else ""
    send_case_update(
        case,
        summary,
        today,
        next_step=f"You can appeal to the SEND Tribunal by 5pm on {appeal_by}. "
        "You can download the certificate from your case's documents.",
    )
    _finish(case, today)
    enqueue_after_commit(RENDER_MEDIATION_CERTIFICATE, saved_id(d))


def store_certificate(d: Disagreement, case: Case, storage_key: str, size_bytes: int) -> Document | None:
    """Record the stored certificate PDF as a clean document shared with the family and link it to the
    disagreement, in one conditional UPDATE: None if another run linked its certificate first. The caller
    (the worker) commits."""
    document = Document(
        case_id=saved_id(case),
        category="mediation_certificate",
        filename=f"Mediation certificate {case.reference}.pdf",
        content_type="application/pdf",
        size_bytes=size_bytes,
        storage_key=storage_key,
        status="clean",
        uploaded_by="service",
        shared_with_family=True,
        checked_at=utcnow(),
    )
    db.session.add(document)
    db.session.flush()
    table = table_of(Disagreement)
    linked = db.session.execute(
        update(table)
        .where(table.c.id == saved_id(d), table.c.certificate_document_id.is_(None))
        .values(certificate_document_id=document.id)
        .returning(table.c.id)
    ).first()
    return document if linked is not None else None


def record_appeal(change: ChangeContext, d: Disagreement, case: Case, on: date) -> None:
    d.appealed_on = on
    summary = f"The family appealed to the SEND Tribunal on {format_govuk_date(on)}"
    _change(change, case, "appeal_registered", summary, "disagreement.appeal_recorded", on.isoformat())
    _finish(case, change.today)


def add_agreed_action(
    change: ChangeContext, d: Disagreement, case: Case, description: str, kind: str, *, health: bool = False
) -> date:
    """An action agreed at mediation (reg 42); returns its due date."""
    if d.mediation_ended_on is None:
        raise ValueError("actions are agreed at a mediation that has ended")
    row = AgreedActionRecord(
        disagreement_id=saved_id(d),
        local_authority_id=d.local_authority_id,
        description=description,
        kind=kind,
        agreed_on=d.mediation_ended_on,
        health=health,
    )
    db.session.add(row)
    due = action_due(row)
    summary = f"Agreed at mediation: {description}. Due by {format_govuk_date(due)}"
    _change(change, case, "agreed_action", summary, "disagreement.action_added", kind)
    _finish(case, change.today)
    return due


def mark_action_done(change: ChangeContext, case: Case, action: AgreedActionRecord, on: date) -> None:
    action.done_on = on
    summary = f"Done: {action.description} ({format_govuk_date(on)})"
    _change(change, case, "agreed_action_done", summary, "disagreement.action_done", str(action.id))
    _finish(case, change.today)


# --- Each council's contacts ---------------------------------------------------------------------------


def update_contacts(change: ChangeContext, values: dict[str, str]) -> None:
    user = change.user
    la = council(user.local_authority_id)
    changed = [name for name in CONTACT_FIELDS if getattr(la, name) != values[name]]
    for name in CONTACT_FIELDS:
        setattr(la, name, values[name])
    detail = ",".join(changed)
    audit.record(user.id, la.id, "council.disagreement_contacts_changed", None, detail=detail, ip_address=change.ip)
    db.session.flush()
