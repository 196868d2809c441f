"""The case record, in MoJ sub-navigation tabs: summary, statutory timeline, history, documents,
internal notes and (for managers) the audit trail with a CSV export. Every page is audited."""

from __future__ import annotations

import csv
import io

from flask import abort, flash, redirect, render_template, request, url_for

from service import uploads
from service.auth.staff import CHANGE_ROLES, MANAGER, current_staff, staff_required
from service.clients.storage import document_response
from service.data import case_reads, case_records, family_view, mediation, outbox
from service.data import family as family_data
from service.data import operations as operations_data
from service.data.caseload import record_opened
from service.data.context import ChangeContext
from service.data.facts import assessment_facts, next_council_duty
from service.data.plan_life import plan_milestones
from service.domain.clock import (
    STAGE_NAMES,
    MilestoneState,
    Stage,
    Step,
    allowed_moves,
    assessment_timeline,
    format_govuk_date,
    max_age_near,
)
from service.journeys.staff.forms import ADVICE_KINDS, EXCEPTION_GROUNDS, EXCEPTION_PHASES, DocumentForm, NoteForm
from service.journeys.staff.routes import bp
from service.web import staff_change
from service.wording.audit import action_text, detail_text
from service.wording.documents import DOCUMENT_CATEGORIES
from service.wording.letters import letter_topic

TABS = [
    ("case_record", "Summary"),
    ("case_timeline", "Statutory timeline"),
    ("case_reviews", "Reviews"),
    ("case_history", "History"),
    ("case_documents", "Documents"),
    ("case_notes", "Notes"),
    ("case_audit", "Audit"),
]


def case_or_404(case_id: int):
    user = current_staff()
    case = case_records.case_for_staff(user.local_authority_id, case_id)
    if case is None:
        abort(404)
    return user, case


def actions(user, case) -> list[tuple[str, str]]:
    """(label, url) of the steps this person may record now; nothing for read-only staff or closed cases."""
    if user.role not in CHANGE_ROLES:
        return []
    moves = allowed_moves(Stage(case.stage))
    links = []
    if moves & {Step.DECIDE_TO_ASSESS, Step.DECIDE_TO_ISSUE, Step.SERVE_DRAFT, Step.ISSUE_FINAL, Step.WITHDRAW}:
        links.append(("Record a decision or step", url_for("staff.record_step", case_id=case.id)))
    if Step.REQUEST_ADVICE in moves:
        links.append(("Request advice", url_for("staff.request_advice", case_id=case.id)))
    if Step.APPLY_EXCEPTION in moves:
        links.append(("Apply an exception", url_for("staff.apply_exception", case_id=case.id)))
    links.append(("Assign a caseworker", url_for("staff.assign", case_id=case.id)))
    if case.final_issued_on and not case.ceased_on:  # reg 15: the plan moves with the family (service.data.transfers)
        links.append(("Record a move to another council", url_for("staff.transfer", case_id=case.id)))
        links.append(("Record the phase transfer", url_for("staff.phase_transfer", case_id=case.id)))  # reg 18
    if any(mediation.for_decision(case, kind) is None for kind, _ in mediation.appealable_decisions(case)):
        links.append(("Record a disagreement", url_for("mediation.record_contact", case_id=case.id)))
    if case.final_issued_on is not None and case.ceased_on is None:
        links.append(("Cease the plan", url_for("staff.cease_plan", case_id=case.id)))
    links.append(("Record a Tribunal order", url_for("staff.tribunal_order_new", case_id=case.id)))
    return links


def render_case(template: str, user, case, tab: str, title: str, status: int = 200, **context):
    tabs = [(endpoint, label) for endpoint, label in TABS if endpoint != "case_audit" or user.role == MANAGER]
    page = render_template(
        template,
        user=user,
        case=case,
        tab=tab,
        tabs=[
            {"text": label, "href": url_for(f"staff.{endpoint}", case_id=case.id), "active": endpoint == tab}
            for endpoint, label in tabs
        ],
        stage_name=STAGE_NAMES[Stage(case.stage)][0],
        actions=actions(user, case),
        page_title=title,
        **context,
    )
    return page, status


# The family's windows as the staff summary puts them, under the council's next duty.
WINDOW_TEXT = {
    "draft_comments": "The family can comment on the draft plan until {date}",
    "amendment_comments": "The family can comment on the proposed amendments until {date}",
    "appeal_deadline": "The family can appeal to the SEND Tribunal by 5pm on {date}",
    "cease_appeal": "The family can appeal against the decision to cease the plan by 5pm on {date}",
}


def _window_text(m) -> str:
    date_text = format_govuk_date(m.due) if m.due else ""
    template = WINDOW_TEXT.get(m.key)
    return template.format(date=date_text) if template else f"{m.staff_text}: {date_text}"


# What the case record page reads of the case, in one statement.
CASE_RECORD_READS = (
    "advice",
    "exceptions",
    "disagreements",
    "draft_responses",
    "letters_and_failures",
    "tribunal_orders",
)


@bp.get("/cases/<int:case_id>")
@staff_required()
def case_record(case_id: int):
    user, case = case_or_404(case_id)
    case_reads.read_together(case.id, CASE_RECORD_READS)  # one statement for the rows below (issue 18)
    change = staff_change()
    case_records.audit_read(change, case, "case.view")
    record_opened(case, user.id)  # the caseload's "New activity" counts from now, for this person
    facts = assessment_facts(case)  # read once for the duty and the family's windows
    return render_case(
        "staff/case.html",
        user,
        case,
        "case_record",
        f"{case.child_first_name} {case.child_last_name}",
        # the assessment clock's and the disagreements' council duties, as the caseload's "Next due"
        next_milestone=next_council_duty(case, change.today, facts),
        # the family's windows open now (to comment, to appeal): context under the duty, never the duty
        family_windows=[_window_text(m) for m in family_view.open_family_windows(case, change.today, facts)],
        responses=family_data.draft_responses(case),
        failed_messages=operations_data.failed_messages_for_case(case.id),
        # each letter to the family, with its dispatch status (issue 16)
        letters=[
            (message.created_at, letter_topic(message.template), message.recipient, status)
            for message, status in outbox.letters_for_case(case.id)
        ],
        caseworker=case_records.caseworker_name(case),
        communication=case_records.communication_needs(case),
        # the age-25 limit (reg 46), once it is within 12 months of a plan still maintained
        age_limit=max_age_near(case.child_date_of_birth, change.today)
        if case.final_issued_on and not case.ceased_on
        else None,
    )


@bp.get("/cases/<int:case_id>/timeline")
@staff_required()
def case_timeline(case_id: int):
    user, case = case_or_404(case_id)
    case_reads.read_together(case.id, ("advice", "exceptions"))  # one statement for both (issue 18)
    change = staff_change()
    case_records.audit_read(change, case, "case.view_timeline")
    # the assessment's milestones, then (once the final plan is issued) the plan's: reviews, amendments,
    # the phase transfer, a transfer between councils
    timeline = (*assessment_timeline(assessment_facts(case), change.today), *plan_milestones(case, change.today))
    return render_case(
        "staff/case_timeline.html",
        user,
        case,
        "case_timeline",
        "Statutory timeline",
        milestones=[m for m in timeline if m.state != MilestoneState.NOT_APPLICABLE],
        advice=case_records.advice_requests(case),
        advice_kinds=ADVICE_KINDS,
        exceptions=case_records.exceptions(case),
        phases=EXCEPTION_PHASES,
        grounds=EXCEPTION_GROUNDS,
        can_record_advice=user.role in CHANGE_ROLES and Step.RECORD_ADVICE in allowed_moves(Stage(case.stage)),
    )


@bp.get("/cases/<int:case_id>/history")
@staff_required()
def case_history(case_id: int):
    user, case = case_or_404(case_id)
    case_records.audit_read(staff_change(), case, "case.view_history")
    events = case_records.events(case)
    return render_case("staff/case_history.html", user, case, "case_history", "History", events=events)


@bp.route("/cases/<int:case_id>/documents", methods=["GET", "POST"])
@staff_required()
def case_documents(case_id: int):
    user, case = case_or_404(case_id)
    form = DocumentForm()
    can_upload = user.role in CHANGE_ROLES
    status = 200
    if request.method == "POST":
        if not can_upload:
            abort(403)
        if form.validate_on_submit():
            problem = store_upload(staff_change(), case, form.file.data, form.category.data, form.shared.data == "yes")
            if problem is None:
                flash(
                    f"{DOCUMENT_CATEGORIES[form.category.data]} uploaded. It can be opened once it has been checked for viruses"
                )
                return redirect(url_for("staff.case_documents", case_id=case.id))
            form.file.errors = [problem]
        status = 400
    else:
        case_records.audit_read(staff_change(), case, "case.view_documents")
    return render_case(
        "staff/case_documents.html",
        user,
        case,
        "case_documents",
        "Documents",
        status=status,
        form=form,
        can_upload=can_upload,
        documents=case_records.documents(case),
        categories=DOCUMENT_CATEGORIES,
    )


def store_upload(change: ChangeContext, case, upload, category: str, shared: bool) -> str | None:
    """A staff upload, through the family's path (service.uploads): quarantined, recorded and its virus
    scan queued after the request commits. Returns the problem in GOV.UK words, or None."""
    return uploads.store_upload(
        upload,
        lambda name, content_type, size, key: case_records.add_staff_document(
            change, case, category, shared, name, content_type, size, key
        ),
    )


@bp.get("/cases/<int:case_id>/documents/<document_id>")
@staff_required()
def download_document(case_id: int, document_id: str):
    """A clean document of this council's case, streamed to this session; 404 otherwise (and for other councils)."""
    user = current_staff()
    document = case_records.document_for_staff(user.local_authority_id, case_id, document_id)
    case = case_records.case_for_staff(user.local_authority_id, case_id)
    if document is None or document.status != "clean" or case is None:
        abort(404)
    case_records.audit_read(staff_change(), case, "case.document_download")
    return document_response(document.storage_key, document.filename, document.content_type)


@bp.route("/cases/<int:case_id>/notes", methods=["GET", "POST"])
@staff_required()
def case_notes(case_id: int):
    user, case = case_or_404(case_id)
    form = NoteForm()
    can_add = user.role in CHANGE_ROLES
    status = 200
    if request.method == "POST":
        if not can_add:
            abort(403)
        if form.validate_on_submit():
            case_records.add_note(staff_change(), case, form.text.data.strip())
            flash("Note added")
            return redirect(url_for("staff.case_notes", case_id=case.id))
        status = 400
    else:
        case_records.audit_read(staff_change(), case, "case.view_notes")
    return render_case(
        "staff/case_notes.html",
        user,
        case,
        "case_notes",
        "Notes",
        status=status,
        form=form,
        can_add=can_add,
        notes=case_records.notes_with_authors(case),
    )


@bp.get("/cases/<int:case_id>/audit")
@staff_required(MANAGER)
def case_audit(case_id: int):
    user, case = case_or_404(case_id)
    case_records.audit_read(staff_change(), case, "case.view_audit")
    trail = [
        (event, name, action_text(event.action), detail_text(event.detail))
        for event, name, _ in case_records.audit_trail(case)
    ]
    return render_case("staff/case_audit.html", user, case, "case_audit", "Audit", trail=trail)


@bp.get("/cases/<int:case_id>/audit.csv")
@staff_required(MANAGER)
def case_audit_csv(case_id: int):
    user, case = case_or_404(case_id)
    case_records.audit_read(staff_change(), case, "case.export_audit")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["When (UTC)", "Staff name", "Staff email", "Case reference", "Action", "Detail", "IP address"])
    for event, name, email in case_records.audit_trail(case):
        row = [
            event.at.isoformat(),
            name or "",
            email or "",
            case.reference,
            event.action,
            event.detail,
            event.ip_address,
        ]
        # Spreadsheet formula injection: a leading = + - @ would run as a formula in Excel.
        writer.writerow(["'" + v if v[:1] in ("=", "+", "-", "@") else v for v in row])
    return (
        out.getvalue(),
        200,
        {
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="audit-{case.reference}.csv"',
        },
    )
