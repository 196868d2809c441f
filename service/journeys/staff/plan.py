"""The plan of a case, for council staff: its task list (every section of the template the plan was
written in, with its status and quality flags), starting it from the case, and the preview of exactly
what the family will see. The section editors are in plan_edit.py and plan_items.py, issuing in
plan_issue.py, versions and comments in plan_versions.py.

Every page is scoped through case_or_404 (another council's case is 404) and audited. Caseworkers and
managers write; read-only staff read the task list, the preview, the versions and the comments.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from service.auth.staff import CHANGE_ROLES, staff_required
from service.data import case_records, plan_changes, plans, review_decisions
from service.domain.ehcp import document as plan_document
from service.domain.ehcp.document import Document
from service.domain.ehcp.quality import Flag, final_problems, quality_flags
from service.domain.ehcp.sections import plan_sections
from service.domain.ehcp.template import PlanTemplate, template_of
from service.forms.errors import form_error_list
from service.journeys.staff.case_pages import case_or_404, render_case
from service.journeys.staff.plan_forms import StartPlanForm
from service.journeys.staff.routes import bp
from service.web import staff_change

STALE = "This section changed since you opened the page. Check what changed, then save again"
READ_ONLY_SECTIONS = ("sign_off",)


def plan_or_404(case_id: int):
    """The signed-in person, the case (scoped to their council) and its plan; 404 when there is none."""
    user, case = case_or_404(case_id)
    plan = plans.plan_for_case(case)
    if plan is None:
        abort(404)
    return user, case, plan


def section_or_404(document: Document, key: str):
    template = template_of(document)
    if not template.has_section(key):
        abort(404)
    return template, template.section(key)


def opened(form) -> int:
    """The plan version a form was drawn at (a value that is not a number is a version no plan has)."""
    value = (form.opened_version.data or "").strip()
    # only a number a database integer can hold: a bigger one would be a PostgreSQL error, not a clash
    return int(value) if value.isdigit() and len(value) <= 9 else -1


def save(plan, document: Document, form, *, section: str, summary: str, item_id: str = ""):
    """Save through plan_changes.save; returns the clashing edits when the same section was saved since
    the form was opened (nothing is written), else None."""
    try:
        plan_changes.save(
            staff_change(),
            plan,
            document,
            section=section,
            opened_version=opened(form),
            summary=summary,
            item_id=item_id,
        )
    except plan_changes.StalePlan as stale:
        return stale.edits
    return None


def _first_input_id(form) -> str:
    for field in form:
        if field.type not in ("CSRFTokenField", "HiddenField", "SubmitField"):
            target = getattr(field, "error_target_id", None)
            return target() if callable(target) else field.id
    return "main-content"


def form_page(template: str, form, user, case, plan, title: str, *, clashes=None, stale_text=STALE, **context):
    """A plan form page: 200, 400 with the GOV.UK error summary, or 409 with the stale-edit warning
    listing who changed the section since (PlanEdit rows), keeping everything the user typed."""
    errors = None
    if clashes is not None:
        errors = [{"text": stale_text, "href": f"#{_first_input_id(form)}"}, *form_error_list(form)]
        form.opened_version.data = str(plan.version)  # saving again, having read the changes, is accepted
    elif request.method == "GET":
        form.opened_version.data = str(plan.version)
    status = 409 if clashes is not None else (400 if form.errors else 200)
    page = render_template(
        template,
        form=form,
        user=user,
        case=case,
        plan=plan,
        page_title=title,
        error_list=errors,
        changes=clashes or [],
        **context,
    )
    return page, status


def saved(case_id: int, message: str, section: str | None = None):
    flash(message)
    if section:
        return redirect(url_for("staff.plan_section", case_id=case_id, key=section))
    return redirect(url_for("staff.plan", case_id=case_id))


# --- The task list --------------------------------------------------------------------------------


def _written(document: Document, template: PlanTemplate, key: str) -> bool:
    """Whether anything has been written in a section (for 'Not started')."""
    if key in template.need_sections:
        areas = {area.key for area in template.areas_in(key)}
        return bool(plan_document.needs_in(document, template, key)) or bool(
            areas & set(document["no_identified_needs"])
        )
    if key in plan_document.PROVISION_SECTIONS:
        return bool(plan_document.provision_in(document, key))
    parts = {
        "personal_details": [document["personal_details"]["name"]],
        "services": list(document["services"].values()),
        "a1": [document["section_a"]["history"], document["section_a"]["communication"]],
        "a2": [v for k, v in document["section_a"].items() if k not in ("history", "communication")],
        "e": [document["outcomes"]],
        "i": [document["placement"]["name"], document["placement"]["type"]],
        "j": [document["personal_budget"]["details"], document["personal_budget"]["arrangements"]],
        "k": [document["advice"]],
        "sign_off": [document["sign_off"]["officer"]],
    }
    return any(value not in (None, "", [], False) for value in parts.get(key, []))


def section_status(document: Document, template: PlanTemplate, key: str, flags: list[Flag]) -> dict:
    """The task list's status for a section: a tag (not started, problems) or plain text (completed)."""
    if key == "sign_off":
        return {"text": "Filled in when the plan is issued", "classes": "govuk-task-list__status--cannot-start-yet"}
    count = sum(1 for flag in flags if flag.section == key)
    if count:
        words = "1 problem" if count == 1 else f"{count} problems"
        return {"tag": {"text": words, "classes": "govuk-tag--yellow"}}
    if not _written(document, template, key):
        return {"tag": {"text": "Not started", "classes": "govuk-tag--blue"}}
    return {"text": "Completed"}


def issue_choices(case, issued) -> dict:
    """What may be issued next: a draft (before any final), the final (after a draft) or an amendment.

    After a review whose report is sent and whose decision is pending, the proposed amendments (they carry
    the decision to amend, one notice): the amended plan comes after them, not instead."""
    has_final = case.final_issued_on is not None or any(v.status == "final" for v in issued)
    has_draft = any(v.status == "draft" for v in issued)
    proposals = has_final and review_decisions.pending_review(case) is not None
    return {
        "draft": not has_final,
        "final": has_draft and not has_final,
        "proposals": proposals,
        "amend": has_final and not proposals,
    }


@bp.get("/cases/<int:case_id>/plan")
@staff_required()
def plan(case_id: int):
    user, case = case_or_404(case_id)
    change = staff_change()
    found = plans.plan_for_case(case)
    case_records.audit_read(change, case, "plan.view")
    if found is None:
        return render_case(
            "staff/plan/plan.html",
            user,
            case,
            "plan",
            "Plan",
            plan=None,
            form=StartPlanForm(),
            can_change=user.role in CHANGE_ROLES,
        )
    document = plans.working(found)
    template = template_of(document)
    flags = quality_flags(document, template)
    issued = plans.versions(found)
    tasks = [
        {
            "title": {"text": section.heading},
            "href": url_for("staff.plan_section", case_id=case.id, key=section.key)
            if section.key not in READ_ONLY_SECTIONS and user.role in CHANGE_ROLES
            else None,
            "status": section_status(document, template, section.key, flags),
        }
        for section in template.sections
    ]
    return render_case(
        "staff/plan/plan.html",
        user,
        case,
        "plan",
        "Plan",
        plan=found,
        plan_template=template,
        tasks=tasks,
        flags=flags,
        final_problems=final_problems(document),
        issued=issued,
        latest=issued[-1] if issued else None,
        unanswered=plans.unanswered_count(case),
        choices=issue_choices(case, issued),
        can_change=user.role in CHANGE_ROLES,
        edits=plans.recent_edits(found, limit=5),
    )


@bp.post("/cases/<int:case_id>/plan/start")
@staff_required(*CHANGE_ROLES)
def start_plan(case_id: int):
    """Start the plan, prefilled from the case. Offered once the council decided to issue a plan (a plan
    is written only then: SEND Regulations 2014 reg 10 and 13)."""
    user, case = case_or_404(case_id)
    form = StartPlanForm()
    if not form.validate_on_submit():
        abort(400)
    if plans.plan_for_case(case) is not None:
        return redirect(url_for("staff.plan", case_id=case.id))
    if case.decided_to_issue is not True:
        abort(404)
    plan_changes.start_plan(staff_change(), case)
    flash("Plan started. Check the details filled in from the case, then write each section")
    return redirect(url_for("staff.plan", case_id=case.id))


# --- The preview ----------------------------------------------------------------------------------


def would_be_issued(case, found, status: str, officer: str, today) -> Document:
    """The document the family would receive if the working copy were issued now as `status`."""
    number, label = plan_changes.next_label(found, status)
    working = {**plans.working(found), "advice": plan_changes.advice_rows(case)}
    return plan_document.as_issued(
        working, status=status, version=number, label=label, issued_on=today, officer=officer
    )


@bp.get("/cases/<int:case_id>/plan/preview")
@staff_required()
def plan_preview(case_id: int):
    user, case, found = plan_or_404(case_id)
    change = staff_change()
    choices = issue_choices(case, plans.versions(found))
    default = "draft" if choices["draft"] and not choices["final"] else "final"
    status = request.args.get("as", default)
    if status not in ("draft", "final") or (status == "draft" and not choices["draft"]):
        abort(404)
    case_records.audit_read(change, case, "plan.preview")
    document = would_be_issued(case, found, status, user.name, change.today)
    return render_template(
        "staff/plan/preview.html",
        user=user,
        case=case,
        plan=found,
        status=status,
        choices=choices,
        label=document["plan"]["label"],
        sections=plan_sections(document),
        threads=plan_document.golden_thread(document),
        page_title=f"Preview: {document['plan']['label']}",
    )
