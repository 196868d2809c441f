"""`make load` (issue 19 item 4): the real mix (bench/locustfile.py) against the service on the synthetic
national data, on PostgreSQL, for a bounded time.

1. A PostgreSQL cluster of its own, migrated, with the demo data and the synthetic caseload: Kent at
   LOAD_KENT_SCALE (1.0: full size) and every other council at LOAD_SCALE (0.1: a tenth), as
   bench/bench_floor_ratio.py does; the case count is printed (load_cases).
2. gunicorn with infra/gunicorn.conf.py (WEB_CONCURRENCY x WEB_THREADS, 2 x 2 unless set).
3. Signed-in sessions written directly (as tests/accessibility/signed_in.py does) for the demo Kent caseworker
   and the demo family, handed to locust with their cases.
4. locust, headless: LOAD_USERS users (20) started LOAD_RATE a second (5), for LOAD_SECONDS (60).

Prints `name: value unit` lines: throughput, errors, and p50/p95/p99 for each page, slowest first.
"""

from __future__ import annotations

import csv
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("APP_ENV", "test")

import requests  # noqa: E402

from bench.harness import migrated_postgres, seed_synthetic  # noqa: E402
from tests.services.ports import free_port, wait_for_port  # noqa: E402

SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
USERS = int(os.environ.get("LOAD_USERS", "20"))
RATE = os.environ.get("LOAD_RATE", "5")
SCALE = float(os.environ.get("LOAD_SCALE", "0.1"))
KENT_SCALE = float(os.environ.get("LOAD_KENT_SCALE", "1.0"))
SECRET_KEY = "load-secret-key-that-is-long-enough-1234"


def sessions_and_cases(url: str) -> dict[str, str]:
    """Locust's environment: sessions for the demo caseworker and family, their cases, Kent's id."""
    from sqlmodel import Session, col, create_engine, func, select

    from service.auth.family import FAMILY_ABSOLUTE_SECONDS, FAMILY_IDLE_SECONDS
    from service.auth.staff import STAFF_ABSOLUTE_SECONDS, STAFF_IDLE_SECONDS
    from service.data.sessions import hash_session_id
    from service.models import Case, LocalAuthority, StaffUser, WebSession

    engine = create_engine(url)
    with Session(engine) as session:
        kent = session.exec(select(LocalAuthority.id).where(LocalAuthority.old_la_code == "886")).one()
        staff_id = session.exec(select(StaffUser.id).where(StaffUser.email == "kent.caseworker@example.gov.uk")).one()
        family_cases = session.exec(select(Case.id).where(Case.requester_email == "parent@example.com")).all()
        kent_cases = session.exec(
            select(Case.id)  # open cases: each has a step to record (a closed one's step page is 404)
            .where(Case.local_authority_id == kent, col(Case.stage).in_(("request_received", "assessing")))
            .order_by(func.random())
            .limit(200)
        ).all()

        def make(principal: str, idle: int, absolute: int) -> str:
            sid = secrets.token_urlsafe(32)
            data = {"_principal": principal, "_idle_seconds": idle, "_absolute_seconds": absolute}
            session.add(WebSession(id_hash=hash_session_id(sid), data=json.dumps(data), principal=principal))
            return sid

        staff = [make(f"staff:{staff_id}", STAFF_IDLE_SECONDS, STAFF_ABSOLUTE_SECONDS) for _ in range(8)]
        family = [make("family:parent@example.com", FAMILY_IDLE_SECONDS, FAMILY_ABSOLUTE_SECONDS) for _ in range(8)]
        session.commit()
    engine.dispose()
    return {
        "LOAD_STAFF_SESSIONS": ",".join(staff),
        "LOAD_FAMILY_SESSIONS": ",".join(family),
        "LOAD_FAMILY_CASES": ",".join(str(c) for c in family_cases),
        "LOAD_STAFF_CASES": ",".join(str(c) for c in kent_cases),
        "LOAD_KENT_ID": str(kent),
    }


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def main() -> int:
    started = time.perf_counter()
    with migrated_postgres() as url:
        cases = seed_synthetic(url, SCALE, KENT_SCALE)
        print(f"load_cases: {cases} cases", flush=True)
        print(f"load_seed_seconds: {time.perf_counter() - started:.0f} s", flush=True)
        locust_env = sessions_and_cases(url)
        port = free_port()
        documents = tempfile.mkdtemp(prefix="ehcp-load-docs-")
        env = {
            **os.environ,
            "APP_ENV": "test",
            "DATABASE_URL": url,
            "SECRET_KEY": SECRET_KEY,
            "RATELIMIT_ENABLED": "false",
            "SERVICE_URL": f"http://127.0.0.1:{port}",
            "STORAGE_LOCAL_DIR": documents,
            "PORT": str(port),
            "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", "2"),
            "WEB_THREADS": os.environ.get("WEB_THREADS", "2"),
        }
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "infra/gunicorn.conf.py", "--no-control-socket",
             "-b", f"127.0.0.1:{port}", "--log-level", "warning", "app:app"],
            cwd=ROOT, env=env, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            wait_for_port(port, timeout=60)
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                try:
                    if requests.get(base + "/healthz", timeout=5).status_code == 200:
                        break
                except requests.RequestException:
                    time.sleep(0.5)
            out = Path(tempfile.mkdtemp(prefix="ehcp-load-")) / "load"
            subprocess.run(
                [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
                 "-u", str(USERS), "-r", RATE, "-t", f"{SECONDS}s", "--host", base, "--csv", str(out),
                 "--only-summary", "--stop-timeout", "10", "--loglevel", "WARNING"],
                cwd=ROOT, env={**os.environ, **locust_env}, timeout=SECONDS + 120, check=False,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
        finally:
            server.terminate()
            server.wait(timeout=30)
    with open(f"{out}_stats.csv", newline="") as file:
        rows = list(csv.DictReader(file))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    pages = sorted((r for r in rows if r["Name"] != "Aggregated"), key=lambda r: -float(r["95%"] or 0))
    print(f"load_users: {USERS} users")
    print(f"load_seconds: {SECONDS} s")
    print(f"load_requests: {total['Request Count']} requests")
    print(f"load_throughput: {float(total['Requests/s']):.1f} rps")
    print(f"load_errors: {total['Failure Count']} requests")
    print(f"load_p50_ms: {total['50%']} ms")
    print(f"load_p95_ms: {total['95%']} ms")
    print(f"load_p99_ms: {total['99%']} ms")
    for row in pages:
        name = slug(row["Name"])
        print(f"load_{name}_requests: {row['Request Count']} requests")
        print(f"load_{name}_errors: {row['Failure Count']} requests")
        for q in ("50", "95", "99"):
            print(f"load_{name}_p{q}_ms: {row[q + '%']} ms")
    failures_csv = Path(f"{out}_failures.csv")
    if failures_csv.exists():
        for row in list(csv.DictReader(failures_csv.open()))[:10]:
            print(f"# error: {row['Name']}: {row['Error'][:160]} ({row['Occurrences']} times)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
