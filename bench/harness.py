"""What the page benchmarks share: a PostgreSQL cluster and gunicorn of their own, signed-in sessions,
a load of 8 concurrent clients, SQL statements per request and one `name: value unit` line per figure.

Server time is the app's own time per request (its Server-Timing header); client time adds queueing
for gunicorn's workers and the client threads, which share this machine's cores with the server.
"""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

from tests.conftest import make_config, migrate  # noqa: E402
from tests.services.ports import free_port, wait_for_port  # noqa: E402
from tests.services.postgres import PostgresServer  # noqa: E402

CLIENTS = 8
REQUESTS_PER_PAGE = 400
STAFF_EMAIL = "kent.caseworker@example.gov.uk"
STAFF_PASSWORD = "demo password 2026"  # the demo data's (service/demo.py)
FAMILY_EMAIL = "parent@example.com"
SIGN_IN_MESSAGES = ("staff_sign_in_code", "family_sign_in_link")


@dataclass
class Load:
    client_ms: list[float]
    server_ms: list[float]
    requests_per_second: float


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(int(len(ordered) * q) - 1, 0)]


@contextlib.contextmanager
def migrated_postgres() -> Iterator[str]:
    """A PostgreSQL cluster of the bench's own, migrated; yields its URL."""
    import logging

    logging.disable(logging.INFO)  # the in-process request that counts statements would log each request
    server = PostgresServer()
    url = server.start()
    try:
        migrate(url)
        yield url
    finally:
        server.stop()


def seed_synthetic(url: str, scale: float | None, kent_scale: float) -> int:
    """The demo data plus synthetic cases: every council at `scale` (None: none) and Kent at `kent_scale`,
    then VACUUM ANALYZE and a checkpoint; returns the number of cases."""
    from datetime import date

    from sqlmodel import Session, create_engine, func, select, text

    from service import create_app
    from service.data.local_authorities import load_local_authorities
    from service.demo import seed_demo
    from service.models import Case
    from service.synthetic import generate

    engine = create_engine(url)
    with Session(engine) as session:
        load_local_authorities(session)
        session.commit()
    app = create_app(make_config(url))
    with app.app_context():
        seed_demo(date.today())
        if scale is not None:
            generate(date.today(), scale=scale, only_la=None)
        if kent_scale != scale:
            generate(date.today(), scale=kent_scale, only_la="886")
    # VACUUM as well as ANALYZE, then a checkpoint: otherwise autovacuum and the checkpointer work through
    # the freshly loaded tables during the first measurements (the floor ran at half speed for the first
    # 15 s of a run, and the first page measured had a p99 of 0.7 s), and a long-lived database has its
    # visibility map set, which index-only scans rely on.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
        connection.execute(text("CHECKPOINT"))
    with Session(engine) as session:
        cases = session.exec(select(func.count()).select_from(Case)).one()
    engine.dispose()
    return int(cases)


@contextlib.contextmanager
def gunicorn(url: str) -> Iterator[str]:
    """The app under gunicorn (4 workers x 2 threads) on `url`'s database; yields its base address."""
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
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, timeout=60)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def load(base: str, path: str, cookies: dict, clients: int = CLIENTS, total: int = REQUESTS_PER_PAGE) -> Load:
    """`clients` threads share `total` GETs of `path`, each thread with its own session and `cookies`."""
    client_ms: list[float] = []
    server_ms: list[float] = []
    lock = threading.Lock()

    def worker(n: int) -> None:
        session = requests.Session()
        session.cookies.update(cookies)
        for _ in range(n):
            started = time.perf_counter()
            response = session.get(base + path, allow_redirects=False, timeout=30)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (path, response.status_code)
            server = float(response.headers["Server-Timing"].split("dur=")[1].split(";")[0].split(",")[0])
            with lock:
                client_ms.append(elapsed)
                server_ms.append(server)

    threads = [threading.Thread(target=worker, args=(total // clients,)) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return Load(client_ms, server_ms, len(client_ms) / (time.perf_counter() - started))


def statements_per_request(url: str, path: str, cookies: dict) -> int:
    """SQL statements one GET of `path` runs, counted in-process on the same database."""
    from sqlalchemy import event

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


def report(name: str, result: Load, statements: int) -> None:
    print(f"{name}_server_p50_ms: {statistics.median(result.server_ms):.1f} ms")
    print(f"{name}_server_p95_ms: {percentile(result.server_ms, 0.95):.1f} ms")
    print(f"{name}_client_p50_ms: {statistics.median(result.client_ms):.1f} ms")
    print(f"{name}_client_p95_ms: {percentile(result.client_ms, 0.95):.1f} ms")
    print(f"{name}_requests_per_second: {result.requests_per_second:.0f} rps")
    print(f"{name}_sql_statements: {statements} statements")


def csrf(session: requests.Session, address: str) -> str:
    from bs4 import BeautifulSoup

    page = BeautifulSoup(session.get(address, timeout=30).text, "html.parser")
    return page.find("input", attrs={"name": "csrf_token"})["value"]


def _latest_code(url: str, recipient: str) -> str:
    from sqlmodel import Session, create_engine, select

    from service.models import OutboxMessage

    engine = create_engine(url)
    with Session(engine) as session:
        message = session.exec(
            select(OutboxMessage)
            .where(OutboxMessage.recipient == recipient, OutboxMessage.template.in_(SIGN_IN_MESSAGES))
            .order_by(OutboxMessage.created_at.desc())
        ).first()
        code = json.loads(message.personalisation)["code"]
    engine.dispose()
    return code


def sign_in_staff(base: str, url: str, email: str = STAFF_EMAIL) -> dict:
    """The demo caseworker's cookies after the password and the emailed code."""
    s = requests.Session()
    s.post(
        base + "/staff/sign-in",
        data={"csrf_token": csrf(s, base + "/staff/sign-in"), "email": email, "password": STAFF_PASSWORD},
        timeout=30,
    )
    code = _latest_code(url, email)
    done = s.post(
        base + "/staff/sign-in/code",
        data={"csrf_token": csrf(s, base + "/staff/sign-in/code"), "code": code},
        timeout=30,
    )
    assert done.url.endswith("/staff/cases"), done.url
    return s.cookies.get_dict()


def sign_in_family(base: str, url: str, email: str = FAMILY_EMAIL) -> dict:
    """The demo family's cookies after the emailed code."""
    s = requests.Session()
    s.post(base + "/sign-in", data={"csrf_token": csrf(s, base + "/sign-in"), "email": email}, timeout=30)
    code = _latest_code(url, email)
    token = csrf(s, base + "/sign-in/check-email")
    done = s.post(base + "/sign-in/check-email", data={"csrf_token": token, "code": code}, timeout=30)
    assert done.url.endswith("/your-cases"), done.url
    return s.cookies.get_dict()
