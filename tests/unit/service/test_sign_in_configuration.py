"""Issue 19: the sign-in configuration fails fast, like the app's other production checks."""

from __future__ import annotations

import json

import pytest

from service.config import Config, ConfigurationError
from tests.fakes.fake_oidc import client_key

PRODUCTION = {
    "APP_ENV": "production",
    "SECRET_KEY": "s" * 48,
    "DATABASE_URL": "postgresql+psycopg://db/ehcp",
    "NOTIFY_MODE": "live",
    "NOTIFY_API_KEY": "key",
    "STORAGE": "s3",
    "SCANNER": "clamd",
    "SERVICE_URL": "https://ehcp.example.gov.uk",
    "REDIS_URL": "redis://redis:6379/0",
}


@pytest.fixture(scope="module")
def pem() -> str:
    return client_key().as_pem(private=True).decode()


def test_production_refuses_one_login_without_its_private_key(pem, tmp_path):
    config = Config(**PRODUCTION, FAMILY_SIGN_IN="one_login", ONE_LOGIN_CLIENT_ID="client")
    with pytest.raises(ConfigurationError, match="ONE_LOGIN_PRIVATE_KEY"):
        config.validate()
    config.ONE_LOGIN_PRIVATE_KEY_FILE = str(tmp_path / "missing.pem")
    with pytest.raises(ConfigurationError, match="missing.pem is missing or empty"):
        config.validate()
    (tmp_path / "key.pem").write_text(pem)
    config.ONE_LOGIN_PRIVATE_KEY_FILE = str(tmp_path / "key.pem")
    config.validate()
    assert config.as_flask_config()["ONE_LOGIN_PRIVATE_KEY"] == pem.strip()


def test_one_login_needs_a_client_id_a_real_key_and_https(pem):
    with pytest.raises(ConfigurationError, match="ONE_LOGIN_CLIENT_ID"):
        Config(**PRODUCTION, FAMILY_SIGN_IN="one_login", ONE_LOGIN_PRIVATE_KEY=pem).validate()
    with pytest.raises(ConfigurationError, match="not an RSA or EC private key"):
        Config(**PRODUCTION, FAMILY_SIGN_IN="one_login", ONE_LOGIN_CLIENT_ID="c", ONE_LOGIN_PRIVATE_KEY="x").validate()
    public_only = client_key().as_pem(private=False).decode()
    with pytest.raises(ConfigurationError, match="not an RSA or EC private key"):
        Config(
            **PRODUCTION, FAMILY_SIGN_IN="one_login", ONE_LOGIN_CLIENT_ID="c", ONE_LOGIN_PRIVATE_KEY=public_only
        ).validate()
    with pytest.raises(ConfigurationError, match="https"):
        Config(
            **PRODUCTION,
            FAMILY_SIGN_IN="one_login",
            ONE_LOGIN_CLIENT_ID="c",
            ONE_LOGIN_PRIVATE_KEY=pem,
            ONE_LOGIN_ISSUER="http://oidc.example.com/",
        ).validate()
    # a key kept in one environment line, its newlines written as \n
    Config(
        **PRODUCTION,
        FAMILY_SIGN_IN="one_login",
        ONE_LOGIN_CLIENT_ID="c",
        ONE_LOGIN_PRIVATE_KEY=pem.replace("\n", "\\n"),
    ).validate()


def test_family_sign_in_is_email_or_one_login():
    Config(**PRODUCTION).validate()  # email, the default, needs nothing more
    with pytest.raises(ConfigurationError, match="FAMILY_SIGN_IN must be email or one_login"):
        Config(**PRODUCTION, FAMILY_SIGN_IN="password").validate()


def test_staff_oidc_needs_issuer_client_and_key_for_each_council(pem):
    with pytest.raises(ConfigurationError, match="JSON object"):
        Config(**PRODUCTION, STAFF_OIDC="not json").validate()
    with pytest.raises(ConfigurationError, match="needs issuer and client_id"):
        Config(**PRODUCTION, STAFF_OIDC=json.dumps({"886": {"issuer": "https://login.example.com/t/v2.0"}})).validate()
    entry = {"issuer": "https://login.microsoftonline.com/tenant/v2.0", "client_id": "app"}
    with pytest.raises(ConfigurationError, match="private_key"):
        Config(**PRODUCTION, STAFF_OIDC=json.dumps({"886": entry})).validate()
    Config(**PRODUCTION, STAFF_OIDC=json.dumps({"886": {**entry, "private_key": pem}})).validate()
