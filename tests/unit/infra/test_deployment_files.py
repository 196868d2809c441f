"""Docker does not run on these machines, so the deployment files are checked by reading them."""

import re

import yaml

from service.config import REPO_ROOT, Config

COMPOSE = REPO_ROOT / "infra" / "compose.yaml"
DOCKERFILE = REPO_ROOT / "infra" / "Dockerfile"
PRODUCTION_SETTINGS = [
    "APP_ENV",
    "SERVICE_URL",
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "NOTIFY_MODE",
    "NOTIFY_API_KEY",
    "NOTIFY_BASE_URL",
    "NOTIFY_CALLBACK_TOKEN",
    "STORAGE",
    "S3_ENDPOINT_URL",
    "S3_QUARANTINE_BUCKET",
    "S3_CLEAN_BUCKET",
    "SCANNER",
    "CLAMD_HOST",
    "CLAMD_PORT",
]


def _compose():
    return yaml.safe_load(COMPOSE.read_text())


def _resolve(value: str) -> str:
    # ${NAME:?message} must be supplied by the operator; ${NAME:-default} falls back.
    value = re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", str(value))
    return re.sub(r"\$\{[A-Z_]+:\?[^}]*\}", "operator-supplied-value-of-at-least-32-characters", value)


def test_compose_has_every_service_the_app_needs():
    services = _compose()["services"]
    for name in ["web", "worker", "scheduler", "migrate", "postgres", "redis", "s3", "clamav"]:
        assert name in services, f"compose has no {name} service"


def test_every_app_container_gets_every_production_setting_and_they_pass_validation():
    services = _compose()["services"]
    for name in ["web", "worker", "scheduler", "migrate"]:
        env = services[name]["environment"]
        missing = [s for s in PRODUCTION_SETTINGS if s not in env]
        assert not missing, f"{name} lacks {missing}"
        config = Config()
        for key, value in env.items():
            if hasattr(config, key):
                current = getattr(config, key)
                resolved = _resolve(value)
                setattr(config, key, int(resolved) if isinstance(current, int) else resolved)
        config.validate()  # production refuses defaults and fakes: these must be real settings


def test_compose_points_the_app_at_its_own_services():
    env = _compose()["services"]["web"]["environment"]
    assert "@postgres:" in env["DATABASE_URL"]
    assert env["REDIS_URL"].startswith("redis://redis:")
    assert env["S3_ENDPOINT_URL"].startswith("http://s3:")
    assert env["CLAMD_HOST"] == "clamav"


def test_dockerfile_builds_assets_in_node_and_runs_gunicorn_as_a_non_root_user():
    text = DOCKERFILE.read_text()
    assert re.search(r"^FROM node:\S+ AS assets", text, re.M)
    assert re.search(r"^FROM python:3\.11\S* AS app", text, re.M)
    assert "COPY --from=assets" in text
    user_lines = re.findall(r"^USER (\S+)", text, re.M)
    assert user_lines and user_lines[-1] not in {"root", "0"}
    assert '"gunicorn", "-c", "infra/gunicorn.conf.py", "app:app"' in text
    assert (REPO_ROOT / "infra" / "gunicorn.conf.py").exists()
