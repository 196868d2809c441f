"""Team management for managers: invite staff by email, change roles, disable and enable accounts.
Disabling (or changing a role) ends that person's sessions on the server at once. A colleague in
another council is 404. Invitees set their own password from a single-use link that expires in 7 days."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from service.auth.access import public
from service.auth.passwords import hash_password
from service.auth.staff import EMAIL, MANAGER, current_staff, staff_required
from service.data import notifications
from service.data import staff as staff_data
from service.domain.clock import format_govuk_date
from service.journeys.staff.forms import ROLES, InviteForm, RoleForm, SetPasswordForm
from service.journeys.staff.routes import bp
from service.links import external_url
from service.web import client_ip, today_in_london


@bp.get("/team")
@staff_required(MANAGER)
def team():
    user = current_staff()
    return render_template(
        "staff/team.html",
        user=user,
        people=staff_data.team(user.local_authority_id),
        roles=ROLES,
        page_title="Your team",
    )


@bp.route("/team/invite", methods=["GET", "POST"])
@staff_required(MANAGER)
def invite():
    user = current_staff()
    form = InviteForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        if staff_data.staff_by_email(email) is not None:
            form.email.errors.append("An account already exists for this email address")
        else:
            person, token = staff_data.invite(user, form.name.data.strip(), email, form.role.data, client_ip())
            notifications.send_staff_invitation(
                to=email,
                name=person.name,
                invited_by=user.name,
                link=external_url("staff.accept_invitation", token=token),
                expires=format_govuk_date(today_in_london() + staff_data.INVITATION_LIFETIME),
            )
            flash(f"Invitation sent to {email}. The link works once and expires in 7 days")
            return redirect(url_for("staff.team"))
    return render_template("staff/invite.html", form=form, user=user, page_title="Invite someone to your team"), (
        400 if form.errors else 200
    )


def _colleague_or_404(staff_id: int):
    manager = current_staff()
    person = staff_data.colleague(manager.local_authority_id, staff_id)
    if person is None:
        abort(404)
    return manager, person


@bp.route("/team/<int:staff_id>/role", methods=["GET", "POST"])
@staff_required(MANAGER)
def change_role(staff_id: int):
    manager, person = _colleague_or_404(staff_id)
    form = RoleForm(data={"role": person.role})
    if form.validate_on_submit():
        if person.id == manager.id:
            form.role.errors.append("You cannot change your own role. Ask another manager")
        else:
            staff_data.set_role(manager, person, form.role.data, client_ip())
            flash(f"{person.name} is now: {ROLES[form.role.data].lower()}")
            return redirect(url_for("staff.team"))
    return render_template(
        "staff/change_role.html", form=form, user=manager, person=person, page_title=f"Change {person.name}'s role"
    ), (400 if form.errors else 200)


@bp.route("/team/<int:staff_id>/access", methods=["GET", "POST"])
@staff_required(MANAGER)
def account_access(staff_id: int):
    """Disable or enable an account (a confirmation page, then a POST)."""
    manager, person = _colleague_or_404(staff_id)
    error_list = []
    if request.method == "POST":
        if person.id == manager.id:
            error_list = [{"text": "You cannot disable your own account. Ask another manager", "href": "#confirm"}]
        else:
            disable = not person.disabled
            staff_data.set_disabled(manager, person, disable, client_ip())
            flash(f"{person.name}'s account is {'disabled: they have been signed out' if disable else 'enabled again'}")
            return redirect(url_for("staff.team"))
    verb = "Enable" if person.disabled else "Disable"
    return render_template(
        "staff/account_access.html",
        user=manager,
        person=person,
        verb=verb,
        error_list=error_list,
        page_title=f"{verb} {person.name}'s account",
    ), (400 if error_list else 200)


@bp.route("/team/<int:staff_id>/security-code", methods=["GET", "POST"])
@staff_required(MANAGER)
def reset_second_factor(staff_id: int):
    """For a colleague who has lost their phone: they get their sign-in code by email again."""
    manager, person = _colleague_or_404(staff_id)
    error_list = []
    if request.method == "POST":
        if person.id == manager.id:
            error_list = [{"text": "You cannot reset your own security code. Use Your account", "href": "#confirm"}]
        elif person.second_factor == EMAIL:
            flash(f"{person.name} already gets their security code by email")
            return redirect(url_for("staff.team"))
        else:
            staff_data.set_second_factor(person, EMAIL, client_ip(), by=manager)
            notifications.send_staff_second_factor_changed(
                to=person.email, name=person.name, method=f"email to {person.email} (reset by {manager.name})"
            )
            flash(f"{person.name} will get their security code by email from their next sign-in")
            return redirect(url_for("staff.team"))
    return render_template(
        "staff/reset_second_factor.html",
        user=manager,
        person=person,
        error_list=error_list,
        page_title=f"Reset {person.name}'s security code to email",
    ), (400 if error_list else 200)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@public
def accept_invitation(token: str):
    found = staff_data.invitation(token)
    if found is None:
        return render_template("staff/invitation_expired.html", page_title="This invitation link has expired"), 404
    row, person = found
    form = SetPasswordForm()
    if form.validate_on_submit():
        staff_data.accept_invitation(row, person, hash_password(form.password.data), client_ip())
        flash("Your password is saved. Sign in with your email address and password")
        return redirect(url_for("staff.sign_in"))
    return render_template(
        "staff/accept_invitation.html", form=form, person=person, page_title="Create your password"
    ), (400 if form.errors else 200)
