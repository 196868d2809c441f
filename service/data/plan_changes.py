"""Changes council staff make to a plan: start it (prefilled from the case), save a section or an item,
issue a draft, the final plan or an amended plan, and answer the family's comments.

Every save is checked against the plan version the form was opened at: when someone else saved the same
section since, StalePlan carries their edits and nothing is written. Every change is audited; issuing
also records the statutory step on the case (draft served, final issued) through case_changes, so the
clock, the timeline and the family's message follow from the same facts as every other step.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from datetime import date
from typing import Any

from service.data import audit, case_records, review_decisions, reviews
from service.data.case_changes import record_step
from service.data.context import ChangeContext
from service.data.family_messages import send_case_update
from service.data.plans import edits_since, versions, working
from service.data.rows import saved_id
from service.db import db
from service.domain.clock import Step, draft_comment_last_day, format_govuk_date
from service.domain.ehcp import document as plan_document
from service.domain.ehcp.document import Document
from service.domain.ehcp.quality import Flag, quality_flags
from service.jobs import RENDER_PLAN_PDF, enqueue_after_commit
from service.models import (
    Case,
    CaseEvent,
    LocalAuthority,
    Plan,
    PlanComment,
    PlanEdit,
    PlanReview,
    PlanVersion,
    utcnow,
)
from service.wording.steps import appeal_rights

UPN = re.compile(r"[A-Z][0-9]{11}[0-9A-Z]")
PROPOSED = "proposed"  # a version that is the proposed amendments after a review (reg 22)


class StalePlan(Exception):
    """Someone saved the same section since the form was opened; nothing was written."""

    def __init__(self, edits: list[PlanEdit]):
        super().__init__("the plan changed since the form was opened")
        self.edits = edits


def _actor(change: ChangeContext) -> str:
    return f"{change.user.name} (council)"


def prefilled(case: Case) -> Document:
    """A new plan's working copy, from what the case already holds: the child's details, the family's
    contact and views, the professionals named in the request and the advice asked for (section K)."""
    local_authority = db.session.get(LocalAuthority, case.local_authority_id)
    document = plan_document.empty_document(case.reference, local_authority.name if local_authority else "")
    personal = document["personal_details"]
    personal["name"] = f"{case.child_first_name} {case.child_last_name}".strip()
    personal["date_of_birth"] = case.child_date_of_birth.isoformat()
    personal["upn"] = case.upn if UPN.fullmatch(case.upn or "") else ""
    if case.requester_role != "professional":
        personal["contacts"] = [
            {
                "name": case.requester_name,
                "relationship": case.requester_relationship
                or ("Young person" if case.requester_role == "young_person" else ""),
                "email": case.requester_email,
                "telephone": case.requester_mobile,
                "address": case.requester_postal_address or case.child_address,
                "main_contact": True,
            }
        ]
    services = document["services"]
    services["setting"] = case.current_setting_name
    services["other_professionals"] = _professionals(case)
    section_a = document["section_a"]
    section_a["child_views"] = case.child_views
    section_a["family_views"] = "\n\n".join(part for part in (case.hopes, case.needs) if part.strip())
    section_a["history"] = case.support_tried
    section_a["how_gathered"] = "From the request for an assessment." if (case.hopes or case.child_views) else ""
    document["advice"] = advice_rows(case)
    return document


def _professionals(case: Case) -> list[str]:
    try:
        rows = json.loads(case.professionals or "[]")
    except ValueError:
        return []
    found = []
    for row in rows if isinstance(rows, list) else []:
        if isinstance(row, dict):
            text = ", ".join(str(row[key]) for key in ("role", "name", "organisation") if row.get(key))
        else:
            text = str(row)
        if text.strip():
            found.append(text.strip())
    return found


def advice_rows(case: Case) -> list[dict[str, Any]]:
    """Section K, generated from the case's advice requests (reg 6)."""
    return [
        {
            "kind": advice.kind,
            "who": advice.adviser,  # for advice asked in the service: the organisation's name
            "requested_on": advice.requested_on.isoformat(),
            "received_on": advice.received_on.isoformat() if advice.received_on else None,
            "appended": advice.received_on is not None,
        }
        for advice in case_records.advice_requests(case)
    ]


def start_plan(change: ChangeContext, case: Case) -> Plan:
    document = prefilled(case)
    plan = Plan(
        case_id=saved_id(case),
        local_authority_id=case.local_authority_id,
        template_id=document["template"]["id"],
        template_version=document["template"]["version"],
        working=json.dumps(document),
    )
    db.session.add(plan)
    db.session.flush()
    db.session.add(
        PlanEdit(
            plan_id=saved_id(plan),
            plan_version=plan.version,
            section="plan",
            summary="Plan started",
            actor=_actor(change),
        )
    )
    db.session.add(
        CaseEvent(
            case_id=saved_id(case),
            kind="plan_started",
            summary="The council started writing the plan",
            actor=_actor(change),
            family_visible=False,
        )
    )
    audit.record(change.user.id, change.user.local_authority_id, "plan.start", case.id, ip_address=change.ip)
    db.session.flush()
    return plan


def save(
    change: ChangeContext,
    plan: Plan,
    document: Document,
    *,
    section: str,
    opened_version: int,
    summary: str,
    item_id: str = "",
) -> None:
    """Replace the working copy with document (the caller changed one section, or one item in it).
    Raises StalePlan, writing nothing, when the same section was saved since opened_version."""
    if plan.version != opened_version:
        clashes = edits_since(plan, opened_version, section)
        if clashes:
            raise StalePlan(clashes)
    plan.working = json.dumps(document)
    plan.version += 1
    plan.updated_at = utcnow()
    db.session.add(plan)
    db.session.add(
        PlanEdit(
            plan_id=saved_id(plan),
            plan_version=plan.version,
            section=section,
            item_id=item_id,
            summary=summary[:200],
            actor=_actor(change),
        )
    )
    detail = f"{section}:{item_id}" if item_id else section
    audit.record(
        change.user.id, change.user.local_authority_id, "plan.edit", plan.case_id, detail=detail, ip_address=change.ip
    )
    db.session.flush()


def refresh_advice(change: ChangeContext, plan: Plan, case: Case, opened_version: int) -> None:
    """Regenerate section K from the case's advice requests."""
    document = {**working(plan), "advice": advice_rows(case)}
    save(
        change,
        plan,
        document,
        section="k",
        opened_version=opened_version,
        summary="Section K updated from the advice requests",
    )


def next_label(plan: Plan, status: str) -> tuple[int, str]:
    """The number and label of the next issue: Draft 1, Draft 2, Final, then Amended 1, Amended 2; after a
    review, Proposed amendments 1, 2 ... (reg 22(1)) before the amended plan they lead to."""
    issued = versions(plan)
    number = len(issued) + 1
    finals = [v for v in issued if v.status == "final"]
    if status == "draft":
        return number, f"Draft {sum(1 for v in issued if v.status == 'draft') + 1}"
    if status == PROPOSED:
        return number, f"Proposed amendments {sum(1 for v in issued if v.status == PROPOSED) + 1}"
    if not finals:
        return number, "Final"
    return number, f"Amended {len(finals)}"


def issue(
    change: ChangeContext,
    plan: Plan,
    case: Case,
    *,
    status: str,
    on: date,
    opened_version: int,
    override_reason: str = "",
    amendment_reason: str = "",
    render_pdf: bool = True,
    review_version: int | None = None,
) -> PlanVersion:
    """Freeze the working copy as the next version and tell the family.

    The worker makes the version's PDF after the commit (render_pdf=False leaves it to the caller: the
    demo seed, which many tests run, asks for its PDFs only when seeded for `make run`).

    The first draft records the statutory step 'draft served' (reg 13: the family's 15 days start); the
    first final records 'final plan issued' (the 20-week duty met or missed, with appeal rights). Later
    drafts and amended plans (reg 22) are new versions with a timeline event and a message. The caller
    has checked the step with the clock's check_move, and the flags were shown with the reason asked for.
    Raises StalePlan when the plan changed since the issue page was opened.

    After a review (service.data.review_decisions): status "proposed" issues the proposed amendments, which
    records the decision to amend on the open review (its report sent, no decision yet) and starts the
    family's 15 days; a "final" issued while that review has proposals is the amended plan, which completes
    it. review_version is the review's version the page was opened at (StaleReview when it moved on).
    """
    if plan.version != opened_version:
        raise StalePlan(edits_since(plan, opened_version))
    review = _review_for(case, status, on, review_version)
    number, label = next_label(plan, status)
    officer = change.user.name
    document = plan_document.as_issued(
        {**working(plan), "advice": advice_rows(case)},
        status=status,
        version=number,
        label=label,
        issued_on=on,
        officer=officer,
        reason=amendment_reason,
    )
    flags: list[Flag] = quality_flags(document)
    version = PlanVersion(
        plan_id=saved_id(plan),
        case_id=saved_id(case),
        local_authority_id=case.local_authority_id,
        number=number,
        status=status,
        label=label,
        document=json.dumps(document),
        issued_on=on,
        issued_by_id=change.user.id,
        issued_with_flags=json.dumps([asdict(flag) for flag in flags]),
        override_reason=override_reason,
    )
    db.session.add(version)
    db.session.flush()
    first_draft = status == "draft" and case.draft_served_on is None
    first_final = status == "final" and case.final_issued_on is None
    if review is not None:
        # after a review: the proposals (with the decision to amend) or the amended plan they led to; the
        # change finishes on the case (clock, event, audit, family message) through review_decisions
        if status == PROPOSED:
            review_decisions.record_proposals(change, case, review, version, on)
        else:
            review_decisions.record_amended(change, case, review, version, on)
        db.session.flush()
        if render_pdf:
            enqueue_after_commit(RENDER_PLAN_PDF, version.id)
        return version
    if first_draft:
        last_day = draft_comment_last_day(on)
        record_step(change, case, Step.SERVE_DRAFT, on, next_step=_comment_window(last_day))
    elif first_final:
        named = document["placement"]["name"] or document["placement"]["type"]
        record_step(change, case, Step.ISSUE_FINAL, on, named_setting=named[:200], next_step=appeal_rights(on))
    else:
        summary = f"{label} of the plan issued on {format_govuk_date(on)}"
        db.session.add(
            CaseEvent(
                case_id=saved_id(case),
                kind=f"plan_{status}_issued",
                summary=summary,
                actor=_actor(change),
                happened_on=on,
            )
        )
        next_step = _comment_window(draft_comment_last_day(on)) if status == "draft" else appeal_rights(on)
        send_case_update(case, summary, change.today, next_step)
    audit.record(
        change.user.id,
        change.user.local_authority_id,
        f"plan.issue_{status}",
        case.id,
        detail=f"version {number}; {len(flags)} flags" + ("; overridden" if override_reason else ""),
        ip_address=change.ip,
    )
    db.session.flush()
    if render_pdf:
        enqueue_after_commit(RENDER_PLAN_PDF, version.id)  # the worker makes the PDF from this version's document
    return version


def _review_for(case: Case, status: str, on: date, review_version: int | None) -> PlanReview | None:
    """The open review this issue belongs to, locked and checked against the version the page showed: the
    pending decision's for proposals, the proposals' for the amended plan; None for an issue outside a review."""
    if status == PROPOSED:
        review = review_decisions.pending_review(case)
        if review is None:
            raise review_decisions.DecisionRefused(review_decisions.NOT_SENT)
    elif status == "final" and case.final_issued_on is not None:
        review = review_decisions.amending_review(case)
        if review is None:
            return None
    else:
        return None
    reviews.check_version(review, review_version)
    problem = (
        review_decisions.decision_problem(review)
        if status == PROPOSED
        else review_decisions.amended_problem(review, on)
    )
    if problem:
        raise review_decisions.DecisionRefused(problem)
    return review


def _comment_window(last_day: date) -> str:
    return (
        "Read the draft plan and tell us what you think of each section. You can also ask for a meeting "
        f"and say which school or other setting you want named. The last day to comment is {format_govuk_date(last_day)}."
    )


def respond(change: ChangeContext, case: Case, comment: PlanComment, response: str, reason: str) -> None:
    """The council's answer to one comment: 'changed' (the plan was changed), or 'not_changed' with a reason."""
    comment.response = response
    comment.response_reason = reason
    comment.responded_by_id = change.user.id
    comment.responded_at = utcnow()
    db.session.add(comment)
    audit.record(
        change.user.id,
        change.user.local_authority_id,
        "plan.respond",
        case.id,
        detail=f"comment:{comment.id}",
        ip_address=change.ip,
    )
    db.session.flush()
