"""Outbox throughput through the fake Notify with 1 and 2 real workers, under the shared 3,000-a-minute
limit and with it lifted, and a worker's memory while it checks a 20 MB file. Starts its own PostgreSQL, Redis and fake Notify. Prints `name: value unit`."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, text  # noqa: E402
from sqlmodel import select  # noqa: E402

from service import create_app  # noqa: E402
from service.db import db  # noqa: E402
from service.models import OutboxMessage  # noqa: E402
from tests.conftest import make_config, migrate  # noqa: E402
from tests.fakes.fake_notify import FakeNotify  # noqa: E402
from tests.services.postgres import PostgresServer  # noqa: E402
from tests.services.redis_server import RedisServer  # noqa: E402

MESSAGES = 1000


def sent(app) -> int:
    with app.app_context():
        return db.session.exec(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == "sent")
        ).one()


def throughput(app, env, workers: int, fake: FakeNotify) -> tuple[float, int]:
    from service.data.outbox import add_message

    with app.app_context():
        db.session.execute(text("DELETE FROM outbox_message"))
        db.session.commit()
    fake.reset()
    from redis import Redis

    with app.app_context():
        for _ in range(MESSAGES):
            add_message("email", "draft_resume_link", "parent@example.com", {"link": "l", "expires": "e"})
            db.session.commit()
    processes = [subprocess.Popen([sys.executable, "-m", "workers", "--no-scheduler"], cwd=ROOT, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(workers)]  # fmt: skip
    assert Redis.from_url(env["REDIS_URL"]).llen("rq:queue:notifications") == MESSAGES
    while sent(app) < MESSAGES:
        time.sleep(0.05)
    for process in processes:
        process.terminate()
        process.wait()
    with fake.lock:
        times = sorted(n["received_at"] for n in fake.sent)
    per_clock_second: dict[int, int] = {}
    for t in times:  # the limiter counts per clock second (50 in each, so at most 3,000 in any minute)
        per_clock_second[int(t)] = per_clock_second.get(int(t), 0) + 1
    busiest_second = max(per_clock_second.values())
    # Rate as Notify saw it: first to last message received (the producer writing rows is not timed).
    return (len(times) - 1) / (times[-1] - times[0]), busiest_second


def scan_memory(database_url: str) -> float:
    """Peak RSS of a process that runs the document job on a 20 MB PDF (local storage, no scanner)."""
    code = f"""
import io, resource, uuid, sys
sys.path.insert(0, {str(ROOT)!r})
from service import create_app
from service.clients.storage import storage
from service.db import db
from service.models import Document
from tests.conftest import make_config
import tempfile
app = create_app(make_config({database_url!r}, STORAGE_LOCAL_DIR=tempfile.mkdtemp()))
with app.app_context():
    key = str(uuid.uuid4())
    class Source(io.RawIOBase):
        left = 20 * 1024 * 1024 - 16
        head = b"%PDF-1.7\\n"
        def readable(self): return True
        def readinto(self, b):
            if self.head:
                n = len(self.head); b[:n] = self.head; self.head = b""; return n
            n = min(len(b), self.left); b[:n] = b"0" * n; self.left -= n; return n
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    storage().put_quarantine(key, io.BufferedReader(Source()), "application/pdf")
    doc = Document(filename="big.pdf", content_type="application/pdf", size_bytes=20*1024*1024, storage_key=key, uploaded_by="family")
    db.session.add(doc); db.session.commit()
    from workers.documents import scan_document
    assert scan_document(doc.id) == "clean", doc.status_reason
    print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024)
"""
    output = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(output.stdout.strip().splitlines()[-1])


def main() -> None:
    postgres, redis, fake = PostgresServer(), RedisServer(), FakeNotify().start()
    url = postgres.start()
    redis.start()
    try:
        migrate(url)
        config = make_config(url, REDIS_URL=redis.url, NOTIFY_MODE="live", NOTIFY_API_KEY=fake.api_key,
                             NOTIFY_BASE_URL=fake.url)  # fmt: skip
        app = create_app(config)
        env = dict(os.environ, APP_ENV="test", DATABASE_URL=url, REDIS_URL=redis.url, NOTIFY_MODE="live",
                   NOTIFY_API_KEY=fake.api_key, NOTIFY_BASE_URL=fake.url)  # fmt: skip
        # Under the shared limit (3,000 a minute, kept per second: 50 in any second), then with the limit
        # lifted to show what a worker can do on its own.
        for label, per_minute in (("", 3000), ("uncapped_", 600_000)):
            env["NOTIFY_RATE_PER_MINUTE"] = str(per_minute)
            for workers in (1, 2):
                rate, busiest = throughput(app, env, workers, fake)
                print(f"outbox_{label}throughput_{workers}_worker: {rate:.1f} messages/s", flush=True)
                print(f"outbox_{label}busiest_clock_second_{workers}_worker: {busiest} messages", flush=True)
        print(f"worker_peak_rss_growth_checking_20mb_file: {scan_memory(url):.1f} MB", flush=True)
    finally:
        fake.stop()
        redis.close()
        postgres.stop()


if __name__ == "__main__":
    main()
