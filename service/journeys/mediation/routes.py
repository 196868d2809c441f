"""Disagreement: families ask for mediation or a certificate; councils record certificates and
mediation; both see the same appeal deadline, from the statutory clock."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovRadioInput, GovTextArea
from wtforms import RadioField, SelectMultipleField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from service.auth.family import current_family, family_required
from service.auth.staff import ALL_ROLES, current_staff, staff_required
from service.data import family as family_data
from service.data import mediation
from service.data.cases import case_for_staff
from service.data.requests import utcnow
from service.domain.clock import DecisionKind, disagreement_timeline, london_date
from service.forms.dates import GovDateField, NotInTheFuture

bp = Blueprint("mediation", __name__)
DECISIONS = {
    DecisionKind.NOT_TO_ASSESS: "the decision not to carry out an assessment",
    DecisionKind.NOT_TO_ISSUE: "the decision not to make a plan",
    DecisionKind.PLAN_CONTENTS: "the final plan",
}
STAFF_ROLES = ("caseworker", "manager", "mediation_adviser")


class RequestForm(FlaskForm):
    wants = RadioField(
        "What do you want to do?",
        choices=[
            ("mediation", "Try mediation with the council"),
            ("certificate", "Get a mediation certificate so I can appeal"),
        ],
        validators=[InputRequired("Select whether you want mediation or a certificate")],
        widget=GovRadioInput(),
    )
    sections = SelectMultipleField(
        "What do you disagree with? (final plans only)",
        choices=[
            ("B", "Section B: special educational needs"),
            ("F", "Section F: special educational provision"),
            ("I", "Section I: the named school or college"),
            ("health", "Health parts of the plan"),
            ("social_care", "Social care parts of the plan"),
        ],
        widget=GovCheckboxesInput(),
    )
    availability = TextAreaField(
        "When are you available for mediation? (optional)", validators=[Length(max=2000)], widget=GovTextArea()
    )
    access_needs = TextAreaField(
        "Do you have any access needs? (optional)", validators=[Length(max=2000)], widget=GovTextArea()
    )
    attendees = TextAreaField("Who will come with you? (optional)", validators=[Length(max=2000)], widget=GovTextArea())
    kind = None

    def validate_sections(self, field):
        if self.kind == DecisionKind.PLAN_CONTENTS and not field.data:
            raise ValidationError("Select what you disagree with in the plan")


def _family_case(case_id: int):
    case = family_data.case_for_family(current_family(), case_id)
    if case is None or mediation.appealable_decision(case) is None:
        abort(404)
    return case


@bp.route("/your-cases/<int:case_id>/disagree", methods=["GET", "POST"])
@family_required
def request_mediation(case_id: int):
    case = _family_case(case_id)
    existing = mediation.for_case(case)
    if existing is not None:
        return redirect(url_for(".family_dates", case_id=case.id))
    kind, _ = mediation.appealable_decision(case)
    form = RequestForm()
    form.kind = kind
    today = london_date(utcnow())
    if form.validate_on_submit():
        mediation.request_mediation(
            case,
            form.sections.data or [],
            form.wants.data == "mediation",
            form.availability.data or "",
            form.access_needs.data or "",
            form.attendees.data or "",
            today,
        )
        return redirect(url_for(".family_dates", case_id=case.id))
    preview = {m.key: m for m in disagreement_timeline(mediation.preview_facts(case), today)}
    return render_template(
        "mediation/request.html",
        form=form,
        case=case,
        decision=DECISIONS[kind],
        preview=preview,
        plan=kind == DecisionKind.PLAN_CONTENTS,
        page_title="Request mediation or a mediation certificate",
        signed_in=True,
    )


@bp.get("/your-cases/<int:case_id>/disagree/dates")
@family_required
def family_dates(case_id: int):
    case = _family_case(case_id)
    d = mediation.for_case(case)
    if d is None:
        return redirect(url_for(".request_mediation", case_id=case.id))
    milestones = [
        m
        for m in disagreement_timeline(mediation.facts_of(d), london_date(utcnow()))
        if m.state.value != "not_applicable"
    ]
    return render_template(
        "mediation/family_dates.html",
        case=case,
        d=d,
        milestones=milestones,
        page_title="Your mediation request",
        signed_in=True,
    )


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
