"""The list of settings for staff: find a setting (a GOV.UK/MoJ filter page, reusable for a child's
tailored list), one setting's page, a council's correction of a GIAS setting, a setting the council
adds, and the council's local inclusion plan page. Every staff role may read; caseworkers and managers
change; only managers edit the inclusion plan."""

from __future__ import annotations

import json
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from service.auth.staff import CHANGE_ROLES, MANAGER, current_local_authority, current_staff, staff_required
from service.data import settings as settings_data
from service.domain import settings as rules
from service.domain.clock import format_govuk_date
from service.domain.settings import SettingFilters
from service.forms.fields import GovForm, noun_of
from service.journeys.staff import bp
from service.web import staff_change

NUMBER_FIELDS = ("capacity", "pupils", "rp_capacity", "rp_on_roll", "unit_capacity", "unit_on_roll")
AGE_FIELDS = ("low_age", "high_age")
PROVISION_LABELS = {
    "": "None",
    "Resourced provision": "Resourced provision",
    "SEN unit": "SEN unit",
    "Resourced provision and SEN unit": "Resourced provision and SEN unit",
}


# Forms


def _whole_number(high: int = rules.MAX_NUMBER):
    def check(form, field) -> None:
        value = (field.data or "").strip()
        if value and not (value.isascii() and value.isdigit() and int(value[:7]) <= high):
            raise ValidationError(f"{noun_of(form, field)} must be a whole number from 0 to {high:,}")

    return check


def _number(label: str, high: int = rules.MAX_NUMBER) -> StringField:
    return StringField(label, validators=[_whole_number(high)], widget=GovTextInput())


class SettingFieldsForm(GovForm):
    """The SEND-relevant facts of a setting: what a council may correct, and give a setting it adds."""

    name = StringField(
        "Name",
        validators=[
            DataRequired("Enter the setting's name"),
            Length(max=200, message="Name must be 200 characters or fewer"),
        ],
        widget=GovTextInput(),
    )
    phase = SelectField(
        "Phase of education",
        choices=[("", "Not known"), *((p, p) for p in rules.PHASES)],
        validate_choice=False,  # nothing chosen is "Not known"; validate_phase refuses anything else
        widget=GovSelect(),
    )
    low_age = _number("Youngest age (years)", rules.MAX_AGE)
    high_age = _number("Oldest age (years)", rules.MAX_AGE)
    sen_needs = SelectMultipleField(
        "Types of need provided for",
        choices=list(rules.NEEDS.items()),
        widget=GovCheckboxesInput(),
    )
    resourced_provision = RadioField(
        "Resourced provision or SEN unit",
        choices=list(PROVISION_LABELS.items()),
        default="",
        validate_choice=False,  # nothing chosen is "None"; validate_resourced_provision refuses anything else
        widget=GovRadioInput(),
    )
    rp_capacity = _number("Resourced provision places")
    rp_on_roll = _number("Resourced provision pupils on roll")
    unit_capacity = _number("SEN unit places")
    unit_on_roll = _number("SEN unit pupils on roll")
    capacity = _number("Capacity of the whole setting")
    pupils = _number("Pupils on roll")
    section41 = BooleanField(
        "Approved under section 41 of the Children and Families Act 2014", widget=GovCheckboxInput()
    )
    telephone = StringField(
        "Telephone",
        validators=[Length(max=40, message="Telephone must be 40 characters or fewer")],
        widget=GovTextInput(),
    )
    website = StringField(
        "Website",
        validators=[Length(max=300, message="Website must be 300 characters or fewer")],
        widget=GovTextInput(),
    )
    local_offer = TextAreaField(
        "What the council's local offer says about this setting (optional)",
        validators=[Length(max=5000, message="Local offer must be 5,000 characters or fewer")],
        widget=GovTextArea(),
    )
    nouns = MappingProxyType({"local_offer": "Local offer", "sen_needs": "Types of need"})

    def validate_phase(self, field) -> None:
        if (field.data or "") not in ("", *rules.PHASES):
            raise ValidationError("Select the phase of education from the list")

    def validate_resourced_provision(self, field) -> None:
        if (field.data or "") not in PROVISION_LABELS:
            raise ValidationError("Select whether it has a resourced provision or SEN unit")

    def validate_high_age(self, field) -> None:
        low, high = (self.low_age.data or "").strip(), (field.data or "").strip()
        if low.isdigit() and high.isdigit() and int(high) < int(low) and not self.low_age.errors:
            raise ValidationError("Oldest age must be the same as or more than the youngest age")

    def values(self) -> dict[str, Any]:
        def number(value: str | None) -> int | None:
            value = (value or "").strip()
            return int(value) if value else None

        values: dict[str, Any] = {
            "name": self.name.data,
            "phase": self.phase.data or "",
            "sen_needs": rules.needs_text(self.sen_needs.data or []),
            "resourced_provision": self.resourced_provision.data or "",
            "section41": bool(self.section41.data),
            "telephone": self.telephone.data or "",
            "website": self.website.data or "",
            "local_offer": self.local_offer.data or "",
        }
        for key in (*NUMBER_FIELDS, *AGE_FIELDS):
            values[key] = number(getattr(self, key).data)
        return values

    @classmethod
    def of(cls, setting: Any, **kwargs) -> SettingFieldsForm:
        data = {key: getattr(setting, key) for key in rules.CORRECTABLE}
        data["sen_needs"] = rules.needs_of(setting.sen_needs)
        data["resourced_provision"] = (
            setting.resourced_provision if setting.resourced_provision in PROVISION_LABELS else ""
        )
        for key in (*NUMBER_FIELDS, *AGE_FIELDS):
            data[key] = "" if data[key] is None else str(data[key])
        return cls(data=data, **kwargs)


class CorrectionForm(SettingFieldsForm):
    reason = TextAreaField(
        "Why are you correcting it?",
        description="For example, the school told us its unit now has 16 places",
        validators=[
            DataRequired("Enter why you are correcting it"),
            Length(max=500, message="Reason must be 500 characters or fewer"),
        ],
        widget=GovTextArea(),
    )
    nouns = MappingProxyType({"local_offer": "Local offer", "sen_needs": "Types of need", "reason": "Reason"})


def _valid_urn(form, field) -> None:
    value = (field.data or "").strip()
    if value and not rules.valid_urn(value):
        raise ValidationError("Enter a URN of 6 or 7 digits")


class NewSettingForm(SettingFieldsForm):
    urn = StringField(
        "URN (optional)",
        description="The unique reference number, if it has one. Settings in the national data have one already",
        validators=[_valid_urn],
        widget=GovTextInput(),
    )
    type_name = StringField(
        "Type of setting (optional)",
        description="For example, alternative provision",
        validators=[Length(max=100, message="Type of setting must be 100 characters or fewer")],
        widget=GovTextInput(),
    )
    town = StringField(
        "Town (optional)",
        validators=[Length(max=100, message="Town must be 100 characters or fewer")],
        widget=GovTextInput(),
    )


class InclusionPlanForm(GovForm):
    partnership = TextAreaField(
        "Your local inclusion partnership",
        description="Who is in it and how it works. Leave a blank line between paragraphs",
        validators=[Length(max=10000, message="Partnership must be 10,000 characters or fewer")],
        widget=GovTextArea(),
    )
    offer = TextAreaField(
        "Your offer",
        description="The support children and young people can get in your area. Leave a blank line between paragraphs",
        validators=[Length(max=10000, message="Offer must be 10,000 characters or fewer")],
        widget=GovTextArea(),
    )
    published = RadioField(
        "Publish the page?",
        choices=[("yes", "Yes, anyone can see it"), ("no", "No, keep it unpublished")],
        default="no",
        widget=GovRadioInput(),
    )
    nouns = MappingProxyType({"partnership": "Partnership", "offer": "Offer"})

    def validate_published(self, field) -> None:
        if field.data == "yes" and not ((self.partnership.data or "").strip() and (self.offer.data or "").strip()):
            raise ValidationError("Enter your partnership and your offer before you publish the page")


# Finding settings


def _params(filters: SettingFilters, **changes: Any) -> dict[str, Any]:
    f = replace(filters, **changes)
    values: dict[str, Any] = {
        "name": f.name or None,
        "urn": f.urn,
        "phase": list(f.phases) or None,
        "age": f.age,
        "type": f.type or None,
        "need": list(f.needs) or None,
        "provision": list(f.provisions) or None,
        "capacity": f.min_capacity,
        "places_free": "yes" if f.places_free else None,
        "s41": "yes" if f.section41 else None,
        "area": "yes" if f.in_area else None,
        "near": f.near_urn,
        "miles": f.within_miles,
        "closed": "yes" if f.include_closed else None,
        "page": f.page if f.page > 1 else None,
    }
    return {k: v for k, v in values.items() if v is not None}


def _selected(filters: SettingFilters, link, la_name: str) -> list[dict]:
    def item(text: str, **changes: Any) -> dict:
        return {"text": text, "href": link(filters, page=1, **changes)}

    categories: list[dict] = []

    def add(heading: str, items: list[dict]) -> None:
        if items:
            categories.append({"heading": heading, "items": items})

    add("Name", [item(filters.name, name="")] if filters.name else [])
    add("URN", [item(str(filters.urn), urn=None)] if filters.urn is not None else [])
    add("Phase", [item(p, phases=tuple(x for x in filters.phases if x != p)) for p in filters.phases])
    add("Age", [item(f"Age {filters.age}", age=None)] if filters.age is not None else [])
    add("Type", [item(filters.type, type="")] if filters.type else [])
    add(
        "Types of need",
        [item(rules.NEEDS[c], needs=tuple(x for x in filters.needs if x != c)) for c in filters.needs],
    )
    add(
        "Provision",
        [
            item(rules.PROVISIONS[p], provisions=tuple(x for x in filters.provisions if x != p))
            for p in filters.provisions
        ],
    )
    other = []
    if filters.min_capacity is not None:
        other.append(item(f"At least {filters.min_capacity} places", min_capacity=None))
    if filters.places_free:
        other.append(item("Has places free", places_free=False))
    if filters.section41:
        other.append(item("Approved under section 41", section41=False))
    if filters.in_area:
        other.append(item(f"In {la_name}", in_area=False))
    if filters.include_closed:
        other.append(item("Including closed settings", include_closed=False))
    add("Places and approval", other)
    if filters.near_urn is not None:
        text = f"Near URN {filters.near_urn}" + (
            f", within {filters.within_miles} miles" if filters.within_miles else ""
        )
        add("Distance", [item(text, near_urn=None, within_miles=None)])
    return categories


def settings_search_page(*, user: Any, args: Any, case: Any = None, add_action: str | None = None):
    """The "Find a setting" page for `args` (the query string). With `case` (a case of the user's council)
    the distance is measured from the child's current setting unless asked otherwise, and each result
    has a button posting its setting_id to `add_action`. Returns (html, status)."""
    la = current_local_authority()
    default_near = case.current_setting_urn if case is not None else None
    parsed = rules.parse_filters(args, default_near=default_near)
    filters = parsed.filters
    errors = [{"text": e.text, "href": f"#{e.name}", "name": e.name} for e in parsed.errors]
    if filters.urn is not None and settings_data.setting_by_urn(la.id, filters.urn) is None:
        errors.append(
            {
                "text": f"There is no setting with URN {filters.urn} in the list of settings",
                "href": "#urn",
                "name": "urn",
            }
        )
        filters = replace(filters, urn=None)
    if filters.near_urn is not None:
        origin = settings_data.setting_by_urn(la.id, filters.near_urn)
        if origin is None or origin.easting is None:
            text = (
                f"There is no setting with URN {filters.near_urn} in the list of settings"
                if origin is None
                else f"The list of settings has no location for URN {filters.near_urn}: enter another URN"
            )
            if filters.near_urn != default_near or args.get("near"):
                errors.append({"text": text, "href": "#near", "name": "near"})
            filters = replace(filters, near_urn=None, within_miles=None)
    result = settings_data.search(la, filters)
    endpoint = request.endpoint or "staff.settings"
    view_args = dict(request.view_args or {})

    def link(f: SettingFilters, **changes: Any) -> str:
        values = _params(f, **changes)
        if default_near is not None and "near" not in values:
            values["near"] = ""  # removing the distance from the child's setting: keep it removed
        return url_for(endpoint, **view_args, **values)

    heading = f"Find settings for {case.child_first_name}" if case is not None else "Find a setting"
    corrections = settings_data.corrections_of(la.id, [s.urn for s in result.rows if s.urn and s.source == "corrected"])
    html = render_template(
        "staff/settings/search.html",
        user=user,
        la=la,
        case=case,
        add_action=add_action,
        filters=filters,
        result=result,
        link=link,
        clear_link=url_for(endpoint, **view_args),
        selected=_selected(filters, link, la.name),
        errors_by_name={e["name"]: e["text"] for e in errors},
        error_list=[{"text": e["text"], "href": e["href"]} for e in errors],
        raw=args,
        needs=rules.NEEDS,
        phases=rules.PHASES,
        type_groups=rules.TYPE_GROUPS,
        miles=rules.MILES,
        provisions=rules.PROVISIONS,
        corrections=corrections,
        can_change=user.role in CHANGE_ROLES,
        page_title=heading,
    )
    return html, (400 if errors else 200)


@bp.get("/settings")
@staff_required()
def settings():
    return settings_search_page(user=current_staff(), args=request.args)


def _setting_or_404(setting_id: int) -> Any:
    setting = settings_data.setting_for(current_staff().local_authority_id, setting_id)
    if setting is None:
        abort(404)
    return setting


@bp.get("/settings/<int:setting_id>")
@staff_required()
def setting(setting_id: int):
    user = current_staff()
    found = _setting_or_404(setting_id)
    correction = (
        settings_data.correction_for(user.local_authority_id, found.urn) if found.source == "corrected" else None
    )
    corrected_fields = set(correction_fields(correction)) if correction else set()
    return render_template(
        "staff/settings/setting.html",
        user=user,
        la=current_local_authority(),
        setting=found,
        correction=correction,
        corrected_fields=corrected_fields,
        corrected_on=format_govuk_date(correction.updated_at.date()) if correction else "",
        needs=rules.NEEDS,
        data_date=format_govuk_date(settings_data.DATA_DATE),
        can_change=user.role in CHANGE_ROLES,
        page_title=found.name,
    )


def correction_fields(correction: Any) -> list[str]:
    return sorted(json.loads(correction.fields)) if correction else []


@bp.route("/settings/<int:setting_id>/correct", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def correct_setting(setting_id: int):
    user = current_staff()
    found = _setting_or_404(setting_id)
    local = found.source == "local"
    form_class = NewSettingForm if local else CorrectionForm
    form = form_class() if request.method == "POST" else form_class.of(found)
    if local and request.method == "GET":
        form.urn.data = str(found.urn or "")
        form.type_name.data = found.type_name
        form.town.data = found.town
    if form.validate_on_submit():
        if local:
            values = form.values()
            values.update(type_name=form.type_name.data or "", town=form.town.data or "")
            saved = settings_data.update_local(staff_change(), found, values)
        else:
            saved = settings_data.correct(staff_change(), found, form.values(), form.reason.data)
        flash(f"{saved.name}: your council's details are saved")
        return redirect(url_for(".setting", setting_id=saved.id))
    return render_template(
        "staff/settings/correct.html",
        user=user,
        form=form,
        setting=found,
        local=local,
        page_title=f"Correct {found.name}'s details",
    ), (400 if form.errors else 200)


@bp.route("/settings/new", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def new_setting():
    user = current_staff()
    form = NewSettingForm()
    if form.validate_on_submit():
        values = form.values()
        urn = (form.urn.data or "").strip()
        values.update(urn=int(urn) if urn else None, type_name=form.type_name.data or "", town=form.town.data or "")
        try:
            saved = settings_data.add_local(staff_change(), values)
        except settings_data.UrnTaken as error:
            form.urn.errors.append(str(error))
        else:
            flash(f"{saved.name} is added to your council's list of settings")
            return redirect(url_for(".setting", setting_id=saved.id))
    return render_template(
        "staff/settings/correct.html",
        user=user,
        form=form,
        setting=None,
        local=True,
        page_title="Add a setting",
    ), (400 if form.errors else 200)


@bp.route("/inclusion-plan", methods=["GET", "POST"])
@staff_required(MANAGER)
def inclusion_plan():
    user = current_staff()
    la = current_local_authority()
    plan = settings_data.inclusion_plan(la.id)
    if request.method == "POST":
        form = InclusionPlanForm()
    else:
        form = InclusionPlanForm(
            data={
                "partnership": plan.partnership if plan else "",
                "offer": plan.offer if plan else "",
                "published": "yes" if plan and plan.published else "no",
            }
        )
    if form.validate_on_submit():
        saved = settings_data.save_inclusion_plan(
            staff_change(),
            partnership=form.partnership.data,
            offer=form.offer.data,
            published=form.published.data == "yes",
        )
        flash(
            "Your local inclusion plan page is published"
            if saved.published
            else "Your local inclusion plan page is saved, not published"
        )
        return redirect(url_for(".inclusion_plan"))
    return render_template(
        "staff/settings/inclusion_plan.html",
        user=user,
        la=la,
        form=form,
        plan=plan,
        page_title="Your local inclusion plan page",
    ), (400 if form.errors else 200)
