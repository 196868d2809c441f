"""Family sign-in without a password, behind one interface so GOV.UK One Login (OIDC) can be added
by configuration later: a SignInMethod starts a sign-in and finishes it, returning a verified email.

Sessions last 2 hours idle and 12 hours in all, are rotated at sign-in and revoked at sign-out.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import wraps
from typing import Protocol

from flask import g, redirect, request, session, url_for

from service.auth.access import declare_access
from service.data import family as family_data
from service.jobs import SEND_FAMILY_SIGN_IN, enqueue_after_commit

FAMILY_IDLE_SECONDS = 2 * 60 * 60
FAMILY_ABSOLUTE_SECONDS = 12 * 60 * 60
MAX_EMAILS_PER_HOUR = 5
NONCE_KEY = "family_sign_in_nonce"


class SignInMethod(Protocol):
    def start(self, email: str) -> None: ...


class EmailLinkSignIn:
    """A single-use link and a 6-digit code, sent through the outbox, valid 10 minutes, bound to this browser.

    The request does the same work whether or not the address has a case (so its timing tells nobody
    which addresses do): it records the sign-in and enqueues SEND_FAMILY_SIGN_IN, whose worker looks the
    address up and emails the link (built from SERVICE_URL) only if there is a case to see."""

    def start(self, email: str) -> None:
        if family_data.emails_sent_in_last_hour(email) >= MAX_EMAILS_PER_HOUR:
            return  # the page says the same thing either way; the limit protects the inbox
        nonce = session.get(NONCE_KEY) or secrets.token_urlsafe(24)
        session[NONCE_KEY] = nonce
        enqueue_after_commit(SEND_FAMILY_SIGN_IN, family_data.request_token(email, nonce))


def sign_in_method() -> SignInMethod:
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
