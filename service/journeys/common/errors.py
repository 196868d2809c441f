"""GOV.UK-style error pages for every status the service can return, with the security headers."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

from service.forms.recovery import keep_answers_after_expired_form

TEMPLATES = {
    400: "errors/400.html",
    403: "errors/403.html",
    404: "errors/404.html",
    405: "errors/405.html",
    413: "errors/413.html",
    429: "errors/429.html",
    500: "errors/500.html",
}


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def expired_form(error: CSRFError):
        kept = keep_answers_after_expired_form()
        return render_template("errors/expired-form.html", return_to=_same_page(), kept=kept), 400

    @app.errorhandler(SecurityError)
    def untrusted_host(error: SecurityError):
        # A Host that is not in TRUSTED_HOSTS: no page is built for it (its links would name that host).
        return "Bad request: this service does not answer for that host", 400, {"Content-Type": "text/plain"}

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        template = TEMPLATES.get(code)
        if template is None:
            return error
        context = {}
        if code == 429:
            context["retry_after"] = _retry_after(error)
        response = app.make_response((render_template(template, **context), code))
        if code == 405 and getattr(error, "valid_methods", None):
            response.headers["Allow"] = ", ".join(error.valid_methods)
        if code == 429 and context.get("retry_after"):
            response.headers["Retry-After"] = str(context["retry_after"])
        return response

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        # Log the type and where, never the request's data (it may hold special category data).
        app.logger.error(
            "Unhandled %s on %s %s", type(error).__name__, request.method, request.url_rule or "unknown route"
        )
        app.logger.debug("Traceback", exc_info=error)
        return render_template(TEMPLATES[500]), InternalServerError.code


def _same_page() -> str:
    """The page the form was on, with its query (a change link's ?change=yes), never another site."""
    path = "/" + request.path.lstrip("/")
    query = request.query_string.decode("utf-8", "replace")
    return path + (f"?{query}" if query else "")


def _retry_after(error: HTTPException) -> int | None:
    limit = getattr(error, "limit", None)
    if limit is None:
        return 60
    return int(limit.limit.get_expiry())
