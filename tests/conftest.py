"""Fixtures shared by every test.

The suite runs on PostgreSQL (a throwaway cluster started here unless TEST_DATABASE_URL is set),
with the schema built by the Alembic migrations, exactly as production builds it. Each test starts
from empty tables except the 153 local authorities.

Under pytest-xdist (`make test` runs `-n 2 --dist loadgroup`) every worker is its own process with
its own session fixtures: its own PostgreSQL cluster, Redis, moto S3, clamd, fake Notify, live
server, Chromium and Nu checker, on ports no other worker holds (tests/services/ports.py), and its
own folder for local documents. A test that stops a server stops only its own worker's. Given
TEST_DATABASE_URL or TEST_REDIS_URL, each worker uses its own database beside the one named
(`<name>_gw0`, ...) or its own Redis database number (the one named plus the worker's number).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

import service.models  # noqa: F401 - every table in SQLModel.metadata, for _truncate
from service import create_app
from service.config import REPO_ROOT, Config
from tests.services.postgres import PostgresServer
from tests.services.redis_server import RedisServer

KEEP_TABLES = {"local_authority", "alembic_version"}
# The app defaults to production; the tests (and anything they start) opt into test.
os.environ.setdefault("APP_ENV", "test")
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")  # "gw0", "gw1", ... under pytest-xdist; "" in a serial run


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the xdist_group marks
def pytest_collection_modifyitems(config, items) -> None:
    """Keep each module whose tests share a module-scoped fixture (seeded data, an S3 or clamd server)
    on one xdist worker under `--dist loadgroup`, so the fixture is built once, not once per worker."""
    if not config.pluginmanager.hasplugin("xdist"):
        return
    for item in items:
        if item.get_closest_marker("xdist_group") or not hasattr(item, "_fixtureinfo"):
            continue
        scopes = {d.scope for defs in item._fixtureinfo.name2fixturedefs.values() for d in defs}
        if "module" in scopes:
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))


def per_worker_database(url: str) -> str:
    """The database named, or under xdist this worker's own database beside it (created if missing)."""
    if not WORKER:
        return url
    given = make_url(url)
    name = f"{given.database}_{WORKER}"
    engine = create_engine(given, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        if connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}).first() is None:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return given.set(database=name).render_as_string(hide_password=False)


def per_worker_redis(url: str) -> str:
    """The Redis URL given, or under xdist the database number after it plus this worker's number."""
    if not WORKER:
        return url
    parts = urlsplit(url)
    number = int(parts.path.strip("/") or 0) + int(WORKER.removeprefix("gw"))
    return parts._replace(path=f"/{number}").geturl()


def migrate(database_url: str) -> None:
    alembic_cfg = AlembicConfig(str(REPO_ROOT / "alembic.ini"))
    alembic_cfg.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    alembic_cfg.attributes["configure_logger"] = False
    command.upgrade(alembic_cfg, "head")


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    given = os.environ.get("TEST_DATABASE_URL")
    if given:
        yield per_worker_database(given)
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
    given = os.environ.get("TEST_REDIS_URL")
    return per_worker_redis(given) if given else redis_server.url


def make_config(database_url: str, **overrides) -> Config:
    config = Config(
        APP_ENV="test",
        SECRET_KEY="test-secret-key-that-is-long-enough-123",
        DATABASE_URL=database_url,
        STORAGE_LOCAL_DIR=str(REPO_ROOT / "var" / f"test-documents{'-' + WORKER if WORKER else ''}"),
        RATELIMIT_ENABLED=False,
        SERVICE_URL="http://localhost",  # the Flask test client's host
    )
    for key, value in overrides.items():
        setattr(config, key, value)
    return config


@pytest.fixture(scope="session")
def app(migrated_database: str):
    return create_app(make_config(migrated_database))


@pytest.fixture(autouse=True)
def _rate_limits_off_again() -> Iterator[None]:
    """A test that builds an app with RATELIMIT_ENABLED=True switches on service.extensions.limiter, one
    object shared by every app in the worker; switch it off again so the session's app is not limited
    in the tests that follow (on xdist, which tests follow it depends on the worker)."""
    yield
    from service.extensions import limiter

    limiter.enabled = False


@pytest.fixture(autouse=True)
def _empty_tables(request) -> Iterator[None]:
    """Give every test that touches the database empty tables (local authorities kept)."""
    yield
    if "migrated_database" not in request.fixturenames:
        return
    url = request.getfixturevalue("migrated_database")
    _truncate(url)


_engines: dict[str, object] = {}

# Tests may change a council's own settings (the SEND team's inbox, the mediation adviser and ICB
# contacts a manager edits); each test starts from none, as a fresh load leaves them.
RESET_LOCAL_AUTHORITIES = (
    "UPDATE local_authority SET send_team_email = NULL, mediation_adviser_name = '', mediation_adviser_email = '', "
    "mediation_adviser_phone = '', health_contact_name = '', health_contact_email = '', health_contact_phone = '', "
    "send_team_phone = '', sendiass_name = '', sendiass_url = '', sendiass_phone = ''"
)


def _truncate(url: str) -> None:
    engine = _engines.get(url)
    if engine is None:
        engine = _engines[url] = create_engine(url)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # DELETE, children first, not TRUNCATE: on tables this small it is ten times faster (6 ms
            # against 70 ms a test, measured), and ids need not restart: no test depends on them. After a
            # test that loads the whole register (27,000 settings), deleting them row by row checks each
            # against the tables that refer to settings (43 s, measured): one TRUNCATE then, instead.
            emptied = [t for t in reversed(SQLModel.metadata.sorted_tables) if t.name not in KEEP_TABLES]
            if connection.execute(text("SELECT count(*) > 1000 FROM (SELECT 1 FROM setting LIMIT 1001) s")).scalar():
                connection.execute(text("TRUNCATE " + ", ".join(t.name for t in emptied)))
            else:
                for table in emptied:
                    connection.execute(table.delete())
            connection.execute(text(RESET_LOCAL_AUTHORITIES))
        else:
            tables = [
                row[0]
                for row in connection.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))
                if row[0] not in KEEP_TABLES and not row[0].startswith("sqlite_")
            ]
            for table in tables:
                connection.execute(text(f"DELETE FROM {table}"))
            connection.execute(text(RESET_LOCAL_AUTHORITIES))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def app_context(app):
    with app.app_context():
        yield app
