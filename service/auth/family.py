"""Family sign-in without a password, behind one interface: FAMILY_SIGN_IN chooses the email link and
code (EmailLinkSignIn) or GOV.UK One Login (OneLoginSignIn, OpenID Connect). Either way the family is
signed in as a verified email, the key of their cases (service.data.family).

Sessions last 2 hours idle and 12 hours in all, are rotated at sign-in and revoked at sign-out.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import wraps
from typing import Protocol

from flask import current_app, g, redirect, request, session, url_for

from service.auth import oidc
from service.auth.access import declare_access
from service.clients.oidc import OidcError
from service.data import family as family_data
from service.jobs import SEND_FAMILY_SIGN_IN, enqueue_after_commit
from service.links import external_url
from service.text import normalise_email

FAMILY_IDLE_SECONDS = 2 * 60 * 60
FAMILY_ABSOLUTE_SECONDS = 12 * 60 * 60
MAX_EMAILS_PER_HOUR = 5
NONCE_KEY = "family_sign_in_nonce"
ONE_LOGIN_ID_TOKEN_KEY = "one_login_id_token"  # noqa: S105 - a session key, not a secret


ONE_LOGIN_PURPOSE = "family"
UNVERIFIED_EMAIL = "unverified_email"  # an OidcError reason of our own


class SignInMethod(Protocol):
    kind: str  # "email" or "one_login": which sign-in pages the family sees


class EmailLinkSignIn:
    """A single-use link and a 6-digit code, sent through the outbox, valid 10 minutes, bound to this browser.

    The request does the same work whether or not the address has a case (so its timing tells nobody
    which addresses do): it records the sign-in and enqueues SEND_FAMILY_SIGN_IN, whose worker looks the
    address up and emails the link (built from SERVICE_URL) only if there is a case to see."""

    kind = "email"

    def start(self, email: str) -> None:
        if family_data.emails_sent_in_last_hour(email) >= MAX_EMAILS_PER_HOUR:
            return  # the page says the same thing either way; the limit protects the inbox
        nonce = session.get(NONCE_KEY) or secrets.token_urlsafe(24)
        session[NONCE_KEY] = nonce
        enqueue_after_commit(SEND_FAMILY_SIGN_IN, family_data.request_token(email, nonce))


class OneLoginSignIn:
    """GOV.UK One Login: the authorization code flow with PKCE and private_key_jwt (service.clients.oidc).

    The account is matched to the family's cases by its verified email the first time it signs in with
    one that has a case, and by its One Login `sub` from then on (service.data.family.link_one_login)."""

    kind = "one_login"

    def start(self) -> str:
        """The One Login address to send the browser to; raises OidcError when One Login cannot be reached."""
        return oidc.start(oidc.one_login(), ONE_LOGIN_PURPOSE)

    def finish(self, args: dict[str, str]) -> None:
        """Sign the family in from One Login's callback; raises OidcError with nothing changed."""
        pending = oidc.take_pending(ONE_LOGIN_PURPOSE)
        identity = oidc.one_login().finish(pending, args)
        email = family_data.one_login_email(identity.subject)
        if email is None:
            if not identity.email_verified or not identity.email:
                raise OidcError(UNVERIFIED_EMAIL)
            email = normalise_email(identity.email)
            if family_data.has_cases(email):  # else nothing to link to yet: the first sign-in after a case links
                email = family_data.link_one_login(identity.subject, email)
        complete_sign_in(email)
        session[ONE_LOGIN_ID_TOKEN_KEY] = identity.id_token

    def sign_out_url(self) -> str | None:
        """One Login's end-session address for this session, to sign out there too (One Login asks
        services to), coming back to the start page; None when this session did not come from One Login."""
        id_token = session.get(ONE_LOGIN_ID_TOKEN_KEY)
        if not id_token:
            return None
        return oidc.one_login().end_session_url(id_token, external_url("common.start"))


def sign_in_method() -> EmailLinkSignIn | OneLoginSignIn:
    if current_app.config["FAMILY_SIGN_IN"] == "one_login":
        return OneLoginSignIn()
    return EmailLinkSignIn()


def complete_sign_in(email: str) -> None:
    session.pop(NONCE_KEY, None)
    session.rotate()
    session["_principal"] = f"family:{email}"
    session["_idle_seconds"] = FAMILY_IDLE_SECONDS
    session["_absolute_seconds"] = FAMILY_ABSOLUTE_SECONDS


def browser_nonce() -> str:
    return session.get(NONCE_KEY, "")


def current_family() -> str | None:
    principal = session.get("_principal", "")
    return principal.split(":", 1)[1] if principal.startswith("family:") else None


def family_required(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(*args, **kwargs):
        if current_family() is None:
            return redirect(url_for("track.sign_in", next=request.path))
        g.no_store = True
        return view(*args, **kwargs)

    return declare_access(wrapper, "family")
