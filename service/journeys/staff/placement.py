"""The case's "Schools and settings" tab, for council staff: the tailored list of settings able to meet the needs in the
draft plan (with what each provides, which the family reads), the family's preferences in order, and
the consultation of settings on the draft plan (CFA 2014 s39(2)): send, read the answer, share the
setting's reasons with the family, and record the council's decision (naming a setting writes section I).

Every page is scoped through case_or_404 (another council's case is 404); a setting id from a form is
scoped to what the council sees in the register, a list entry or consultation id to the case. All staff
read (audited); caseworkers and managers change.
"""

from __future__ import annotations

from types import MappingProxyType

from flask import abort, flash, redirect, request, url_for
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import HiddenField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from service.auth.staff import CHANGE_ROLES, staff_required
from service.data import case_records, plans
from service.data import placement as placement_data
from service.data import settings as settings_data
from service.domain.ehcp.template import template_of
from service.forms.fields import GovForm
from service.journeys.staff.case_pages import case_or_404, render_case
from service.journeys.staff.routes import bp
from service.journeys.staff.settings import settings_search_page
from service.web import staff_change

TAB = "settings_list"
URN_DIGITS = "Enter a URN of 6 or 7 digits, like 118325"


def _urn(value: str | None) -> int | None:
    value = (value or "").replace(" ", "")
    return int(value) if value.isdigit() and 6 <= len(value) <= 7 else None


class AddByUrnForm(GovForm):
    nouns = MappingProxyType({"urn": "URN", "reason": "What it provides"})
    urn = StringField(
        "URN",
        description="The setting's unique reference number in Get Information about Schools, 6 or 7 digits",
        validators=[InputRequired("Enter the setting's URN")],
        widget=GovTextInput(),
    )
    reason = TextAreaField(
        "What it provides that meets the child's needs (optional)",
        description="The family reads this",
        validators=[Length(max=1000, message="What it provides must be 1,000 characters or fewer")],
        widget=GovTextArea(),
    )
    submit = SubmitField("Add to the list", widget=GovSubmitInput())

    def validate_urn(self, field) -> None:
        if _urn(field.data) is None:
            raise ValidationError(URN_DIGITS)


class AddByIdForm(GovForm):
    setting_id = HiddenField()


class ReasonForm(GovForm):
    reason = TextAreaField(
        "What it provides",
        validators=[Length(max=1000, message="What it provides must be 1,000 characters or fewer")],
        widget=GovTextArea(),
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


class ButtonForm(GovForm):
    """Only the CSRF token (remove, tell the family, share)."""


class ConsultForm(GovForm):
    nouns = MappingProxyType({"urn": "URN", "message": "Note to the setting"})
    setting = RadioField(
        "Which setting do you want to consult?",
        choices=[],
        validate_choice=False,
        validators=[InputRequired("Select the setting to consult")],
        widget=GovRadioInput(),
    )
    urn = StringField("URN of the setting", validators=[Optional()], widget=GovTextInput())
    message = TextAreaField(
        "Note to the setting (optional)",
        description="For example, what you would like it to look at in the draft plan. Do not include health details",
        validators=[Length(max=5000, message="Note to the setting must be 5,000 characters or fewer")],
        widget=GovTextArea(),
    )
    submit = SubmitField("Send the draft plan", widget=GovSubmitInput())


class DecisionForm(GovForm):
    nouns = MappingProxyType({"reason": "Reason"})
    decision = RadioField(
        "What did the council decide?",
        choices=[("named", "Name it in section I of the plan"), ("not_named", "Do not name it")],
        validate_choice=False,
        validators=[InputRequired("Select whether the council will name the setting")],
        widget=GovRadioInput(),
    )
    attendance = RadioField("How will the child attend?", choices=[], validate_choice=False, widget=GovRadioInput())
    reason = TextAreaField(
        "Why will the council not name it?",
        validators=[Length(max=5000, message="Reason must be 5,000 characters or fewer")],
        widget=GovTextArea(),
    )
    submit = SubmitField("Save the decision", widget=GovSubmitInput())


def _can_change(user) -> bool:
    return user.role in CHANGE_ROLES


def _changer(case_id: int):
    user, case = case_or_404(case_id)
    if not _can_change(user):
        abort(403)
    return user, case


def _entry_or_404(case, entry_id: int):
    entry = placement_data.list_entry(case, entry_id)
    if entry is None:
        abort(404)
    return entry


def _consultation_or_404(case, consultation_id: int):
    consultation = placement_data.consultation_for_case(case, consultation_id)
    if consultation is None:
        abort(404)
    return consultation


def _list_page(user, case, form: AddByUrnForm, status: int = 200, error_list=None):
    change = staff_change()
    entries = placement_data.tailored_list(case)
    items = placement_data.consultations(case)
    return render_case(
        "staff/placement/settings_list.html",
        user,
        case,
        TAB,
        "Schools and settings",
        status,
        entries=entries,
        registered=placement_data.settings_of(entries),
        preferences=placement_data.preferences(case),
        consultations=[(c, placement_data.status_of(c, change.today)) for c in items],
        draft=placement_data.latest_draft(case),
        form=form,
        button=ButtonForm(),
        can_change=_can_change(user),
        error_list=error_list,
    )


@bp.get("/cases/<int:case_id>/settings-list")
@staff_required()
def settings_list(case_id: int):
    user, case = case_or_404(case_id)
    case_records.audit_read(staff_change(), case, "placement.view")
    return _list_page(user, case, AddByUrnForm(formdata=None))


@bp.get("/cases/<int:case_id>/settings-list/find")
@staff_required(*CHANGE_ROLES)
def settings_find(case_id: int):
    """The register's search for this case: each result has a button adding it to the child's list."""
    user, case = case_or_404(case_id)
    case_records.audit_read(staff_change(), case, "placement.find")
    return settings_search_page(
        user=user, args=request.args, case=case, add_action=url_for("staff.tailored_add", case_id=case.id)
    )


@bp.post("/cases/<int:case_id>/settings-list/add")
@staff_required(*CHANGE_ROLES)
def tailored_add(case_id: int):
    """Add by URN (the form on the tab) or by id (the register's search page posts setting_id)."""
    user, case = case_or_404(case_id)
    change = staff_change()
    by_id = AddByIdForm()
    if "setting_id" in request.form:
        if not by_id.validate_on_submit():
            abort(400)
        value = by_id.setting_id.data or ""
        setting = settings_data.setting_for(user.local_authority_id, int(value)) if value.isdigit() else None
        if setting is None:
            abort(404)
        try:
            placement_data.add_to_list(change, case, setting)
        except placement_data.PlacementError as problem:
            return _list_page(user, case, AddByUrnForm(formdata=None), 400, [{"text": str(problem), "href": "#urn"}])
        flash(f"{setting.name} added to the list")
        return redirect(url_for("staff.settings_list", case_id=case.id))
    form = AddByUrnForm()
    if not form.validate_on_submit():
        if not form.errors:
            abort(400)
        return _list_page(user, case, form, 400)
    urn = _urn(form.urn.data)
    setting = settings_data.setting_by_urn(user.local_authority_id, urn) if urn else None
    if setting is None:
        form.urn.errors = [f"There is no setting with URN {urn} in the list of settings"]
        return _list_page(user, case, form, 400)
    try:
        placement_data.add_to_list(change, case, setting, form.reason.data or "")
    except placement_data.PlacementError as problem:
        form.urn.errors = [str(problem)]
        return _list_page(user, case, form, 400)
    flash(f"{setting.name} added to the list")
    return redirect(url_for("staff.settings_list", case_id=case.id))


@bp.post("/cases/<int:case_id>/settings-list/<int:entry_id>/remove")
@staff_required(*CHANGE_ROLES)
def tailored_remove(case_id: int, entry_id: int):
    user, case = case_or_404(case_id)
    entry = _entry_or_404(case, entry_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    placement_data.remove_from_list(staff_change(), case, entry)
    flash(f"{entry.name} removed from the list")
    return redirect(url_for("staff.settings_list", case_id=case.id))


@bp.route("/cases/<int:case_id>/settings-list/<int:entry_id>/reason", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def tailored_reason(case_id: int, entry_id: int):
    user, case = case_or_404(case_id)
    entry = _entry_or_404(case, entry_id)
    form = ReasonForm(data={"reason": entry.reason}) if request.method == "GET" else ReasonForm()
    form.reason.label.text = f"What {entry.name} provides that meets {case.child_first_name}'s needs"
    if request.method == "GET":
        case_records.audit_read(staff_change(), case, "placement.view")
    elif form.validate_on_submit():
        placement_data.set_reason(staff_change(), case, entry, form.reason.data or "")
        flash(f"What {entry.name} provides was saved")
        return redirect(url_for("staff.settings_list", case_id=case.id))
    return render_case(
        "staff/placement/reason.html",
        user,
        case,
        TAB,
        f"What {entry.name} provides",
        400 if form.errors else 200,
        form=form,
        entry=entry,
    )


@bp.post("/cases/<int:case_id>/settings-list/ready")
@staff_required(*CHANGE_ROLES)
def tailored_ready(case_id: int):
    user, case = case_or_404(case_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    placement_data.tell_family_list_ready(staff_change(), case)
    flash("The family was told the list is ready")
    return redirect(url_for("staff.settings_list", case_id=case.id))


# --- Consultations ---------------------------------------------------------------------------------


def _consult_choices(case) -> list[tuple[str, str]]:
    """The family's preferences first (in their order), then the rest of the list, then a URN."""
    seen: dict[int, str] = {}
    for preference in placement_data.preferences(case):
        if preference.setting_id is not None and preference.setting_id not in seen:
            seen[preference.setting_id] = f"{preference.name} (the family's choice {preference.rank})"
    for entry in placement_data.tailored_list(case):
        seen.setdefault(entry.setting_id, f"{entry.name} (on the list)")
    return [(str(setting_id), label) for setting_id, label in seen.items()] + [("urn", "Another setting, by URN")]


@bp.route("/cases/<int:case_id>/consultations/new", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def consultation_new(case_id: int):
    user, case = case_or_404(case_id)
    change = staff_change()
    form = ConsultForm()
    form.setting.choices = _consult_choices(case)
    draft = placement_data.latest_draft(case)
    error_list = None
    status = 200
    if request.method == "GET":
        case_records.audit_read(change, case, "placement.view")
    elif form.validate_on_submit():
        choice = form.setting.data or ""
        setting = None
        if choice == "urn":
            urn = _urn(form.urn.data)
            if urn is None:
                form.urn.errors = [URN_DIGITS]
            else:
                setting = settings_data.setting_by_urn(user.local_authority_id, urn)
                if setting is None:
                    form.urn.errors = [f"There is no setting with URN {urn} in the list of settings"]
        elif choice.isdigit():
            setting = settings_data.setting_for(user.local_authority_id, int(choice))
            if setting is None:
                abort(404)
        else:
            form.setting.errors = ["Select the setting to consult"]
        if setting is not None:
            try:
                sent = placement_data.send_consultation(change, case, setting, form.message.data or "")
            except placement_data.PlacementError as problem:
                error_list = [{"text": str(problem), "href": "#setting"}]
            else:
                flash(f"{setting.name} was sent the draft plan. It should answer by {_date(sent.consultation.due_on)}")
                return redirect(url_for("staff.consultation", case_id=case.id, consultation_id=sent.consultation.id))
    if request.method == "POST":
        status = 400
    return render_case(
        "staff/placement/consult.html",
        user,
        case,
        TAB,
        "Consult a setting on the draft plan",
        status,
        form=form,
        draft=draft,
        error_list=error_list,
    )


def _date(value) -> str:
    from service.domain.clock import format_govuk_date

    return format_govuk_date(value)


@bp.get("/cases/<int:case_id>/consultations/<int:consultation_id>")
@staff_required()
def consultation(case_id: int, consultation_id: int):
    user, case = case_or_404(case_id)
    found = _consultation_or_404(case, consultation_id)
    change = staff_change()
    case_records.audit_read(change, case, "placement.view_consultation")
    version = plans.version_by_id(found.plan_version_id) if found.plan_version_id else None
    return render_case(
        "staff/placement/consultation.html",
        user,
        case,
        TAB,
        found.setting_name,
        consultation=found,
        consultation_status=placement_data.status_of(found, change.today),
        version=version,
        button=ButtonForm(),
        can_change=_can_change(user),
        answered=found.answer != placement_data.PENDING,
        cannot=found.answer == placement_data.CANNOT_MEET,
        named=found.decision == placement_data.NAMED,
        nobody=not placement_data.recipients_of(found),
    )


@bp.post("/cases/<int:case_id>/consultations/<int:consultation_id>/share")
@staff_required(*CHANGE_ROLES)
def consultation_share(case_id: int, consultation_id: int):
    user, case = case_or_404(case_id)
    found = _consultation_or_404(case, consultation_id)
    if not ButtonForm().validate_on_submit() or found.answer == placement_data.PENDING:
        abort(400)
    shared = not found.shared_with_family
    placement_data.share_with_family(staff_change(), case, found, shared)
    flash(
        "The family can now read the setting's answer"
        if shared
        else "The family can no longer read the setting's reasons"
    )
    return redirect(url_for("staff.consultation", case_id=case.id, consultation_id=found.id))


@bp.route("/cases/<int:case_id>/consultations/<int:consultation_id>/decision", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def consultation_decision(case_id: int, consultation_id: int):
    user, case = case_or_404(case_id)
    found = _consultation_or_404(case, consultation_id)
    change = staff_change()
    plan = plans.plan_for_case(case)
    if plan is None:
        abort(404)
    template = template_of(plans.working(plan))
    form = DecisionForm()
    form.decision.label.text = f"Will the council name {found.setting_name} in the final plan?"
    form.decision.choices = [("named", f"Yes, name {found.setting_name} in section I"), ("not_named", "No")]
    form.attendance.label.text = f"How will {case.child_first_name} attend?"
    form.attendance.choices = [(c.key, c.label) for c in template.attendance_patterns]
    form.reason.label.text = f"Why will the council not name {found.setting_name}?"
    if request.method == "GET":
        case_records.audit_read(change, case, "placement.view_consultation")
    elif form.validate_on_submit():
        named = form.decision.data == "named"
        if form.decision.data not in ("named", "not_named"):
            form.decision.errors = ["Select whether the council will name the setting"]
        elif named and form.attendance.data not in template.attendance_labels:
            form.attendance.errors = [f"Select how {case.child_first_name} will attend"]
        elif not named and not (form.reason.data or "").strip():
            form.reason.errors = [f"Enter why the council will not name {found.setting_name}"]
        else:
            placement_data.decide(
                change, case, found, named=named, attendance=form.attendance.data or "", reason=form.reason.data or ""
            )
            flash(
                f"{found.setting_name} is named in section I of the plan"
                if named
                else f"The decision not to name {found.setting_name} was saved"
            )
            return redirect(url_for("staff.consultation", case_id=case.id, consultation_id=found.id))
    return render_case(
        "staff/placement/decision.html",
        user,
        case,
        TAB,
        f"Record the council's decision on {found.setting_name}",
        400 if request.method == "POST" else 200,
        form=form,
        consultation=found,
    )
