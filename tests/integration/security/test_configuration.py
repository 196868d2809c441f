"""Issue 12 (outside security probe): configuration that must fail safe."""

import re

import pytest

from service import create_app
from service.config import REPO_ROOT, Config, ConfigurationError

REAL_CLIENTS = {
    "SECRET_KEY": "s" * 48,
    "DATABASE_URL": "postgresql+psycopg://db/ehcp",
    "NOTIFY_MODE": "live",
    "NOTIFY_API_KEY": "key",
    "STORAGE": "s3",
    "SCANNER": "clamd",
    "SERVICE_URL": "https://ehcp.example.gov.uk",
}


def _make_recipe(target: str) -> str:
    text = (REPO_ROOT / "Makefile").read_text()
    match = re.search(rf"^{target}:.*\n((?:\t.*\n)+)", text, re.MULTILINE)
    assert match, f"no {target} target"
    return match.group(1)


def test_m6_a_deployment_that_forgets_app_env_runs_as_production(monkeypatch):
    """M6: without APP_ENV the app is production, so the default secret and the fakes are refused."""
    monkeypatch.delenv("APP_ENV", raising=False)
    config = Config.from_env()
    assert config.APP_ENV == "production" and not config.is_local
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app(Config())


def test_m6_make_opts_into_development():
    """M6: `make run` (and the other developer targets) choose development explicitly."""
    text = (REPO_ROOT / "Makefile").read_text()
    assert re.search(r"^export APP_ENV \?= development$", text, re.MULTILINE)


def test_l4_make_run_starts_without_the_interactive_debugger():
    """L4: the Werkzeug debugger runs code for anyone who reaches an error page; make run must not use it."""
    recipe = _make_recipe("run")
    assert "flask run" in recipe
    assert "--debug " not in recipe + " " and "--no-debugger" in recipe


def test_l4_an_error_in_development_gets_the_govuk_page_not_a_traceback(migrated_database):
    """L4: development (what make run serves) shows the GOV.UK 500 page."""
    from tests.conftest import make_config
    from tests.pages import check_page

    app = create_app(make_config(migrated_database, APP_ENV="development"))

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret detail")

    boom.access = "public"
    response = app.test_client().get("/boom")
    page = check_page(response, status=500)
    assert "secret detail" not in response.get_data(as_text=True)
    assert page.h1.get_text(strip=True) == "Sorry, there is a problem with the service"


def test_l12_production_refuses_rate_limits_in_one_process_memory():
    """L12: without shared storage every worker would keep its own count (the limit times the workers)."""
    config = Config(APP_ENV="production", **REAL_CLIENTS)
    with pytest.raises(ConfigurationError, match="REDIS_URL"):
        config.validate()
    config.REDIS_URL = "redis://redis:6379/0"
    config.validate()
    app = create_app(config)
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://redis:6379/0"
