"""OpenID Connect sign-in, shared by families (GOV.UK One Login) and staff (a council's Entra ID).

One OidcClient per provider per app (it caches the provider's discovery document and keys). The pending
sign-in (state, nonce, PKCE verifier) lives in the server-side session, under one key, and is taken out
(used once) when the callback arrives, whatever happens next. Failures are logged by their reason word
only: never a token, a claim, an email or the query string.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, session

from service.clients.oidc import CANCELLED, OidcClient, OidcSettings
from service.links import external_url
from service.security import allow_form_action

PENDING_KEY = "oidc_pending"
ONE_LOGIN = "one_login"

logger = logging.getLogger("service.sign_in")


def _client(settings: OidcSettings) -> OidcClient:
    clients: dict[str, OidcClient] = current_app.extensions.setdefault("oidc_clients", {})
    client = clients.get(settings.name)
    if client is None or client.settings != settings:
        client = clients[settings.name] = OidcClient(settings)
    return client


def one_login() -> OidcClient:
    config = current_app.config
    return _client(
        OidcSettings(
            name=ONE_LOGIN,
            issuer=config["ONE_LOGIN_ISSUER"],
            discovery_url=config["ONE_LOGIN_DISCOVERY_URL"] or "",
            client_id=config["ONE_LOGIN_CLIENT_ID"],
            private_key_pem=config["ONE_LOGIN_PRIVATE_KEY"],
            key_id=config["ONE_LOGIN_KEY_ID"] or "",
            redirect_uri=external_url("track.one_login_callback"),
            scopes=("openid", "email"),
            vtr=config["ONE_LOGIN_VTR"],
            extra_authorize_params=(("ui_locales", "en"),),
        )
    )


def staff_providers() -> dict[str, dict[str, str]]:
    """The councils whose staff may sign in through their own identity provider: {la code: settings}."""
    return current_app.config.get("STAFF_OIDC") or {}


def staff_provider(la_code: str) -> OidcClient | None:
    entry = staff_providers().get(la_code)
    if entry is None:
        return None
    return _client(
        OidcSettings(
            name=f"staff:{la_code}",
            issuer=entry["issuer"],
            client_id=entry["client_id"],
            private_key_pem=entry["private_key"],
            key_id=entry["key_id"],
            redirect_uri=external_url("staff.oidc_callback"),
            scopes=("openid", "email", "profile"),
            # Entra ID puts email in the ID token; its userinfo endpoint is Microsoft Graph's, for another audience.
            use_userinfo=False,
        )
    )


def allow_redirect_to(client: OidcClient) -> None:
    """Let the page's sign-in form be redirected to the provider (CSP form-action): the issuer's origin,
    and its authorization endpoint's when the discovery document is already at hand."""
    origins = {_origin(client.settings.issuer)}
    endpoint = client.cached_authorization_endpoint()
    if endpoint:
        origins.add(_origin(endpoint))
    allow_form_action(*sorted(origins))


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def start(client: OidcClient, purpose: str, **extra: Any) -> str:
    """Begin a sign-in: remember it in this session and return the provider's URL to send the browser to."""
    url, pending = client.begin(purpose=purpose, **extra)
    session[PENDING_KEY] = pending
    return url


def take_pending(purpose: str) -> dict[str, Any] | None:
    """The pending sign-in of this purpose, removed from the session (a callback is answered once)."""
    pending = session.pop(PENDING_KEY, None)
    return pending if isinstance(pending, dict) and pending.get("purpose") == purpose else None


def log_refusal(provider: str, reason: str) -> None:
    if reason == CANCELLED:
        logger.info("OIDC sign-in cancelled: provider=%s", provider)
    else:
        logger.warning("OIDC sign-in refused: provider=%s reason=%s", provider, reason)
