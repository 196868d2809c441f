"""The issued versions of a plan (each immutable: the same reading the family and the PDF get), what
changed between any two, the JSON export of any version (exactly the stored document, which validates
against the published schema), and the family's comments with the council's response to each.

Version numbers and comment ids are looked up within the case, which is already scoped to the
council: another case's number or id, in the path, the query or a form, finds nothing (404)."""

from __future__ import annotations

import json

from flask import abort, flash, redirect, render_template, request, url_for

from service.auth.staff import CHANGE_ROLES, staff_required
from service.data import case_records, plan_changes, plans
from service.data.staff import colleague
from service.domain.ehcp import document as plan_document
from service.domain.ehcp.diff import compare
from service.domain.ehcp.sections import plan_sections
from service.domain.ehcp.template import template_of
from service.journeys.staff import plan as pages
from service.journeys.staff.plan_forms import RESPONSES, RespondForm
from service.journeys.staff.routes import bp
from service.web import staff_change

KINDS = {
    "comment": "Comment",
    "change": "Asks for a change",
    "setting": "Setting they want named",
    "meeting": "Asks for a meeting",
}


def _version_or_404(case, number: int | str | None):
    if not isinstance(number, int):
        number = int(number) if isinstance(number, str) and number.isdigit() and len(number) < 10 else None
    version = plans.version_for_case(case, number) if number is not None else None
    if version is None:
        abort(404)
    return version


def _issuers(user, versions) -> dict[int, str]:
    names = {}
    for version in versions:
        if version.issued_by_id and version.issued_by_id not in names:
            person = colleague(user.local_authority_id, version.issued_by_id)
            names[version.issued_by_id] = person.name if person else "A former colleague"
    return names


@bp.get("/cases/<int:case_id>/plan/versions")
@staff_required()
def plan_versions(case_id: int):
    user, case, plan = pages.plan_or_404(case_id)
    case_records.audit_read(staff_change(), case, "plan.view_versions")
    versions = plans.versions(plan)
    return render_template(
        "staff/plan/versions.html",
        user=user,
        case=case,
        plan=plan,
        versions=versions,
        issuers=_issuers(user, versions),
        flag_counts={v.id: len(plans.flags_of(v)) for v in versions},
        page_title="Versions of the plan",
    )


@bp.get("/cases/<int:case_id>/plan/versions/<int:number>")
@staff_required()
def plan_version(case_id: int, number: int):
    user, case, plan = pages.plan_or_404(case_id)
    version = _version_or_404(case, number)
    case_records.audit_read(staff_change(), case, "plan.view_version")
    document = plans.document_of(version)
    return render_template(
        "staff/plan/version.html",
        user=user,
        case=case,
        plan=plan,
        version=version,
        issuer=_issuers(user, [version]).get(version.issued_by_id or 0, ""),
        flags=plans.flags_of(version),
        sections=plan_sections(document),
        threads=plan_document.golden_thread(document),
        amendment_reason=document["plan"].get("amendment_reason", ""),
        page_title=f"{version.label} of the plan",
    )


@bp.get("/cases/<int:case_id>/plan/versions/<int:number>/plan.json")
@staff_required()
def plan_version_json(case_id: int, number: int):
    """The version as the data standard's JSON: exactly the stored document."""
    user, case, plan = pages.plan_or_404(case_id)
    version = _version_or_404(case, number)
    case_records.audit_read(staff_change(), case, "plan.export_json")
    body = json.dumps(plans.document_of(version), ensure_ascii=False, indent=2)
    filename = f"plan-{case.reference}-{version.label.lower().replace(' ', '-')}.json"
    return (
        body,
        200,
        {
            "Content-Type": "application/json; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{filename}"',
        },
    )


@bp.get("/cases/<int:case_id>/plan/compare")
@staff_required()
def plan_compare(case_id: int):
    """What changed between two versions (?from=&to=, version numbers of this plan)."""
    user, case, plan = pages.plan_or_404(case_id)
    versions = plans.versions(plan)
    chosen = "from" in request.args or "to" in request.args
    changes = None
    old = new = None
    if chosen:
        old = _version_or_404(case, request.args.get("from"))
        new = _version_or_404(case, request.args.get("to"))
        changes = compare(plans.document_of(old), plans.document_of(new))
    elif len(versions) >= 2:
        old, new = versions[-2], versions[-1]
    case_records.audit_read(staff_change(), case, "plan.compare")
    return render_template(
        "staff/plan/compare.html",
        user=user,
        case=case,
        plan=plan,
        versions=versions,
        old=old,
        new=new,
        changes=changes,
        page_title=f"What changed from {old.label} to {new.label}" if chosen and old and new else "Compare versions",
    )


# --- The family's comments -------------------------------------------------------------------------


def _comment_rows(case, comments) -> list[dict]:
    versions = {version.id: version for version in plans.versions_for_case(case)}
    rows = []
    for comment in comments:
        version = versions[comment.plan_version_id]
        template = template_of(plans.document_of(version))
        section = template.section(comment.section) if template.has_section(comment.section) else None
        rows.append(
            {
                "comment": comment,
                "version": version,
                "section": section.heading if section else "The whole plan",
                "item": plan_document.label_of(comment.item_id) if comment.item_id else "",
                "kind": KINDS.get(comment.kind, comment.kind.capitalize()),
                "response": RESPONSES.get(comment.response, ""),
            }
        )
    return rows


@bp.get("/cases/<int:case_id>/plan/comments")
@staff_required()
def plan_comments(case_id: int):
    user, case, plan = pages.plan_or_404(case_id)
    case_records.audit_read(staff_change(), case, "plan.view_comments")
    rows = _comment_rows(case, plans.comments_for_case(case))
    return render_template(
        "staff/plan/comments.html",
        user=user,
        case=case,
        plan=plan,
        rows=rows,
        unanswered=sum(1 for row in rows if not row["comment"].response),
        can_change=user.role in CHANGE_ROLES,
        page_title="The family's comments",
    )


@bp.route("/cases/<int:case_id>/plan/comments/<int:comment_id>", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def plan_respond(case_id: int, comment_id: int):
    user, case, plan = pages.plan_or_404(case_id)
    comment = plans.comment_for_case(case, comment_id)
    if comment is None:
        abort(404)
    form = RespondForm(data={"response": comment.response or None, "reason": comment.response_reason})
    if form.validate_on_submit():
        plan_changes.respond(staff_change(), case, comment, form.response.data, form.reason.data or "")
        flash("Saved: your response to the comment. The family will see it")
        return redirect(url_for("staff.plan_comments", case_id=case.id))
    if request.method == "GET":
        case_records.audit_read(staff_change(), case, "plan.view_comment")
    return render_template(
        "staff/plan/respond.html",
        user=user,
        case=case,
        plan=plan,
        form=form,
        row=_comment_rows(case, [comment])[0],
        page_title="Respond to the comment",
    ), (400 if form.errors else 200)
