"""Issue 17: where the dashboard pages' time goes. Not part of `make bench` (no bench_ prefix).

    .venv/bin/python bench/profile_dashboard.py [path ...]   (default: every page bench_dashboard.py times)

Seeds bench_dashboard.py's figures on a PostgreSQL cluster of its own (or BENCH_DATABASE_URL, seeded only
if it has no figures yet), then profiles each page as bench/profile_pages.py does: the top functions by own
time, the shares in SQL and Jinja, and each SQL statement a request. Paths are requested as the Kent manager,
except /national (the national user) and /council-performance (no one). PROFILE_UNCACHED=1 empties the
app's dashboard caches (service/journeys/dashboard/cache.py) before each request.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("PROFILE_REQUESTS", "20")

from bench.bench_dashboard import database, seed  # noqa: E402
from bench.profile_pages import profile  # noqa: E402
from tests.conftest import make_config  # noqa: E402


def main() -> None:
    from sqlalchemy import create_engine, text

    from service import create_app

    with database() as url:
        engine = create_engine(url)
        with engine.connect() as connection:
            seeded = connection.execute(
                text("SELECT count(*) FROM staff_user WHERE email = 'n@example.gov.uk'")
            ).scalar()
            if seeded:
                manager, analyst = (
                    connection.execute(text(f"SELECT id FROM staff_user WHERE email = '{e}@example.gov.uk'")).scalar()
                    for e in ("m", "n")
                )
        engine.dispose()
        if not seeded:
            _, manager, analyst, _ = seed(url)
        app = create_app(make_config(url))
        if os.environ.get("PROFILE_UNCACHED"):  # every request as the first after a refresh
            app.before_request(lambda: app.extensions.pop("dashboard_caches", None) and None)
        paths = sys.argv[1:] or [
            "/staff/dashboard",
            "/national/",
            "/council-performance",
            "/council-performance/kent",
        ]
        for path in paths:
            client = app.test_client()
            user = analyst if path.startswith("/national") else None if path.startswith("/council-") else manager
            if user is not None:
                with client.session_transaction() as session:
                    session["_principal"] = f"staff:{user}"
                    session["_idle_seconds"], session["_absolute_seconds"] = 1800, 43200
            profile(app, client, path)


if __name__ == "__main__":
    main()
