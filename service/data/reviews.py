"""A plan's reviews (CFA s44; SEND Regulations 2014 regs 18-22): finding one within its scope, the
optimistic lock every review form carries, and completing a review.

Staff reach a review through a case already scoped to their council, professionals through their
organisation. Every step on a review bumps its version: a form opened before another person's step is
refused with what changed (StaleReview), never applied over it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import col, select

from service.data import audit, notifications, plans
from service.data.advice import addresses, organisations_for_council
from service.data.case_changes import StaleCase, finish_change
from service.data.caseload import forget_counts
from service.data.context import ChangeContext
from service.data.facts import assessment_facts, refresh_clock
from service.data.family_messages import send_case_update
from service.data.plan_life import CANCELLED, COMPLETE, OPEN, open_review, plan_facts, reviews_of
from service.data.rows import saved_id
from service.db import db
from service.domain.clock import Milestone, format_govuk_date, plan_timeline
from service.domain.dates import add_weeks
from service.domain.ehcp import review as review_document
from service.domain.ehcp.document import Document
from service.domain.plan import short_notice
from service.links import external_url
from service.models import Case, CaseEvent, LocalAuthority, Organisation, PlanReview, PlanVersion, Professional, utcnow
from service.models.organisation import SETTING

__all__ = ["CANCELLED", "COMPLETE", "OPEN", "StaleCase", "StaleReview"]

SETTING_LED, COUNCIL_LED = "setting", "council"
REVIEW_STEPS = ("annual_review", "review_invitations", "review_report", "review_decision")


class StaleReview(Exception):
    """The review changed since the form was opened: another person took a step on it."""

    def __init__(self, review: PlanReview) -> None:
        super().__init__("review changed")
        self.review = review


def review_for_case(case: Case, review_id: int) -> PlanReview | None:
    """One review of this (already scoped) case; another case's review id finds nothing."""
    query = select(PlanReview).where(col(PlanReview.id) == review_id, col(PlanReview.case_id) == case.id)
    return db.session.exec(query).first()


def lock(review: PlanReview) -> PlanReview:
    """Re-read the review, locked until the transaction ends, so two steps at once cannot both apply."""
    db.session.refresh(review, with_for_update=True)
    return review


def check_version(review: PlanReview, opened_version: int | None) -> None:
    """Refuse a step from a form opened at another version of the review (the lock is taken first)."""
    lock(review)
    if opened_version is not None and review.version != opened_version:
        db.session.rollback()
        raise StaleReview(review)


def touched(review: PlanReview) -> None:
    """Record that a step changed the review: a new version for the next form to check against."""
    review.version += 1
    review.updated_at = utcnow()
    db.session.add(review)


def report_of(review: PlanReview) -> dict[str, Any] | None:
    """The review report as sent (the review schema's JSON), or None before it is sent."""
    if not review.report:
        return None
    report: dict[str, Any] = json.loads(review.report)
    return report


def complete(case: Case, review: PlanReview, on: date) -> None:
    """The review is done (the decision to maintain sent, or the amended plan issued): its meeting starts the
    next 12 months (CFA s44(1)). The caller finishes the change on the case (refresh_clock)."""
    review.status = COMPLETE
    review.completed_on = on
    touched(review)
    if review.meeting_on is not None:
        case.last_review_on = review.meeting_on
    db.session.add(case)


# --- Who takes a step: council staff (a ChangeContext) or a professional at the review's setting ---------


@dataclass(frozen=True, slots=True)
class ProfessionalChange:
    """A professional's step on a review: who, at which organisation, from where, and the day."""

    person: Professional
    organisation: Organisation
    ip: str
    today: date


Actor = ChangeContext | ProfessionalChange


def _finish(
    by: Actor,
    case: Case,
    *,
    kind: str,
    summary: str,
    action: str,
    detail: str,
    family_message: str | None = None,
    next_step: str | None = None,
) -> None:
    """Finish a step on the case: staff through case_changes.finish_change (their version check is the
    review's, done first); a professional's the same way, audited as theirs."""
    if isinstance(by, ChangeContext):
        plain = ChangeContext(user=by.user, ip=by.ip, today=by.today)  # the review's version was checked
        finish_change(
            plain, case, kind=kind, summary=summary, action=action, detail=detail, family_message=family_message,
            next_step=next_step,
        )  # fmt: skip
        return
    db.session.flush()
    refresh_clock(case, assessment_facts(case), by.today)
    case.version += 1
    case.updated_at = utcnow()
    actor = f"{by.person.name} ({by.organisation.name})"
    db.session.add(CaseEvent(case_id=saved_id(case), kind=kind, summary=summary, actor=actor, family_visible=True))
    audit.record_professional(saved_id(by.person), case.local_authority_id, action, case.id, detail, by.ip)
    if family_message:
        send_case_update(case, family_message, by.today, next_step)
    db.session.flush()
    local_authority_id = case.local_authority_id
    db.after_commit(lambda: forget_counts(local_authority_id))


def _today(by: Actor) -> date:
    return by.today


# --- Reading -------------------------------------------------------------------------------------------


def review_for_organisation(organisation_id: int, review_id: int) -> tuple[PlanReview, Case, LocalAuthority] | None:
    """One review held by this organisation, with its case and council; None for any other id."""
    row = db.session.exec(
        select(PlanReview, Case, LocalAuthority)
        .join(Case, col(Case.id) == PlanReview.case_id)
        .join(LocalAuthority, col(LocalAuthority.id) == Case.local_authority_id)
        .where(col(PlanReview.id) == review_id, col(PlanReview.organisation_id) == organisation_id)
    ).first()
    return (row[0], row[1], row[2]) if row else None


def reviews_for_organisation(organisation_id: int) -> list[tuple[PlanReview, Case, LocalAuthority]]:
    """Every review this organisation holds, with its case and council (oldest first)."""
    query = (
        select(PlanReview, Case, LocalAuthority)
        .join(Case, col(Case.id) == PlanReview.case_id)
        .join(LocalAuthority, col(LocalAuthority.id) == Case.local_authority_id)
        .where(col(PlanReview.organisation_id) == organisation_id, col(PlanReview.status) != CANCELLED)
        .order_by(col(PlanReview.id))
    )
    return [(review, case, council) for review, case, council in db.session.exec(query)]


def all_reviews(case: Case) -> list[PlanReview]:
    return reviews_of(case)


def current_review(case: Case) -> PlanReview | None:
    return open_review(case)


def organisation_of(review: PlanReview) -> Organisation | None:
    return db.session.get(Organisation, review.organisation_id) if review.organisation_id else None


def invitees_of(review: PlanReview) -> list[str]:
    found: list[str] = json.loads(review.invitees or "[]")
    return found


def steps(case: Case, review: PlanReview | None, today: date) -> list[Milestone]:
    """The review's steps on the plan's clock (the next review due, invitations, report, decision)."""
    facts = plan_facts(case, review)
    if facts is None:
        return []
    return [m for m in plan_timeline(facts, today) if m.key in REVIEW_STEPS and m.state.value != "not_applicable"]


def next_step(case: Case, review: PlanReview | None, today: date) -> Milestone | None:
    """The review's earliest outstanding step (for the setting's home page)."""
    outstanding = [m for m in steps(case, review, today) if m.is_outstanding and m.key != "review_decision"]
    return min(outstanding, key=lambda m: m.due or date.max) if outstanding else None


def settings_for(case: Case) -> list[Organisation]:
    """The settings the council may ask to hold the review (every setting in the service)."""
    return [o for o in organisations_for_council(case.local_authority_id) if o.kind == SETTING]


def default_setting(case: Case, choices: list[Organisation]) -> Organisation | None:
    """The child's current setting, when it uses the service (matched by URN)."""
    if case.current_setting_urn is None:
        return None
    return next((o for o in choices if o.urn == case.current_setting_urn), None)


def plan_version(case: Case) -> PlanVersion | None:
    """The plan's latest issued version: the one being reviewed."""
    return plans.latest_version(case)


def plan_document(case: Case) -> Document | None:
    version = plan_version(case)
    return plans.document_of(version) if version is not None else None


# --- Starting a review -------------------------------------------------------------------------------


def cannot_start(case: Case) -> str | None:
    """Why a review cannot be started on this case now, or None."""
    if case.ceased_on is not None or case.cease_decision_on is not None:
        return "The council has stopped maintaining this plan, so it cannot be reviewed"
    if case.final_issued_on is None or plan_version(case) is None:
        return "There is no final plan to review yet"
    if open_review(case) is not None:
        return "A review of this plan is already open"
    return None


def start(change: ChangeContext, case: Case, arranged_by: str, organisation: Organisation | None) -> PlanReview:
    """Start the plan's review, held by the setting (reg 20) or the council (reg 21). Raises StaleCase when the
    case changed since the form was opened, ValueError when a review cannot be started."""
    if change.version is not None and case.version != change.version:
        db.session.rollback()
        raise StaleCase()
    db.session.refresh(case, with_for_update=True)
    if change.version is not None and case.version != change.version:
        db.session.rollback()
        raise StaleCase()
    problem = cannot_start(case)
    if problem:
        raise ValueError(problem)
    review = PlanReview(
        case_id=saved_id(case),
        local_authority_id=case.local_authority_id,
        phase_transfer=bool(case.phase_transfer),
        arranged_by=arranged_by,
        organisation_id=organisation.id if organisation is not None and arranged_by == SETTING_LED else None,
        created_by_id=change.user.id,
    )
    db.session.add(review)
    db.session.flush()
    who = organisation.name if organisation is not None and arranged_by == SETTING_LED else "the council"
    _finish(
        change,
        case,
        kind="review_started",
        summary=f"Annual review of the plan started: arranged by {who}",
        action="review.start",
        detail=f"review:{review.id}; {arranged_by}"
        + (f"; organisation:{organisation.id}" if review.organisation_id and organisation else ""),
    )
    if review.organisation_id and organisation is not None:
        _tell_setting(case, review, organisation, change.today)
    return review


def _tell_setting(case: Case, review: PlanReview, organisation: Organisation, today: date) -> int:
    council = db.session.get(LocalAuthority, case.local_authority_id)
    assert council is not None
    due = case.review_due_on
    told = 0
    for address in addresses(organisation):
        notifications.send_review_requested(
            to=address,
            council=council.name,
            reference=case.reference,
            child_first_name=case.child_first_name,
            due_by=format_govuk_date(due) if due else "as soon as possible",
            link=external_url("professional.review", review_id=review.id),
            case_id=saved_id(case),
        )
        told += 1
    db.session.flush()
    return told


# --- Arranging the meeting ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Meeting:
    on: date
    time: str
    place: str
    invitations_sent_on: date | None
    invitees: list[str]
    advice_asked: str
    short_notice_reason: str = ""


def arrange(by: Actor, case: Case, review: PlanReview, opened_version: int | None, meeting: Meeting) -> bool:
    """Arrange (or re-arrange) the meeting and record the invitations. Returns True when the notice is short
    (recorded with its reason). Raises StaleReview for a form opened at another version of the review."""
    check_version(review, opened_version)
    if review.status != OPEN or review.report_sent_on is not None:
        raise StaleReview(review)
    rearranged = review.meeting_on is not None
    review.meeting_on = meeting.on
    review.meeting_time = meeting.time
    review.meeting_place = meeting.place
    review.invitations_sent_on = meeting.invitations_sent_on
    review.invitees = json.dumps(meeting.invitees)
    review.advice_asked = meeting.advice_asked
    sent = meeting.invitations_sent_on
    review.short_notice = sent is not None and short_notice(sent, meeting.on)
    review.short_notice_reason = meeting.short_notice_reason if review.short_notice else ""
    touched(review)
    when = f"{format_govuk_date(meeting.on)}" + (f" at {meeting.time}" if meeting.time else "")
    what = f"The annual review meeting was {'moved to' if rearranged else 'arranged for'} {when}"
    _finish(
        by,
        case,
        kind="review_meeting",
        summary=what
        + (f"; invitations sent on {format_govuk_date(sent)}" if sent else "; invitations not sent yet")
        + (" (less than 2 weeks' notice)" if review.short_notice else ""),
        action="review.meeting",
        detail=f"review:{review.id}; {meeting.on.isoformat()}" + ("; short notice" if review.short_notice else ""),
        family_message=what + (f", at {meeting.place}" if meeting.place else ""),
        next_step="You are invited. Tell the person who arranged it if you cannot come, and what you want to talk about",
    )
    return review.short_notice


# --- The report ----------------------------------------------------------------------------------------


def report_draft(case: Case, review: PlanReview) -> review_document.Report:
    """The report as written so far (as sent, once it is); a new one from the plan's latest issued version."""
    sent = report_of(review)
    if sent is not None:
        return sent
    if review.draft_report:
        draft: review_document.Report = json.loads(review.draft_report)
        return draft
    return review_document.empty_report(plan_document(case) or {}, review.meeting_on)


def save_report(
    by: Actor, case: Case, review: PlanReview, opened_version: int | None, report: review_document.Report, what: str
) -> None:
    """Keep one part of the report as it is written (nothing written is lost); audited naming the part, never
    its content. Raises StaleReview for a form opened at another version."""
    check_version(review, opened_version)
    if review.report_sent_on is not None or review.status != OPEN:
        raise StaleReview(review)
    errors = review_document.validation_errors(report)
    if errors:
        raise ValueError(f"review report does not match its schema: {errors[0]}")
    review.draft_report = json.dumps(report)
    touched(review)
    detail = f"review:{review.id}; {what}"[:500]
    if isinstance(by, ChangeContext):
        audit.record(by.user.id, by.user.local_authority_id, "review.report_edit", case.id, detail, by.ip)
    else:
        audit.record_professional(
            saved_id(by.person), case.local_authority_id, "review.report_edit", case.id, detail, by.ip
        )
    db.session.flush()


class NotReady(Exception):
    """The report cannot be sent yet (the meeting is not held, or parts are missing)."""


def send_report(by: Actor, case: Case, review: PlanReview, opened_version: int | None) -> bool:
    """Send the report: it is the report of record, sent today (late after 2 weeks from the meeting, still
    accepted). Returns True when late. Raises StaleReview, or NotReady."""
    check_version(review, opened_version)
    if review.report_sent_on is not None or review.status != OPEN:
        raise StaleReview(review)
    report = report_draft(case, review)
    today = _today(by)
    if review.meeting_on is None or review.meeting_on > today or review_document.problems(report):
        db.session.rollback()
        raise NotReady()
    errors = review_document.validation_errors(report)
    if errors:
        raise ValueError(f"review report does not match its schema: {errors[0]}")
    review.report = json.dumps(report)
    review.report_sent_on = today
    if isinstance(by, ChangeContext):
        review.report_by_staff_id = by.user.id
    else:
        review.report_by_professional_id = by.person.id
    touched(review)
    late = today > add_weeks(review.meeting_on, 2)
    sent = f"The annual review report was sent on {format_govuk_date(today)}"
    _finish(
        by,
        case,
        kind="review_report_sent",
        summary=sent + (" (late)" if late else ""),
        action="review.report_sent",
        detail=f"review:{review.id}" + ("; late" if late else ""),
        family_message=sent,
        next_step="The council must tell you whether it will keep, change or stop the plan within 4 weeks of the meeting",
    )
    return late
