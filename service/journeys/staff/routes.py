"""The council staff side, under /staff: sign-in with a second factor, the caseload, the case record
and recording each statutory step. Every query is scoped to the signed-in person's local authority."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from service.auth.access import public
from service.auth.passwords import verify_password
from service.auth.staff import (
    MANAGER,
    SMS,
    TOTP,
    USED,
    check_code,
    complete_sign_in,
    current_staff,
    home_of,
    pending_sign_in,
    staff_required,
    start_second_factor,
)
from service.data import lockouts, notifications
from service.data import operations as operations_data
from service.data import staff as staff_data
from service.extensions import limiter
from service.journeys.staff import bp
from service.journeys.staff import caseload as caseload_url
from service.journeys.staff.forms import CodeForm, SignInForm, UnlockForm
from service.journeys.staff.oidc_sign_in import CouncilSignInForm, council_sign_in_choices
from service.links import external_url
from service.web import client_ip, today_in_london


def _email_key() -> str:
    return (request.form.get("email") or "").strip().lower() or "none"


@bp.route("/sign-in", methods=["GET", "POST"])
@public
@limiter.limit("20 per 10 minutes", methods=["POST"])
@limiter.limit("10 per 10 minutes", methods=["POST"], key_func=_email_key)
def sign_in():
    form = SignInForm()
    error_list = []
    if form.validate_on_submit():
        user = staff_data.staff_by_email(form.email.data)
        ok = verify_password(user.password_hash if user else None, form.password.data)
        locked = user is not None and lockouts.is_locked(user.id, client_ip())
        if user is not None and not user.disabled and not locked and ok:
            # The failure count is reset only once the second factor is passed too (sign_in_code).
            code = start_second_factor(user)
            if code is not None and pending_sign_in()["method"] == SMS:
                notifications.send_staff_sign_in_code_sms(to=user.mobile, code=code)
            elif code is not None:
                notifications.send_staff_sign_in_code(to=user.email, code=code)
            return redirect(url_for(".sign_in_code"))
        if user is not None and not ok and not locked:
            _count_failure(user)
        # The same words whether the email is unknown, the password wrong or the account locked.
        error_list = [{"text": "Enter a correct email address and password", "href": "#email"}]
    return render_template(
        "staff/sign_in.html",
        form=form,
        error_list=error_list,
        page_title="Sign in to your council's SEND caseload",
        council_sign_ins=council_sign_in_choices(allow_redirects=True),
        council_form=CouncilSignInForm(),
    )


def _count_failure(user) -> None:
    """Count a wrong password or code from this address; when that locks the account (for this
    address only), email the owner a link that lifts the lock, built from SERVICE_URL (never the
    request's Host: a forged Host must not receive the token)."""
    lockouts.record_failure(user.id, user.email, client_ip(), lambda token: external_url("staff.unlock", token=token))


@bp.route("/unlock/<token>", methods=["GET", "POST"])
@public
@limiter.limit("20 per 10 minutes")
def unlock(token: str):
    """The owner lifts a lockout from the emailed link. The GET only shows a button, so a mail
    scanner that follows links cannot use the link up."""
    if lockouts.lock_of(token) is None:
        return render_template("staff/unlock_expired.html", page_title="This link has expired or has been used"), 404
    form = UnlockForm()
    if form.validate_on_submit():
        lockouts.unlock(token)
        flash("Your account is unlocked. You can sign in now")
        return redirect(url_for(".sign_in"))
    return render_template("staff/unlock.html", form=form, page_title="Unlock your account")


# What the code page says for each way of getting the code: its title (and h1), what we did, the hint
# and the error for a wrong code, in the GOV.UK Design System's words.
CODE_PAGES = {
    "email": (
        "Check your email",
        "We have sent a 6-digit code to your email address.",
        "The code expires after 10 minutes.",
        "The security code is not correct. Check the code in your email and try again",
    ),
    "sms": (
        "Check your phone",
        "We have sent a code to your mobile ending {ending}.",
        "The code expires after 10 minutes.",
        "The security code is not correct. Check the code in your text message and try again",
    ),
    "totp": (
        "Enter the code from your authenticator app",
        "Open the authenticator app on your phone. We have not sent you a code.",
        "The 6-digit code the app shows for this service.",
        "The security code is not correct. Enter the code your authenticator app shows now",
    ),
}
USED_CODE_ERROR = "This security code has already been used. Wait for your authenticator app to show a new code"


@bp.route("/sign-in/code", methods=["GET", "POST"])
@public
@limiter.limit("20 per 10 minutes", methods=["POST"])
def sign_in_code():
    pending = pending_sign_in()
    if pending is None:
        return redirect(url_for(".sign_in"))
    method = pending["method"]
    title, lead, hint, wrong = CODE_PAGES[method]
    form = CodeForm()
    error_list = []
    if form.validate_on_submit():
        user = staff_data.staff_by_id(pending["user_id"])
        if user is None or user.disabled or lockouts.is_locked(user.id, client_ip()):
            return redirect(url_for(".sign_in"))
        result = check_code(form.code.data)
        if result is False:
            _count_failure(user)  # wrong codes count toward the lockout, as wrong passwords do
        if result is True:
            lockouts.clear(user.id, client_ip())
            complete_sign_in(pending["user_id"])
            return redirect(home_of(user))
        if result is None:
            return redirect(url_for(".sign_in"))
        error_list = [{"text": USED_CODE_ERROR if result == USED else wrong, "href": "#code"}]
    return render_template(
        "staff/code.html",
        form=form,
        error_list=error_list,
        page_title=title,
        method=method,
        lead=lead.format(ending=pending.get("mobile_ending", "")),
        hint=hint,
        is_app=method == TOTP,
    )


@bp.post("/sign-out")
@staff_required()
def sign_out():
    from flask import session

    session.destroy()
    return redirect(url_for(".signed_out"))


@bp.get("/signed-out")
@public
def signed_out():
    return render_template("staff/signed_out.html", page_title="You have signed out")


@bp.get("/cases")
@staff_required()
def caseload():
    query, errors = caseload_url.parse(request.args, today_in_london())
    return caseload_url.render_caseload(query, errors)


@bp.route("/operations", methods=["GET", "POST"])
@staff_required(MANAGER)
def operations():
    user = current_staff()
    if request.method == "POST":
        if operations_data.retry_message(user.local_authority_id, request.form.get("retry", "")):
            flash("The message will be sent again")
        else:
            abort(404)
        return redirect(url_for(".operations"))
    from flask import current_app

    return render_template(
        "staff/operations.html",
        user=user,
        counts=operations_data.outbox_counts_for_la(user.local_authority_id),
        failed=operations_data.failed_messages_for_la(user.local_authority_id),
        queues=operations_data.queue_depths(current_app.config.get("REDIS_URL")),
        page_title="Messages and background work",
    )
