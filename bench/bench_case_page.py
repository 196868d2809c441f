"""The family's case page under gunicorn with 8 concurrent clients, on PostgreSQL (target p95 < 50 ms).

Starts its own PostgreSQL cluster (like the tests), migrates, loads the demo data (the demo family
parent@example.com with cases in Kent) plus the synthetic Kent caseload of bench_pages, runs gunicorn
(4 workers x 2 threads, --no-control-socket), signs the demo family in with the emailed code and, for the
family's pages, prints p50/p95 latency, requests per second and SQL statements per request.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

from bench.bench_pages import seed, statements_per_request  # noqa: E402
from tests.conftest import migrate  # noqa: E402
from tests.services.ports import free_port, wait_for_port  # noqa: E402
from tests.services.postgres import PostgresServer  # noqa: E402

FAMILY = "parent@example.com"
TARGET_P95_MS = 50.0
CLIENTS = 8
REQUESTS_PER_PAGE = 400


def _p95(values: list[float]) -> float:
    values = sorted(values)
    return values[max(int(len(values) * 0.95) - 1, 0)]


def load(base: str, path: str, cookies: dict) -> tuple[list[float], list[float], float]:
    """CLIENTS threads, each with the family's cookies: client-side times, server times (Server-Timing
    header, when the app sends one) and requests per second."""
    import threading
    import time

    timings: list[float] = []
    server: list[float] = []
    lock = threading.Lock()

    def worker(n: int) -> None:
        session = requests.Session()
        session.cookies.update(cookies)
        for _ in range(n):
            started = time.perf_counter()
            response = session.get(base + path, allow_redirects=False, timeout=30)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (path, response.status_code)
            header = response.headers.get("Server-Timing", "")
            with lock:
                timings.append(elapsed)
                if "dur=" in header:
                    server.append(float(header.split("dur=")[1].split(";")[0].split(",")[0]))

    threads = [threading.Thread(target=worker, args=(REQUESTS_PER_PAGE // CLIENTS,)) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return timings, server, len(timings) / (time.perf_counter() - started)


def report(name: str, timings: list[float], server: list[float], rps: float, statements: int) -> None:
    import statistics

    print(f"{name}_p50_ms: {statistics.median(timings):.1f} ms")
    print(f"{name}_p95_ms: {_p95(timings):.1f} ms")
    if server:
        print(f"{name}_server_p95_ms: {_p95(server):.1f} ms")
    print(f"{name}_requests_per_second: {rps:.0f} rps")
    print(f"{name}_sql_statements: {statements} statements")


def _csrf(session: requests.Session, url: str) -> str:
    from bs4 import BeautifulSoup

    page = BeautifulSoup(session.get(url, timeout=30).text, "html.parser")
    return page.find("input", attrs={"name": "csrf_token"})["value"]


def sign_in_family(base: str, url: str) -> dict:
    from sqlmodel import Session, create_engine, select

    from service.models import OutboxMessage

    s = requests.Session()
    s.post(base + "/sign-in", data={"csrf_token": _csrf(s, base + "/sign-in"), "email": FAMILY}, timeout=30)
    engine = create_engine(url)
    with Session(engine) as session:
        message = session.exec(
            select(OutboxMessage)
            .where(OutboxMessage.recipient == FAMILY, OutboxMessage.template == "family_sign_in_link")
            .order_by(OutboxMessage.created_at.desc())
        ).first()
        code = json.loads(message.personalisation)["code"]
    engine.dispose()
    token = _csrf(s, base + "/sign-in/check-email")
    done = s.post(base + "/sign-in/check-email", data={"csrf_token": token, "code": code}, timeout=30)
    assert done.url.endswith("/your-cases"), done.url
    return s.cookies.get_dict()


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
    import time

    session = requests.Session()
    session.cookies.update(cookies)
    timings = []
    for _ in range(n):
        started = time.perf_counter()
        assert session.get(base + path, allow_redirects=False, timeout=30).status_code == 200
        timings.append((time.perf_counter() - started) * 1000)
    return _p95(timings)


def main() -> int:
    import logging

    logging.disable(logging.INFO)
    postgres = PostgresServer()
    url = postgres.start()
    gunicorn = None
    try:
        migrate(url)
        seed(url)
        port = free_port()
        env = {
            **os.environ,
            "APP_ENV": "test",
            "DATABASE_URL": url,
            "SECRET_KEY": "bench-secret-key-that-is-long-enough",
            "RATELIMIT_ENABLED": "false",
        }
        command = [sys.executable, "-m", "gunicorn", "--no-control-socket", "-w", "4", "--threads", "2",
                   "-b", f"127.0.0.1:{port}", "--log-level", "warning", "app:app"]  # fmt: skip
        gunicorn = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
        wait_for_port(port, timeout=60)
        base = f"http://127.0.0.1:{port}"
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
        worst = 0.0
        for name, path in pages:
            timings, server_ms, rps = load(base, path, family)
            report(name, timings, server_ms, rps, statements_per_request(url, path, family))
            if name.startswith("family_case_page"):
                worst = max(worst, _p95(timings))
        print(f"family_case_page_p95_target_met: {int(worst < TARGET_P95_MS)} bool")
        print(
            f"family_case_page_single_client_p95_ms: {single_client_p95(base, f'/your-cases/{overdue}', family):.1f} ms"
        )
        print(f"cpu_cores: {os.cpu_count()} cores")
        return 0
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        postgres.stop()


if __name__ == "__main__":
    sys.exit(main())
