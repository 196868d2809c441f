"""Dashboard speed (issue 17): /staff/dashboard and /national server time from CouncilFigure rows for all
153 councils x 36 months x every measure (plus Kent's breakdowns), on a SQLite file or PostgreSQL
(BENCH_DATABASE_URL). In-process with the Flask test client, requests one after another: the app's own
time, no network. Prints `name: value unit` lines.

    .venv/bin/python bench/bench_dashboard.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.conftest import make_config, migrate  # noqa: E402

REQUESTS = 30


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(int(len(ordered) * 0.95) - 1, 0)]


def main() -> None:
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench-dashboard.db"
    migrate(url)
    from sqlmodel import select

    from service import create_app
    from service.data.local_authorities import load_local_authorities
    from service.db import db
    from service.demo_figures import placeholder_figures
    from service.models import LocalAuthority, StaffUser

    app = create_app(make_config(url))
    with app.app_context():
        load_local_authorities(db.session)
        db.session.commit()
        started = time.perf_counter()
        councils = list(db.session.exec(select(LocalAuthority)))
        count = 0
        for la in councils:
            rows = placeholder_figures(la, date.today())
            db.session.add_all(rows)
            count += len(rows)
        kent = next(la for la in councils if la.old_la_code == "886")
        manager = StaffUser(local_authority_id=kent.id, email="m@example.gov.uk", name="M", role="manager")
        analyst = StaffUser(local_authority_id=None, email="n@example.gov.uk", name="N", role="national")
        db.session.add_all([manager, analyst])
        db.session.commit()
        ids = manager.id, analyst.id
        print(f"dashboard_seed_rows: {count} rows")
        print(f"dashboard_seed_time: {time.perf_counter() - started:.1f} s")
    for name, path, user_id in (("staff_dashboard", "/staff/dashboard", ids[0]), ("national", "/national/", ids[1])):
        client = app.test_client()
        with client.session_transaction() as session:
            session["_principal"] = f"staff:{user_id}"
            session["_idle_seconds"], session["_absolute_seconds"] = 1800, 43200
        times = []
        for _ in range(REQUESTS + 2):
            t = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        times = times[2:]  # the first requests read the published files and warm caches
        print(f"{name}_p95: {p95(times):.0f} ms")
        print(f"{name}_median: {sorted(times)[len(times) // 2]:.0f} ms")


if __name__ == "__main__":
    main()
