"""Migrations while two releases serve (issue 19): they run once however many processes start them, and
they never drop or rename what the previous release still reads (docs/operations/migrations.md).

The expand-then-contract rule, checked on every migration's upgrade(): a drop_table, drop_column,
rename_table or alter_column(new_column_name=...) is a contract step. It must be named in a
`# contract: <table>[.<column>] unused since <release>` comment in the same file, and what it removes must
be gone from the models (SQLModel.metadata): the code that ships with the migration no longer uses it, and
the release named (the earlier one that stopped using it) is the one that must be fully deployed first.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

from alembic.config import Config as AlembicConfig
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

import service.models  # noqa: F401 - every table on SQLModel.metadata
from service.config import REPO_ROOT

VERSIONS = REPO_ROOT / "migrations" / "versions"
CONTRACT = re.compile(r"#\s*contract:\s*(?P<name>[\w.]+)\s+unused since\s+(?P<release>\S+)", re.I)
DESTRUCTIVE = {"drop_table", "drop_column", "rename_table"}


def _string(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def contract_steps(source: str) -> list[str]:
    """What upgrade() drops or renames, as "table" or "table.column" (a column in a batch_alter_table
    block is named with the block's table; a name built at run time is "?")."""
    tree = ast.parse(source)
    upgrade = next((n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "upgrade"), None)
    if upgrade is None:
        return []
    found: list[str] = []

    def visit(node: ast.AST, batch_table: str | None) -> None:
        if isinstance(node, ast.With):
            for item in node.items:
                call = item.context_expr
                if isinstance(call, ast.Call) and getattr(call.func, "attr", "") == "batch_alter_table":
                    batch_table = _string(call.args[0]) if call.args else "?"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name, args = node.func.attr, node.args
            keywords = {k.arg: k.value for k in node.keywords}
            renames = name == "alter_column" and "new_column_name" in keywords
            if name in DESTRUCTIVE or renames:
                first = _string(args[0]) if args else None
                if name in ("drop_table", "rename_table"):
                    found.append(first or "?")
                elif batch_table is not None and (
                    name == "drop_column" and len(args) == 1 or renames and len(args) == 1
                ):
                    found.append(f"{batch_table}.{first or '?'}")
                else:
                    second = _string(args[1]) if len(args) > 1 else None
                    found.append(f"{first or '?'}.{second or '?'}")
        for child in ast.iter_child_nodes(node):
            visit(child, batch_table)

    for statement in upgrade.body:
        visit(statement, None)
    return found


def problems(source: str, tables: dict[str, set[str]]) -> list[str]:
    """Why this migration breaks the previous release while it still serves ([] when it does not)."""
    marked = {m["name"]: m["release"] for m in CONTRACT.finditer(source)}
    out = []
    for step in contract_steps(source):
        table, _, column = step.partition(".")
        if step not in marked:
            out.append(f"{step}: dropped or renamed without a '# contract: {step} unused since <release>' marker")
        elif (column and column in tables.get(table, set())) or (not column and table in tables):
            out.append(f"{step}: the models still use it; expand first, contract in a later release")
    return out


def model_tables() -> dict[str, set[str]]:
    return {name: {c.name for c in table.columns} for name, table in SQLModel.metadata.tables.items()}


def test_no_migration_contracts_what_the_models_or_the_previous_release_still_use():
    tables = model_tables()
    found = {path.name: problems(path.read_text(), tables) for path in sorted(VERSIONS.glob("*.py"))}
    assert {name: p for name, p in found.items() if p} == {}
    assert len(found) >= 17  # every migration was read


def test_the_rule_catches_a_drop_a_rename_and_a_batch_drop_and_accepts_a_marked_contract():
    tables = {"ehc_case": {"id", "stage"}, "old_thing": {"id"}}
    drop = "def upgrade():\n    op.drop_column('ehc_case', 'stage')\n"
    assert problems(drop, tables) == [
        "ehc_case.stage: dropped or renamed without a '# contract: ehc_case.stage unused since <release>' marker"
    ]
    marked = "# contract: ehc_case.stage unused since 2026.11\n" + drop
    assert problems(marked, tables) == [
        "ehc_case.stage: the models still use it; expand first, contract in a later release"
    ]
    gone = (
        "# contract: ehc_case.legacy unused since 2026.11\ndef upgrade():\n    op.drop_column('ehc_case', 'legacy')\n"
    )
    assert problems(gone, tables) == []
    batch = (
        "def upgrade():\n    with op.batch_alter_table('ehc_case') as b:\n"
        "        b.alter_column('stage', new_column_name='phase')\n"
    )
    assert contract_steps(batch) == ["ehc_case.stage"]
    assert problems(batch, tables)[0].startswith("ehc_case.stage: dropped or renamed without")
    assert contract_steps("def upgrade():\n    op.rename_table('old_thing', 'new_thing')\n") == ["old_thing"]
    assert problems("def upgrade():\n    op.drop_table('old_thing')\n", tables) != []
    # what downgrade() drops is not a contract step: it runs only when a release is rolled back
    assert (
        contract_steps("def upgrade():\n    op.add_column('t', c)\n\ndef downgrade():\n    op.drop_column('t', 'c')\n")
        == []
    )


def test_two_upgrades_started_at_once_migrate_once(migrated_database):
    """Two `alembic upgrade head` at once on an empty database: the advisory lock in migrations/env.py makes
    one wait; both succeed and the schema is at head (without the lock the second fails creating tables)."""
    given = make_url(migrated_database)
    admin = create_engine(given, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS migrate_race"))
        connection.execute(text("CREATE DATABASE migrate_race"))
    url = given.set(database="migrate_race").render_as_string(hide_password=False)
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": url, "APP_ENV": "test"}
    command = [sys.executable, "-m", "alembic", "upgrade", "head"]
    runs = [
        subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120)[0].decode() for run in runs]
    try:
        assert [run.returncode for run in runs] == [0, 0], outputs
        head = ScriptDirectory.from_config(AlembicConfig(str(Path(REPO_ROOT) / "alembic.ini"))).get_current_head()
        engine = create_engine(url)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [head]
        engine.dispose()
        # exactly one of them ran the migrations: the other found the database at head
        assert sum("Running upgrade  -> " in output for output in outputs) == 1, outputs
    finally:
        with admin.connect() as connection:
            connection.execute(text("DROP DATABASE IF EXISTS migrate_race WITH (FORCE)"))
        admin.dispose()
