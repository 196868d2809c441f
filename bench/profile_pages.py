"""Issue 18: where a page's time goes, before anything is changed. Not part of `make bench` (no bench_ prefix).

    .venv/bin/python bench/profile_pages.py [path ...]      (default: the caseload and its overdue filter)

A path starting family: is requested as the demo family (e.g. family:/your-cases); others as the caseworker.
{case} in a path is the demo family's first case, e.g. /staff/cases/{case}.

On a PostgreSQL cluster of its own with the demo data and synthetic Kent (BENCH_KENT_SCALE, default 1.0),
it signs the demo caseworker in through a test client, warms each page up, then requests it
PROFILE_REQUESTS times under pyinstrument and prints: the top 10 functions by own time (with their
file), the share of time in SQL, Jinja rendering and the session, and each SQL statement with its count
and total time per request.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import (  # noqa: E402
    FAMILY_EMAIL,
    SIGN_IN_MESSAGES,
    STAFF_EMAIL,
    STAFF_PASSWORD,
    migrated_postgres,
    seed_synthetic,
)
from tests.conftest import make_config  # noqa: E402

REQUESTS = int(os.environ.get("PROFILE_REQUESTS", "60"))
KENT_SCALE = float(os.environ.get("BENCH_KENT_SCALE", "1.0"))


def signed_in_client(app, url: str, family: bool = False):
    """A test client signed in as the demo caseworker (password and emailed code), or as the demo family
    (emailed code), through the real sign-in forms."""
    from bs4 import BeautifulSoup
    from sqlmodel import Session, create_engine, select

    from service.models import OutboxMessage

    client = app.test_client()
    email = FAMILY_EMAIL if family else STAFF_EMAIL

    def token(path: str) -> str:
        page = BeautifulSoup(client.get(path).data, "html.parser")
        return page.find("input", attrs={"name": "csrf_token"})["value"]

    if family:
        client.post("/sign-in", data={"csrf_token": token("/sign-in"), "email": email})
    else:
        client.post(
            "/staff/sign-in",
            data={"csrf_token": token("/staff/sign-in"), "email": email, "password": STAFF_PASSWORD},
        )
    engine = create_engine(url)
    with Session(engine) as session:
        message = session.exec(
            select(OutboxMessage)
            .where(OutboxMessage.recipient == email, OutboxMessage.template.in_(SIGN_IN_MESSAGES))
            .order_by(OutboxMessage.created_at.desc())
        ).first()
        code = json.loads(message.personalisation)["code"]
    engine.dispose()
    check = "/sign-in/check-email" if family else "/staff/sign-in/code"
    done = client.post(check, data={"csrf_token": token(check), "code": code})
    landing = "/your-cases" if family else "/staff/cases"
    assert done.status_code == 302 and done.headers["Location"].endswith(landing), done.status_code
    return client


def own_times(session) -> dict[tuple[str, str], float]:
    """Seconds of own time per (function, file), from a pyinstrument session."""
    totals: dict[tuple[str, str], float] = defaultdict(float)

    def walk(frame, parent) -> None:
        if frame is None:
            return
        if not frame.children:  # pyinstrument puts a frame's own time in a "[self]" child
            owner = parent if frame.function in ("[self]", None) and parent is not None else frame
            totals[(owner.function or "?", (owner.file_path_short or "").replace(str(ROOT), ""))] += frame.time
        for child in frame.children:
            walk(child, frame)

    walk(session.root_frame(), None)
    return totals


def templates(session) -> dict[str, float]:
    """Seconds inside each template file (innermost template frame gets the time)."""
    totals: dict[str, float] = defaultdict(float)

    def walk(frame, current) -> None:
        if frame is None:
            return
        path = frame.file_path or ""
        if path.endswith(".html"):
            current = path.split("templates/")[-1]
        if not frame.children and current:
            totals[current] += frame.time
        for child in frame.children:
            walk(child, current)

    walk(session.root_frame(), None)
    return totals


def inclusive(session, predicate) -> float:
    """Seconds spent in frames matching predicate, counted once at the outermost match."""
    total = 0.0

    def walk(frame) -> None:
        nonlocal total
        if frame is None:
            return
        if predicate(frame):
            total += frame.time
            return
        for child in frame.children:
            walk(child)

    walk(session.root_frame())
    return total


def profile(app, client, path: str) -> None:
    from pyinstrument import Profiler
    from sqlalchemy import event

    from service.db import db

    for _ in range(5):
        assert client.get(path).status_code == 200, path
    began = time.perf_counter()
    for _ in range(REQUESTS):
        client.get(path)
    plain = (time.perf_counter() - began) / REQUESTS * 1000
    with app.app_context():
        engine = db.engine
    statements: dict[str, list[float]] = defaultdict(list)
    started_at: dict[int, float] = {}

    def before(conn, cursor, statement, parameters, context, executemany):
        started_at[id(cursor)] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):
        statements[" ".join(statement.split())[:160]].append(time.perf_counter() - started_at.pop(id(cursor)))

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    profiler = Profiler(interval=0.0005)
    began = time.perf_counter()
    profiler.start()
    for _ in range(REQUESTS):
        client.get(path)
    profiler.stop()
    wall = (time.perf_counter() - began) / REQUESTS * 1000
    event.remove(engine, "before_cursor_execute", before)
    event.remove(engine, "after_cursor_execute", after)
    session = profiler.last_session
    total = session.duration
    print(f"== {path}: {plain:.1f} ms a request in-process ({wall:.1f} ms under the profiler; {REQUESTS} requests)")
    sql = sum(sum(v) for v in statements.values()) / REQUESTS * 1000
    in_render = inclusive(session, lambda f: f.function == "render_template" and "flask" in (f.file_path or ""))
    in_session = inclusive(session, lambda f: "service/sessions.py" in (f.file_path or ""))
    print(f"   SQL (driver round trips): {sql:.1f} ms a request")
    print(f"   render_template: {in_render / total * 100:.0f}%   server-side session: {in_session / total * 100:.0f}%")
    print("   top 10 functions by own time:")
    for (function, file), seconds in sorted(own_times(session).items(), key=lambda kv: -kv[1])[:10]:
        print(f"     {seconds / total * 100:5.1f}%  {function}  {file}")
    print("   templates by time inside them:")
    for name, seconds in sorted(templates(session).items(), key=lambda kv: -kv[1])[:12]:
        print(f"     {seconds / total * 100:5.1f}%  {name}")
    if os.environ.get("PROFILE_TREE"):  # the whole call tree, for reading where inclusive time goes
        print(profiler.output_text(unicode=False, color=False, show_all=False))
    print("   SQL statements a request (count, ms):")
    for statement, times in sorted(statements.items(), key=lambda kv: -sum(kv[1])):
        print(f"     {len(times) / REQUESTS:4.1f}  {sum(times) / REQUESTS * 1000:6.2f} ms  {statement}")


def floor_in_process() -> float:
    """The floor app's milliseconds a request through a test client, measured now, for the same scale."""
    from bench.floor.app import app as floor

    client = floor.test_client()
    for _ in range(5):
        client.get("/")
    began = time.perf_counter()
    for _ in range(REQUESTS):
        client.get("/")
    return (time.perf_counter() - began) / REQUESTS * 1000


def main() -> None:
    paths = sys.argv[1:] or ["/staff/cases", "/staff/cases?overdue=yes"]
    with migrated_postgres() as url:
        seed_synthetic(url, None, KENT_SCALE)
        from service import create_app

        app = create_app(make_config(url))
        from sqlmodel import Session, create_engine, select

        from service.models import Case

        engine = create_engine(url)
        with Session(engine) as session:
            demo = session.exec(select(Case).where(Case.requester_email == FAMILY_EMAIL).order_by(Case.id)).first()
        engine.dispose()
        paths = [p.replace("{case}", str(demo.id)) for p in paths]
        staff = signed_in_client(app, url)
        family = signed_in_client(app, url, family=True)
        for path in paths:
            if path.startswith("family:"):
                profile(app, family, path.removeprefix("family:"))
            else:
                profile(app, staff, path)
        print(f"== the floor (bench/floor/app.py): {floor_in_process():.1f} ms a request in-process")


if __name__ == "__main__":
    main()
