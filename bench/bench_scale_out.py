"""Issue 19 item 3: the service scaled out on one machine, measured.

On a PostgreSQL cluster, Redis, S3 (moto's server) and fake GOV.UK Notify of the bench's own: two gunicorn
instances (BENCH_WORKERS x BENCH_THREADS each, 2 x 2 unless set) behind a round-robin proxy, two RQ workers
and a scheduler (tests/services/cluster.py). Then:

- a family signs in through instance A and reads their cases through instance B (session_crosses_instances);
- BENCH_SUBMISSIONS (1,000) families send their request through the proxy, 8 at a time, and one RQ worker
  is SIGKILLed a third of the way through; the bench waits (at most 5 minutes) until every notification is
  with Notify and counts cases, outbox rows and Notify's receipts, and any message Notify got twice;
- a second scheduler starts, and the scheduler's runs over 10 s are counted (at most one a second).

Prints `name: value unit` lines; exits 1 if any count is wrong.
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("APP_ENV", "test")

from bench.harness import migrated_postgres  # noqa: E402
from tests.services.cluster import Cluster, wait_until  # noqa: E402
from tests.services.redis_server import RedisServer  # noqa: E402

SUBMISSIONS = int(os.environ.get("BENCH_SUBMISSIONS", "1000"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
SCHEDULER_WINDOW = 10.0


def main() -> int:
    from redis import Redis
    from sqlmodel import Session, create_engine

    from service.data.local_authorities import load_local_authorities
    from workers.schedules import RUNS_KEY

    failures = []
    redis = RedisServer()
    redis.start()
    with migrated_postgres() as url:
        engine = create_engine(url)
        with Session(engine) as session:
            load_local_authorities(session)
            session.commit()
        engine.dispose()
        cluster = Cluster(url, redis.url, web_workers=WORKERS, web_threads=THREADS).start()
        try:
            (cookie,) = cluster.prepare_submissions(1, prefix="bench.family")
            cluster.submit(cookie, base=cluster.instance(1))
            family = cluster.sign_in_family(cluster.instance(0), "bench.family0@example.com")
            crossed = family.get(cluster.instance(1) + "/your-cases", allow_redirects=False, timeout=30)
            ok = crossed.status_code == 200 and "Sign out" in crossed.text
            print(f"session_crosses_instances: {int(ok)} bool")
            failures += [] if ok else ["session"]

            cookies = cluster.prepare_submissions(SUBMISSIONS)
            before = dict(cluster.proxy.counts)
            killed_at = []

            def kill(done: int) -> None:
                if done == SUBMISSIONS // 3 and not killed_at:
                    cluster.kill("worker0")
                    killed_at.append(time.perf_counter())

            started = time.perf_counter()
            statuses = cluster.submit_all(cookies, clients=8, during=kill)
            submitted = time.perf_counter() - started
            sent_sql = "SELECT count(*) FROM outbox_message WHERE template = 'request_received' AND status = 'sent'"
            wait_until(lambda: cluster.scalar(sent_sql) == SUBMISSIONS + 1, timeout=300, every=0.5)
            drained = time.perf_counter() - started
            time.sleep(2)  # a duplicate would come late
            cases = cluster.scalar("SELECT count(*) FROM ehc_case") - 1
            rows = cluster.scalar("SELECT count(*) FROM outbox_message WHERE template = 'request_received'") - 1
            sent = cluster.scalar(sent_sql) - 1
            with cluster.notify.lock:
                references = Counter(n["reference"] for n in cluster.notify.sent)
            ids = set(
                (cluster.scalar("SELECT string_agg(id, ',') FROM outbox_message WHERE template = 'request_received'")
                 or "").split(",")
            )  # fmt: skip
            received = sum(1 for reference in references if reference in ids) - 1
            duplicates = sum(n - 1 for n in references.values())
            served = [cluster.proxy.counts[p] - before[p] for p in cluster.web_ports]
            print(f"scale_submissions: {SUBMISSIONS} submissions")
            print(f"scale_submissions_accepted: {statuses.count(302)} submissions")
            print(f"scale_submissions_per_second: {SUBMISSIONS / submitted:.1f} per s")
            print(f"scale_requests_instance_a: {served[0]} requests")
            print(f"scale_requests_instance_b: {served[1]} requests")
            print(f"scale_cases_created: {cases} cases")
            print(f"scale_outbox_rows: {rows} rows")
            print(f"scale_outbox_sent: {sent} rows")
            print(f"scale_notify_received: {received} notifications")
            print(f"scale_notify_duplicates: {duplicates} notifications")
            print(f"scale_all_notified_after: {drained:.1f} s")
            print(
                f"scale_worker_killed_after: {killed_at[0] - started:.1f} s"
                if killed_at
                else "scale_worker_killed_after: -1 s"
            )
            if not (statuses.count(302) == cases == rows == sent == received == SUBMISSIONS and duplicates == 0):
                failures.append("submissions")

            r = Redis.from_url(redis.url)
            cluster.start_scheduler(1)
            time.sleep(3)
            first, at = int(r.get(RUNS_KEY) or 0), time.monotonic()
            time.sleep(SCHEDULER_WINDOW)
            runs, elapsed = int(r.get(RUNS_KEY) or 0) - first, time.monotonic() - at
            print("scale_schedulers: 2 processes")
            print(f"scale_scheduler_runs_per_10s: {runs * 10 / elapsed:.1f} runs")
            if runs > elapsed / (cluster.scheduler_interval - 0.1) + 1:
                failures.append("scheduler")
        finally:
            cluster.stop()
            redis.close()
    if failures:
        print(f"# bench_scale_out: wrong counts: {', '.join(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
