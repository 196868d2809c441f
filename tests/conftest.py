"""Fixtures shared by every test.

The suite runs on PostgreSQL (a throwaway cluster started here unless TEST_DATABASE_URL is set),
with the schema built by the Alembic migrations, exactly as production builds it. Each test starts
from empty tables except the 153 local authorities.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import create_engine, text

from service import create_app
from service.config import REPO_ROOT, Config
from tests.services.postgres import PostgresServer
from tests.services.redis_server import RedisServer

KEEP_TABLES = {"local_authority", "alembic_version"}


def migrate(database_url: str) -> None:
    alembic_cfg = AlembicConfig(str(REPO_ROOT / "alembic.ini"))
    alembic_cfg.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    alembic_cfg.attributes["configure_logger"] = False
    command.upgrade(alembic_cfg, "head")


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    given = os.environ.get("TEST_DATABASE_URL")
    if given:
        yield given
        return
    server = PostgresServer()
    url = server.start()
    try:
        yield url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def migrated_database(database_url: str) -> str:
    migrate(database_url)
    engine = create_engine(database_url)
    from sqlmodel import Session

    from service.data.local_authorities import load_local_authorities

    with Session(engine) as session:
        load_local_authorities(session)
        session.commit()
    engine.dispose()
    return database_url


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer | None]:
    """A real Redis server that tests may stop and start (None when TEST_REDIS_URL is given)."""
    if os.environ.get("TEST_REDIS_URL"):
        yield None
        return
    server = RedisServer()
    server.start()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(scope="session")
def redis_url(redis_server: RedisServer | None) -> str:
    return os.environ.get("TEST_REDIS_URL") or redis_server.url


def make_config(database_url: str, **overrides) -> Config:
    config = Config(
        APP_ENV="test",
        SECRET_KEY="test-secret-key-that-is-long-enough-123",
        DATABASE_URL=database_url,
        STORAGE_LOCAL_DIR=str(REPO_ROOT / "var" / "test-documents"),
        RATELIMIT_ENABLED=False,
    )
    for key, value in overrides.items():
        setattr(config, key, value)
    return config


@pytest.fixture(scope="session")
def app(migrated_database: str):
    return create_app(make_config(migrated_database))


@pytest.fixture(autouse=True)
def _empty_tables(request) -> Iterator[None]:
    """Give every test that touches the database empty tables (local authorities kept)."""
    yield
    if "migrated_database" not in request.fixturenames:
        return
    url = request.getfixturevalue("migrated_database")
    _truncate(url)


_engines: dict[str, object] = {}


def _truncate(url: str) -> None:
    engine = _engines.get(url)
    if engine is None:
        engine = _engines[url] = create_engine(url)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            tables = [
                row[0]
                for row in connection.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
                if row[0] not in KEEP_TABLES
            ]
            if tables:
                connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            connection.execute(text("UPDATE local_authority SET send_team_email = NULL"))
        else:
            tables = [
                row[0]
                for row in connection.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))
                if row[0] not in KEEP_TABLES and not row[0].startswith("sqlite_")
            ]
            for table in tables:
                connection.execute(text(f"DELETE FROM {table}"))
            connection.execute(text("UPDATE local_authority SET send_team_email = NULL"))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def app_context(app):
    with app.app_context():
        yield app
