"""Server time of the main pages under gunicorn with 8 concurrent clients, on PostgreSQL.

Server time is the app's own time per request (its Server-Timing header); client time adds queueing
for gunicorn's workers and the 8 client threads, which share this machine's 2 cores with the server.

Starts its own PostgreSQL cluster (like the tests), migrates, loads the demo data plus a synthetic
Kent caseload, runs gunicorn (4 workers x 2 threads), and for each page prints p50/p95 latency,
requests per second and SQL statements per request (counted in-process for one request).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
from sqlalchemy import event  # noqa: E402

from tests.conftest import make_config, migrate  # noqa: E402
from tests.services.ports import free_port, wait_for_port  # noqa: E402
from tests.services.postgres import PostgresServer  # noqa: E402

CLIENTS = 8
REQUESTS_PER_PAGE = 400
SYNTHETIC_KENT_CASES = int(os.environ.get("BENCH_KENT_CASES", "20635"))


def seed(url: str) -> None:
    from sqlmodel import Session, create_engine, text

    from service import create_app
    from service.data.local_authorities import by_old_code, load_local_authorities
    from service.demo import seed_demo

    engine = create_engine(url)
    with Session(engine) as session:
        load_local_authorities(session)
    app = create_app(make_config(url))
    with app.app_context():
        seed_demo(date.today())
        kent = by_old_code("886").id
    rng = random.Random(886)
    today = date.today()
    rows = []
    for i in range(SYNTHETIC_KENT_CASES):
        received = today - timedelta(days=rng.randint(0, 400))
        due = received + timedelta(days=rng.choice([42, 42, 98, 112, 140]))
        rows.append(
            {
                "ref": f"S{i:07d}",
                "la": kent,
                "received": received,
                "due": due,
                "first": rng.choice(["Ava", "Noah", "Mia", "Leo", "Isla", "Omar", "Zara", "Finn"]),
                "last": rng.choice(["Smith", "Jones", "Patel", "Khan", "Brown", "Taylor", "Evans", "Walker"])
                + str(i % 500),
                "dob": date(2008, 1, 1) + timedelta(days=rng.randint(0, 6000)),
                "stage": rng.choice(["request_received", "assessing", "draft_issued", "final_issued"]),
            }
        )
    insert = text(
        "INSERT INTO ehc_case (reference, local_authority_id, stage, source, received_on, child_first_name, child_last_name,"
        " child_date_of_birth, child_address, child_postcode, current_setting_type, current_setting_name, upn, requester_role,"
        " requester_name, requester_relationship, requester_email, requester_mobile, contact_preference, requester_postal_address,"
        " communication_needs, needs, current_support, support_tried, hopes, child_views, professionals, consent_to_share,"
        " named_setting, next_due_on, next_due_key, exceptions_apply, version, created_at, updated_at) VALUES (:ref, :la, :stage,"
        " 'online', :received, :first, :last, :dob, '', '', '', '', '', 'parent', 'Parent', '', 'synthetic@example.com', '',"
        " 'email', '', '{}', '', '', '', '', '', '[]', true, '', :due, 'decision_to_assess', false, 1, now(), now())"
    )
    with engine.begin() as connection:
        connection.execute(insert, rows)
        connection.execute(text("ANALYZE"))
    engine.dispose()


def statements_per_request(url: str, path: str, cookies: dict) -> int:
    from service import create_app
    from service.db import db

    app = create_app(make_config(url))
    client = app.test_client()
    for name, value in cookies.items():
        client.set_cookie(name, value)
    count = [0]
    with app.app_context():
        engine = db.engine
    listener = lambda *args: count.__setitem__(0, count[0] + 1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    client.get(path)
    event.remove(engine, "before_cursor_execute", listener)
    return count[0]


def load(base: str, path: str, cookies: dict) -> tuple[list[float], list[float], float]:
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
            server_ms = float(response.headers["Server-Timing"].split("dur=")[1])
            with lock:
                timings.append(elapsed)
                server.append(server_ms)

    threads = [threading.Thread(target=worker, args=(REQUESTS_PER_PAGE // CLIENTS,)) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return timings, server, len(timings) / (time.perf_counter() - started)


def sign_in_staff(base: str, url: str) -> dict:
    from bs4 import BeautifulSoup
    from sqlmodel import Session, create_engine, select

    from service.models import OutboxMessage

    s = requests.Session()
    token = BeautifulSoup(s.get(base + "/staff/sign-in").text, "html.parser").find(
        "input", attrs={"name": "csrf_token"}
    )["value"]
    s.post(
        base + "/staff/sign-in",
        data={"csrf_token": token, "email": "kent.caseworker@example.gov.uk", "password": "demo password 2026"},
    )
    engine = create_engine(url)
    with Session(engine) as session:
        message = session.exec(select(OutboxMessage).order_by(OutboxMessage.created_at.desc())).first()
        code = json.loads(message.personalisation)["code"]
    engine.dispose()
    token = BeautifulSoup(s.get(base + "/staff/sign-in/code").text, "html.parser").find(
        "input", attrs={"name": "csrf_token"}
    )["value"]
    s.post(base + "/staff/sign-in/code", data={"csrf_token": token, "code": code})
    return s.cookies.get_dict()


def _p(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[max(int(len(values) * q) - 1, 0)]


def report(name: str, timings: list[float], server: list[float], rps: float, statements: int) -> None:
    print(f"{name}_server_p50_ms: {statistics.median(server):.1f} ms")
    print(f"{name}_server_p95_ms: {_p(server, 0.95):.1f} ms")
    print(f"{name}_client_p50_ms: {statistics.median(timings):.1f} ms")
    print(f"{name}_client_p95_ms: {_p(timings, 0.95):.1f} ms")
    print(f"{name}_requests_per_second: {rps:.0f} rps")
    print(f"{name}_sql_statements: {statements} statements")


def main() -> None:
    import logging

    logging.disable(logging.INFO)  # the in-process request used to count statements logs each request
    server = PostgresServer()
    url = server.start()
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
        gunicorn = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--no-control-socket",
                "-w",
                "4",
                "--threads",
                "2",
                "-b",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "app:app",
            ],
            cwd=ROOT,
            env=env,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(port, timeout=60)
        base = f"http://127.0.0.1:{port}"
        print(f"bench_pages_synthetic_kent_cases: {SYNTHETIC_KENT_CASES} cases")
        staff = sign_in_staff(base, url)
        pages = [
            ("start_page", "/", {}),
            ("request_question_page", "/request/who", None),
            ("caseload_default", "/staff/cases", staff),
            ("caseload_overdue_filter", "/staff/cases?overdue=yes", staff),
            ("caseload_stage_filter", "/staff/cases?stage=assessing", staff),
            ("caseload_search", "/staff/cases?q=Patel7", staff),
            ("caseload_page_50", "/staff/cases?page=50&sort=received", staff),
        ]
        for name, path, cookies in pages:
            if cookies is None:  # a family with a draft: start one and keep its session
                s = requests.Session()
                s.get(base + "/request")
                cookies = s.cookies.get_dict()
            timings, server_ms, rps = load(base, path, cookies)
            report(name, timings, server_ms, rps, statements_per_request(url, path, cookies))
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        server.stop()


if __name__ == "__main__":
    main()
