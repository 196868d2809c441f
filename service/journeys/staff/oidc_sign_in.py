"""Staff sign-in through their council's own identity provider (Microsoft Entra ID, OpenID Connect),
where STAFF_OIDC configures one for the council: the same client as GOV.UK One Login (service.auth.oidc).

The provider's verified email finds the staff account, within that council only (an Entra tenant speaks
for its own council, never another's). The service's own second factor is then asked as after a
password: an Entra ID token here carries no assurance that the tenant asked for one (docs/one-login.md).
"""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for

from service.auth import oidc
from service.auth.access import public
from service.auth.staff import SMS, pending_sign_in, start_second_factor
from service.clients.oidc import NO_PENDING, UNAVAILABLE, Identity, OidcError
from service.data import local_authorities, lockouts, notifications
from service.data import staff as staff_data
from service.extensions import limiter
from service.forms.fields import GovForm
from service.journeys.staff import bp
from service.web import client_ip

PURPOSE = "staff"
UNVERIFIED_EMAIL, NO_ACCOUNT = "unverified_email", "no_staff_account"


class CouncilSignInForm(GovForm):
    """The "Sign in with your council account" button (a POST, so a prefetched link starts nothing)."""


def council_sign_in_choices(allow_redirects: bool = False) -> list[tuple[str, str]]:
    """(la code, council name) of each council whose staff may sign in with their own account; with
    `allow_redirects`, the page's CSP lets its buttons lead to each council's provider."""
    codes = sorted(oidc.staff_providers())
    if not codes:
        return []
    if allow_redirects:
        for code in codes:
            client = oidc.staff_provider(code)
            if client is not None:
                oidc.allow_redirect_to(client)
    return [(la.old_la_code, la.display_name) for la in local_authorities.by_old_codes(codes)]


def verified_email(identity: Identity) -> str | None:
    """The email an Entra ID token vouches for: email_verified, or xms_edov (the tenant owns the domain)."""
    if identity.email and (identity.email_verified or identity.claims.get("xms_edov") in (True, "1", "true")):
        return identity.email
    return None


@bp.post("/sign-in/council/<la_code>")
@public
@limiter.limit("20 per 10 minutes")
def oidc_start(la_code: str):
    client = oidc.staff_provider(la_code)
    if client is None or not CouncilSignInForm().validate_on_submit():
        abort(404)
    try:
        return redirect(oidc.start(client, PURPOSE, la_code=la_code))
    except OidcError as error:
        oidc.log_refusal(client.settings.name, error.reason)
        return _problem(error.reason)


@bp.get("/sign-in/oidc/callback")
@public
@limiter.limit("30 per 10 minutes")
def oidc_callback():
    pending = oidc.take_pending(PURPOSE)
    la_code = str(pending.get("la_code", "")) if pending else ""
    client = oidc.staff_provider(la_code) if la_code else None
    name = client.settings.name if client else "staff"
    try:
        if client is None:
            raise OidcError(NO_PENDING)
        identity = client.finish(pending, request.args.to_dict())
        email = verified_email(identity)
        if email is None:
            raise OidcError(UNVERIFIED_EMAIL)
        found = staff_data.staff_by_email(email)
        council = staff_data.staff_and_local_authority(found.id) if found and found.id else None
        if council is None or council[1].old_la_code != la_code or council[0].disabled:
            raise OidcError(NO_ACCOUNT)
        user = council[0]
        if lockouts.is_locked(user.id, client_ip()):
            raise OidcError(NO_ACCOUNT)
    except OidcError as error:
        oidc.log_refusal(name, error.reason)
        return _problem(error.reason)
    code = start_second_factor(user)
    if code is not None and pending_sign_in()["method"] == SMS:
        notifications.send_staff_sign_in_code_sms(to=user.mobile, code=code)
    elif code is not None:
        notifications.send_staff_sign_in_code(to=user.email, code=code)
    return redirect(url_for(".sign_in_code"))


def _problem(reason: str):
    lead = {
        UNAVAILABLE: "We cannot reach your council's sign-in service at the moment. Try again later.",
        UNVERIFIED_EMAIL: "Your council's sign-in service did not confirm your email address.",
        NO_ACCOUNT: "We could not find an account for you at this council. Ask your SEND team manager to invite you.",
    }.get(reason, "We could not sign you in with your council account.")
    return render_template(
        "staff/oidc_problem.html", page_title="Sorry, there is a problem signing you in", lead=lead
    ), (503 if reason == UNAVAILABLE else 400)
