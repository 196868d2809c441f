"""A Kent caseworker's caseload under gunicorn with 8 concurrent clients, on PostgreSQL.

Starts its own PostgreSQL cluster (like the tests), migrates, loads the demo accounts, then fills
every council with synthetic data (service.synthetic, the seed-synthetic command): Kent at full size
(20,635 plans plus a year's requests, about 25,600 cases) and the other 152 councils at
BENCH_NATIONAL_SCALE (default 0.1, about 77,000 cases; 1 gives the full 790,000). It runs ANALYZE,
starts gunicorn (4 workers x 2 threads) and, for the default view, each filter, a search and page 50,
prints p50/p95 (server time from the Server-Timing header, and client time including queueing for the
8 client threads on this machine's cores), requests per second, SQL statements per page (counted
in-process for one request) and whether the plan of the page's query scans the cases table.
Targets: p95 under 100 ms, at most 5 statements per page, no sequential scan of ehc_case.
The filter counts are cached per worker process for 20 seconds (service.data.caseload.COUNTS_TTL), so
the statement count is 3 to 5 depending on whether the counts and the total had to be read.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (  # noqa: E402
    gunicorn,
    load,
    migrated_postgres,
    percentile,
    report,
    sign_in_staff,
    statements_per_request,
)
from tests.conftest import make_config  # noqa: E402

NATIONAL_SCALE = float(os.environ.get("BENCH_NATIONAL_SCALE", "0.1"))


def seed(url: str) -> tuple[int, float, str]:
    """Demo accounts plus synthetic data; returns (Kent cases, seconds to generate, a Kent caseworker id)."""
    from sqlmodel import Session, create_engine, func, select, text

    from service import create_app
    from service.data.local_authorities import load_local_authorities
    from service.db import db
    from service.demo import seed_demo
    from service.models import Case, LocalAuthority
    from service.synthetic import generate

    engine = create_engine(url)
    with Session(engine) as session:
        load_local_authorities(session)
        session.commit()
    engine.dispose()
    app = create_app(make_config(url))
    with app.app_context():
        seed_demo(date.today())
        started = time.monotonic()
        generate(date.today(), scale=NATIONAL_SCALE)
        generate(date.today(), scale=1.0, only_la="Kent")
        seconds = time.monotonic() - started
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
        kent = db.session.exec(select(LocalAuthority).where(LocalAuthority.name == "Kent")).one()
        count = db.session.exec(select(func.count()).select_from(Case).where(Case.local_authority_id == kent.id)).one()
        total = db.session.exec(select(func.count()).select_from(Case)).one()
        worker = db.session.exec(
            select(Case.assigned_caseworker_id)
            .where(Case.local_authority_id == kent.id, Case.assigned_caseworker_id.is_not(None))
            .limit(1)
        ).one()
    print(f"bench_caseload_cases_in_database: {total} cases")
    return count, seconds, str(worker)


REFERENCE_PLACEHOLDER = "{reference}"


def a_kent_reference(url: str) -> str:
    from sqlmodel import Session, create_engine, select

    from service.models import Case, LocalAuthority

    engine = create_engine(url)
    with Session(engine) as session:
        kent = session.exec(select(LocalAuthority.id).where(LocalAuthority.name == "Kent")).one()
        reference = session.exec(
            select(Case.reference).where(Case.local_authority_id == kent).order_by(Case.id.desc()).limit(1)
        ).one()
    engine.dispose()
    return reference


def seq_scans_on_cases(url: str, query_string: str) -> int:
    """Sequential scans of ehc_case in the plans of the page's two statements (the page and the counts)."""
    from sqlalchemy import text
    from sqlalchemy.dialects import postgresql
    from werkzeug.datastructures import MultiDict

    from service import create_app
    from service.data.caseload import caseload_statement, counts_statement
    from service.data.local_authorities import by_old_code
    from service.db import db
    from service.journeys.staff.caseload import parse

    app = create_app(make_config(url))
    scans = 0
    with app.app_context():
        today = date.today()
        query, _ = parse(MultiDict([tuple(p.split("=", 1)) for p in query_string.split("&") if p]), today)
        la = by_old_code("886").id
        for statement in (caseload_statement(la, query), counts_statement(la, today, query.due_soon_until)):
            sql = str(statement.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))
            plan = db.session.execute(text(f"EXPLAIN (FORMAT JSON) {sql}")).scalar_one()[0]["Plan"]
            stack = [plan]
            while stack:
                node = stack.pop()
                scans += node["Node Type"] == "Seq Scan" and node.get("Relation Name") == "ehc_case"
                stack.extend(node.get("Plans", []))
    return scans


def main() -> None:
    with migrated_postgres() as url:
        kent_cases, seconds, worker = seed(url)
        print(f"bench_caseload_national_scale: {NATIONAL_SCALE} fraction")
        print(f"bench_caseload_kent_cases: {kent_cases} cases")
        print(f"bench_caseload_synthetic_generation: {seconds:.1f} s")
        with gunicorn(url) as base:
            staff = sign_in_staff(base, url)
            pages = [
                ("default", ""),
                ("stage_filter", "stage=assessing"),
                ("overdue_filter", "overdue=yes"),
                ("due_soon_filter", "due_soon=yes"),
                ("exceptions_filter", "exceptions=yes"),
                ("caseworker_filter", f"caseworker={worker}"),
                ("received_between_filter", "received_from-day=1&received_from-month=1&received_from-year=2026"),
                ("search_by_name", "q=smith"),
                ("search_by_reference", "q=" + REFERENCE_PLACEHOLDER),
                ("sort_by_name", "sort=name"),
                ("page_50", "page=50"),
            ]
            worst_p95 = worst_statements = total_scans = 0
            for name, query in pages:
                query = query.replace(REFERENCE_PLACEHOLDER, a_kent_reference(url))
                path = "/staff/cases" + (f"?{query}" if query else "")
                result = load(base, path, staff)
                statements = statements_per_request(url, path, staff)
                scans = seq_scans_on_cases(url, query)
                report(f"caseload_{name}", result, statements)
                print(f"caseload_{name}_seq_scans_of_cases: {scans} scans")
                worst_p95 = max(worst_p95, percentile(result.server_ms, 0.95))
                worst_statements = max(worst_statements, statements)
                total_scans += scans
            print(f"caseload_worst_server_p95_ms: {worst_p95:.1f} ms")
            print(f"caseload_worst_sql_statements: {worst_statements} statements")
            print(f"caseload_seq_scans_of_cases_total: {total_scans} scans")
            met = worst_p95 < 100 and worst_statements <= 5 and total_scans == 0
            print(f"caseload_targets_met: {1 if met else 0} boolean")


if __name__ == "__main__":
    main()
