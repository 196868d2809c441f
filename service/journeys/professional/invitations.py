"""Invitations: a council or a colleague invites a named person at an organisation; the emailed link,
used once within 7 days, proves the address and signs them in. The GET of the link never uses it up
(mail scanners follow links): only the button's POST does. A used, voided, expired or unknown link gets
a page to ask for a new one, which says the same whether or not the address was invited."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

from service.auth.access import public
from service.auth.professional import complete_sign_in
from service.data import notifications
from service.data import professionals as professionals_data
from service.domain.clock import format_govuk_date
from service.extensions import limiter
from service.forms.fields import GovForm, email_field
from service.journeys.professional import bp
from service.links import external_url
from service.web import client_ip, today_in_london

EXPIRED_TITLE = "This invitation link has expired"


class InviteProfessionalForm(GovForm):
    """The council's and a colleague's invitation: the same fields and rules."""

    name = StringField(
        "Full name", validators=[DataRequired("Enter their full name"), Length(max=200)], widget=GovTextInput()
    )
    email = email_field("Work email address", "Enter their work email address", example="name@school.sch.uk")
    role = StringField(
        "Job title (optional)",
        description="For example, SENCO or educational psychologist",
        validators=[Length(max=100, message="Job title must be 100 characters or fewer")],
        widget=GovTextInput(),
    )
    submit = SubmitField("Send invitation", widget=GovSubmitInput())


class NewLinkForm(GovForm):
    email = email_field(description="The address your invitation was sent to")
    submit = SubmitField("Send a new link", widget=GovSubmitInput())


def send_invitation(person, organisation, token: str, invited_by: str) -> None:
    """The invitation email; the link comes from SERVICE_URL, never from the request."""
    notifications.send_professional_invitation(
        to=person.email,
        name=person.name,
        invited_by=invited_by,
        organisation=organisation.name,
        link=external_url("professional.accept_invitation", token=token),
        expires=format_govuk_date(today_in_london() + professionals_data.INVITATION_LIFETIME),
    )


def invite(form: InviteProfessionalForm, organisation, invited_by: str, inviter: str):
    """Invite the person the form names; None (and the form's error) when the address already has an account."""
    email = form.email.data
    existing = professionals_data.professional_by_email(email)
    if existing is not None and existing.id is not None:
        found = professionals_data.professional_and_organisation(existing.id)
        where = found[1].name if found else "another organisation"
        form.email.errors.append(f"{email} already has an account at {where}")
        return None
    person, token = professionals_data.invite_professional(
        organisation, form.name.data, email, form.role.data or "", invited_by, client_ip()
    )
    send_invitation(person, organisation, token, inviter)
    return person


def _email_key() -> str:
    return (request.form.get("email") or "").strip().lower() or "none"


def _expired(form: NewLinkForm | None = None, status: int = 404):
    return render_template(
        "professional/invitation_expired.html", form=form or NewLinkForm(), page_title=EXPIRED_TITLE
    ), status


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@public
@limiter.limit("20 per 10 minutes", methods=["POST"])
def accept_invitation(token: str):
    found = professionals_data.invitation(token)
    if found is None:
        return _expired()
    form = GovForm()
    if form.validate_on_submit():
        professionals_data.accept_invitation(found, client_ip())
        complete_sign_in(found.row.professional_id)
        flash(f"You have joined {found.organisation.name}. Next time, sign in with your email address")
        return redirect(url_for(".home"))
    return render_template(
        "professional/accept_invitation.html",
        form=form,
        invitation=found,
        page_title=f"Join {found.organisation.name} on {current_app.config['SERVICE_NAME']}",
    )


@bp.post("/invitation/new-link")
@public
@limiter.limit("20 per 10 minutes")
@limiter.limit("5 per 10 minutes", key_func=_email_key)
def new_invitation_link():
    form = NewLinkForm()
    if not form.validate_on_submit():
        return _expired(form, 400)
    fresh = professionals_data.fresh_invitation_for(form.email.data, client_ip())
    if fresh is not None:
        person, organisation, token, inviter = fresh
        send_invitation(person, organisation, token, inviter)
    return render_template("professional/new_link_sent.html", email=form.email.data, page_title="Check your email")
