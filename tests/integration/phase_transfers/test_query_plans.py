"""The phase-transfer cohort and the reviews-due list use their indexes (ix_case_la_phase_transfer,
ix_case_la_review_due) for every filter, their page and their counts, and never scan ehc_case, on PostgreSQL
with a synthetic national spread (every council at 1%) and Kent at 15%, after VACUUM ANALYZE."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.dialects import postgresql
from sqlmodel import select

from service.data import phase_transfers, reviews_due
from service.domain.clock import PhaseTransfer
from service.domain.phase import next_september
from service.models import Case, LocalAuthority
from tests.conftest import _truncate

TODAY = date.today()
YEAR = next_september(TODAY)


@pytest.fixture(scope="module")
def seeded(app, migrated_database):
    from service.db import db
    from service.synthetic import generate

    with app.app_context():
        generate(TODAY, scale=0.01)
        generate(TODAY, scale=0.15, only_la="Kent")
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE ehc_case"))
        kent = db.session.exec(select(LocalAuthority).where(LocalAuthority.name == "Kent")).one()
        cases = db.session.exec(select(Case).where(Case.local_authority_id == kent.id)).all()
        yield {
            "la": kent.id,
            "plans": sum(c.review_due_on is not None for c in cases),
            "cohort": sum(c.phase_transfer_year == YEAR for c in cases),
            "overdue": sum(c.review_due_on is not None and c.review_due_on < TODAY for c in cases),
            "caseworker": str(next(c.assigned_caseworker_id for c in cases if c.assigned_caseworker_id)),
        }
    _truncate(migrated_database)


@pytest.fixture(autouse=True)
def _empty_tables():
    """Keep the seeded rows for the whole module."""
    yield


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def _explain(statement) -> list[dict]:
    from service.db import db

    sql = str(statement.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))
    return list(_nodes(db.session.execute(text(f"EXPLAIN (FORMAT JSON) {sql}")).scalar_one()[0]["Plan"]))


def _uses(nodes: list[dict], index: str) -> None:
    assert not [n for n in nodes if n["Node Type"] == "Seq Scan" and n.get("Relation Name") == "ehc_case"], nodes
    assert any(n.get("Index Name") == index for n in nodes), _shape(nodes)


def _shape(nodes: list[dict]) -> list[tuple[str, str | None]]:
    return [(n["Node Type"], n.get("Index Name")) for n in nodes]


def test_the_synthetic_plans_have_reviews_due_some_overdue_and_a_cohort(seeded):
    assert seeded["plans"] > 2500 and seeded["cohort"] > 100
    assert 0.08 < seeded["overdue"] / seeded["plans"] < 0.25  # about 15% overdue, as generated


@pytest.mark.parametrize("kind", [None, *PhaseTransfer])
@pytest.mark.parametrize("page", [1, 40])
def test_the_cohort_page_reads_its_index(app, seeded, kind, page):
    with app.app_context():
        _uses(_explain(phase_transfers.cohort_statement(seeded["la"], YEAR, kind, page)), "ix_case_la_phase_transfer")


def test_the_cohort_counts_read_the_index(app, seeded):
    with app.app_context():
        _uses(_explain(phase_transfers.cohort_counts_statement(seeded["la"], YEAR, TODAY)), "ix_case_la_phase_transfer")


@pytest.mark.parametrize("when", ["", *reviews_due.WHEN])
@pytest.mark.parametrize("caseworker", ["", "CASEWORKER", "none"])
def test_the_reviews_due_page_and_count_read_their_index(app, seeded, when, caseworker):
    query = reviews_due.ReviewsQuery(
        today=TODAY, when=when, caseworker=seeded["caseworker"] if caseworker == "CASEWORKER" else caseworker
    )
    with app.app_context():
        nodes = _explain(reviews_due.reviews_statement(seeded["la"], query))
        nodes += _explain(reviews_due.count_statement(seeded["la"], query))
    assert not [n for n in nodes if n["Node Type"] == "Seq Scan" and n.get("Relation Name") == "ehc_case"], nodes
    # the caseworker's own index when one is chosen (a caseworker has a few hundred plans), else the date's
    assert any(n.get("Index Name", "").startswith(("ix_case_la_", "ix_ehc_case_")) for n in nodes), _shape(nodes)


def test_the_reviews_due_counts_read_an_index_not_the_table(app, seeded):
    """One statement for every filter's count, on an index of the council's cases (the planner picks the
    council's index or the due date's); the counts are kept per process for 20 seconds, like the caseload's."""
    with app.app_context():
        nodes = _explain(reviews_due.counts_statement(seeded["la"], TODAY))
    assert not [n for n in nodes if n["Node Type"] == "Seq Scan" and n.get("Relation Name") == "ehc_case"], nodes
    assert any(n.get("Index Name", "").startswith(("ix_case_la_", "ix_ehc_case_")) for n in nodes), _shape(nodes)
