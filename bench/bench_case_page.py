"""The family's case page under gunicorn with 8 concurrent clients, on PostgreSQL (target p95 < 50 ms).

Starts its own PostgreSQL cluster (like the tests), migrates, loads the demo data (the demo family
parent@example.com with cases in Kent) plus the synthetic Kent caseload of bench_pages, runs gunicorn
(4 workers x 2 threads), signs the demo family in with the emailed code and, for the family's pages,
prints p50/p95 latency (server and client, see bench/harness.py), requests per second and SQL
statements per request.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import requests  # noqa: E402

from bench.bench_pages import seed  # noqa: E402
from bench.harness import (  # noqa: E402
    FAMILY_EMAIL,
    gunicorn,
    load,
    migrated_postgres,
    percentile,
    report,
    sign_in_family,
    statements_per_request,
)

FAMILY = FAMILY_EMAIL
TARGET_P95_MS = 50.0


def family_case_ids(url: str) -> dict:
    from sqlmodel import Session, create_engine, select

    from service.models import Case

    engine = create_engine(url)
    with Session(engine) as session:
        ids = {c.child_first_name: c.id for c in session.exec(select(Case).where(Case.requester_email == FAMILY))}
    engine.dispose()
    return ids


def single_client_p95(base: str, path: str, cookies: dict, n: int = 100) -> float:
    """One client at a time: the page's own cost, without queueing behind the other 7 clients."""
    session = requests.Session()
    session.cookies.update(cookies)
    timings = []
    for _ in range(n):
        started = time.perf_counter()
        assert session.get(base + path, allow_redirects=False, timeout=30).status_code == 200
        timings.append((time.perf_counter() - started) * 1000)
    return percentile(timings, 0.95)


def main() -> int:
    with migrated_postgres() as url:
        seed(url)
        with gunicorn(url) as base:
            family = sign_in_family(base, url)
            ids = family_case_ids(url)
            overdue, draft = ids["Amara"], ids["Leo"]
            pages = [
                ("family_case_page_overdue", f"/your-cases/{overdue}"),
                ("family_case_page_draft_plan", f"/your-cases/{draft}"),
                ("family_your_cases", "/your-cases"),
                ("family_documents", f"/your-cases/{draft}/documents"),
                ("family_messages", "/your-notifications"),
            ]
            worst_client = worst_server = 0.0
            for name, path in pages:
                result = load(base, path, family)
                report(name, result, statements_per_request(url, path, family))
                if name.startswith("family_case_page"):
                    worst_client = max(worst_client, percentile(result.client_ms, 0.95))
                    worst_server = max(worst_server, percentile(result.server_ms, 0.95))
            print(f"family_case_page_server_p95_target_met: {int(worst_server < TARGET_P95_MS)} bool")
            print(f"family_case_page_client_p95_target_met: {int(worst_client < TARGET_P95_MS)} bool")
            single = single_client_p95(base, f"/your-cases/{overdue}", family)
            print(f"family_case_page_single_client_p95_ms: {single:.1f} ms")
            print(f"cpu_cores: {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
