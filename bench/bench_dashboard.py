"""Dashboard speed (issue 17: every dashboard page's server p95 under 300 ms on the national figures, on
PostgreSQL). On a PostgreSQL cluster of the bench's own (or BENCH_DATABASE_URL, e.g. a SQLite file), with
CouncilFigure rows as the figures worker writes them for all 153 councils: 36 months of every measure, active
plans by need, age and setting every month, and the calendar years. In-process with the Flask test client,
requests one after another, each timed from the client's call to the response: the app's own time, no network.
Prints p50 and p95 per page, and the SQL statements one request runs, as `name: value unit` lines; then the
same after a refresh of Kent's figures that changed one month of one measure (`<page>_after_refresh_*`), and
with the dashboard caches emptied before each request (`<page>_uncached_*`, every chart rendered afresh).

    .venv/bin/python bench/bench_dashboard.py
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import statistics
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import migrated_postgres, percentile  # noqa: E402
from tests.conftest import make_config, migrate  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_DASHBOARD_REQUESTS", "30"))
AFTER = 15  # requests after a refresh, and with the caches emptied: each costs more
WARM_UP = 3  # the first requests read the published files and fill the per-process caches
MONTHS = 36
YEARS = 4

# Monthly sizes as a share of the council's plans, and typical rates: invented but plausible.
COUNTS = {
    "requests_received": 0.018,
    "request_decisions": 0.016,
    "plans_issued": 0.008,
    "reviews_completed": 0.06,
    "phase_transfers_due": 0.01,
}
RATES = {
    "decisions_within_6_weeks": (0.012, 0.85),
    "refusals_to_assess": (0.012, 0.25),
    "plans_within_20_weeks": (0.008, 0.40),
    "plans_within_20_weeks_excl_exceptions": (0.007, 0.42),
    "reviews_within_12_weeks": (0.06, 0.45),
    "reviews_overdue": (1.0, 0.22),
    "phase_transfers_on_time": (0.01, 0.7),
    "mediations": (0.01, 0.08),
    "appeals": (0.01, 0.05),
}
NEEDS = {"ASD": 0.46, "SEMH": 0.19, "SLCN": 0.17, "MLD": 0.05, "SLD": 0.04, "PD": 0.03, "SPLD": 0.02,
         "PMLD": 0.02, "HI": 0.01, "VI": 0.004, "MSI": 0.001, "OTH": 0.0002, "unknown": 0.005}  # fmt: skip
AGES = {"under 5": 0.03, "5-10": 0.31, "11-15": 0.40, "16-19": 0.22, "20-25": 0.04}
SETTINGS = {"mainstream": 0.30, "resourced": 0.05, "special": 0.31, "independent": 0.09, "other": 0.25}


def figure_rows(la_id: int, plans: int, months: list[str], rng: random.Random) -> list[dict]:
    """One council's rows, shaped as service.data.figures writes them (monthly and yearly, breakdowns)."""
    rows: list[dict] = []
    yearly: dict[tuple[str, str, str], list] = {}

    def add(measure: str, period: str, numerator: int, denominator: int | None = None, breakdown: str = "") -> None:
        rows.append(
            {
                "local_authority_id": la_id,
                "measure": measure,
                "period": period,
                "breakdown": breakdown,
                "numerator": numerator,
                "denominator": denominator,
            }
        )
        if measure not in ("active_plans", "reviews_overdue"):  # snapshots: January's, below
            slot = yearly.setdefault((measure, period[:4], breakdown), [0, None])
            slot[0] += numerator
            slot[1] = None if denominator is None else (slot[1] or 0) + denominator

    for i, month in enumerate(months):
        size = plans * (0.9 + 0.1 * i / (len(months) - 1))
        for measure, share in COUNTS.items():
            add(measure, month, round(size * share * rng.uniform(0.8, 1.2)))
        for measure, (share, rate) in RATES.items():
            denominator = max(round(size * share * rng.uniform(0.8, 1.2)), 1)
            add(measure, month, min(denominator, round(denominator * min(max(rate + rng.uniform(-0.12, 0.12), 0), 1))), denominator)  # fmt: skip
        add("active_plans", month, round(size))
        for prefix, shares in (("need", NEEDS), ("age", AGES), ("setting", SETTINGS)):
            for key, share in shares.items():
                add("active_plans", month, round(size * share * rng.uniform(0.9, 1.1)), breakdown=f"{prefix}:{key}")
    for (measure, year, breakdown), (numerator, denominator) in yearly.items():
        rows.append({"local_authority_id": la_id, "measure": measure, "period": year, "breakdown": breakdown,
                     "numerator": numerator, "denominator": denominator})  # fmt: skip
    for row in [r for r in rows if r["measure"] in ("active_plans", "reviews_overdue") and r["period"][5:] == "01"]:
        rows.append({**row, "period": row["period"][:4]})
    return rows


def seed(url: str) -> tuple[int, int, int, str]:
    """Every council's figures, a refresh time each, a Kent manager and a national user; returns the row count
    and the two users' ids and Kent's public page."""
    from sqlalchemy import insert, text
    from sqlmodel import select

    from service import create_app
    from service.data.local_authorities import load_local_authorities
    from service.db import db
    from service.domain.ladder import previous_months
    from service.journeys.dashboard.public import slug
    from service.models import CouncilFigure, FigureRefresh, LocalAuthority, StaffUser
    from service.models.base import utcnow

    app = create_app(make_config(url))
    today = date.today()
    months = previous_months(f"{today.year:04d}-{today.month:02d}", MONTHS)
    with app.app_context():
        load_local_authorities(db.session)
        db.session.commit()
        councils = list(db.session.exec(select(LocalAuthority).order_by(LocalAuthority.id)))
        rows = []
        for la in councils:
            assert la.id is not None
            own = figure_rows(la.id, la.ehc_plans_january_2025 or 3000, months, random.Random(la.old_la_code))
            db.session.add(FigureRefresh(local_authority_id=la.id, figure_count=len(own)))
            rows += own
        count = len(rows)
        if db.engine.dialect.name == "postgresql":  # COPY: seconds, where INSERTs of 200,000 rows take a minute
            columns = [*rows[0], "refreshed_at"]
            now = utcnow()
            cursor = db.session.connection().connection.driver_connection.cursor()
            with cursor.copy(f"COPY council_figure ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([*row.values(), now])
        else:
            db.session.execute(insert(CouncilFigure), rows)
        kent = next(la for la in councils if la.old_la_code == "886")
        manager = StaffUser(local_authority_id=kent.id, email="m@example.gov.uk", name="M", role="manager")
        analyst = StaffUser(local_authority_id=None, email="n@example.gov.uk", name="N", role="national")  # type: ignore[arg-type]
        db.session.add_all([manager, analyst])
        db.session.commit()
        assert manager.id is not None and analyst.id is not None
        ids = manager.id, analyst.id, slug(kent.name)
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("ANALYZE council_figure"))
    return count, *ids


@contextlib.contextmanager
def database() -> Iterator[str]:
    given = os.environ.get("BENCH_DATABASE_URL")
    if given:
        logging.disable(logging.INFO)  # as migrated_postgres does: no log line per request
        migrate(given)
        yield given
        return
    with migrated_postgres() as url:
        yield url


def refresh_kent(engine) -> None:
    """What the worker's refresh of Kent after one new request does: that month's count up by one, a new refresh time."""
    from sqlalchemy import text

    from service.models.base import utcnow

    with engine.begin() as connection:
        kent = "(SELECT id FROM local_authority WHERE old_la_code = '886')"
        connection.execute(
            text(
                f"UPDATE council_figure SET numerator = numerator + 1 WHERE local_authority_id = {kent} "
                "AND measure = 'requests_received' AND breakdown = '' AND period = "
                f"(SELECT max(period) FROM council_figure WHERE local_authority_id = {kent} AND length(period) = 7)"
            )
        )
        connection.execute(
            text(f"UPDATE figure_refresh SET refreshed_at = :now WHERE local_authority_id = {kent}"), {"now": utcnow()}
        )


def statements(app, client, path: str) -> int:
    from sqlalchemy import event

    from service.db import db

    with app.app_context():
        engine = db.engine
    count = [0]
    listener = lambda *args: count.__setitem__(0, count[0] + 1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    client.get(path)
    event.remove(engine, "before_cursor_execute", listener)
    return count[0]


def main() -> None:
    from sqlalchemy import create_engine

    from service import create_app

    with database() as url:
        started = time.perf_counter()
        count, manager, analyst, kent = seed(url)
        print(f"dashboard_seed_rows: {count} rows")
        print(f"dashboard_seed_time: {time.perf_counter() - started:.1f} s")
        app = create_app(make_config(url))
        # The same pages as the first request after a refresh of every council's figures: the app's dashboard
        # caches (service/journeys/dashboard/cache.py) emptied before each request, every chart rendered afresh.
        uncached = create_app(make_config(url))
        uncached.before_request(lambda: uncached.extensions.pop("dashboard_caches", None) and None)
        pages = (
            ("staff_dashboard", "/staff/dashboard", manager),
            ("national", "/national/", analyst),
            ("national_sorted", "/national/?sort=live_20", analyst),
            ("council_performance", "/council-performance", None),
            ("council_performance_kent", f"/council-performance/{kent}", None),
        )
        runs = [(app, name, path, user, REQUESTS) for name, path, user in pages]
        # After a refresh of Kent that changed one measure's latest month: most charts are the same as before.
        runs += [(app, f"{name}_after_refresh", path, user, AFTER) for name, path, user in pages[:2]]
        runs += [
            (uncached, f"{name}_uncached", path, user, AFTER) for name, path, user in pages if "sorted" not in name
        ]
        engine = create_engine(url)
        for flask_app, name, path, user_id, requests in runs:
            client = flask_app.test_client()
            if user_id is not None:
                with client.session_transaction() as session:
                    session["_principal"] = f"staff:{user_id}"
                    session["_idle_seconds"], session["_absolute_seconds"] = 1800, 43200
            times = []
            for _ in range(requests + WARM_UP):
                if name.endswith("_after_refresh"):
                    refresh_kent(engine)
                t = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - t) * 1000)
                assert response.status_code == 200, (path, response.status_code)
            times = times[WARM_UP:]
            print(f"{name}_p50: {statistics.median(times):.0f} ms")
            print(f"{name}_p95: {percentile(times, 0.95):.0f} ms")
            print(f"{name}_sql_statements: {statements(flask_app, client, path)} statements")
        engine.dispose()


if __name__ == "__main__":
    main()
