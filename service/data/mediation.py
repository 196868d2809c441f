"""Disagreements with appealable decisions, scoped to the family's email or the staff's council.

Council side: every change (a contact recorded by phone or letter, mediation arranged, its outcome, the
certificate, agreed actions, the council's contacts) writes its case event and audit event and commits them
together; every date comes from the statutory clock (service.domain)."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import select

from service.data import audit
from service.data.family_messages import send_case_update
from service.data.mediation_certificate import CertificateContent, certificate_pdf
from service.db import db
from service.domain.clock import (
    AgreedAction,
    DecisionKind,
    DisagreementFacts,
    MilestoneState,
    OrderKind,
    appeal_deadline,
    contact_is_late,
    council_duties,
    disagreement_timeline,
    format_govuk_date,
    london_date,
    mediation_due,
    mediation_is_late,
    next_due,
    order_due,
    section_i_only,
)
from service.models import AgreedActionRecord, Case, CaseEvent, Disagreement, Document, LocalAuthority, StaffUser
from service.models.base import utcnow


def appealable_decision(case: Case) -> tuple[DecisionKind, date] | None:
    """The case's appealable decision, if it has one (CFA s51(2))."""
    if case.decided_to_assess is False and case.decision_to_assess_on:
        return DecisionKind.NOT_TO_ASSESS, case.decision_to_assess_on
    if case.decided_to_issue is False and case.decision_to_issue_on:
        return DecisionKind.NOT_TO_ISSUE, case.decision_to_issue_on
    if case.final_issued_on:
        return DecisionKind.PLAN_CONTENTS, case.final_issued_on
    return None


def facts_of(d: Disagreement, actions: list[AgreedActionRecord] | None = None) -> DisagreementFacts:
    """The clock's facts of a disagreement, with its agreed actions (loaded unless given)."""
    sections = frozenset(s for s in d.sections.split(",") if s in ("B", "F", "I"))
    if actions is None:
        actions = agreed_actions(d) if d.id is not None else []
    return DisagreementFacts(
        decision_kind=DecisionKind(d.decision_kind),
        decision_notice_on=d.decision_notice_on,
        sections_disputed=sections,
        health_or_social_care=any(s in d.sections for s in ("health", "social_care")),
        adviser_contacted_on=d.contacted_on,
        wants_mediation=d.wants_mediation,
        mediation_held_on=d.mediation_held_on,
        mediation_ended_on=d.mediation_ended_on,
        certificate_issued_on=d.certificate_issued_on,
        mediation_arranged_on=d.mediation_arranged_on,
        agreed_actions=tuple(AgreedAction(a.description, OrderKind(a.kind), a.agreed_on, a.done_on) for a in actions),
    )


def preview_facts(case: Case) -> DisagreementFacts | None:
    decision = appealable_decision(case)
    if decision is None:
        return None
    return DisagreementFacts(decision_kind=decision[0], decision_notice_on=decision[1])


def for_case(case: Case) -> Disagreement | None:
    return db.session.exec(
        select(Disagreement).where(Disagreement.case_id == case.id).order_by(Disagreement.id)
    ).first()


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
    kind, decided = appealable_decision(case)
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
    what = "asked for mediation" if wants_mediation else "asked for a mediation certificate"
    db.session.add(
        CaseEvent(
            case_id=case.id,
            kind="disagreement",
            summary=f"The family {what}" + (" (after the 2-month window)" if d.late else ""),
            actor="The family",
        )
    )
    _commit(case, today)
    return d


def _new_disagreement(
    case: Case,
    kind: DecisionKind,
    decided_on: date,
    sections: list[str],
    wants_mediation: bool,
    contacted_on: date,
    **details: str,
) -> Disagreement:
    """A disagreement with the case's decision, flagged late when the contact came after the 2 months."""
    d = Disagreement(
        case_id=case.id,
        local_authority_id=case.local_authority_id,
        decision_kind=kind.value,
        decision_notice_on=decided_on,
        sections=",".join(sections),
        wants_mediation=wants_mediation,
        contacted_on=contacted_on,
        **details,
    )
    d.late = contact_is_late(facts_of(d, []))
    db.session.add(d)
    return d


def _commit(case: Case, today: date | None) -> None:
    """Finish a change to a disagreement: copy the case's next due (which counts the disagreement's council
    duties) onto the case in the same transaction, commit, and clear the council's caseload filter counts."""
    from service.data import cases as case_data  # cases reads disagreements through this module's facts_of

    case_data.refresh_due(case, today or london_date(utcnow()))
    db.session.commit()
    case_data.forget_counts(case.local_authority_id)


def for_council(local_authority_id: int) -> list[tuple[Disagreement, Case]]:
    query = (
        select(Disagreement, Case)
        .join(Case, Case.id == Disagreement.case_id)
        .where(Disagreement.local_authority_id == local_authority_id)
    )
    return list(db.session.exec(query.order_by(Disagreement.created_at.desc())))


def get_for_council(local_authority_id: int, disagreement_id: int) -> Disagreement | None:
    d = db.session.get(Disagreement, disagreement_id)
    return d if d is not None and d.local_authority_id == local_authority_id else None


# --- The council side -------------------------------------------------------------------------------

DECISION_NAMES = {
    DecisionKind.NOT_TO_ASSESS: "the decision not to carry out an EHC needs assessment",
    DecisionKind.NOT_TO_ISSUE: "the decision not to make an EHC plan",
    DecisionKind.PLAN_CONTENTS: "the final EHC plan",
}
CONTACT_METHODS = {
    "phone": "By phone",
    "letter": "By letter",
    "email": "By email",
    "in_person": "In person",
    "online": "Online, through this service",
}
FORMATS = {"in_person": "In person", "online": "Online (video call)", "phone": "By phone"}
OUTCOMES = {"agreement": "Agreement", "partial": "Partial agreement", "none": "No agreement"}
ACTION_KINDS = {
    OrderKind.NOT_APPEALABLE: "Something the family could not appeal about (2 weeks)",
    OrderKind.ASSESS_NOTIFY: "Tell the family the council will carry out an assessment (2 weeks)",
    OrderKind.ASSESS_NO_PLAN: "After assessing, tell the family if no plan will be made (10 weeks)",
    OrderKind.ASSESS_FINAL: "After assessing, issue the final plan (14 weeks)",
    OrderKind.MAKE_PLAN_DRAFT: "Send the draft plan (5 weeks)",
    OrderKind.MAKE_PLAN_FINAL: "Issue the final plan (11 weeks)",
    OrderKind.AMEND_CONTENTS: "Amend sections B, F or I of the plan (5 weeks)",
    OrderKind.SECTION_I_ONLY: "Change the school or college named in section I only (2 weeks)",
}
HEALTH_PARTS = frozenset({"health", "social_care"})


def appealable_decisions(case: Case) -> list[tuple[DecisionKind, date]]:
    """Every appealable decision on the case (CFA s51(2)), oldest first."""
    found = []
    if case.decided_to_assess is False and case.decision_to_assess_on:
        found.append((DecisionKind.NOT_TO_ASSESS, case.decision_to_assess_on))
    if case.decided_to_issue is False and case.decision_to_issue_on:
        found.append((DecisionKind.NOT_TO_ISSUE, case.decision_to_issue_on))
    if case.final_issued_on:
        found.append((DecisionKind.PLAN_CONTENTS, case.final_issued_on))
    return found


def health_only(d: Disagreement) -> bool:
    """The family disagrees only with the health or social care parts: the ICB's contact deals with it."""
    parts = {s for s in d.sections.split(",") if s}
    return bool(parts) and parts <= HEALTH_PARTS


def includes_health(d: Disagreement) -> bool:
    return any(s in HEALTH_PARTS for s in d.sections.split(","))


def for_decision(case: Case, kind: DecisionKind) -> Disagreement | None:
    query = select(Disagreement).where(Disagreement.case_id == case.id, Disagreement.decision_kind == kind.value)
    return db.session.exec(query.order_by(Disagreement.id)).first()


def _change(user: StaffUser, case: Case, kind: str, summary: str, action: str, ip: str, detail: str = "") -> None:
    """The case event and the audit event of a change, added to the change's transaction."""
    db.session.add(CaseEvent(case_id=case.id, kind=kind, summary=summary, actor=f"{user.name} (council)"))
    audit.record(user.id, user.local_authority_id, action, case.id, detail=detail, ip_address=ip)


def record_contact(
    user: StaffUser,
    case: Case,
    kind: DecisionKind,
    contacted_on: date,
    method: str,
    wants_mediation: bool,
    sections: list[str],
    ip: str,
    today: date,
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
    _change(user, case, "disagreement", summary, "disagreement.contact_recorded", ip, f"{kind.value} {method}")
    next_duty = _next_council_duty(d, today)
    told = f"The council recorded that you asked for {what} on {format_govuk_date(contacted_on)}"
    send_case_update(case, told, today, next_step=next_duty.family_text if next_duty else None)
    _commit(case, today)
    return d


def _next_council_duty(d: Disagreement, today: date):
    """The earliest outstanding council duty of a new disagreement, for the family's message."""
    return next_due(council_duties(disagreement_timeline(facts_of(d, []), today)))


def arrange_mediation(
    user: StaffUser,
    d: Disagreement,
    case: Case,
    on: date,
    time: str,
    mediator: str,
    format_: str,
    place: str,
    today: date,
    ip: str,
) -> None:
    """Fix the mediation and tell the family today (the route checked the 5 working days' notice)."""
    d.mediation_late = mediation_is_late(facts_of(d), on)
    d.mediation_arranged_on = today
    d.mediation_on, d.mediation_time, d.mediator_name = on, time, mediator
    d.mediation_format, d.mediation_place = format_, place
    summary = f"Mediation arranged for {format_govuk_date(on)} at {time} ({FORMATS[format_].lower()})"
    late = " (after the 30-day duty)" if d.mediation_late else ""
    _change(user, case, "mediation_arranged", summary + late, "disagreement.mediation_arranged", ip, on.isoformat())
    send_case_update(case, summary, today, next_step=f"The mediator is {mediator}. {place}")
    _commit(case, today)


def _certificate_milestone(d: Disagreement, today: date):
    return next((m for m in disagreement_timeline(facts_of(d), today) if m.key == "mediation_certificate"), None)


def record_outcome(user: StaffUser, d: Disagreement, case: Case, outcome: str, ended_on: date, today: date, ip: str):
    """Mediation ended: its outcome, and the certificate then falls due within 3 working days."""
    d.mediation_held_on = d.mediation_on if d.mediation_on and d.mediation_on <= ended_on else ended_on
    d.mediation_ended_on = ended_on
    d.outcome = outcome
    summary = f"Mediation ended on {format_govuk_date(ended_on)}: {OUTCOMES[outcome].lower()}"
    _change(user, case, "mediation_held", summary, "disagreement.outcome_recorded", ip, outcome)
    certificate = _certificate_milestone(d, today)
    send_case_update(case, summary, today, next_step=certificate.family_text if certificate else None)
    _commit(case, today)


def mediation_statement(d: Disagreement, today: date) -> str:
    """Whether mediation took place, as the certificate says it."""
    if not d.wants_mediation:
        return (
            "The parent or young person did not want mediation: they wanted information about mediation "
            "and this certificate only."
        )
    if d.mediation_held_on is not None:
        return f"Mediation took place on {format_govuk_date(d.mediation_held_on)}. Outcome: {OUTCOMES.get(d.outcome, 'not recorded').lower()}."
    due = mediation_due(facts_of(d))
    if due is not None and today > due:
        return "The parent or young person wanted mediation, but it did not take place within 30 days."
    return "Mediation did not take place."


def certificate_content(d: Disagreement, case: Case, today: date) -> CertificateContent:
    la = db.session.get(LocalAuthority, case.local_authority_id)
    issued = d.certificate_issued_on or today
    kind = DecisionKind(d.decision_kind)
    return CertificateContent(
        local_authority=la.name,
        reference=case.reference,
        child_name=f"{case.child_first_name} {case.child_last_name}",
        decision=f"{DECISION_NAMES[kind][0].upper()}{DECISION_NAMES[kind][1:]}, sent on {format_govuk_date(d.decision_notice_on)}",
        mediation=mediation_statement(d, today),
        issued_on=issued,
        appeal_deadline=appeal_deadline(d.decision_notice_on, issued, section_i_only(facts_of(d))),
    )


def issue_certificate(user: StaffUser, d: Disagreement, case: Case, today: date, ip: str) -> Document:
    """Generate the certificate (a PDF), store it as a clean document shared with the family, record it on the
    case and tell the family their appeal deadline: one transaction (the file is written first)."""
    from service.clients.storage import storage

    content = certificate_content(d, case, today)
    data = certificate_pdf(content)
    key = str(uuid.uuid4())
    store = storage()
    store.put_quarantine(key, io.BytesIO(data), "application/pdf")
    store.promote(key)  # made by the service itself: nothing to scan
    document = Document(
        case_id=case.id,
        category="mediation_certificate",
        filename=f"Mediation certificate {case.reference}.pdf",
        content_type="application/pdf",
        size_bytes=len(data),
        storage_key=key,
        status="clean",
        uploaded_by=f"staff:{user.id}",
        shared_with_family=True,
        checked_at=utcnow(),
    )
    db.session.add(document)
    d.certificate_issued_on = today
    d.certificate_document_id = document.id
    summary = f"The mediation certificate was issued on {format_govuk_date(today)}"
    _change(user, case, "mediation_certificate", summary, "disagreement.certificate_issued", ip, document.id)
    send_case_update(
        case,
        summary,
        today,
        next_step=f"You can appeal to the SEND Tribunal until {format_govuk_date(content.appeal_deadline)}. "
        "You can download the certificate from your case's documents.",
    )
    _commit(case, today)
    return document


def certificate_document(d: Disagreement) -> Document | None:
    if d.certificate_document_id is None:
        return None
    document = db.session.get(Document, d.certificate_document_id)
    return document if document is not None and document.case_id == d.case_id else None


def record_appeal(user: StaffUser, d: Disagreement, case: Case, on: date, ip: str, today: date | None = None) -> None:
    d.appealed_on = on
    summary = f"The family appealed to the SEND Tribunal on {format_govuk_date(on)}"
    _change(user, case, "appeal_registered", summary, "disagreement.appeal_recorded", ip, on.isoformat())
    _commit(case, today)


def agreed_actions(d: Disagreement) -> list[AgreedActionRecord]:
    query = select(AgreedActionRecord).where(AgreedActionRecord.disagreement_id == d.id)
    return list(db.session.exec(query.order_by(AgreedActionRecord.id)))


def actions_for_council(local_authority_id: int) -> dict[int, list[AgreedActionRecord]]:
    query = select(AgreedActionRecord).where(AgreedActionRecord.local_authority_id == local_authority_id)
    found: dict[int, list[AgreedActionRecord]] = {}
    for row in db.session.exec(query.order_by(AgreedActionRecord.id)):
        found.setdefault(row.disagreement_id, []).append(row)
    return found


def action_due(action: AgreedActionRecord) -> date:
    """Reg 42: 2 weeks for what cannot be appealed; the reg 44(2) Tribunal-order time for what can."""
    return order_due(OrderKind(action.kind), action.agreed_on)


def add_agreed_action(
    user: StaffUser, d: Disagreement, case: Case, description: str, kind: str, ip: str, today: date | None = None
) -> date:
    agreed_on = d.mediation_ended_on
    row = AgreedActionRecord(
        disagreement_id=d.id,
        local_authority_id=d.local_authority_id,
        description=description,
        kind=kind,
        agreed_on=agreed_on,
    )
    db.session.add(row)
    due = action_due(row)
    summary = f"Agreed at mediation: {description}. Due by {format_govuk_date(due)}"
    _change(user, case, "agreed_action", summary, "disagreement.action_added", ip, kind)
    _commit(case, today)
    return due


def action_for_council(local_authority_id: int, disagreement_id: int, action_id: int) -> AgreedActionRecord | None:
    row = db.session.get(AgreedActionRecord, action_id)
    if row is None or row.local_authority_id != local_authority_id or row.disagreement_id != disagreement_id:
        return None
    return row


def mark_action_done(
    user: StaffUser, case: Case, action: AgreedActionRecord, on: date, ip: str, today: date | None = None
) -> None:
    action.done_on = on
    summary = f"Done: {action.description} ({format_govuk_date(on)})"
    _change(user, case, "agreed_action_done", summary, "disagreement.action_done", ip, str(action.id))
    _commit(case, today)


# --- Each council's contacts ---------------------------------------------------------------------------

CONTACT_FIELDS = (
    "mediation_adviser_name",
    "mediation_adviser_email",
    "mediation_adviser_phone",
    "health_contact_name",
    "health_contact_email",
    "health_contact_phone",
)


def council(local_authority_id: int) -> LocalAuthority:
    return db.session.get(LocalAuthority, local_authority_id)


def update_contacts(user: StaffUser, values: dict[str, str], ip: str) -> None:
    la = council(user.local_authority_id)
    changed = [name for name in CONTACT_FIELDS if getattr(la, name) != values[name]]
    for name in CONTACT_FIELDS:
        setattr(la, name, values[name])
    audit.record(user.id, la.id, "council.disagreement_contacts_changed", None, detail=",".join(changed), ip_address=ip)
    db.session.commit()


# --- Figures (for the dashboard and SEN2) ---------------------------------------------------------------


@dataclass
class Timeliness:
    on_time: int = 0
    late: int = 0
    not_yet_due: int = 0


@dataclass
class Figures:
    total: int = 0
    by_decision: dict[str, int] = field(default_factory=dict)
    mediation: int = 0
    certificate_only: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)  # agreement, partial, none, and "" for none recorded
    appealed: int = 0
    certificates_issued: int = 0
    mediation_timeliness: Timeliness = field(default_factory=Timeliness)
    certificate_timeliness: Timeliness = field(default_factory=Timeliness)


def _timeliness(counts: Timeliness, state: MilestoneState | None, late_already: bool = False) -> None:
    if state == MilestoneState.MET:
        counts.on_time += 1
    elif state in (MilestoneState.MET_LATE, MilestoneState.OVERDUE) or (late_already and state is not None):
        counts.late += 1
    elif state is not None:
        counts.not_yet_due += 1


def figure_years(local_authority_id: int) -> list[int]:
    """The calendar years in which the council's disagreements began (the family's contact), newest first."""
    dates = db.session.exec(
        select(Disagreement.contacted_on).where(Disagreement.local_authority_id == local_authority_id)
    )
    return sorted({d.year for d in dates}, reverse=True)


def figures(local_authority_id: int, today: date, year: int | None = None) -> Figures:
    """The council's disagreement figures, for every disagreement or those begun in `year` (the family's
    contact, as SEN2 counts a calendar year): counts by SQL; timeliness against the 30-day mediation and
    the 3-working-day certificate duties from the clock's milestone states (met on time, late or overdue)."""
    from sqlalchemy import and_, func

    result = Figures()
    mine = Disagreement.local_authority_id == local_authority_id
    if year is not None:
        mine = and_(mine, Disagreement.contacted_on.between(date(year, 1, 1), date(year, 12, 31)))
    for kind, n in db.session.exec(
        select(Disagreement.decision_kind, func.count()).where(mine).group_by(Disagreement.decision_kind)
    ):
        result.by_decision[kind] = n
        result.total += n
    for wants, n in db.session.exec(
        select(Disagreement.wants_mediation, func.count()).where(mine).group_by(Disagreement.wants_mediation)
    ):
        if wants:
            result.mediation += n
        else:
            result.certificate_only += n
    held = select(Disagreement.outcome, func.count()).where(mine, Disagreement.wants_mediation.is_(True))
    for outcome, n in db.session.exec(held.group_by(Disagreement.outcome)):
        result.outcomes[outcome] = n
    result.appealed = db.session.exec(select(func.count()).where(mine, Disagreement.appealed_on.is_not(None))).one()
    result.certificates_issued = db.session.exec(
        select(func.count()).where(mine, Disagreement.certificate_issued_on.is_not(None))
    ).one()
    actions = actions_for_council(local_authority_id)
    for d in db.session.exec(select(Disagreement).where(mine)):
        timeline = {m.key: m for m in disagreement_timeline(facts_of(d, actions.get(d.id, [])), today)}
        if "mediation_held" in timeline:
            _timeliness(result.mediation_timeliness, timeline["mediation_held"].state, d.mediation_late)
        if "mediation_certificate" in timeline:
            _timeliness(result.certificate_timeliness, timeline["mediation_certificate"].state)
    return result
