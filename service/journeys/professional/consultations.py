"""Consultations with the professional's setting on a draft plan (CFA 2014 s39(2)).

The setting reads only the draft version it was sent (never the working copy, other versions or
anything else of the case), the council's note and the date to answer by, and answers once: whether
it can meet the child's needs, its reasons (needed for no) and what it would need. An answer after
the 15 days is accepted and marked late. Another organisation's consultation is 404.
"""

from __future__ import annotations

from types import MappingProxyType

from flask import abort, redirect, render_template, request, url_for
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextArea
from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length

from service.auth.professional import current_organisation, current_professional, professional_required
from service.data import audit, plans
from service.data import placement as placement_data
from service.data import professionals as professionals_data
from service.domain.ehcp.sections import plan_sections
from service.forms.fields import GovForm
from service.journeys.professional import bp
from service.web import client_ip, today_in_london

LIMIT = 5000


class AnswerForm(GovForm):
    nouns = MappingProxyType({"reasons": "Reasons", "would_need": "What it would need"})
    can_meet = RadioField(
        "Can the setting meet the needs?",
        choices=[("yes", "Yes"), ("no", "No")],
        validate_choice=False,
        validators=[InputRequired("Select yes or no"), AnyOf(["yes", "no"], message="Select yes or no")],
        widget=GovRadioInput(),
    )
    reasons = TextAreaField(
        "Reasons",
        validators=[Length(max=LIMIT, message=f"Reasons must be {LIMIT:,} characters or fewer")],
        widget=GovTextArea(),
    )
    would_need = TextAreaField(
        "What would the setting need to meet the needs? (optional)",
        description="For example, staff, equipment or training",
        validators=[Length(max=LIMIT, message=f"What it would need must be {LIMIT:,} characters or fewer")],
        widget=GovTextArea(),
    )
    submit = SubmitField("Send", widget=GovSubmitInput())


def _found(consultation_id: int):
    person, organisation = current_professional(), current_organisation()
    found = professionals_data.consultation_for(organisation.id, consultation_id)
    if found is None:
        abort(404)
    return person, organisation, found


def _audit(person, council, case, consultation, action: str) -> None:
    audit.record_professional(
        person.id, council.id, action, case_id=case.id, detail=f"consultation:{consultation.id}", ip_address=client_ip()
    )


@bp.route("/consultations/<int:consultation_id>", methods=["GET", "POST"])
@professional_required
def consultation(consultation_id: int):
    person, organisation, (consultation, case, council) = _found(consultation_id)
    today = today_in_london()
    setting, child = consultation.setting_name, case.child_first_name
    form = AnswerForm()
    form.can_meet.label.text = f"Can {setting} meet {child}'s needs?"
    form.reasons.label.text = f"Why can {setting} not meet {child}'s needs?"
    answered = consultation.answer != placement_data.PENDING
    status = 200
    if request.method == "POST":
        if answered:
            status = 409  # answered already: the page shows what was sent
        elif form.validate_on_submit():
            can_meet = form.can_meet.data == "yes"
            if not can_meet and not (form.reasons.data or "").strip():
                form.reasons.errors = [f"Enter the reasons {setting} cannot meet the needs"]
            else:
                placement_data.answer(
                    person,
                    consultation,
                    case,
                    can_meet=can_meet,
                    reasons=form.reasons.data or "",
                    would_need=form.would_need.data or "",
                    today=today,
                    ip=client_ip(),
                )
                return redirect(url_for("professional.consultation_sent", consultation_id=consultation.id))
        if status == 200:
            if not form.errors and not form.reasons.errors:
                abort(400)
            status = 400
    else:
        _audit(person, council, case, consultation, "consultation.view")
    version = plans.version_by_id(consultation.plan_version_id) if consultation.plan_version_id else None
    if version is not None and version.case_id != case.id:
        version = None
    return render_template(
        "professional/consultation.html",
        person=person,
        organisation=organisation,
        consultation=consultation,
        case=case,
        council=council,
        today=today,
        late=today > consultation.due_on,
        answered=answered,
        version=version,
        sections=plan_sections(plans.document_of(version)) if version else [],
        form=form,
        page_title=f"Can {setting} meet {child}'s needs?",
    ), status


@bp.get("/consultations/<int:consultation_id>/sent")
@professional_required
def consultation_sent(consultation_id: int):
    person, organisation, (consultation, case, council) = _found(consultation_id)
    if consultation.answer == placement_data.PENDING:
        return redirect(url_for("professional.consultation", consultation_id=consultation.id))
    _audit(person, council, case, consultation, "consultation.view")
    return render_template(
        "professional/consultations/sent.html",
        person=person,
        organisation=organisation,
        consultation=consultation,
        case=case,
        council=council,
        page_title="Answer sent",
    )
