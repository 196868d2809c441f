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
from service.data.outbox import add_message

FAMILY_IDLE_SECONDS = 2 * 60 * 60
FAMILY_ABSOLUTE_SECONDS = 12 * 60 * 60
MAX_EMAILS_PER_HOUR = 5
NONCE_KEY = "family_sign_in_nonce"


class SignInMethod(Protocol):
    def start(self, email: str) -> None: ...


class EmailLinkSignIn:
    """A single-use link and a 6-digit code, sent through the outbox, valid 10 minutes, bound to this browser."""

    def start(self, email: str) -> None:
        if family_data.emails_sent_in_last_hour(email) >= MAX_EMAILS_PER_HOUR:
            return  # the page says the same thing either way; the limit protects the inbox
        nonce = session.get(NONCE_KEY) or secrets.token_urlsafe(24)
        session[NONCE_KEY] = nonce
        token, code = family_data.issue_token(email, nonce)
        if family_data.has_cases(email):
            link = url_for("track.sign_in_link", token=token, _external=True)
            add_message("email", "family_sign_in_link", email, {"link": link, "code": code})


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
