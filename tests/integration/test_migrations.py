"""The Alembic migrations build the schema the models describe, on SQLite and on PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlmodel import Session, SQLModel, func, select

import service.models  # noqa: F401 - registers every table
from service.data.local_authorities import load_local_authorities
from service.models import LocalAuthority
from tests.conftest import migrate


def _differences(url: str) -> list:
    engine = create_engine(url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    return diff


def test_migrations_match_the_models_on_postgresql(migrated_database):
    assert _differences(migrated_database) == []


def test_migrations_apply_cleanly_on_sqlite_and_load_153_local_authorities(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    migrate(url)
    engine = create_engine(url)
    assert set(SQLModel.metadata.tables) <= set(inspect(engine).get_table_names())
    with Session(engine) as session:
        assert load_local_authorities(session) == (153, 0)
        assert load_local_authorities(session) == (0, 0)
        assert session.exec(select(func.count()).select_from(LocalAuthority)).one() == 153
        kent = session.exec(select(LocalAuthority).where(LocalAuthority.name == "Kent")).one()
        assert (kent.new_la_code, kent.old_la_code, kent.ehc_plans_january_2025) == ("E10000016", "886", 20635)
    engine.dispose()
    assert _differences(url) == []
