"""Disagreement: families ask for mediation or a certificate; councils record certificates and
mediation; both see the same appeal deadline, from the statutory clock."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput
from wtforms import RadioField
from wtforms.validators import InputRequired

from service.auth.staff import ALL_ROLES, current_staff, staff_required
from service.data import mediation
from service.data.cases import case_for_staff
from service.data.requests import utcnow
from service.domain.clock import disagreement_timeline, london_date
from service.forms.dates import GovDateField, NotInTheFuture

bp = Blueprint("mediation", __name__)
STAFF_ROLES = ("caseworker", "manager", "mediation_adviser")


class CertificateForm(FlaskForm):
    class Meta:
        csrf = False  # two forms share a page; CSRFProtect checks every POST's csrf_token

    on = GovDateField("Date the certificate was issued", noun="date", validators=[NotInTheFuture()])


class MediationHeldForm(FlaskForm):
    class Meta:
        csrf = False  # as above

    on = GovDateField("Date mediation took place", noun="date", validators=[NotInTheFuture()])
    outcome = RadioField(
        "Outcome",
        choices=[("agreement", "Agreement"), ("partial", "Partial agreement"), ("none", "No agreement")],
        validators=[InputRequired("Select the outcome of mediation")],
        widget=GovRadioInput(),
    )


@bp.get("/staff/disagreements")
@staff_required(*ALL_ROLES)
def staff_list():
    user = current_staff()
    today = london_date(utcnow())
    rows = []
    for d, case in mediation.for_council(user.local_authority_id):
        timeline = disagreement_timeline(mediation.facts_of(d), today)
        outstanding = [m for m in timeline if m.is_outstanding and m.key != "appeal_deadline"]
        rows.append((d, case, min(outstanding, key=lambda m: m.due) if outstanding else None))
    return render_template("mediation/staff_list.html", rows=rows, user=user, today=today, page_title="Disagreements")


@bp.route("/staff/disagreements/<int:disagreement_id>", methods=["GET", "POST"])
@staff_required(*ALL_ROLES)
def staff_record(disagreement_id: int):
    user = current_staff()
    d = mediation.get_for_council(user.local_authority_id, disagreement_id)
    if d is None:
        abort(404)
    case = case_for_staff(user.local_authority_id, d.case_id)
    today = london_date(utcnow())
    certificate, held = CertificateForm(prefix="certificate"), MediationHeldForm(prefix="held")
    for form in (certificate, held):
        form.today = today
    can_change = user.role in STAFF_ROLES
    if can_change and certificate.on.name + "-day" in (request.form) and certificate.validate_on_submit():
        if certificate.on.data < d.decision_notice_on:
            certificate.on.errors.append("The date cannot be before the decision")
        else:
            mediation.record_certificate(d, case, certificate.on.data, f"{user.name} (council)", today)
            flash("Certificate recorded and the family told")
            return redirect(url_for(".staff_record", disagreement_id=d.id))
    if can_change and held.on.name + "-day" in (request.form) and held.validate_on_submit():
        if held.on.data < d.contacted_on:
            held.on.errors.append("The date cannot be before the family asked for mediation")
        else:
            mediation.record_mediation(d, case, held.on.data, held.outcome.data, f"{user.name} (council)")
            flash("Mediation recorded")
            return redirect(url_for(".staff_record", disagreement_id=d.id))
    milestones = [m for m in disagreement_timeline(mediation.facts_of(d), today) if m.state.value != "not_applicable"]
    errors = [
        {"text": f.errors[0], "href": f"#{f.error_target_id() if hasattr(f, 'error_target_id') else f.id}"}
        for form in (certificate, held)
        for f in form
        if f.errors
    ]
    return render_template(
        "mediation/staff_record.html",
        d=d,
        case=case,
        user=user,
        milestones=milestones,
        certificate=certificate,
        held=held,
        can_change=can_change,
        error_list=errors,
        page_title="Disagreement",
    )


# The family's pages (service/journeys/mediation/family.py) are registered on the same blueprint.
from service.journeys.mediation import family  # noqa: E402, F401
