"""Your account: how a signed-in staff member gets their sign-in security code (email, text message or
an authenticator app). A new mobile number or app must prove it works with a code before the switch.
Every change is audited and the person is emailed that it happened (in case it was not them)."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, session, url_for

from service.auth import totp
from service.auth.staff import (
    EMAIL,
    SMS,
    TOTP,
    check_mobile_code,
    current_staff,
    finish_mobile_check,
    finish_totp_setup,
    mobile_being_checked,
    mobile_ending,
    second_factor_of,
    staff_required,
    start_mobile_check,
    totp_setup_secret,
)
from service.data import notifications
from service.data import staff as staff_data
from service.extensions import limiter
from service.forms.fields import normalise_phone
from service.journeys.staff.forms import ConfirmCodeForm, MobileForm, SecondFactorForm
from service.journeys.staff.routes import bp
from service.sessions import revoke_sessions_of
from service.web import client_ip

WRONG_TEXT_CODE = "The security code is not correct. Check the code in your text message and try again"
WRONG_APP_CODE = "The security code is not correct. Enter the code your authenticator app shows now"


def describe(user, method: str) -> str:
    """How this person gets their code, in words for the page and the email (never a full number)."""
    if method == SMS:
        return f"text message to your mobile ending {mobile_ending(user.mobile)}"
    if method == TOTP:
        return "an authenticator app"
    return f"email to {user.email}"


def _switch(user, method: str, flash_text: str, **changes):
    staff_data.set_second_factor(user, method, client_ip(), **changes)
    notifications.send_staff_second_factor_changed(to=user.email, name=user.name, method=describe(user, method))
    # A changed second factor ends the person's sessions in every other browser (this one stays).
    revoke_sessions_of(f"staff:{user.id}", keep_sid=session.sid)
    flash(flash_text)
    return redirect(url_for("staff.account"))


@bp.route("/account", methods=["GET", "POST"])
@staff_required()
def account():
    user = current_staff()
    current = second_factor_of(user)
    form = SecondFactorForm(data={"method": current})
    if form.validate_on_submit():
        if form.method.data == SMS:
            return redirect(url_for("staff.account_mobile"))
        if form.method.data == TOTP:
            return redirect(url_for("staff.account_app"))
        if current == EMAIL:
            flash("You already get your security code by email")
            return redirect(url_for("staff.account"))
        return _switch(user, EMAIL, "You will now get your security code by email")
    return render_template(
        "staff/account.html",
        form=form,
        user=user,
        current=describe(user, current),
        page_title="Your account",
    ), (400 if form.errors else 200)


@bp.route("/account/text-message", methods=["GET", "POST"])
@staff_required()
@limiter.limit("5 per 10 minutes", methods=["POST"])
def account_mobile():
    user = current_staff()
    form = MobileForm(data={"mobile": user.mobile})
    if form.validate_on_submit():
        mobile = normalise_phone(form.mobile.data)
        code = start_mobile_check(mobile)
        notifications.send_staff_mobile_check_code(to=mobile, code=code)
        return redirect(url_for("staff.account_mobile_code"))
    return render_template(
        "staff/account_mobile.html", form=form, user=user, page_title="What is your mobile number?"
    ), (400 if form.errors else 200)


@bp.route("/account/text-message/code", methods=["GET", "POST"])
@staff_required()
@limiter.limit("20 per 10 minutes", methods=["POST"])
def account_mobile_code():
    user = current_staff()
    mobile = mobile_being_checked()
    if mobile is None:
        return redirect(url_for("staff.account_mobile"))
    form = ConfirmCodeForm()
    error_list = []
    if form.validate_on_submit():
        result = check_mobile_code(form.code.data)
        if result is None:
            flash("That code has expired or was entered wrongly too many times. We can send you a new one")
            return redirect(url_for("staff.account_mobile"))
        if result:
            finish_mobile_check()
            return _switch(
                user,
                SMS,
                f"You will now get your security code by text message to your mobile ending {mobile_ending(mobile)}",
                mobile=mobile,
            )
        error_list = [{"text": WRONG_TEXT_CODE, "href": "#code"}]
    return render_template(
        "staff/account_mobile_code.html",
        form=form,
        user=user,
        error_list=error_list,
        ending=mobile_ending(mobile),
        page_title="Check your phone",
    ), (400 if error_list or form.errors else 200)


@bp.route("/account/authenticator-app", methods=["GET", "POST"])
@staff_required()
@limiter.limit("20 per 10 minutes", methods=["POST"])
def account_app():
    user = current_staff()
    secret = totp_setup_secret()
    form = ConfirmCodeForm()
    error_list = []
    if form.validate_on_submit():
        step = totp.matching_step(secret, form.code.data)
        if step is not None:
            finish_totp_setup()
            return _switch(
                user,
                TOTP,
                "You will now use your authenticator app to get your security code",
                encrypted_totp_secret=totp.encrypt(secret),
                totp_step=step,
            )
        error_list = [{"text": WRONG_APP_CODE, "href": "#code"}]
    uri = totp.provisioning_uri(secret, user.email, current_app.config["SERVICE_NAME"])
    return render_template(
        "staff/account_app.html",
        form=form,
        user=user,
        error_list=error_list,
        key=totp.grouped(secret),
        uri=uri,
        qr=totp.qr_svg(uri, "QR code for your authenticator app. You can enter the setup key instead"),
        page_title="Set up an authenticator app",
    ), (400 if error_list or form.errors else 200)
