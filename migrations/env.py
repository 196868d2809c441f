"""Alembic environment: the URL comes from the same configuration the app reads (DATABASE_URL).

On PostgreSQL every upgrade or downgrade first takes a transaction-level advisory lock (MIGRATION_LOCK), so
when several processes start at once (each new release's containers run `alembic upgrade head`), one
migrates and the others wait, then find the database already at head and do nothing. The lock is taken
before Alembic reads alembic_version and released when the migration transaction ends.
docs/operations/migrations.md has the rule that lets old and new code serve while it runs.
"""

from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool, text
from sqlmodel import SQLModel

import service.models  # noqa: F401 - registers every table on SQLModel.metadata
from service.config import Config

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

if not config.get_main_option("sqlalchemy.url"):
    config.set_main_option("sqlalchemy.url", Config.from_env().DATABASE_URL.replace("%", "%%"))
target_metadata = SQLModel.metadata
# pg_advisory_xact_lock's key: any fixed 64-bit number; this one is "ehcp-mig" in ASCII.
MIGRATION_LOCK = 0x656863702D6D6967


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if connectable is None:
        connectable = engine_from_config(
            config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.", poolclass=pool.NullPool
        )
        with connectable.connect() as connection:
            _run(connection)
    else:
        _run(connectable)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
