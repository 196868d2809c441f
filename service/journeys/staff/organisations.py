"""The organisations a council works with (issue 14): schools, colleges and nurseries (by URN), educational
psychology services, health providers and social care teams, and the people invited to each. Work belongs
to the organisation, never to a person, so staff leaving never strands it.

A council sees the organisations it added and every setting (settings are national: one organisation per
URN). Another council's EP service, health provider or social care team is 404 wherever its id arrives.
All staff read; caseworkers and managers change. Every change is audited (no case_id)."""

from __future__ import annotations

import re

from flask import abort, flash, redirect, render_template, url_for
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import RadioField, StringField, SubmitField
from wtforms.validators import InputRequired, Length

from service.auth.staff import CHANGE_ROLES, current_local_authority, current_staff, staff_required
from service.data import professionals as professionals_data
from service.forms.fields import GovForm, email_field
from service.journeys.professional.invitations import InviteProfessionalForm, invite, send_invitation
from service.journeys.staff.routes import bp
from service.web import client_ip, today_in_london

KINDS = {
    "setting": "Early years setting, school or college",
    "educational_psychology": "Educational psychology service",
    "health": "Health provider or integrated care board",
    "social_care": "Social care team",
}
URN = re.compile(r"^\d{6,7}$")


class OrganisationForm(GovForm):
    kind = RadioField(
        "What kind of organisation is it?",
        choices=list(KINDS.items()),
        validators=[InputRequired("Select what kind of organisation it is")],
        widget=GovRadioInput(),
    )
    urn = StringField(
        "URN",
        description="The 6 or 7 digit unique reference number on Get Information about Schools",
        widget=GovTextInput(),
    )
    name = StringField(
        "Name of the organisation",
        validators=[Length(max=200, message="Name must be 200 characters or fewer")],
        widget=GovTextInput(),
    )
    email = email_field(
        "Shared email address (optional)",
        None,
        description="A team inbox we also tell about new work, besides the people you invite",
        example="send@school.sch.uk",
    )
    submit = SubmitField("Add organisation", widget=GovSubmitInput())

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.kind.data == "setting":
            urn = (self.urn.data or "").replace(" ", "")
            if not urn:
                self.urn.errors = [*self.urn.errors, "Enter the setting's URN"]
                ok = False
            elif not URN.match(urn):
                self.urn.errors = [*self.urn.errors, "URN must be 6 or 7 digits, like 118393"]
                ok = False
        elif self.kind.data in KINDS and not self.name.data:
            self.name.errors = [*self.name.errors, "Enter the name of the organisation"]
            ok = False
        return ok


def _organisation_or_404(organisation_id: int):
    found = professionals_data.organisation_for_council(current_local_authority().id, organisation_id)
    if found is None:
        abort(404)
    return found


@bp.get("/organisations")
@staff_required()
def organisations():
    return render_template(
        "staff/organisations/list.html",
        user=current_staff(),
        rows=professionals_data.organisations_for_council(current_local_authority().id),
        kinds=KINDS,
        can_change=current_staff().role in CHANGE_ROLES,
        page_title="Organisations",
    )


@bp.route("/organisations/new", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def new_organisation():
    user, la = current_staff(), current_local_authority()
    form = OrganisationForm()
    if form.validate_on_submit():
        if form.kind.data == "setting":
            urn = int(form.urn.data.replace(" ", ""))
            existing = professionals_data.organisation_by_urn(urn)
            if existing is not None:
                flash(f"{existing.name} (URN {urn}) is already in the service. Invite people to it here")
                return redirect(url_for("staff.organisation", organisation_id=existing.id))
            setting = professionals_data.national_setting_by_urn(urn)
            if setting is None:
                form.urn.errors = [
                    f"There is no setting with URN {urn} in the list of settings. "
                    "Check the URN on Get Information about Schools"
                ]
            else:
                added = professionals_data.add_organisation(
                    user.id, la.id, "setting", setting.name, urn, form.email.data or "", client_ip()
                )
                flash(f"{added.name} added. Invite the people who will respond to requests")
                return redirect(url_for("staff.organisation", organisation_id=added.id))
        else:
            added = professionals_data.add_organisation(
                user.id, la.id, form.kind.data, form.name.data, None, form.email.data or "", client_ip()
            )
            flash(f"{added.name} added. Invite the people who will respond to requests")
            return redirect(url_for("staff.organisation", organisation_id=added.id))
    return render_template("staff/organisations/new.html", form=form, user=user, page_title="Add an organisation"), (
        400 if form.errors else 200
    )


@bp.get("/organisations/<int:organisation_id>")
@staff_required()
def organisation(organisation_id: int):
    organisation = _organisation_or_404(organisation_id)
    la = current_local_authority()
    return render_template(
        "staff/organisations/organisation.html",
        user=current_staff(),
        organisation=organisation,
        kinds=KINDS,
        people=professionals_data.people_of(organisation.id),
        status_of=professionals_data.status_of,
        work=professionals_data.work_for_council(organisation.id, la.id),
        today=today_in_london(),
        can_change=current_staff().role in CHANGE_ROLES,
        page_title=organisation.name,
    )


def _inviter() -> str:
    user, la = current_staff(), current_local_authority()
    return f"{user.name} at {la.name} council"


@bp.route("/organisations/<int:organisation_id>/invite", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def invite_to_organisation(organisation_id: int):
    organisation = _organisation_or_404(organisation_id)
    user = current_staff()
    form = InviteProfessionalForm()
    if form.validate_on_submit():
        invited = invite(form, organisation, f"staff:{user.id}", _inviter())
        if invited is not None:
            flash(f"Invitation sent to {invited.email}. The link works once and for 7 days")
            return redirect(url_for("staff.organisation", organisation_id=organisation.id))
    return render_template(
        "staff/organisations/invite.html",
        form=form,
        user=user,
        organisation=organisation,
        page_title=f"Invite someone at {organisation.name}",
    ), (400 if form.errors else 200)


def _person_or_404(organisation_id: int, professional_id: int):
    organisation = _organisation_or_404(organisation_id)
    person = professionals_data.person_at(organisation.id, professional_id)
    if person is None or person.disabled:
        abort(404)
    return organisation, person


@bp.post("/organisations/<int:organisation_id>/people/<int:professional_id>/resend")
@staff_required(*CHANGE_ROLES)
def resend_professional_invitation(organisation_id: int, professional_id: int):
    organisation, person = _person_or_404(organisation_id, professional_id)
    if person.active:
        flash(f"{person.name} has already accepted their invitation: they sign in with their email address")
    else:
        token = professionals_data.resend_invitation(organisation, person, f"staff:{current_staff().id}", client_ip())
        send_invitation(person, organisation, token, _inviter())
        flash(f"New invitation sent to {person.email}. Earlier links no longer work")
    return redirect(url_for("staff.organisation", organisation_id=organisation.id))


@bp.post("/organisations/<int:organisation_id>/people/<int:professional_id>/remove")
@staff_required(*CHANGE_ROLES)
def remove_professional(organisation_id: int, professional_id: int):
    """Only the council that added the organisation removes its people (a setting is national: another
    council that works with it may invite someone, but not take anyone's access away); colleagues at the
    organisation can remove each other too."""
    organisation, person = _person_or_404(organisation_id, professional_id)
    if organisation.local_authority_id != current_staff().local_authority_id:
        abort(404)
    professionals_data.remove_professional(organisation, person, f"staff:{current_staff().id}", client_ip())
    flash(f"{person.name} has been removed and signed out. Their work stays with {organisation.name}")
    return redirect(url_for("staff.organisation", organisation_id=organisation.id))
