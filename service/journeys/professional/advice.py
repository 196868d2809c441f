"""Advice asked of the professional's organisation (reg 6): what the council asks and by when, and the
advice itself, written section by section in the shape of the plan (needs under the areas of need,
recommended outcomes, recommended provision with its five elements), each item on its own page (the
GOV.UK "add another" pattern, no JavaScript), saved as they go, with reports attached through the upload
and virus-scan path; then checked and sent (GOV.UK check answers), which makes it received on the
statutory timeline. Once sent it is read only.

Work belongs to the organisation: a colleague sees the same draft. Every id (the request, an item, a
report) is scoped to the organisation: another organisation's gives 404. A professional sees only the
request and what their organisation wrote, nothing else of the case."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from service import uploads
from service.auth.professional import current_organisation, current_professional, professional_required
from service.data import advice as advice_data
from service.data import audit
from service.data import professionals as professionals_data
from service.domain.clock import format_govuk_date
from service.domain.ehcp import advice as advice_document
from service.domain.ehcp.document import label_of
from service.domain.ehcp.template import template_of
from service.journeys.professional import bp
from service.journeys.professional.advice_forms import (
    AdviceProvisionForm,
    NeedForm,
    OutcomeForm,
    ReportForm,
    SendForm,
    SummaryForm,
)
from service.journeys.staff.plan_edit import item_choices
from service.web import client_ip, today_in_london

COLLECTIONS = {"needs": "need", "outcomes": "outcome", "provision": "provision"}
GROUPS = (("needs", "Needs"), ("outcomes", "Recommended outcomes"), ("provision", "Recommended provision"))


def _found():
    """(person, organisation, advice, case, council) for the advice id in the path, or 404."""
    person, organisation = current_professional(), current_organisation()
    advice_id = request.view_args["advice_id"] if request.view_args else 0
    found = professionals_data.advice_request_for(organisation.id, advice_id)
    if found is None:
        abort(404)
    advice, case, council = found
    return person, organisation, advice, case, council


def _open():
    """As _found, for a page that changes the advice: once sent it is read only (back to its page)."""
    found = _found()
    if found[2].submitted_at is not None:
        return None, found
    return found, found


def _render(template: str, found, title: str, status: int = 200, **context):
    person, organisation, advice, case, council = found
    return (
        render_template(
            template,
            person=person,
            organisation=organisation,
            advice=advice,
            case=case,
            council=council,
            today=today_in_london(),
            page_title=title,
            **context,
        ),
        status,
    )


def groups_of(document) -> list[tuple[str, str, list]]:
    return [(name, title, advice_document.entries(document, name)) for name, title in GROUPS]


def _audit(found, action: str) -> None:
    person, _, advice, case, council = found
    audit.record_professional(
        person.id, council.id, action, case_id=case.id, detail=f"advice:{advice.id}", ip_address=client_ip()
    )


@bp.get("/advice/<int:advice_id>")
@professional_required
def advice_request(advice_id: int):
    found = _found()
    person, organisation, advice, case, council = found
    _audit(found, "advice.view")
    document = advice_data.draft_of(advice)
    return _render(
        "professional/advice_request.html",
        found,
        f"Advice for {case.child_first_name} {case.child_last_name}",
        document=document,
        groups=groups_of(document),
        reports=advice_data.documents(advice),
        sent=advice.submitted_at is not None,
        late=bool(advice.received_on and advice.due_on and advice.received_on > advice.due_on),
    )


def _item_form(collection: str, document, row: dict | None):
    row = row or {}
    template = template_of(document)
    if collection == "needs":
        form = NeedForm(data={name: row.get(name, "") for name in ("area", "description", "impact")})
        form.area.choices = [(area.key, area.title) for area in template.areas]
        return form
    if collection == "outcomes":
        form = OutcomeForm(
            data={
                **{name: row.get(name, "") for name in ("statement", "measure", "by_when")},
                "need_ids": row.get("need_ids", []),
            }
        )
        form.measure.label.text = "How it will be measured"
        form.need_ids.label.text = "Which needs it meets (optional)"
        form.need_ids.choices = item_choices(document, "needs")
        return form
    ratio, frequency = row.get("ratio") or {}, row.get("frequency") or {}
    form = AdviceProvisionForm(
        data={
            **{name: row.get(name, "") for name in ("section", "what", "who", "qualification")},
            "ratio_staff": str(ratio.get("staff", "")),
            "ratio_children": str(ratio.get("children", "")),
            "times": str(frequency.get("times", "")),
            "per": frequency.get("per", ""),
            "minutes": str(row.get("minutes") or ""),
            "need_ids": row.get("need_ids", []),
            "outcome_ids": row.get("outcome_ids", []),
        }
    )
    del form.agreed_by  # the council's health commissioner agrees section G, not the adviser
    form.per.choices = [(period.key, period.label.capitalize()) for period in template.frequency_periods]
    form.need_ids.label.text = "Which needs it meets (optional)"
    form.outcome_ids.label.text = "Which outcomes it supports (optional)"
    form.need_ids.choices = item_choices(document, "needs")
    form.outcome_ids.choices = item_choices(document, "outcomes")
    return form


def _kept(field, rows) -> list[str]:
    offered = {value for value, _ in field.choices}
    wanted = {value for value in field.data or [] if value in offered}
    return [row["id"] for row in rows if row["id"] in wanted]


def _values(collection: str, form, document, item_id: str) -> dict:
    if collection == "needs":
        return {"id": item_id, "area": form.area.data, "description": form.description.data, "impact": form.impact.data}
    if collection == "outcomes":
        return {
            "id": item_id,
            "statement": form.statement.data,
            "measure": form.measure.data,
            "by_when": form.by_when.data,
            "need_ids": _kept(form.need_ids, document["needs"]),
        }
    return {
        "id": item_id,
        "section": form.section.data,
        "what": form.what.data,
        "who": form.who.data,
        "qualification": form.qualification.data or "",
        "ratio": {"staff": form.number("ratio_staff"), "children": form.number("ratio_children")},
        "frequency": {"times": form.number("times"), "per": form.per.data},
        "minutes": form.number("minutes"),
        "need_ids": _kept(form.need_ids, document["needs"]),
        "outcome_ids": _kept(form.outcome_ids, document["outcomes"]),
    }


def _title(collection: str, item_id: str | None) -> str:
    if item_id:
        return f"Change {label_of(item_id).lower()}"
    return {"needs": "Add a need", "outcomes": "Add an outcome", "provision": "Add provision"}[collection]


@bp.route("/advice/<int:advice_id>/<collection>/new", methods=["GET", "POST"])
@bp.route("/advice/<int:advice_id>/<collection>/<item_id>", methods=["GET", "POST"])
@professional_required
def advice_item(advice_id: int, collection: str, item_id: str | None = None):
    if collection not in COLLECTIONS:
        abort(404)
    writable, found = _open()
    document = advice_data.draft_of(found[2])
    row = advice_document.item(document, collection, item_id) if item_id else None
    if item_id and row is None:
        abort(404)
    if writable is None:
        return redirect(url_for("professional.advice_request", advice_id=advice_id))
    person, organisation, advice, case, council = found
    form = _item_form(collection, document, row)
    if form.validate_on_submit():
        document = advice_data.draft_of(advice_data.lock(advice))  # a colleague may have saved since
        if item_id and advice_document.item(document, collection, item_id) is None:
            abort(404)
        new_id = item_id or advice_document.next_id(document, collection)
        changed = advice_document.put_item(document, collection, _values(collection, form, document, new_id))
        label = label_of(new_id)
        advice_data.save_draft(
            person, case, advice, changed, f"{new_id} {'changed' if item_id else 'added'}", client_ip()
        )
        flash(f"{label} {'changed' if item_id else 'added'}")
        return redirect(url_for("professional.advice_request", advice_id=advice.id, _anchor=collection))
    if request.method == "GET":
        _audit(found, "advice.view_item")
    return _render(
        "professional/advice/item.html",
        found,
        _title(collection, item_id),
        400 if form.errors else 200,
        form=form,
        collection=collection,
        item_id=item_id,
        plan_template=template_of(document),
    )


@bp.route("/advice/<int:advice_id>/<collection>/<item_id>/remove", methods=["GET", "POST"])
@professional_required
def advice_item_remove(advice_id: int, collection: str, item_id: str):
    if collection not in COLLECTIONS:
        abort(404)
    writable, found = _open()
    document = advice_data.draft_of(found[2])
    if advice_document.item(document, collection, item_id) is None:
        abort(404)
    if writable is None:
        return redirect(url_for("professional.advice_request", advice_id=advice_id))
    person, organisation, advice, case, council = found
    label = label_of(item_id)
    form = SendForm()
    if form.validate_on_submit():
        document = advice_data.draft_of(advice_data.lock(advice))
        changed = advice_document.remove_item(document, collection, item_id)
        advice_data.save_draft(person, case, advice, changed, f"{item_id} removed", client_ip())
        flash(f"{label} removed")
        return redirect(url_for("professional.advice_request", advice_id=advice.id, _anchor=collection))
    return _render(
        "professional/advice/remove.html",
        found,
        f"Are you sure you want to remove {label.lower()}?",
        form=form,
        collection=collection,
        item_id=item_id,
    )


@bp.route("/advice/<int:advice_id>/summary", methods=["GET", "POST"])
@professional_required
def advice_summary(advice_id: int):
    writable, found = _open()
    if writable is None:
        return redirect(url_for("professional.advice_request", advice_id=advice_id))
    person, organisation, advice, case, council = found
    document = advice_data.draft_of(advice)
    form = SummaryForm(data={"summary": document["summary"]})
    if form.validate_on_submit():
        document = advice_data.draft_of(advice_data.lock(advice))
        changed = advice_document.with_summary(document, form.summary.data or "")
        advice_data.save_draft(person, case, advice, changed, "summary changed", client_ip())
        flash("Summary saved")
        return redirect(url_for("professional.advice_request", advice_id=advice.id))
    return _render(
        "professional/advice/summary.html", found, "Summary of your advice", 400 if form.errors else 200, form=form
    )


@bp.route("/advice/<int:advice_id>/reports", methods=["GET", "POST"])
@professional_required
def advice_reports(advice_id: int):
    writable, found = _open()
    if writable is None:
        return redirect(url_for("professional.advice_request", advice_id=advice_id))
    person, organisation, advice, case, council = found
    form = ReportForm()
    status = 200
    if form.validate_on_submit():
        upload = request.files.get("report")
        problem = uploads.store_upload(
            upload,
            lambda name, content_type, size, key: advice_data.add_document(
                person, case, advice, name, content_type, size, key
            ),
        )
        if problem is None:
            flash("Report uploaded. The council can read it once it has been checked for viruses")
            return redirect(url_for("professional.advice_request", advice_id=advice.id, _anchor="reports"))
        form.report.errors = [problem]
        status = 400
    elif request.method == "POST":
        status = 400
    return _render(
        "professional/advice/reports.html",
        found,
        "Attach a report",
        status,
        form=form,
        reports=advice_data.documents(advice),
    )


@bp.post("/advice/<int:advice_id>/reports/<document_id>/remove")
@professional_required
def advice_report_remove(advice_id: int, document_id: str):
    writable, found = _open()
    document = advice_data.document_for(found[2], document_id)
    if document is None:
        abort(404)
    if writable is None:
        return redirect(url_for("professional.advice_request", advice_id=advice_id))
    form = SendForm()
    if not form.validate_on_submit():
        abort(400)
    person, organisation, advice, case, council = found
    advice_data.remove_document(person, case, advice, document)
    flash(f"Removed {document.filename}")
    return redirect(url_for("professional.advice_request", advice_id=advice.id, _anchor="reports"))


def _problems(advice, document) -> list[dict]:
    """What stops the advice being sent, each linked to the page that puts it right."""
    found = []
    for problem in advice_document.problems(document):
        if problem.item_id:
            collection = {"need": "needs", "outcome": "outcomes", "provision": "provision"}[
                problem.item_id.split("-")[0]
            ]
            href = url_for(
                "professional.advice_item", advice_id=advice.id, collection=collection, item_id=problem.item_id
            )
        else:
            href = url_for("professional.advice_item", advice_id=advice.id, collection="needs")
        found.append({"text": problem.message, "href": href})
    return found


@bp.route("/advice/<int:advice_id>/check", methods=["GET", "POST"])
@professional_required
def advice_check(advice_id: int):
    writable, found = _open()
    if writable is None:
        return redirect(url_for("professional.advice_request", advice_id=advice_id))
    person, organisation, advice, case, council = found
    document = advice_data.draft_of(advice)
    problems = _problems(advice, document)
    form = SendForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit() and not problems:
            try:
                advice_data.send(person, organisation, case, advice, today_in_london(), client_ip())
            except advice_data.AlreadySent:
                return redirect(url_for("professional.advice_request", advice_id=advice.id))
            return redirect(url_for("professional.advice_sent", advice_id=advice.id))
        status = 400
    else:
        _audit(found, "advice.view")
    hints = [hint.message for hint in advice_document.hints(document)]
    return _render(
        "professional/advice/check.html",
        found,
        "Check your advice and send it",
        status,
        form=form,
        document=document,
        groups=groups_of(document),
        reports=advice_data.documents(advice),
        problems=problems,
        hints=hints,
        late=today_in_london() > advice.due_on if advice.due_on else False,
    )


@bp.get("/advice/<int:advice_id>/sent")
@professional_required
def advice_sent(advice_id: int):
    found = _found()
    advice = found[2]
    if advice.submitted_at is None:
        return redirect(url_for("professional.advice_request", advice_id=advice_id))
    late = bool(advice.received_on and advice.due_on and advice.received_on > advice.due_on)
    return _render(
        "professional/advice/sent.html",
        found,
        "Advice sent",
        late=late,
        received=format_govuk_date(advice.received_on),
    )
