"""Security headers on every response, error pages included (OWASP ASVS 14.4)."""

from __future__ import annotations

import secrets

from flask import Flask, g, request, session
from werkzeug.wrappers import Response

from service.assets import asset_cache_control, init_assets


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def allow_form_action(*origins: str) -> None:
    """Let this page's forms lead to these origins too (CSP form-action applies to a form's redirects:
    "Continue to GOV.UK One Login" posts here and is redirected to the provider)."""
    g.form_action_origins = [*g.get("form_action_origins", []), *origins]


def init_security(app: Flask) -> None:
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    init_assets(app)
    app.teardown_request(close_uploads)

    @app.after_request
    def set_security_headers(response: Response) -> Response:
        nonce = csp_nonce()
        form_action = " ".join(["'self'", *g.get("form_action_origins", [])])
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; "
            f"script-src 'self' 'nonce-{nonce}'; "
            "style-src 'self'; "
            "img-src 'self' data:; "
            "font-src 'self'; "
            "connect-src 'self'; "
            "object-src 'none'; "
            "base-uri 'none'; "
            f"form-action {form_action}; "
            "frame-ancestors 'none'"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if app.config["APP_ENV"] != "development":
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        signed_in = bool(session.get("_principal")) if _session_open() else False
        if request.endpoint == "static":
            # Assets are the same for everyone, signed in or not: fingerprinted ones are cached for good.
            response.headers["Cache-Control"] = asset_cache_control(app, response)
        elif signed_in or getattr(g, "no_store", False):
            response.headers["Cache-Control"] = "no-store"
            response.headers["Pragma"] = "no-cache"
        else:
            # Pages may carry personal data entered in a form; never let a shared computer's cache keep them.
            response.headers.setdefault("Cache-Control", "no-store")
        return response


def close_uploads(_exc: BaseException | None) -> None:
    """Uploaded files over 500KB are spooled to temporary files: close them when the request ends."""
    # Only if the body was parsed already: parsing it here would fail again on an oversized request.
    files = request.__dict__.get("files")
    if files:
        for upload in files.values():
            upload.close()


def _session_open() -> bool:
    try:
        return session is not None
    except RuntimeError:
        return False
