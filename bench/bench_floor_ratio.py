"""Issue 18: each page's throughput and latency as a share of a bare GOV.UK page's, measured side by side.

The floor (bench/floor/app.py) is bare Flask rendering a 25-row GOV.UK table through govuk-frontend-jinja,
with no database, session or CSRF. It and the service run under the same gunicorn settings (4 workers x
2 threads), on this machine, and the same client loads one at a time: wrk (2 threads, 8 connections)
when it is installed, else a Python client with 8 threads, after a 1-second warm-up of the page on 32
connections that is not counted (one request would warm only one of the four workers).

Side by side means paired: each page is measured in BENCH_ROUNDS rounds (3), each a BENCH_SECONDS (2 s)
run of the floor and one of the page straight after or before it (the order alternates, so a drift in
the machine's speed favours neither). This machine's speed halves for a second or two at a time, often
(the floor ran anywhere from 324 to 694 requests a second in one bench, and a round's share came out at
half or twice its neighbours'), so each side is taken at its best: the page's highest throughput and
lowest p99 over its rounds against the floor's over the same rounds, the same number of runs each. Every
round's own share is printed beside it.

Data: a PostgreSQL cluster of the bench's own, migrated, with the demo data plus the synthetic caseload
(Kent at full size, every other council at a tenth: BENCH_SCALE and BENCH_KENT_SCALE change that).

Prints per page `<page>_rps`, `<page>_p50_ms`, `<page>_p99_ms`, `<page>_share_of_floor` (throughput /
the floor's, in %) and `<page>_p99_vs_floor` (client p99 / the floor's), then `pages_below_target`.
Targets (issue 18): the caseload, every filter, search and page 50 at least 50% of the floor's throughput
with p99 no more than 2x; the family case page at least 70%; every other page at least 60%.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

from bench.harness import (  # noqa: E402
    migrated_postgres,
    percentile,
    seed_synthetic,
    sign_in_family,
    sign_in_staff,
)
from tests.services.ports import free_port, wait_for_port  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "2"))  # a run of one round
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
WARM_UP = int(os.environ.get("BENCH_WARM_UP_SECONDS", "1"))  # per page, not counted: one request warms one worker
WARM_UP_CONNECTIONS = 32
SCALE = float(os.environ.get("BENCH_SCALE", "0.1"))
KENT_SCALE = float(os.environ.get("BENCH_KENT_SCALE", "1.0"))
GUNICORN = ["-w", os.environ.get("BENCH_WORKERS", "4"), "--threads", os.environ.get("BENCH_THREADS", "2")]
CASELOAD, FAMILY_CASE, OTHER = 50.0, 70.0, 60.0


@dataclass
class Run:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


def serve(command: list[str], env: dict | None = None):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--no-control-socket", *GUNICORN, "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", *command],
        cwd=ROOT, env={**os.environ, **(env or {})}, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    wait_for_port(port, timeout=60)
    return process, f"http://127.0.0.1:{port}"


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(address: str, cookies: dict, seconds: int = SECONDS, connections: int = 8) -> Run:
    header = "; ".join(f"{k}={v}" for k, v in cookies.items())
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if header:
        command += ["-H", f"Cookie: {header}"]
    out = subprocess.run([*command, address], capture_output=True, text=True, check=True).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+(?:us|ms|s))\s*$", out, re.M))
    split = lambda v: re.match(r"([\d.]+)(us|ms|s)", v).groups()  # noqa: E731
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    errors += sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    return Run(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        p50_ms=_ms(*split(latency["50"])),
        p99_ms=_ms(*split(latency["99"])),
        errors=errors,
    )


def python_client(address: str, cookies: dict, seconds: int = SECONDS, connections: int = 8) -> Run:
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker() -> None:
        session = requests.Session()
        session.cookies.update(cookies)
        while time.perf_counter() < stop:
            started = time.perf_counter()
            status = session.get(address, allow_redirects=False, timeout=10).status_code
            with lock:
                times.append((time.perf_counter() - started) * 1000)
                errors[0] += status != 200

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return Run(
        len(times) / (time.perf_counter() - started), statistics.median(times), percentile(times, 0.99), errors[0]
    )


def measure(address: str, cookies: dict | None = None, warm_up: bool = True, seconds: int = SECONDS) -> Run | None:
    cookies = cookies or {}
    check = requests.get(address, cookies=cookies, allow_redirects=False, timeout=30)
    assert check.status_code == 200, (address, check.status_code)
    client = wrk if shutil.which("wrk") else python_client
    if warm_up:
        # every worker has compiled the page's templates and statements: a kept-alive connection stays with
        # the worker that accepted it, and 8 may all land on two or three of the four, so the warm-up opens 32
        client(address, cookies, WARM_UP, connections=WARM_UP_CONNECTIONS)
    return client(address, cookies, seconds) if seconds else None


def pages(base: str, url: str) -> list[tuple[str, str, dict, float]]:
    """(name, address, cookies, target share) for each page measured."""
    from sqlmodel import Session, create_engine, select

    from service.models import Case

    staff = sign_in_staff(base, url)
    family = sign_in_family(base, url)
    engine = create_engine(url)
    with Session(engine) as session:
        demo = session.exec(select(Case).where(Case.requester_email == "parent@example.com").order_by(Case.id)).first()
        case_id = demo.id
    engine.dispose()
    return [
        ("caseload", "/staff/cases", staff, CASELOAD),
        ("caseload_overdue", "/staff/cases?overdue=yes", staff, CASELOAD),
        ("caseload_due_soon", "/staff/cases?due_soon=yes", staff, CASELOAD),
        ("caseload_stage", "/staff/cases?stage=assessing", staff, CASELOAD),
        ("caseload_unassigned", "/staff/cases?caseworker=unassigned", staff, CASELOAD),
        ("caseload_exceptions", "/staff/cases?exceptions=yes", staff, CASELOAD),
        ("caseload_search", "/staff/cases?q=Smith", staff, CASELOAD),
        ("caseload_page_50", "/staff/cases?page=50", staff, CASELOAD),
        ("family_case", f"/your-cases/{case_id}", family, FAMILY_CASE),
        ("messages", "/your-notifications", family, OTHER),
        ("your_cases", "/your-cases", family, OTHER),
        ("start", "/", {}, OTHER),
        ("staff_case", f"/staff/cases/{case_id}", staff, OTHER),
        ("staff_case_timeline", f"/staff/cases/{case_id}/timeline", staff, OTHER),
        ("reviews_due", "/staff/reviews-due", staff, OTHER),
    ]


def main() -> None:
    started = time.perf_counter()
    with migrated_postgres() as url:
        cases = seed_synthetic(url, SCALE, KENT_SCALE)
        print(f"floor_ratio_cases: {cases} cases")
        env = {"APP_ENV": "test", "DATABASE_URL": url, "SECRET_KEY": "bench-secret-key-that-is-long-enough",
               "RATELIMIT_ENABLED": "false"}  # fmt: skip
        floor_process, floor = serve(["bench.floor.app:app"])
        process, base = serve(["app:app"], env)
        try:
            # Each page in rounds, each round a floor run and a page run side by side (order alternating).
            floor_runs = [measure(floor + "/")]  # the floor warmed up
            results = []
            for name, path, cookies, target in pages(base, url):
                measure(base + path, cookies, warm_up=True, seconds=0)  # warm only
                rounds = []
                for n in range(ROUNDS):
                    if n % 2 == 0:
                        f_run = measure(floor + "/", warm_up=False)
                        p_run = measure(base + path, cookies, warm_up=False)
                    else:
                        p_run = measure(base + path, cookies, warm_up=False)
                        f_run = measure(floor + "/", warm_up=False)
                    rounds.append((p_run, f_run))
                    floor_runs.append(f_run)
                results.append((name, rounds, target))
        finally:
            for server in (process, floor_process):
                server.terminate()
                server.wait(timeout=30)
    rps = sorted(r.rps for r in floor_runs[1:])
    print(f"floor_rps: {statistics.median(rps):.0f} rps (median of {len(rps)} runs, {rps[0]:.0f} to {rps[-1]:.0f})")
    print(f"floor_p50_ms: {statistics.median(r.p50_ms for r in floor_runs[1:]):.1f} ms")
    print(f"floor_p99_ms: {statistics.median(r.p99_ms for r in floor_runs[1:]):.1f} ms")
    below = []
    for name, rounds, target in results:
        shares = [100 * p.rps / f.rps for p, f in rounds]
        share = 100 * max(p.rps for p, _ in rounds) / max(f.rps for _, f in rounds)
        p99_ratio = min(p.p99_ms for p, _ in rounds) / min(f.p99_ms for _, f in rounds)
        errors = sum(p.errors for p, _ in rounds)
        print(f"{name}_rps: {max(p.rps for p, _ in rounds):.0f} rps")
        print(f"{name}_p50_ms: {min(p.p50_ms for p, _ in rounds):.1f} ms")
        print(f"{name}_p99_ms: {min(p.p99_ms for p, _ in rounds):.1f} ms")
        print(f"{name}_floor_rps: {max(f.rps for _, f in rounds):.0f} rps (its rounds' best floor run)")
        rounds_text = ", ".join(f"{x:.0f}" for x in shares)
        print(f"{name}_share_of_floor: {share:.0f} % (target {target:.0f} %; rounds {rounds_text})")
        print(f"{name}_p99_vs_floor: {p99_ratio:.2f} x")
        if errors:
            print(f"{name}_errors: {errors} responses")
        if share < target or (target == CASELOAD and p99_ratio > 2) or errors:
            below.append(name)
    print(f"pages_below_target: {len(below)} pages ({', '.join(below) or 'none'})")
    print(f"floor_ratio_bench_seconds: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
