"""Changes council staff make to a case: the statutory steps, advice asked for and received, exceptions to
a time limit, assignment, and requests recorded by hand.

Each change takes the staff member's ChangeContext (who, from where, today, the case version their form
showed) and adds, to the request's one transaction, the change itself, the clock's copy on the case (its
next due), the bumped version, the case event, the audit event and the family's message. The request
commits; the council's cached caseload counts are cleared once it has.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from service.data import audit
from service.data.caseload import forget_counts
from service.data.context import ChangeContext
from service.data.facts import assessment_facts, new_case_facts, refresh_clock
from service.data.family_messages import send_case_update
from service.data.rows import saved_id
from service.db import db
from service.domain.clock import EXCEPTION_SOURCES, ExceptionPhase, Step, advice_due, apply_step, format_govuk_date
from service.models import AdviceRequest, Case, CaseEvent, CaseNote, StaffUser, TimeLimitException, utcnow
from service.references import new_reference
from service.wording.steps import STEP_EVENTS, appeal_rights

# The kind of case event each step writes (the history's and the family's timeline's vocabulary).
STEP_EVENT_KINDS = {
    Step.DECIDE_TO_ASSESS: "decision_to_assess",
    Step.DECIDE_NOT_TO_ASSESS: "decision_not_to_assess",
    Step.DECIDE_TO_ISSUE: "decision_to_issue",
    Step.DECIDE_NOT_TO_ISSUE: "decision_not_to_issue",
    Step.SERVE_DRAFT: "draft_served",
    Step.ISSUE_FINAL: "final_issued",
    Step.WITHDRAW: "withdrawn",
}


class StaleCase(Exception):
    """The case changed since the form was opened."""


def check_version(change: ChangeContext, case: Case) -> None:
    """Refuse a change made from a form opened at another version of the case. Everything the request
    added so far (an upload's row, say) is rolled back with it: nothing half-written can be committed."""
    if change.version is not None and case.version != change.version:
        db.session.rollback()
        raise StaleCase()


def _finish_change(
    change: ChangeContext,
    case: Case,
    *,
    kind: str,
    summary: str,
    action: str,
    detail: str = "",
    family_message: str | None = None,
    next_step: str | None = None,
    family_visible: bool = True,
    happened_on: date | None = None,
) -> None:
    """Finish a change to a case: refresh the clock's copy on the case, bump its version, add the timeline
    event, the audit event and the family's message, and flush. Raises StaleCase (and changes nothing)
    when the case moved on since the form was opened. `happened_on` is the step's own date (a decision,
    a draft served, advice received), shown on the timeline instead of the day it was typed in."""
    check_version(change, case)
    user = change.user
    db.session.flush()
    refresh_clock(case, assessment_facts(case), change.today)
    case.version += 1
    case.updated_at = utcnow()
    db.session.add(
        CaseEvent(
            case_id=saved_id(case),
            kind=kind,
            summary=summary,
            actor=f"{user.name} (council)",
            family_visible=family_visible,
            happened_on=happened_on,
        )
    )
    audit.record(user.id, user.local_authority_id, action, case.id, detail=detail, ip_address=change.ip)
    if family_message:
        send_case_update(case, family_message, change.today, next_step)
    db.session.flush()
    local_authority_id = case.local_authority_id
    db.after_commit(lambda: forget_counts(local_authority_id))


def record_step(
    change: ChangeContext,
    case: Case,
    step: Step,
    on: date,
    named_setting: str = "",
    reasons: str = "",
    next_step: str | None = None,
    *,
    notice_sent_on: date | None = None,
) -> None:
    """Apply a statutory step: the change, its timeline event, the audit event and the family's message.
    The caller has already checked the move with the clock's check_move. Reasons are kept as an internal
    note (they may hold health details), never in events or audit.

    For a decision not to assess or not to issue, `notice_sent_on` is the day the decision letter was sent
    (none given: the day of the decision; never before it): the family's adviser-contact, mediation and
    appeal windows run from it."""
    check_version(change, case)
    facts = apply_step(assessment_facts(case), step, on)
    case.decided_to_assess = facts.decided_to_assess
    case.decision_to_assess_on = facts.decision_to_assess_on
    case.decided_to_issue = facts.decided_to_issue
    case.decision_to_issue_on = facts.decision_to_issue_on
    case.draft_served_on = facts.draft_served_on
    case.final_issued_on = facts.final_issued_on
    case.withdrawn_on = facts.withdrawn_on
    if named_setting:
        case.named_setting = named_setting
    notice = max(notice_sent_on or on, on)
    if step == Step.DECIDE_NOT_TO_ASSESS:
        case.assess_notice_sent_on = notice
    elif step == Step.DECIDE_NOT_TO_ISSUE:
        case.issue_notice_sent_on = notice
    summary = STEP_EVENTS[step]
    if reasons:
        text = f"Reasons ({summary.lower()}): {reasons}"
        db.session.add(CaseNote(case_id=saved_id(case), author_id=saved_id(change.user), text=text))
    appealable = step in (Step.DECIDE_NOT_TO_ASSESS, Step.DECIDE_NOT_TO_ISSUE)
    sent = f". The decision letter was sent on {format_govuk_date(notice)}" if appealable and notice != on else ""
    _finish_change(
        change,
        case,
        kind=STEP_EVENT_KINDS[step],
        summary=f"{summary} on {format_govuk_date(on)}{sent}",
        action=f"case.{step.value}",
        detail=on.isoformat() + (f" notice {notice.isoformat()}" if appealable else ""),
        family_message=f"{summary} on {format_govuk_date(on)}{sent}",
        next_step=appeal_rights(notice) if appealable else next_step,
        happened_on=on,
    )


def add_advice_request(change: ChangeContext, case: Case, kind: str, label: str, adviser: str, on: date) -> date:
    """Record that advice was sought (reg 6(1)); returns its due date from the clock (reg 8(1))."""
    check_version(change, case)
    due = advice_due(on)
    db.session.add(
        AdviceRequest(
            case_id=saved_id(case),
            kind=kind,
            requested_on=on,
            adviser=adviser,
            due_on=due,
            requested_by_id=change.user.id,
        )
    )
    _finish_change(
        change,
        case,
        kind="advice_requested",
        summary=f"{label} advice requested on {format_govuk_date(on)}, due by {format_govuk_date(due)}",
        action="case.request_advice",
        detail=kind,
        family_message=f"The council asked for {label.lower()} advice on {format_govuk_date(on)}",
        happened_on=on,
    )
    return due


def ask_organisation_for_advice(
    change: ChangeContext, case: Case, kind: str, label: str, organisation_id: int, name: str, asked: str, on: date
) -> AdviceRequest:
    """Ask an organisation in the service for advice (reg 6(1)); it has 6 weeks (reg 8(1)). The caller
    tells the organisation (service.data.advice)."""
    check_version(change, case)
    due = advice_due(on)
    advice = AdviceRequest(
        case_id=saved_id(case),
        kind=kind,
        requested_on=on,
        adviser=name,
        organisation_id=organisation_id,
        asked=asked,
        due_on=due,
        requested_by_id=change.user.id,
    )
    db.session.add(advice)
    _finish_change(
        change,
        case,
        kind="advice_requested",
        summary=f"{label} advice requested from {name} on {format_govuk_date(on)}, due by {format_govuk_date(due)}",
        action="case.request_advice",
        detail=f"{kind}; organisation:{organisation_id}",
        family_message=f"The council asked {name} for {label.lower()} advice on {format_govuk_date(on)}",
        happened_on=on,
    )
    return advice


def record_advice_sent(case: Case, advice: AdviceRequest, actor: str, on: date, today: date) -> bool:
    """An organisation sent its advice in the service: received on the statutory timeline today, with the
    timeline event and the family's message (the caller audits the professional). Returns True when late."""
    advice.received_on = on
    db.session.add(advice)
    late = advice.due_on is not None and on > advice.due_on
    db.session.flush()
    refresh_clock(case, assessment_facts(case), today)
    case.version += 1
    case.updated_at = utcnow()
    summary = f"Advice received from {advice.adviser} on {format_govuk_date(on)}" + (" (late)" if late else "")
    db.session.add(
        CaseEvent(case_id=saved_id(case), kind="advice_received", summary=summary, actor=actor, happened_on=on)
    )
    send_case_update(case, f"The council received advice from {advice.adviser} on {format_govuk_date(on)}", today)
    db.session.flush()
    local_authority_id = case.local_authority_id
    db.after_commit(lambda: forget_counts(local_authority_id))
    return late


def record_advice_received(change: ChangeContext, case: Case, advice: AdviceRequest, label: str, on: date) -> None:
    check_version(change, case)
    advice.received_on = on
    db.session.add(advice)
    _finish_change(
        change,
        case,
        kind="advice_received",
        summary=f"{label} advice received on {format_govuk_date(on)}",
        action="case.record_advice",
        detail=advice.kind,
        family_message=f"The council received the {label.lower()} advice on {format_govuk_date(on)}",
        happened_on=on,
    )


def apply_exception(
    change: ChangeContext,
    case: Case,
    phase: str,
    ground: str,
    starts_on: date,
    ends_on: date | None,
    evidence: str,
) -> None:
    """Record an exception to a time limit. It never moves a due date: the clock reports it alongside."""
    check_version(change, case)
    db.session.add(
        TimeLimitException(
            case_id=saved_id(case),
            phase=phase,
            ground=ground,
            starts_on=starts_on,
            ends_on=ends_on,
            evidence=evidence,
            recorded_by_id=saved_id(change.user),
        )
    )
    _finish_change(
        change,
        case,
        kind="exception_applied",
        summary=f"An exception to a time limit was recorded ({EXCEPTION_SOURCES[ExceptionPhase(phase)]})",
        action="case.apply_exception",
        detail=f"{phase}:{ground}",
        family_visible=False,
    )


def assign(change: ChangeContext, case: Case, caseworker: StaffUser) -> None:
    check_version(change, case)
    case.assigned_caseworker_id = caseworker.id
    _finish_change(
        change,
        case,
        kind="assigned",
        summary=f"Assigned to {caseworker.name}",
        action="case.assign",
        detail=f"staff:{caseworker.id}",
        family_visible=False,
    )


def create_request(change: ChangeContext, values: dict[str, Any]) -> Case:
    """A request that arrived by post, email or phone, recorded by a caseworker: the case, its clock,
    the event, the audit and the family's acknowledgement."""
    user = change.user
    case = Case(
        reference=new_reference(),
        local_authority_id=user.local_authority_id,
        stage="request_received",
        contact_preference="email" if values.get("requester_email") else "post",
        **values,
    )
    refresh_clock(case, new_case_facts(case), change.today)
    db.session.add(case)
    db.session.flush()
    summary = f"Request received by {case.source} on {format_govuk_date(case.received_on)}"
    db.session.add(
        CaseEvent(
            case_id=saved_id(case),
            kind="request_received",
            summary=summary,
            actor=f"{user.name} (council)",
            happened_on=case.received_on,
        )
    )
    audit.record(
        user.id, user.local_authority_id, "case.create_request", case.id, detail=case.source, ip_address=change.ip
    )
    send_case_update(case, f"The council received your request on {format_govuk_date(case.received_on)}", change.today)
    db.session.flush()
    local_authority_id = case.local_authority_id
    db.after_commit(lambda: forget_counts(local_authority_id))
    return case


# The one way a change to a case finishes (version check, clock refresh, event, audit, family message):
# the plan's life (reviews, transfers, ceasing, Tribunal orders) finishes its changes through it too.
finish_change = _finish_change
