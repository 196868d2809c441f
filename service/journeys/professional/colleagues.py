"""The people at a professional's organisation: who is invited, who is active, who has left. Anyone at the
organisation may invite a colleague or remove one who has left (not themselves). Work belongs to the
organisation, so removing someone never strands it: colleagues still see and finish it."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from service.auth.professional import current_organisation, current_professional, professional_required
from service.data import professionals as professionals_data
from service.journeys.professional import bp
from service.journeys.professional.invitations import InviteProfessionalForm, invite
from service.web import client_ip


@bp.get("/colleagues")
@professional_required
def colleagues():
    organisation = current_organisation()
    return render_template(
        "professional/colleagues.html",
        person=current_professional(),
        organisation=organisation,
        people=professionals_data.people_of(organisation.id),
        status_of=professionals_data.status_of,
        page_title=f"People at {organisation.name}",
    )


@bp.route("/colleagues/invite", methods=["GET", "POST"])
@professional_required
def invite_colleague():
    person, organisation = current_professional(), current_organisation()
    form = InviteProfessionalForm()
    if form.validate_on_submit():
        invited = invite(
            form, organisation, f"professional:{person.id}", f"{person.name}, a colleague at {organisation.name}"
        )
        if invited is not None:
            flash(f"Invitation sent to {invited.email}. The link works once and for 7 days")
            return redirect(url_for(".colleagues"))
    return render_template(
        "professional/invite_colleague.html",
        form=form,
        person=person,
        organisation=organisation,
        page_title="Invite a colleague",
    ), (400 if form.errors else 200)


@bp.route("/colleagues/<int:professional_id>/remove", methods=["GET", "POST"])
@professional_required
def remove_colleague(professional_id: int):
    """A confirmation page, then a POST. Another organisation's person is 404."""
    person, organisation = current_professional(), current_organisation()
    colleague = professionals_data.person_at(organisation.id, professional_id)
    if colleague is None or colleague.disabled:
        abort(404)
    error_list = []
    if request.method == "POST":
        if colleague.id == person.id:
            error_list = [{"text": "You cannot remove yourself. Ask a colleague to remove you", "href": "#confirm"}]
        else:
            professionals_data.remove_professional(organisation, colleague, f"professional:{person.id}", client_ip())
            flash(f"{colleague.name} has been removed and signed out. Their work stays with {organisation.name}")
            return redirect(url_for(".colleagues"))
    return render_template(
        "professional/remove_colleague.html",
        person=person,
        organisation=organisation,
        colleague=colleague,
        error_list=error_list,
        page_title=f"Remove {colleague.name}",
    ), (400 if error_list else 200)
