"""Advice asked of an organisation in the service, as the council sees it: the advice as sent (or when it
is due), adding its needs, outcomes and provision to the draft plan in one step, its JSON, and across the
caseload who is late. Every page reads a case scoped to the council and is audited."""

from __future__ import annotations

import json

from flask import Response, abort, flash, redirect, render_template, request, url_for

from service.auth.staff import CHANGE_ROLES, current_staff, staff_required
from service.data import advice as advice_data
from service.data import audit, case_records, plan_changes, plans
from service.domain.clock import format_govuk_date
from service.domain.ehcp import advice as advice_document
from service.forms.fields import GovForm
from service.journeys.staff.case_pages import case_or_404
from service.journeys.staff.forms import ADVICE_KINDS
from service.journeys.staff.routes import bp
from service.web import client_ip, staff_change, today_in_london

GROUPS = (("needs", "Needs"), ("outcomes", "Recommended outcomes"), ("provision", "Recommended provision"))
STALE_PLAN = "Someone changed the plan since you opened this page. Check the plan, then try again"


def groups_of(document) -> list[tuple[str, str, list]]:
    return [(name, title, advice_document.entries(document, name)) for name, title in GROUPS]


def _advice_or_404(case_id: int, advice_id: int):
    user, case = case_or_404(case_id)
    advice = case_records.advice_for_case(case, advice_id)
    if advice is None or advice.organisation_id is None:
        abort(404)
    return user, case, advice


class AddToPlanForm(GovForm):
    """Only the CSRF token and the plan's version when the page was drawn."""


def _page(user, case, advice, status: int = 200, refused: str = ""):
    document = advice_data.submitted(advice)
    organisation = advice_data.organisation_of(advice)
    plan = plans.plan_for_case(case)
    today = today_in_london()
    late = bool(advice.received_on and advice.due_on and advice.received_on > advice.due_on)
    return (
        render_template(
            "staff/advice/advice.html",
            user=user,
            case=case,
            advice=advice,
            document=document,
            groups=groups_of(document) if document else [],
            organisation=organisation,
            nobody=organisation is not None and not advice_data.addresses(organisation),
            sender=advice_data.submitted_by(advice),
            attachments=advice_data.clean_documents(advice) if document else [],
            plan=plan,
            can_add=user.role in CHANGE_ROLES and plan is not None,
            late=late,
            overdue_days=(today - advice.due_on).days if advice.due_on and not advice.received_on else 0,
            kind_label=ADVICE_KINDS.get(advice.kind, advice.kind.replace("_", " ").capitalize()),
            form=AddToPlanForm(),
            today=today,
            refused=refused,
            page_title=f"Advice from {advice.adviser}",
        ),
        status,
    )


@bp.get("/cases/<int:case_id>/advice/<int:advice_id>")
@staff_required()
def advice_page(case_id: int, advice_id: int):
    user, case, advice = _advice_or_404(case_id, advice_id)
    audit.record(
        user.id, user.local_authority_id, "advice.view", case.id, detail=f"advice:{advice.id}", ip_address=client_ip()
    )
    return _page(user, case, advice)


@bp.post("/cases/<int:case_id>/advice/<int:advice_id>/add-to-plan")
@staff_required(*CHANGE_ROLES)
def advice_add_to_plan(case_id: int, advice_id: int):
    user, case, advice = _advice_or_404(case_id, advice_id)
    document = advice_data.submitted(advice)
    plan = plans.plan_for_case(case)
    form = AddToPlanForm()
    if document is None or plan is None:
        abort(404)
    if not form.validate_on_submit():
        abort(400)
    if advice.pulled_into_plan_at is not None:
        added_on = format_govuk_date(advice.pulled_into_plan_at.date())
        error = f"This advice was added to the draft plan on {added_on}. Change the plan in the plan editor"
        return _page(user, case, advice, 400, error)
    try:
        opened = int(request.form.get("opened_version", ""))
    except ValueError:
        opened = -1
    changed, added = advice_document.pull_into_plan(plans.working(plan), document, advice.adviser)
    changed["advice"] = plan_changes.advice_rows(case)  # section K: this advice is received
    change = staff_change()
    try:
        if opened != plan.version:
            raise plan_changes.StalePlan([])
        plan_changes.save(
            change,
            plan,
            changed,
            section="advice",
            opened_version=opened,
            summary=f"Advice from {advice.adviser} added",
        )
    except plan_changes.StalePlan:
        return _page(user, case, advice, 409, STALE_PLAN)
    advice_data.mark_added_to_plan(change, case, advice)
    flash(added.sentence(advice.adviser))
    return redirect(url_for("staff.plan", case_id=case.id))


@bp.get("/cases/<int:case_id>/advice/<int:advice_id>/advice.json")
@staff_required()
def advice_json(case_id: int, advice_id: int):
    user, case, advice = _advice_or_404(case_id, advice_id)
    document = advice_data.submitted(advice)
    if document is None:
        abort(404)
    audit.record(
        user.id, user.local_authority_id, "advice.export", case.id, detail=f"advice:{advice.id}", ip_address=client_ip()
    )
    response = Response(json.dumps(document, indent=2, ensure_ascii=False), mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="advice-{case.reference}-{advice.id}.json"'
    return response


FILTERS = {"overdue": "Overdue only"}


@bp.get("/advice")
@staff_required()
def advice_list():
    user = current_staff()
    organisations = advice_data.organisations_for_council(user.local_authority_id)
    chosen = request.args.get("organisation", "")
    organisation_id = None
    if chosen:
        found = (
            advice_data.organisation_for_council(user.local_authority_id, int(chosen))
            if chosen.isdigit() and len(chosen) <= 9
            else None
        )
        if found is None:
            abort(404)
        organisation_id = found.id
    overdue_only = request.args.get("overdue") == "yes"
    today = today_in_london()
    rows = advice_data.advice_asked(
        user.local_authority_id, today, overdue_only=overdue_only, organisation_id=organisation_id
    )
    audit.record(user.id, user.local_authority_id, "advice.list", ip_address=client_ip())
    return render_template(
        "staff/advice/list.html",
        user=user,
        rows=rows,
        today=today,
        organisations=organisations,
        organisation_id=organisation_id,
        overdue_only=overdue_only,
        filtered=bool(organisation_id or overdue_only),
        page_title="Advice asked in the service",
    )
