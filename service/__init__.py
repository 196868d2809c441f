"""The app factory: the one place where the service is wired together."""

from __future__ import annotations

import logging

from flask import Flask
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChainableUndefined, ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from service import jobs, observability, templating
from service.auth.probing import init_probe_audit
from service.config import REPO_ROOT, Config
from service.db import db
from service.extensions import csrf, limiter
from service.formatting import init_formatting
from service.forms.errors import form_error_list
from service.request_log import init_request_log
from service.security import init_security
from service.sessions import DatabaseSessionInterface


def create_app(config: Config | None = None) -> Flask:
    config = config or Config.from_env()
    config.validate()

    app = Flask(
        __name__,
        static_folder=str(REPO_ROOT / "static" / "dist"),
        static_url_path="/assets",
        template_folder=str(REPO_ROOT / "templates"),
    )
    app.config.from_mapping(config.as_flask_config())
    app.url_map.converters["int"] = DatabaseIntegerConverter
    app.config.update(
        SESSION_COOKIE_NAME="ehcp_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=not config.is_local,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the server-side session
        # Outside development and test, validate() has refused to start without REDIS_URL.
        RATELIMIT_STORAGE_URI=config.REDIS_URL or "memory://",
        RATELIMIT_HEADERS_ENABLED=True,
        RATELIMIT_ENABLED=config.RATELIMIT_ENABLED,
    )
    _configure_templates(app)
    _configure_logging(app)

    db.init_app(app)
    app.session_interface = DatabaseSessionInterface()
    csrf.init_app(app)
    limiter.init_app(app)
    WTFormsHelpers(app)
    init_security(app)
    init_request_log(app)
    observability.init_app(app)  # traces, when configured
    init_probe_audit(app)
    if not config.is_local:
        # Behind the load balancer: trust one proxy hop for the client address and scheme.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)
    init_formatting(app)

    from service.cli import register_commands
    from service.journeys.common import bp as common_bp
    from service.journeys.common import errors
    from service.journeys.dashboard.national import bp as national_bp
    from service.journeys.dashboard.public import bp as performance_bp
    from service.journeys.local_offer import bp as local_offer_bp
    from service.journeys.mediation import bp as mediation_bp
    from service.journeys.notify_callbacks import bp as notify_callbacks_bp
    from service.journeys.professional import bp as professional_bp
    from service.journeys.request_assessment import bp as request_bp
    from service.journeys.staff import bp as staff_bp
    from service.journeys.track import bp as track_bp

    app.register_blueprint(common_bp)
    app.register_blueprint(notify_callbacks_bp)
    app.register_blueprint(request_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(track_bp)
    app.register_blueprint(mediation_bp)
    app.register_blueprint(professional_bp)
    app.register_blueprint(local_offer_bp)
    app.register_blueprint(national_bp)
    app.register_blueprint(performance_bp)
    errors.register(app)
    if config.is_local:
        from service.journeys.dev import bp as dev_bp

        app.register_blueprint(dev_bp)
    register_commands(app)
    jobs.init_app(app)
    # The request's one commit, registered last so that it runs first of the after_request hooks (Flask
    # runs them in reverse): in-process jobs (service.jobs) then see what the request committed.
    db.commit_each_request(app)
    templating.install_url_cache(app)  # last: it checks that no url_defaults but the fingerprint exist
    return app


MAX_DATABASE_ID = 2**31 - 1  # PostgreSQL's integer: a larger id is a 404, never an out-of-range error


class DatabaseIntegerConverter(IntegerConverter):
    """`<int:...>` in every route matches only ids a database integer column can hold."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_DATABASE_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def _configure_templates(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(REPO_ROOT / "templates")),
            PrefixLoader(
                {
                    **templating.loaders(),  # GOV.UK components rendered once per set of parameters (issue 18)
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    # govuk-frontend-jinja's template.html calls macros with no params, which needs ChainableUndefined.
    app.jinja_env.undefined = ChainableUndefined
    app.jinja_env.template_class = templating.Template  # imports without a walk over the globals (issue 18)
    app.extensions["govuk_components"] = templating.install(app.jinja_env)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals["service_name"] = app.config["SERVICE_NAME"]
    app.jinja_env.globals["feedback_url"] = app.config["FEEDBACK_URL"]
    app.jinja_env.globals["form_error_list"] = form_error_list


def _configure_logging(app: Flask) -> None:
    # Log lines carry method, path template and status, never form data or query strings:
    # special category data must not reach the logs. One JSON object a line (service.observability.logs).
    observability.logs.configure_logging(app.config["LOG_FORMAT"])
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app.logger.setLevel(logging.INFO)
