"""Professionals sign in with a code emailed to them, and see their organisation's work on one page."""

from __future__ import annotations

from flask import redirect, render_template, request, session, url_for

from service.auth.access import public
from service.auth.professional import (
    check_code,
    complete_sign_in,
    current_organisation,
    current_professional,
    pending_professional_id,
    professional_required,
    start_sign_in,
)
from service.data import notifications
from service.data import professionals as professionals_data
from service.extensions import limiter
from service.journeys.professional import bp
from service.journeys.professional.forms import CodeForm, SignInForm
from service.web import today_in_london

WRONG_CODE = "The security code is not correct. Check the code in your email and try again"


def _email_key() -> str:
    return (request.form.get("email") or "").strip().lower() or "none"


@bp.route("/sign-in", methods=["GET", "POST"])
@public
@limiter.limit("20 per 10 minutes", methods=["POST"])
@limiter.limit("5 per 10 minutes", methods=["POST"], key_func=_email_key)
def sign_in():
    """The same response whether or not the address belongs to someone: nobody learns who is registered.
    Only an invited person who has accepted their invitation is sent a code."""
    form = SignInForm()
    if form.validate_on_submit():
        person = professionals_data.professional_by_email(form.email.data)
        usable = (
            person is not None
            and person.active
            and not person.disabled
            and not professionals_data.sign_in_paused(person)
        )
        code = start_sign_in(person.id if usable and person.id is not None else 0)
        if usable and person is not None:
            notifications.send_professional_sign_in_code(to=person.email, code=code)
        session["professional_sign_in_email"] = form.email.data
        return redirect(url_for(".sign_in_code"))
    return render_template(
        "professional/sign_in.html", form=form, page_title="Sign in to respond to requests from councils"
    ), (400 if form.errors else 200)


@bp.route("/sign-in/code", methods=["GET", "POST"])
@public
@limiter.limit("20 per 10 minutes", methods=["POST"])
def sign_in_code():
    professional_id = pending_professional_id()
    if professional_id is None:
        return redirect(url_for(".sign_in"))
    form = CodeForm()
    error_list = []
    if form.validate_on_submit():
        result = check_code(form.code.data)  # counted even for an unknown address, as for a known one
        if result is True and not professional_id:
            result = False
        if result is False and professional_id and professionals_data.record_wrong_code(professional_id):
            return redirect(url_for(".sign_in"))  # ten wrong codes: sign-in pauses for 30 minutes
        if result is True:
            found = professionals_data.professional_and_organisation(professional_id)
            if found is None or found[0].disabled or not found[0].active or professionals_data.sign_in_paused(found[0]):
                return redirect(url_for(".sign_in"))
            professionals_data.signed_in(found[0])
            complete_sign_in(professional_id)
            return redirect(url_for(".home"))
        if result is None:
            return redirect(url_for(".sign_in"))
        error_list = [{"text": WRONG_CODE, "href": "#code"}]
    return render_template(
        "professional/code.html",
        form=form,
        error_list=error_list,
        email=session.get("professional_sign_in_email", ""),
        page_title="Check your email",
    ), (400 if error_list or form.errors else 200)


@bp.post("/sign-out")
@professional_required
def sign_out():
    session.destroy()
    return redirect(url_for(".signed_out"))


@bp.get("/signed-out")
@public
def signed_out():
    return render_template("professional/signed_out.html", page_title="You have signed out")


@bp.get("/")
@professional_required
def home():
    """Everything the organisation has been asked for (and the reviews it holds), open work first, soonest due first."""
    organisation = current_organisation()
    work = professionals_data.work_for(organisation.id, today_in_london())
    return render_template(
        "professional/home.html",
        person=current_professional(),
        organisation=organisation,
        work=work,
        today=today_in_london(),
        page_title=f"Requests for {organisation.name}",
    )
