"""Settings from the environment.

APP_ENV defaults to production: a deployment that forgets it gets the strict checks, never the
fakes. A developer's machine opts into development (`make run`), the tests into test.
Fakes are chosen here, by configuration, never by "if testing" in the code that uses them.
Outside development and test the app refuses to start with a default secret, a fake client or
rate limits kept in one process's memory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - refused outside development and test
LOCAL_ENVIRONMENTS = {"development", "test"}
LOCAL_SERVICE_URL = "http://127.0.0.1:5000"


class ConfigurationError(RuntimeError):
    """The configuration is unsafe or incomplete for the environment it is running in."""


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _int(name: str, default: int) -> int:
    return int(_env(name, str(default)))


@dataclass
class Config:
    APP_ENV: str = "production"
    SECRET_KEY: str = DEFAULT_SECRET_KEY
    SERVICE_NAME: str = "Education, health and care plans"
    DATABASE_URL: str = f"sqlite:///{REPO_ROOT / 'var' / 'ehcp.db'}"
    SQL_ECHO: bool = False
    REDIS_URL: str | None = None
    # outbox: messages are kept in the database and shown at /dev/outbox (development only);
    # live: sent with notifications-python-client to NOTIFY_BASE_URL (GOV.UK Notify or the fake Notify server).
    NOTIFY_MODE: str = "outbox"
    NOTIFY_API_KEY: str | None = None
    NOTIFY_BASE_URL: str = "https://api.notifications.service.gov.uk"
    NOTIFY_CALLBACK_TOKEN: str | None = None
    # Every worker together stays under this (GOV.UK Notify's default limit is 3,000 a minute).
    NOTIFY_RATE_PER_MINUTE: int = 3000
    # local: a folder on disk; s3: an S3-compatible store (AWS S3, or moto's server in tests).
    STORAGE: str = "local"
    STORAGE_LOCAL_DIR: str = str(REPO_ROOT / "var" / "documents")
    S3_ENDPOINT_URL: str | None = None
    S3_REGION: str = "eu-west-2"
    S3_QUARANTINE_BUCKET: str = "ehcp-quarantine"
    S3_CLEAN_BUCKET: str = "ehcp-documents"
    # none: files are marked clean without scanning (development only); clamd: ClamAV's daemon.
    SCANNER: str = "none"
    CLAMD_HOST: str = "127.0.0.1"
    CLAMD_PORT: int = 3310
    MAX_CONTENT_LENGTH: int = 105 * 1024 * 1024
    MAX_UPLOAD_BYTES: int = 20 * 1024 * 1024
    RATELIMIT_ENABLED: bool = True
    # Seconds a job may hold an outbox row ("sending") or a document before the sweeper counts it abandoned
    # (its worker died) and replays it.
    JOB_STALE_SECONDS: int = 120
    # Where people report accessibility problems (the accessibility statement names it).
    ACCESSIBILITY_EMAIL: str = "ehcp-service-support@example.gov.uk"
    # The phase banner's "give your feedback" link: the service's own feedback page unless set.
    FEEDBACK_URL: str = "/feedback"
    # The service's public address: every link in every message starts with it, whatever Host a request
    # carried (a forged Host must not put an attacker's address in a sign-in link). Required outside
    # development and test; there it defaults to LOCAL_SERVICE_URL.
    SERVICE_URL: str | None = None
    # Hosts the app answers for (comma-separated; ".example.gov.uk" allows subdomains); any other Host
    # gets 400. Defaults to SERVICE_URL's host (and, with SERVICE_URL unset locally, 127.0.0.1 and localhost).
    TRUSTED_HOSTS: str | None = None
    # Where staff alerts go (an infected upload); unset in development.
    SECURITY_ALERT_EMAIL: str | None = None
    SEED_DEMO_DATA: bool = False
    # Observability (docs/operations/observability.md): json (one object a line) or text log lines; the
    # bearer token /metrics asks for (unset: /metrics is 404); traces are exported when the endpoint is set.
    LOG_FORMAT: str = "json"
    METRICS_TOKEN: str | None = None
    OTEL_EXPORTER_OTLP_ENDPOINT: str | None = None
    # NOTIFY_TEMPLATE_<KEY> -> GOV.UK Notify template id, one per message in service.message_catalogue.
    NOTIFY_TEMPLATE_IDS: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_env(cls) -> Config:
        config = cls()
        config.NOTIFY_TEMPLATE_IDS = {
            name: value for name, value in os.environ.items() if name.startswith("NOTIFY_TEMPLATE_") and value
        }
        for f in fields(cls):
            if f.name in ("extra", "NOTIFY_TEMPLATE_IDS"):
                continue
            raw = _env(f.name)
            if raw is None:
                continue
            current = getattr(config, f.name)
            if isinstance(current, bool):
                setattr(config, f.name, raw.lower() in {"1", "true", "yes", "on"})
            elif isinstance(current, int):
                setattr(config, f.name, int(raw))
            else:
                setattr(config, f.name, raw)
        return config

    @property
    def is_local(self) -> bool:
        return self.APP_ENV in LOCAL_ENVIRONMENTS

    @property
    def service_url(self) -> str:
        """SERVICE_URL without a trailing slash (LOCAL_SERVICE_URL when unset in development and test)."""
        return (self.SERVICE_URL or LOCAL_SERVICE_URL).rstrip("/")

    @property
    def trusted_hosts(self) -> list[str]:
        if self.TRUSTED_HOSTS:
            return [host.strip() for host in self.TRUSTED_HOSTS.split(",") if host.strip()]
        if not self.SERVICE_URL:
            return ["127.0.0.1", "localhost"]
        return [urlsplit(self.service_url).hostname]

    def fakes_in_use(self) -> list[str]:
        fakes = []
        if self.NOTIFY_MODE != "live":
            fakes.append(f"NOTIFY_MODE={self.NOTIFY_MODE}")
        if self.STORAGE != "s3":
            fakes.append(f"STORAGE={self.STORAGE}")
        if self.SCANNER != "clamd":
            fakes.append(f"SCANNER={self.SCANNER}")
        return fakes

    def validate(self) -> None:
        """Fail fast on settings that would be unsafe where real families' data lives."""
        if self.NOTIFY_MODE not in {"outbox", "live"}:
            raise ConfigurationError(f"NOTIFY_MODE must be outbox or live, not {self.NOTIFY_MODE!r}")
        if self.STORAGE not in {"local", "s3"}:
            raise ConfigurationError(f"STORAGE must be local or s3, not {self.STORAGE!r}")
        if self.SCANNER not in {"none", "clamd"}:
            raise ConfigurationError(f"SCANNER must be none or clamd, not {self.SCANNER!r}")
        if self.NOTIFY_MODE == "live" and not self.NOTIFY_API_KEY:
            raise ConfigurationError("NOTIFY_MODE=live needs NOTIFY_API_KEY")
        if self.LOG_FORMAT not in {"json", "text"}:
            raise ConfigurationError(f"LOG_FORMAT must be json or text, not {self.LOG_FORMAT!r}")
        if self.METRICS_TOKEN and len(self.METRICS_TOKEN) < 32:  # empty is unset (compose's ${METRICS_TOKEN:-})
            raise ConfigurationError("METRICS_TOKEN must be at least 32 characters (or unset, and /metrics is 404)")
        if self.SERVICE_URL:
            parts = urlsplit(self.SERVICE_URL)
            if parts.scheme not in {"http", "https"} or not parts.hostname or parts.query or parts.fragment:
                raise ConfigurationError(
                    f"SERVICE_URL must be the service's address, like https://example.gov.uk, not {self.SERVICE_URL!r}"
                )
        if self.is_local:
            return
        if self.SECRET_KEY == DEFAULT_SECRET_KEY or len(self.SECRET_KEY) < 32:
            raise ConfigurationError("Set SECRET_KEY to a random value of at least 32 characters")
        fakes = self.fakes_in_use()
        if fakes:
            raise ConfigurationError(f"{self.APP_ENV} cannot use fake clients: {', '.join(fakes)}")
        if self.DATABASE_URL.startswith("sqlite"):
            raise ConfigurationError(f"{self.APP_ENV} needs PostgreSQL, not SQLite")
        if self.RATELIMIT_ENABLED and not self.REDIS_URL:
            # Per-process memory would give every gunicorn worker its own count: limits times workers.
            raise ConfigurationError(f"{self.APP_ENV} needs REDIS_URL: rate limits must be shared by every process")
        if not self.SERVICE_URL:
            raise ConfigurationError(
                "Set SERVICE_URL to the service's public address: every link in a message starts with it"
            )

    def as_flask_config(self) -> dict:
        values = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "extra"}
        values["SERVICE_URL"] = self.service_url
        values["TRUSTED_HOSTS"] = self.trusted_hosts  # Flask answers any other Host with 400
        values.update(self.extra)
        return values
