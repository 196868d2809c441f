"""The plan's items, each on its own GOV.UK page (the "add another" pattern, no JavaScript): contacts in
personal details, needs in sections B, C and D, outcomes in E and provision in F, G, H1 and H2. Add,
change and remove; removing asks first, and drops every link to the item (document.remove_item), so no
outcome or provision points at a need that is gone. Edit summaries name the item, never its content."""

from __future__ import annotations

import re

from flask import abort, request

from service.auth.staff import CHANGE_ROLES, staff_required
from service.data import case_records, plans
from service.domain.ehcp import document as plan_document
from service.domain.ehcp.document import Document
from service.domain.ehcp.template import PlanTemplate
from service.journeys.staff import plan as pages
from service.journeys.staff.plan_edit import item_choices
from service.journeys.staff.plan_forms import ContactForm, NeedForm, OutcomeForm, PlanForm, ProvisionForm
from service.journeys.staff.routes import bp
from service.web import staff_change

CONTACT = re.compile(r"contact-([0-9]{1,3})")
CONTACT_FIELDS = ("name", "relationship", "email", "telephone", "address")
NOUNS = {"contacts": "contact", "needs": "need", "outcomes": "outcome", "provision": "provision"}


def collection_of(key: str, template: PlanTemplate) -> str:
    if key == "personal_details":
        return "contacts"
    if key in template.need_sections:
        return "needs"
    if key == "e":
        return "outcomes"
    if key in plan_document.PROVISION_SECTIONS:
        return "provision"
    abort(404)


def find_item(document: Document, template: PlanTemplate, key: str, collection: str, item_id: str) -> dict:
    """The item of this section, or 404 (an item of another section, or of nobody, is not found)."""
    if collection == "contacts":
        match = CONTACT.fullmatch(item_id)
        contacts = document["personal_details"]["contacts"]
        if not match or not 1 <= int(match.group(1)) <= len(contacts):
            abort(404)
        return contacts[int(match.group(1)) - 1]
    row = plan_document.item(document, collection, item_id)
    if row is None:
        abort(404)
    if collection == "needs" and template.area(row["area"]).section != key:
        abort(404)
    if collection == "provision" and row["section"] != key:
        abort(404)
    return row


def item_label(document: Document, collection: str, item_id: str) -> str:
    if collection == "contacts":
        return f"Contact {CONTACT.fullmatch(item_id).group(1)}"  # type: ignore[union-attr]
    return plan_document.label_of(item_id)


def _form(collection: str, key: str, document: Document, template: PlanTemplate, row: dict | None):
    row = row or {}
    if collection == "contacts":
        return ContactForm(
            data={
                **{name: row.get(name, "") for name in CONTACT_FIELDS},
                "main_contact": row.get("main_contact", False),
            }
        )
    if collection == "needs":
        areas = template.areas_in(key)
        form = NeedForm(data={name: row.get(name, "") for name in ("area", "description", "impact")})
        form.area.choices = [(area.key, area.title) for area in areas]
        if len(areas) == 1:
            del form.area  # one area (sections C and D): nothing to choose
        return form
    if collection == "outcomes":
        form = OutcomeForm(
            data={
                name: row.get(name, []) if name == "need_ids" else row.get(name, "")
                for name in ("statement", "measure", "by_when", "need_ids")
            }
        )
        form.need_ids.choices = item_choices(document, "needs")
        return form
    ratio, frequency = row.get("ratio") or {}, row.get("frequency") or {}
    data = {
        **{name: row.get(name, "") for name in ("what", "who", "qualification", "agreed_by")},
        "ratio_staff": str(ratio.get("staff", "")),
        "ratio_children": str(ratio.get("children", "")),
        "times": str(frequency.get("times", "")),
        "per": frequency.get("per", ""),
        "minutes": str(row.get("minutes") or ""),
        "need_ids": row.get("need_ids", []),
        "outcome_ids": row.get("outcome_ids", []),
    }
    form = ProvisionForm(data=data)
    form.per.choices = [(period.key, period.label.capitalize()) for period in template.frequency_periods]
    answers = set(template.provision_sections.get(key, ()))
    answering = {need["id"] for need in document["needs"] if template.area(need["area"]).section in answers}
    form.need_ids.choices = item_choices(document, "needs", answering | set(row.get("need_ids", [])))
    form.outcome_ids.choices = item_choices(document, "outcomes")
    if key != "g":
        del form.agreed_by
    return form


def _values(collection: str, key: str, form, document: Document, template: PlanTemplate, item_id: str) -> dict:
    if collection == "contacts":
        return {
            **{name: form[name].data or "" for name in CONTACT_FIELDS},
            "main_contact": bool(form.main_contact.data),
        }
    if collection == "needs":
        area = form.area.data if "area" in form else template.areas_in(key)[0].key
        return {"id": item_id, "area": area, "description": form.description.data, "impact": form.impact.data or ""}
    if collection == "outcomes":
        return {
            "id": item_id,
            "statement": form.statement.data,
            "measure": form.measure.data,
            "by_when": form.by_when.data,
            "need_ids": _kept(form.need_ids, document["needs"]),
        }
    values = {
        "id": item_id,
        "section": key,
        "what": form.what.data,
        "who": form.who.data,
        "qualification": form.qualification.data or "",
        "ratio": {"staff": form.number("ratio_staff"), "children": form.number("ratio_children")},
        "frequency": {"times": form.number("times"), "per": form.per.data},
        "minutes": form.number("minutes"),
        "need_ids": _kept(form.need_ids, document["needs"]),
        "outcome_ids": _kept(form.outcome_ids, document["outcomes"]),
    }
    if key == "g":
        values["agreed_by"] = form.agreed_by.data or ""
    return values


def _kept(field, rows) -> list[str]:
    """The ticked ids that are offered and are items of the plan, in plan order."""
    offered = {value for value, _ in field.choices}
    wanted = {value for value in field.data or [] if value in offered}
    return [row["id"] for row in rows if row["id"] in wanted]


def _put(document: Document, collection: str, values: dict, item_id: str | None) -> Document:
    if collection != "contacts":
        return plan_document.put_item(document, collection, values)
    contacts = list(document["personal_details"]["contacts"])
    if values["main_contact"]:
        contacts = [{**contact, "main_contact": False} for contact in contacts]
    if item_id is None:
        contacts.append(values)
    else:
        contacts[int(item_id.split("-")[1]) - 1] = values
    return plan_document.replace_part(document, "personal_details", {"contacts": contacts})


@bp.route("/cases/<int:case_id>/plan/sections/<key>/items/new", methods=["GET", "POST"])
@bp.route("/cases/<int:case_id>/plan/sections/<key>/items/<item_id>", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def plan_item(case_id: int, key: str, item_id: str | None = None):
    user, case, plan = pages.plan_or_404(case_id)
    document = plans.working(plan)
    template, section = pages.section_or_404(document, key)
    collection = collection_of(key, template)
    row = find_item(document, template, key, collection, item_id) if item_id else None
    form = _form(collection, key, document, template, row)
    clashes = None
    if form.validate_on_submit():
        latest = plans.working(plan)
        if item_id and collection != "contacts" and plan_document.item(latest, collection, item_id) is None:
            abort(404)
        new_id = item_id or (
            f"contact-{len(latest['personal_details']['contacts']) + 1}"
            if collection == "contacts"
            else plan_document.next_id(latest, collection)
        )
        values = _values(collection, key, form, latest, template, new_id)
        label = item_label(latest, collection, new_id)
        summary = f"{label} {'changed' if item_id else 'added'}"
        clashes = pages.save(
            plan, _put(latest, collection, values, item_id), form, section=key, summary=summary, item_id=new_id
        )
        if clashes is None:
            return pages.saved(case.id, f"Saved: {summary}", key)
    elif request.method == "GET":
        case_records.audit_read(staff_change(), case, "plan.view_item")
    noun = NOUNS[collection]
    title = f"Change {item_label(document, collection, item_id).lower()}" if item_id else f"Add a {noun}"
    if collection == "provision" and not item_id:
        title = "Add provision"
    return pages.form_page(
        "staff/plan/item.html",
        form,
        user,
        case,
        plan,
        title,
        clashes=clashes,
        section=section,
        collection=collection,
        item_id=item_id,
        plan_template=template,
    )


@bp.route("/cases/<int:case_id>/plan/sections/<key>/items/<item_id>/remove", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def plan_remove_item(case_id: int, key: str, item_id: str):
    user, case, plan = pages.plan_or_404(case_id)
    document = plans.working(plan)
    template, section = pages.section_or_404(document, key)
    collection = collection_of(key, template)
    find_item(document, template, key, collection, item_id)
    label = item_label(document, collection, item_id)
    form = PlanForm()
    clashes = None
    if form.validate_on_submit():
        if collection == "contacts":
            contacts = list(document["personal_details"]["contacts"])
            del contacts[int(item_id.split("-")[1]) - 1]
            changed = plan_document.replace_part(document, "personal_details", {"contacts": contacts})
        else:
            changed = plan_document.remove_item(document, collection, item_id)
        clashes = pages.save(plan, changed, form, section=key, summary=f"{label} removed", item_id=item_id)
        if clashes is None:
            return pages.saved(case.id, f"Removed: {label}", key)
    else:
        case_records.audit_read(staff_change(), case, "plan.view_item")
    return pages.form_page(
        "staff/plan/remove.html",
        form,
        user,
        case,
        plan,
        f"Are you sure you want to remove {label.lower()}?",
        clashes=clashes,
        section=section,
        label=label,
        collection=collection,
        linked=_linked_to(document, item_id) if collection in ("needs", "outcomes") else [],
    )


def _linked_to(document: Document, item_id: str) -> list[str]:
    """The items that link to this one (their links go with it)."""
    rows = [*document["outcomes"], *document["provision"]]
    return [
        plan_document.label_of(row["id"])
        for row in rows
        if item_id in row.get("need_ids", []) + row.get("outcome_ids", [])
    ]
