"""Settings from the environment.

APP_ENV defaults to production: a deployment that forgets it gets the strict checks, never the
fakes. A developer's machine opts into development (`make run`), the tests into test.
Fakes are chosen here, by configuration, never by "if testing" in the code that uses them.
Outside development and test the app refuses to start with a default secret, a fake client or
rate limits kept in one process's memory.
"""

from __future__ import annotations

import json
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


def _secret_text(value: str | None, path: str | None) -> str | None:
    """A secret given as text, or as the path of a file that holds it (a mounted secret)."""
    if value:
        return value.replace("\\n", "\n")  # a PEM key in one environment line, with \n for its newlines
    if path:
        try:
            return Path(path).read_text().strip() or None
        except OSError:
            return None
    return None


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
    # How families and young people sign in: email (a link and a 6-digit code) or one_login (GOV.UK One
    # Login, OpenID Connect). The One Login client is registered with One Login; its redirect URL is
    # SERVICE_URL + /sign-in/one-login/callback, never built from a request.
    FAMILY_SIGN_IN: str = "email"
    ONE_LOGIN_ISSUER: str = "https://oidc.account.gov.uk/"
    ONE_LOGIN_DISCOVERY_URL: str | None = None  # defaults to the issuer's /.well-known/openid-configuration
    ONE_LOGIN_CLIENT_ID: str | None = None
    # The private key (PEM) whose public half is registered with One Login, for private_key_jwt: the text
    # itself (from a secrets manager), or a file holding it (a mounted secret).
    ONE_LOGIN_PRIVATE_KEY: str | None = None
    ONE_LOGIN_PRIVATE_KEY_FILE: str | None = None
    ONE_LOGIN_KEY_ID: str | None = None  # the client assertion's kid, when the key was registered with one
    ONE_LOGIN_VTR: str = "Cl.Cm"  # the vector of trust asked for: medium-level authentication, no identity check
    # Staff sign-in through a council's own identity provider (Microsoft Entra ID), beside the password:
    # JSON, {"<la code>": {"issuer": ..., "client_id": ..., "private_key" or "private_key_file": ...,
    # "key_id": optional}}. The service's second factor is still asked (docs/one-login.md says why).
    STAFF_OIDC: str | None = None
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

    @property
    def one_login_private_key(self) -> str | None:
        return _secret_text(self.ONE_LOGIN_PRIVATE_KEY, self.ONE_LOGIN_PRIVATE_KEY_FILE)

    @property
    def staff_oidc(self) -> dict[str, dict[str, str]]:
        """STAFF_OIDC as {la code: {issuer, client_id, private_key (PEM text), key_id}}."""
        if not self.STAFF_OIDC:
            return {}
        try:
            given = json.loads(self.STAFF_OIDC)
        except ValueError as error:
            raise ConfigurationError("STAFF_OIDC must be a JSON object: {la code: {issuer, client_id, ...}}") from error
        if not isinstance(given, dict):
            raise ConfigurationError("STAFF_OIDC must be a JSON object: {la code: {issuer, client_id, ...}}")
        providers = {}
        for code, entry in given.items():
            if not isinstance(entry, dict) or not entry.get("issuer") or not entry.get("client_id"):
                raise ConfigurationError(f"STAFF_OIDC[{code!r}] needs issuer and client_id")
            providers[code] = {
                "issuer": str(entry["issuer"]),
                "client_id": str(entry["client_id"]),
                "private_key": _secret_text(entry.get("private_key"), entry.get("private_key_file")) or "",
                "key_id": str(entry.get("key_id") or ""),
            }
        return providers

    def _validate_sign_in(self) -> None:
        from service.clients.oidc import load_private_key  # Authlib only when it is checked

        if self.FAMILY_SIGN_IN not in {"email", "one_login"}:
            raise ConfigurationError(f"FAMILY_SIGN_IN must be email or one_login, not {self.FAMILY_SIGN_IN!r}")
        keys = []
        if self.FAMILY_SIGN_IN == "one_login":
            if not self.ONE_LOGIN_CLIENT_ID:
                raise ConfigurationError("FAMILY_SIGN_IN=one_login needs ONE_LOGIN_CLIENT_ID")
            keys.append(("ONE_LOGIN_PRIVATE_KEY", self.ONE_LOGIN_PRIVATE_KEY_FILE, self.one_login_private_key))
            if not self.is_local and urlsplit(self.ONE_LOGIN_ISSUER).scheme != "https":
                raise ConfigurationError("ONE_LOGIN_ISSUER must be an https address")
        for code, entry in self.staff_oidc.items():
            keys.append((f"STAFF_OIDC[{code!r}].private_key", None, entry["private_key"]))
            if not self.is_local and urlsplit(entry["issuer"]).scheme != "https":
                raise ConfigurationError(f"STAFF_OIDC[{code!r}].issuer must be an https address")
        for name, path, pem in keys:
            if not pem:
                where = f" (the file {path} is missing or empty)" if path else ""
                raise ConfigurationError(f"Set {name}: the private key for private_key_jwt{where}")
            try:
                load_private_key(pem)
            except ValueError as error:
                raise ConfigurationError(f"{name} is not an RSA or EC private key in PEM form") from error

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
        self._validate_sign_in()
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
        values["ONE_LOGIN_PRIVATE_KEY"] = self.one_login_private_key
        values["STAFF_OIDC"] = self.staff_oidc
        values["SERVICE_URL"] = self.service_url
        values["TRUSTED_HOSTS"] = self.trusted_hosts  # Flask answers any other Host with 400
        values.update(self.extra)
        return values
