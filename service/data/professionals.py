"""Organisations and the professionals who work for them: lookups, the organisation's work, sign-in state.

Every lookup a professional's page makes is scoped to their organisation (`organisation_id`); another
organisation's id finds nothing, so the page gives 404."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import col, func, or_, select, update

from service.data import audit
from service.data.rows import saved_id, table_of
from service.db import db
from service.models import (
    AdviceRequest,
    Case,
    Consultation,
    LocalAuthority,
    Organisation,
    PlanReview,
    Professional,
    ProfessionalInvitation,
    Setting,
    StaffUser,
    utcnow,
)
from service.models.organisation import SETTING
from service.sessions import revoke_sessions_of
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

    kind: str  # advice, consultation or review
    id: int
    reference: str
    child_name: str
    council: str
    asked_on: date
    due_on: date
    done_on: date | None
    late: bool
    step: str = ""  # a review's: what is next ("Arrange the review meeting", "Send the review report", ...)


def work_for(organisation_id: int, today: date | None = None) -> list[WorkItem]:
    """The organisation's advice requests, consultations and the reviews it holds: open first, soonest due
    first."""
    items = _work(organisation_id, None) + _reviews(organisation_id, today or date.today())
    return sorted(items, key=lambda i: (i.done_on is not None, i.due_on, i.kind, i.id))


REVIEW_STEP_NAMES = {
    "annual_review": "Arrange the review meeting",
    "review_invitations": "Send the invitations",
    "review_report": "Send the review report",
}


def _reviews(organisation_id: int, today: date) -> list[WorkItem]:
    """The reviews the organisation holds, each due by its next step on the plan's clock (the meeting, the
    invitations, the report), done when the report is sent."""
    from service.data.plan_life import CANCELLED, plan_facts
    from service.domain.clock import format_govuk_date, plan_timeline

    query = (
        select(PlanReview, Case, LocalAuthority)
        .join(Case, col(Case.id) == PlanReview.case_id)
        .join(LocalAuthority, col(LocalAuthority.id) == Case.local_authority_id)
        .where(col(PlanReview.organisation_id) == organisation_id, col(PlanReview.status) != CANCELLED)
        .order_by(col(PlanReview.id))
    )
    items = []
    for review, case, la in db.session.exec(query):
        facts = plan_facts(case, review)
        if facts is None or review.id is None:
            continue
        steps = {m.key: m for m in plan_timeline(facts, today)}
        report = steps.get("review_report")
        if review.report_sent_on is not None and report is not None:
            due, step = report.due or review.report_sent_on, "Review report sent"
        else:
            outstanding = [
                m for key, m in steps.items() if key in REVIEW_STEP_NAMES and m.is_outstanding and m.due is not None
            ]
            first = min(outstanding, key=lambda m: m.due or date.max) if outstanding else None
            if first is not None and first.due is not None:
                due, step = first.due, REVIEW_STEP_NAMES[first.key]
                if first.key == "annual_review" and review.meeting_on is not None:
                    step = f"Meeting on {format_govuk_date(review.meeting_on)}"
            else:
                due = (report.due if report else None) or case.review_due_on or today
                step = "Send the review report"
        items.append(
            WorkItem(
                "review",
                review.id,
                case.reference,
                f"{case.child_first_name} {case.child_last_name}",
                la.name,
                review.created_at.date(),
                due,
                review.report_sent_on,
                bool(review.report_sent_on and report and report.due and review.report_sent_on > report.due),
                step,
            )
        )
    return items


def _work(organisation_id: int, local_authority_id: int | None) -> list[WorkItem]:
    advice_query = (
        select(AdviceRequest, Case, LocalAuthority)
        .join(Case, col(Case.id) == AdviceRequest.case_id)
        .join(LocalAuthority, col(LocalAuthority.id) == Case.local_authority_id)
        .where(col(AdviceRequest.organisation_id) == organisation_id)
        .order_by(col(AdviceRequest.id))
    )
    consultation_query = (
        select(Consultation, Case, LocalAuthority)
        .join(Case, col(Case.id) == Consultation.case_id)
        .join(LocalAuthority, col(LocalAuthority.id) == Case.local_authority_id)
        .where(col(Consultation.organisation_id) == organisation_id)
        .order_by(col(Consultation.id))
    )
    if local_authority_id is not None:
        advice_query = advice_query.where(col(Case.local_authority_id) == local_authority_id)
        consultation_query = consultation_query.where(col(Case.local_authority_id) == local_authority_id)
    advice = db.session.exec(advice_query).all()
    consultations = db.session.exec(consultation_query).all()
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


# Organisations and their people: the council's and the professionals' pages (issue 14)

INVITATION_LIFETIME = timedelta(days=7)
INVITED, ACTIVE, REMOVED = "Invited", "Active", "Removed"


def national_setting_by_urn(urn: int) -> Setting | None:
    """The open national row of the settings register (GIAS) with this URN, or None."""
    return db.session.exec(
        select(Setting)
        .where(col(Setting.urn) == urn, col(Setting.local_authority_id).is_(None), col(Setting.closed_on).is_(None))
        .order_by(col(Setting.id))
    ).first()


def organisation_by_urn(urn: int) -> Organisation | None:
    return db.session.exec(select(Organisation).where(col(Organisation.urn) == urn)).first()


def organisation_for_council(local_authority_id: int, organisation_id: int) -> Organisation | None:
    """An organisation this council may see: one it added, or any setting (settings are national: one
    organisation per URN). Another council's EP service, health provider or social care team: None."""
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        return None
    if organisation.local_authority_id != local_authority_id and organisation.kind != SETTING:
        return None
    return organisation


@dataclass(frozen=True)
class OrganisationRow:
    organisation: Organisation
    people: int
    open_work: int


def _open_work_counts(local_authority_id: int) -> dict[int, int]:
    """Organisation id -> how many advice requests and consultations from this council's cases are open."""
    counts: dict[int, int] = {}
    advice = db.session.exec(
        select(AdviceRequest.organisation_id, func.count())
        .join(Case, col(Case.id) == AdviceRequest.case_id)
        .where(
            col(Case.local_authority_id) == local_authority_id,
            col(AdviceRequest.organisation_id).is_not(None),
            col(AdviceRequest.received_on).is_(None),
        )
        .group_by(col(AdviceRequest.organisation_id))
    ).all()
    consultations = db.session.exec(
        select(Consultation.organisation_id, func.count())
        .join(Case, col(Case.id) == Consultation.case_id)
        .where(col(Case.local_authority_id) == local_authority_id, col(Consultation.answered_on).is_(None))
        .group_by(col(Consultation.organisation_id))
    ).all()
    for organisation_id, n in [*advice, *consultations]:
        if organisation_id is not None:
            counts[organisation_id] = counts.get(organisation_id, 0) + n
    return counts


def _with_work_ids(local_authority_id: int) -> set[int]:
    """Organisations that have any work (open or done) from this council's cases."""
    advice = db.session.exec(
        select(AdviceRequest.organisation_id)
        .join(Case, col(Case.id) == AdviceRequest.case_id)
        .where(col(Case.local_authority_id) == local_authority_id, col(AdviceRequest.organisation_id).is_not(None))
        .distinct()
    ).all()
    consultations = db.session.exec(
        select(Consultation.organisation_id)
        .join(Case, col(Case.id) == Consultation.case_id)
        .where(col(Case.local_authority_id) == local_authority_id)
        .distinct()
    ).all()
    return {i for i in [*advice, *consultations] if i is not None}


def organisations_for_council(local_authority_id: int) -> list[OrganisationRow]:
    """The organisations a council works with: those it added, and settings with work from its cases;
    each with how many people it has (not removed) and its open work for this council. By name."""
    with_work = _with_work_ids(local_authority_id)
    condition = col(Organisation.local_authority_id) == local_authority_id
    if with_work:
        condition = or_(condition, col(Organisation.id).in_(with_work) & (col(Organisation.kind) == SETTING))
    organisations = db.session.exec(
        select(Organisation).where(condition).order_by(col(Organisation.name), col(Organisation.id))
    ).all()
    people = dict(
        db.session.exec(
            select(Professional.organisation_id, func.count())
            .where(col(Professional.disabled).is_(False))
            .group_by(col(Professional.organisation_id))
        ).all()
    )
    open_work = _open_work_counts(local_authority_id)
    return [
        OrganisationRow(o, people.get(o.id, 0), open_work.get(o.id or 0, 0)) for o in organisations if o.id is not None
    ]


def add_organisation(
    staff_user_id: int, local_authority_id: int, kind: str, name: str, urn: int | None, email: str, ip: str
) -> Organisation:
    organisation = Organisation(
        kind=kind, name=name, urn=urn, local_authority_id=local_authority_id, email=normalise_email(email)
    )
    db.session.add(organisation)
    db.session.flush()
    audit.record(
        staff_user_id,
        local_authority_id,
        "organisation.add",
        detail=f"organisation:{organisation.id} {kind}",
        ip_address=ip,
    )
    return organisation


def status_of(person: Professional) -> str:
    if person.disabled:
        return REMOVED
    return ACTIVE if person.active else INVITED


def people_of(organisation_id: int) -> list[Professional]:
    """The organisation's people: current first, then by name."""
    return list(
        db.session.exec(
            select(Professional)
            .where(col(Professional.organisation_id) == organisation_id)
            .order_by(col(Professional.disabled), col(Professional.name), col(Professional.id))
        )
    )


def person_at(organisation_id: int, professional_id: int) -> Professional | None:
    """A person at this organisation; None for anyone else's id."""
    person = db.session.get(Professional, professional_id)
    return person if person is not None and person.organisation_id == organisation_id else None


def work_for_council(organisation_id: int, local_authority_id: int) -> list[WorkItem]:
    """The organisation's work from this council's cases only (a council never sees another's)."""
    return _work(organisation_id, local_authority_id)


def _audit(invited_by: str, local_authority_id: int | None, action: str, detail: str, ip: str) -> None:
    """A change by council staff is recorded against the staff member's own council (a setting is national:
    any council may invite its people); a professional's against the organisation's council."""
    kind, _, actor_id = invited_by.partition(":")
    if kind == "staff":
        staff = db.session.get(StaffUser, int(actor_id))
        audit.record(int(actor_id), staff.local_authority_id if staff else None, action, detail=detail, ip_address=ip)
    else:
        audit.record_professional(int(actor_id), local_authority_id, action, detail=detail, ip_address=ip)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_invitation(person: Professional, invited_by: str) -> str:
    token = secrets.token_urlsafe(32)
    db.session.add(
        ProfessionalInvitation(
            professional_id=saved_id(person),
            token_hash=_token_hash(token),
            invited_by=invited_by,
            expires_at=utcnow() + INVITATION_LIFETIME,
        )
    )
    return token


def invite_professional(
    organisation: Organisation, name: str, email: str, role: str, invited_by: str, ip: str
) -> tuple[Professional, str]:
    """A person at the organisation (not active until they accept) and a single-use invitation valid 7 days;
    returns the token for the link (only its SHA-256 is stored). `invited_by`: staff:<id> or professional:<id>.
    The caller adds the email to the outbox; the request commits."""
    person = Professional(organisation_id=saved_id(organisation), email=normalise_email(email), name=name, role=role)
    db.session.add(person)
    db.session.flush()
    token = _new_invitation(person, invited_by)
    _audit(
        invited_by,
        organisation.local_authority_id,
        "organisation.invite",
        f"organisation:{organisation.id} invite professional:{person.id}",
        ip,
    )
    db.session.flush()
    return person, token


def _void_invitations(person: Professional) -> None:
    now = utcnow()
    db.session.execute(
        update(ProfessionalInvitation)
        .where(
            col(ProfessionalInvitation.professional_id) == person.id,
            col(ProfessionalInvitation.used_at).is_(None),
            col(ProfessionalInvitation.expires_at) > now,
        )
        .values(expires_at=now)
    )


def resend_invitation(organisation: Organisation, person: Professional, invited_by: str, ip: str) -> str:
    """A new invitation link; every earlier one stops working."""
    _void_invitations(person)
    token = _new_invitation(person, invited_by)
    _audit(
        invited_by,
        organisation.local_authority_id,
        "organisation.reinvite",
        f"organisation:{organisation.id} reinvite professional:{person.id}",
        ip,
    )
    db.session.flush()
    return token


def remove_professional(organisation: Organisation, person: Professional, removed_by: str, ip: str) -> None:
    """They can no longer sign in and are signed out at once; their work stays with the organisation."""
    person.disabled = True
    db.session.add(person)
    _void_invitations(person)
    _audit(
        removed_by,
        organisation.local_authority_id,
        "organisation.remove",
        f"organisation:{organisation.id} remove professional:{person.id}",
        ip,
    )
    db.session.flush()
    revoke_sessions_of(f"professional:{person.id}")


@dataclass(frozen=True)
class Invitation:
    row: ProfessionalInvitation
    person: Professional
    organisation: Organisation
    invited_by: str  # "Jo Bloggs at Kent County Council" or "Priya Shah, a colleague at River Primary School"


def inviter_description(invited_by: str, organisation: Organisation) -> str:
    """Who sent an invitation, in words: a council's member of staff or a colleague at the organisation."""
    kind, _, actor_id = invited_by.partition(":")
    if kind == "staff":
        found = db.session.exec(
            select(StaffUser, LocalAuthority)
            .join(LocalAuthority, col(LocalAuthority.id) == StaffUser.local_authority_id)
            .where(col(StaffUser.id) == int(actor_id))
        ).first()
        return f"{found[0].name} at {found[1].name} council" if found else "A council"
    colleague = db.session.get(Professional, int(actor_id)) if actor_id.isdigit() else None
    name = colleague.name if colleague else "A colleague"
    return f"{name}, a colleague at {organisation.name}"


def invitation(token: str) -> Invitation | None:
    """A usable invitation (not used, voided or older than 7 days; the person not removed), or None."""
    row = db.session.exec(
        select(ProfessionalInvitation).where(col(ProfessionalInvitation.token_hash) == _token_hash(token))
    ).first()
    if row is None or row.used_at is not None or row.expires_at <= utcnow():
        return None
    found = professional_and_organisation(row.professional_id)
    if found is None or found[0].disabled:
        return None
    return Invitation(row, found[0], found[1], inviter_description(row.invited_by, found[1]))


def accept_invitation(found: Invitation, ip: str) -> None:
    found.row.used_at = utcnow()
    found.person.active = True
    db.session.add_all([found.row, found.person])
    audit.record_professional(
        saved_id(found.person),
        found.organisation.local_authority_id,
        "professional.accept_invitation",
        detail=f"organisation:{found.organisation.id} professional:{found.person.id}",
        ip_address=ip,
    )
    db.session.flush()


def fresh_invitation_for(email: str, ip: str) -> tuple[Professional, Organisation, str, str] | None:
    """For someone whose link expired: a new link if the address belongs to an invited person who has not
    accepted and was not removed (by the last inviter). Returns (person, organisation, token, inviter) or None."""
    person = professional_by_email(email)
    if person is None or person.disabled or person.active:
        return None
    found = professional_and_organisation(saved_id(person))
    assert found is not None
    last = db.session.exec(
        select(ProfessionalInvitation)
        .where(col(ProfessionalInvitation.professional_id) == person.id)
        .order_by(col(ProfessionalInvitation.id).desc())
    ).first()
    invited_by = last.invited_by if last else f"professional:{person.id}"
    _void_invitations(person)
    token = _new_invitation(person, invited_by)
    audit.record_professional(
        saved_id(person),
        found[1].local_authority_id,
        "organisation.new_link",
        detail=f"organisation:{found[1].id} new link professional:{person.id}",
        ip_address=ip,
    )
    db.session.flush()
    return person, found[1], token, inviter_description(invited_by, found[1])


# Sign-in failures: ten wrong codes in a row pause the account's sign-in for 30 minutes (as staff accounts
# lock after ten wrong passwords or codes). Each code also allows only 5 tries, and codes are rate limited.
MAX_FAILED_CODES = 10
SIGN_IN_PAUSE = timedelta(minutes=30)


def sign_in_paused(person: Professional) -> bool:
    return person.locked_until is not None and person.locked_until > utcnow()


def record_wrong_code(professional_id: int) -> bool:
    """Count a wrong code; True when that pauses the account's sign-in. One conditional UPDATE, committed
    at once (a counted try stands even though the request answers 400)."""
    table = table_of(Professional)
    row = db.session.execute(
        update(table)
        .where(table.c.id == professional_id)
        .values(failed_attempts=table.c.failed_attempts + 1)
        .returning(table.c.failed_attempts)
    ).first()
    paused = row is not None and row[0] >= MAX_FAILED_CODES
    if paused:
        db.session.execute(
            update(table)
            .where(table.c.id == professional_id)
            .values(failed_attempts=0, locked_until=utcnow() + SIGN_IN_PAUSE)
        )
    db.commit_now()
    return paused


def signed_in(person: Professional) -> None:
    """A right code forgets the failures (committed with the sign-in)."""
    person.failed_attempts = 0
    person.locked_until = None
    db.session.add(person)
