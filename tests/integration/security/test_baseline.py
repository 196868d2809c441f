"""The security baseline on every response (OWASP ASVS level 2, chapter 14 and 3)."""

import pytest
from flask import Blueprint

from service import create_app
from service.auth.access import public
from service.config import Config, ConfigurationError
from tests.conftest import make_config
from tests.pages import check_page


def _probe_app(database_url, **overrides):
    """An app with a small POST route, to prove CSRF protection, the expired-form page and the size limit."""
    app = create_app(make_config(database_url, **overrides))
    bp = Blueprint("probe", __name__)
    seen = []

    @bp.route("/probe-form", methods=["GET", "POST"])
    @public
    def probe_form():
        from flask import request

        if request.method == "POST":
            seen.append(dict(request.form))
            return "changed"
        from service.forms.recovery import recovered_answers

        answers = recovered_answers()
        return f"kept:{answers.get('name') if answers else ''}"

    app.register_blueprint(bp)
    app.extensions["probe_seen"] = seen
    return app


@pytest.fixture(scope="module")
def csrf_app(migrated_database):
    return _probe_app(migrated_database)


def test_every_response_has_the_security_headers(client):
    for path in ["/", "/no-such-page", "/healthz"]:
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self' 'nonce-" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert headers["Strict-Transport-Security"].startswith("max-age=")
        assert headers["Cache-Control"] == "no-store"


def test_every_script_carries_the_requests_nonce(client):
    response = client.get("/")
    nonce = response.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    page = check_page(response)
    scripts = page.find_all("script")
    assert scripts and all(s.get("nonce") == nonce for s in scripts)
    assert client.get("/").headers["Content-Security-Policy"] != response.headers["Content-Security-Policy"]


def test_a_post_without_csrf_token_changes_nothing_and_keeps_the_answers(csrf_app):
    client = csrf_app.test_client()
    response = client.post("/probe-form", data={"name": "Ada"})
    page = check_page(response, status=400)
    assert page.h1.get_text(strip=True) == "This page has expired"
    assert csrf_app.extensions["probe_seen"] == []
    assert client.get("/probe-form").get_data(as_text=True) == "kept:Ada"
    assert client.get("/probe-form").get_data(as_text=True) == "kept:"


def test_a_post_with_a_wrong_csrf_token_changes_nothing(csrf_app):
    client = csrf_app.test_client()
    response = client.post("/probe-form", data={"name": "Ada", "csrf_token": "forged"})
    assert response.status_code == 400
    assert csrf_app.extensions["probe_seen"] == []


def test_an_oversized_body_gets_the_413_page(migrated_database):
    app = _probe_app(migrated_database, MAX_CONTENT_LENGTH=1024)
    response = app.test_client().post("/probe-form", data={"f": "x" * 5000})
    page = check_page(response, status=413)
    assert "smaller than 20MB" in page.get_text()


def test_a_database_that_is_down_gives_the_500_page_and_healthz_503():
    app = create_app(make_config("postgresql+psycopg://postgres@127.0.0.1:9/nowhere"))
    client = app.test_client()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "down"
    page_response = client.get("/dev/outbox")
    page = check_page(page_response, status=500)
    assert "Traceback" not in page_response.get_data(as_text=True)
    assert page.h1.get_text(strip=True) == "Sorry, there is a problem with the service"


def test_session_cookie_is_httponly_lax_and_secure_outside_development(migrated_database):
    config = make_config(migrated_database)
    assert create_app(config).config["SESSION_COOKIE_HTTPONLY"] is True
    assert create_app(config).config["SESSION_COOKIE_SAMESITE"] == "Lax"


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({}, "SECRET_KEY"),
        ({"SECRET_KEY": "x" * 40}, "fake clients"),
        ({"SECRET_KEY": "x" * 40, "NOTIFY_MODE": "live", "NOTIFY_API_KEY": "k", "STORAGE": "s3"}, "SCANNER=none"),
    ],
)
def test_production_refuses_default_secrets_and_fakes(overrides, message):
    config = Config(APP_ENV="production", DATABASE_URL="postgresql+psycopg://db/ehcp")
    for key, value in overrides.items():
        setattr(config, key, value)
    with pytest.raises(ConfigurationError, match=message):
        create_app(config)


def test_production_starts_with_real_clients_and_a_real_secret():
    config = Config(
        APP_ENV="production",
        SECRET_KEY="s" * 48,
        DATABASE_URL="postgresql+psycopg://db/ehcp",
        NOTIFY_MODE="live",
        NOTIFY_API_KEY="key",
        STORAGE="s3",
        SCANNER="clamd",
        SERVICE_URL="https://ehcp.example.gov.uk",
    )
    app = create_app(config)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert "dev.outbox" not in app.view_functions


def test_request_log_names_the_route_pattern_never_the_query_or_form(client, caplog):
    caplog.set_level("INFO", logger="service.requests")
    client.get("/cookies?child=Jane+Doe+autism")
    client.get("/no-such/Jane-Doe")
    text = caplog.text
    assert "GET /cookies 200" in text and "GET <unmatched> 404" in text
    assert "Jane" not in text and "autism" not in text


def test_too_many_requests_get_the_429_page_saying_when_to_try_again(migrated_database):
    from service.extensions import limiter

    app = create_app(make_config(migrated_database, RATELIMIT_ENABLED=True))
    bp = Blueprint("limited_probe", __name__)

    @bp.get("/limited")
    @public
    @limiter.limit("2 per minute")
    def limited():
        return "ok"

    app.register_blueprint(bp)
    client = app.test_client()
    assert [client.get("/limited").status_code for _ in range(2)] == [200, 200]
    response = client.get("/limited")
    page = check_page(response, status=429)
    assert int(response.headers["Retry-After"]) <= 60
    assert "You can try again in 1 minute" in page.get_text()


def test_an_expired_form_returns_to_the_same_page_with_its_query(csrf_app):
    client = csrf_app.test_client()
    page = check_page(client.post("/probe-form?change=yes", data={"name": "Ada"}), status=400)
    assert page.select_one("main a.govuk-button")["href"] == "/probe-form?change=yes"
