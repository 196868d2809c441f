"""The caseload's statements use an index for every filter and sort, on PostgreSQL, with a synthetic
national spread (every council at 1%) and Kent at 15% (about 3,900 cases), after VACUUM ANALYZE."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.dialects import postgresql
from sqlmodel import select

from service.data.caseload import CaseloadQuery, caseload_statement, count_statement, counts_statement
from service.domain.clock import add_working_days
from service.models import Case, LocalAuthority
from tests.conftest import _truncate

TODAY = date.today()
BASE = CaseloadQuery(today=TODAY, due_soon_until=add_working_days(TODAY, 5))


def _plan_nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from _plan_nodes(child)


@pytest.fixture(scope="module")
def seeded(app, migrated_database):
    from service.db import db
    from service.synthetic import generate

    with app.app_context():
        generate(TODAY, scale=0.01)
        generate(TODAY, scale=0.15, only_la="Kent")
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE ehc_case"))
            connection.execute(text("VACUUM ANALYZE staff_user"))
        kent = db.session.exec(select(LocalAuthority).where(LocalAuthority.name == "Kent")).one()
        kent_cases = db.session.exec(select(Case).where(Case.local_authority_id == kent.id)).all()
        caseworker = next(c.assigned_caseworker_id for c in kent_cases if c.assigned_caseworker_id)
        sample = kent_cases[len(kent_cases) // 2]
        yield {
            "la": kent.id,
            "count": len(kent_cases),
            "caseworker": str(caseworker),
            "reference": sample.reference,
            "name": sample.child_last_name.lower(),
            "born": sample.child_date_of_birth.isoformat(),
        }
    _truncate(migrated_database)


@pytest.fixture(autouse=True)
def _empty_tables():
    """Keep the seeded rows for the whole module (the shared fixture empties tables after each test)."""
    yield


def _explain(statement) -> list[dict]:
    from service.db import db

    sql = str(statement.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))
    plan = db.session.execute(text(f"EXPLAIN (FORMAT JSON) {sql}")).scalar_one()[0]["Plan"]
    return list(_plan_nodes(plan))


VIEWS = {
    "default (most urgent first)": {},
    "sort by received": {"sort": "received"},
    "sort by name": {"sort": "name"},
    "stage": {"stages": ("assessing",)},
    "two stages": {"stages": ("assessing", "draft_issued")},
    "overdue": {"overdue": True},
    "due within 5 working days": {"due_soon": True},
    "exceptions applied": {"exceptions": True},
    "assigned caseworker": {"caseworker": "CASEWORKER"},
    "not assigned": {"caseworker": "none"},
    "received between": {"received_from": TODAY - timedelta(days=60), "received_to": TODAY - timedelta(days=30)},
    "search by name": {"search": "NAME"},
    "search by reference": {"search": "REFERENCE"},
    "search by date of birth": {"search": "BORN"},
    "page 50": {"page": 50},
    "overdue, sorted by name": {"overdue": True, "sort": "name"},
}


@pytest.mark.parametrize("view", VIEWS)
def test_every_caseload_view_uses_an_index_on_cases_and_never_scans_the_table(app, seeded, view):
    assert seeded["count"] > 3000
    changes = {k: seeded[v.lower()] if isinstance(v, str) and v.isupper() else v for k, v in VIEWS[view].items()}
    with app.app_context():
        query = replace(BASE, **changes)
        nodes = _explain(caseload_statement(seeded["la"], query)) + _explain(count_statement(seeded["la"], query))
    on_cases = [
        n for n in nodes if n.get("Relation Name") == "ehc_case" or n.get("Index Name", "").startswith("ix_case")
    ]
    assert not [n for n in nodes if n["Node Type"] == "Seq Scan" and n.get("Relation Name") == "ehc_case"], nodes
    assert any(n["Node Type"] in ("Index Scan", "Index Only Scan", "Bitmap Index Scan") for n in on_cases), nodes


def test_the_filter_counts_read_an_index_not_the_table(app, seeded):
    with app.app_context():
        nodes = _explain(counts_statement(seeded["la"], TODAY, BASE.due_soon_until))
    assert not [n for n in nodes if n["Node Type"] == "Seq Scan" and n.get("Relation Name") == "ehc_case"], nodes
    assert any(n.get("Index Name", "").startswith(("ix_case", "ix_ehc_case")) for n in nodes), nodes
