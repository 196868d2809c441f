"""Editing the plan section by section: one GOV.UK page per section of the template. Sections of fields
(personal details, services, A1, A2, I, J) are one form each; sections of items (B, C, D needs, E
outcomes, F to H2 provision, the contacts) list their items with add, change and remove links (the items
are in plan_items.py); K is generated from the case's advice requests; the sign-off is filled on issue.

Each save replaces the working copy with the latest one plus this page's changes, through
plan_changes.save with the version the page was drawn at: a clash on the same section gives the
stale-edit warning (409), edits to other sections since are kept."""

from __future__ import annotations

from datetime import date

from flask import abort, request

from service.auth.staff import CHANGE_ROLES, staff_required
from service.data import case_records, plans
from service.data.plan_changes import refresh_advice
from service.domain.ehcp import document as plan_document
from service.domain.ehcp.document import Document, word_count
from service.domain.ehcp.quality import quality_flags
from service.domain.ehcp.sections import section_view
from service.domain.ehcp.template import PlanTemplate, template_of
from service.journeys.staff import plan as pages
from service.journeys.staff.plan_forms import (
    BudgetForm,
    NoNeedsForm,
    PersonalDetailsForm,
    PlacementForm,
    PlanForm,
    SectionA1Form,
    SectionA2Form,
    ServicesForm,
)
from service.journeys.staff.routes import bp
from service.web import staff_change, today_in_london

A2_FIELDS = ("child_views", "family_views", "interests", "strengths", "aspirations", "how_gathered")
PERSONAL_FIELDS = ("name", "preferred_name", "sex", "ethnicity", "first_language", "parent_first_language")
YES_NO_FIELDS = ("known_to_social_care", "looked_after", "previously_looked_after")
TO_YES_NO = {True: "yes", False: "no", None: ""}
FROM_YES_NO = {"yes": True, "no": False}


def item_choices(document: Document, collection: str, ids=None) -> list[tuple[str, str]]:
    """Checkbox choices for linking to needs or outcomes: 'Need 3: <the start of its description>'."""
    text = {"needs": "description", "outcomes": "statement"}[collection]
    rows = [row for row in document[collection] if ids is None or row["id"] in ids]
    return [(row["id"], f"{plan_document.label_of(row['id'])}: {_start(row[text])}") for row in rows]


def _start(text: str, words: int = 12) -> str:
    parts = (text or "").split()
    return " ".join(parts[:words]) + ("\u2026" if len(parts) > words else "")


def _form_for(key: str, document: Document, template: PlanTemplate):
    """The section's form, filled from the working copy (and, on a POST, from what was sent)."""
    if key == "personal_details":
        p = document["personal_details"]
        dob = date.fromisoformat(p["date_of_birth"]) if p["date_of_birth"] else None
        data = {name: p[name] for name in (*PERSONAL_FIELDS, "nhs_number", "upn")}
        return PersonalDetailsForm(data={**data, "date_of_birth": dob}, today=today_in_london())
    if key == "services":
        s = document["services"]
        data = {
            **{name: s[name] for name in ("setting", "setting_urn", "health", "moved_from_local_authority")},
            **{name: TO_YES_NO[s[name]] for name in YES_NO_FIELDS},
            "other_professionals": "\n".join(s["other_professionals"]),
        }
        return ServicesForm(data=data)
    if key == "a1":
        a = document["section_a"]
        return SectionA1Form(data={"history": a["history"], "communication": a["communication"]})
    if key == "a2":
        return SectionA2Form(data={name: document["section_a"][name] for name in A2_FIELDS})
    if key == "i":
        form = PlacementForm(data=document["placement"])
        form.attendance.choices = [(c.key, c.label) for c in template.attendance_patterns] + [("", "Not decided yet")]
        return form
    if key == "j":
        form = BudgetForm(data=document["personal_budget"])
        form.need_ids.choices = item_choices(document, "needs")
        form.outcome_ids.choices = item_choices(document, "outcomes")
        return form
    if key in template.need_sections:
        form = NoNeedsForm(data={"areas": document["no_identified_needs"]})
        form.areas.choices = [(area.key, area.title) for area in template.areas_in(key)]
        return form
    return PlanForm()


def _a1_words(form: SectionA1Form, limit: int) -> bool:
    """Section A1 (history and how to communicate together) is at most `limit` words (the template's)."""
    history, communication = word_count(form.history.data), word_count(form.communication.data)
    if history > limit:
        form.history.errors.append(f"Summary of history must be {limit} words or fewer")
    elif communication > limit:
        form.communication.errors.append(f"How to communicate must be {limit} words or fewer")
    elif history + communication > limit:
        form.communication.errors.append(
            f"Section A1 must be {limit} words or fewer: the summary of history and how to communicate "
            f"have {history + communication} words together"
        )
    return not (form.history.errors or form.communication.errors)


def _no_needs_valid(form: NoNeedsForm, document: Document, key: str, template: PlanTemplate) -> bool:
    chosen = [area for area in form.areas.data or [] if area in dict(form.areas.choices)]
    with_needs = {need["area"] for need in plan_document.needs_in(document, template, key)}
    clash = [template.area(area).title for area in chosen if area in with_needs]
    if clash:
        form.areas.errors.append(
            f"{clash[0]} has a need in the plan: remove the need, or do not say there are no identified needs"
        )
        return False
    return True


def _changed(key: str, form, document: Document, template: PlanTemplate) -> Document:
    """The working copy with this section's answers."""
    if key == "personal_details":
        values = {name: form[name].data or "" for name in (*PERSONAL_FIELDS, "nhs_number", "upn")}
        values["date_of_birth"] = form.date_of_birth.data.isoformat()
        return plan_document.replace_part(document, "personal_details", values)
    if key == "services":
        lines = [line.strip() for line in (form.other_professionals.data or "").splitlines() if line.strip()]
        values = {
            **{
                name: form[name].data or ""
                for name in ("setting", "setting_urn", "health", "moved_from_local_authority")
            },
            **{name: FROM_YES_NO.get(form[name].data or "") for name in YES_NO_FIELDS},
            "other_professionals": lines,
        }
        return plan_document.replace_part(document, "services", values)
    if key == "a1":
        values = {"history": form.history.data or "", "communication": form.communication.data or ""}
        return plan_document.replace_part(document, "section_a", values)
    if key == "a2":
        return plan_document.replace_part(document, "section_a", {name: form[name].data or "" for name in A2_FIELDS})
    if key == "i":
        values = {name: form[name].data or "" for name in ("name", "urn", "type")}
        attendance = form.attendance.data if form.attendance.data in template.attendance_labels else ""
        return plan_document.replace_part(document, "placement", {**values, "attendance": attendance})
    if key == "j":
        values = {name: form[name].data or "" for name in ("details", "arrangements")}
        values["need_ids"] = _kept(form.need_ids.data, document["needs"])
        values["outcome_ids"] = _kept(form.outcome_ids.data, document["outcomes"])
        return plan_document.replace_part(document, "personal_budget", values)
    # a need section's "no identified needs" areas: other sections' areas stay as they were
    mine = {area.key for area in template.areas_in(key)}
    others = [area for area in document["no_identified_needs"] if area not in mine]
    chosen = [area.key for area in template.areas_in(key) if area.key in (form.areas.data or [])]
    changed = dict(document)
    changed["no_identified_needs"] = others + chosen
    return changed


def _kept(chosen, rows) -> list[str]:
    """The chosen ids that are items of the plan, in plan order (anything else sent is ignored)."""
    wanted = set(chosen or [])
    return [row["id"] for row in rows if row["id"] in wanted]


SUMMARIES = {
    "personal_details": "Personal details changed",
    "services": "Services involved changed",
    "a1": "Section A1 changed",
    "a2": "Section A2 changed",
    "i": "Section I changed",
    "j": "Section J changed",
}
FORM_SECTIONS = (*SUMMARIES, "b", "c", "d")


@bp.route("/cases/<int:case_id>/plan/sections/<key>", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def plan_section(case_id: int, key: str):
    user, case, plan = pages.plan_or_404(case_id)
    document = plans.working(plan)
    template, section = pages.section_or_404(document, key)
    form = _form_for(key, document, template)
    clashes = None
    if request.method == "POST":
        if key not in FORM_SECTIONS:
            abort(405)
        if form.validate_on_submit() and _extra_checks(key, form, document, template):
            summary = SUMMARIES.get(key, f"No identified needs in section {section.letter} changed")
            clashes = pages.save(plan, _changed(key, form, document, template), form, section=key, summary=summary)
            if clashes is None:
                return pages.saved(case.id, f"Saved: {section.heading}", key if key in template.need_sections else None)
    else:
        case_records.audit_read(staff_change(), case, "plan.view_section")
    return pages.form_page(
        f"staff/plan/section_{_template_name(key, template)}.html",
        form,
        user,
        case,
        plan,
        section.heading,
        clashes=clashes,
        section=section,
        plan_template=template,
        document=document,
        view=section_view(document, key, template),
        flags=[flag for flag in quality_flags(document, template) if flag.section == key],
        a1_max_words=template.a1_max_words,
    )


def _extra_checks(key: str, form, document: Document, template: PlanTemplate) -> bool:
    if key == "a1":
        return _a1_words(form, template.a1_max_words)
    if key in template.need_sections:
        return _no_needs_valid(form, document, key, template)
    return True


def _template_name(key: str, template: PlanTemplate) -> str:
    if key in template.need_sections:
        return "needs"
    if key in plan_document.PROVISION_SECTIONS:
        return "provision"
    return key


@bp.post("/cases/<int:case_id>/plan/sections/k/refresh")
@staff_required(*CHANGE_ROLES)
def plan_refresh_advice(case_id: int):
    """Section K again from the case's advice requests (who was asked, when, and what came back)."""
    user, case, plan = pages.plan_or_404(case_id)
    form = PlanForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        refresh_advice(staff_change(), plan, case, pages.opened(form))
    except pages.plan_changes.StalePlan as stale:
        document = plans.working(plan)
        template = template_of(document)
        return pages.form_page(
            "staff/plan/section_k.html",
            form,
            user,
            case,
            plan,
            template.section("k").heading,
            clashes=stale.edits,
            section=template.section("k"),
            view=section_view(document, "k", template),
            flags=[],
        )
    return pages.saved(case.id, "Saved: section K updated from the advice requests", "k")
