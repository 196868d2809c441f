"""The service scaled out on one machine (issue 19): two gunicorn instances behind a round-robin proxy, two
RQ workers and a scheduler, on one PostgreSQL, Redis, S3 (moto's server) and fake GOV.UK Notify.

Used by tests/integration/scale/test_scale_out.py (small counts) and bench/bench_scale_out.py (1,000
submissions). Every process is started here and stopped by stop(); only 127.0.0.1 addresses are used, and
every wait is bounded in time.

Submissions: `prepare_submissions(n)` writes n complete request drafts (as the question pages leave them)
and a server-side session holding each, so `submit(cookie)` is what a family's browser does on the last
page: GET check answers (for the CSRF token), POST it. Through the proxy, the GET and the POST of one
submission go to different instances.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import requests

from service.config import REPO_ROOT
from tests.fakes.fake_notify import FakeNotify
from tests.services.ports import free_port, wait_for_port
from tests.services.proxy import RoundRobinProxy
from tests.services.s3 import CLEAN, QUARANTINE, S3Server

SESSION_COOKIE = "ehcp_session"  # service/__init__.py
CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')
SECRET_KEY = "scale-out-secret-key-shared-by-every-instance"
ANSWERS = {
    "who": {"role": "parent"},
    "child-name": {"first_name": "Synthetic", "last_name": "Child"},
    "child-date-of-birth": {"date_of_birth": "2017-03-14"},
    "child-address": {"address_line_1": "1 High Street", "address_line_2": "", "town": "Maidstone",
                      "postcode": "ME14 1XX"},
    "setting": {"setting_type": "school", "setting_name": "Oak Primary School", "upn": ""},
    "your-details": {"name": "A Parent", "relationship": "Mother"},
    "contact": {"email": "", "mobile": "", "preference": "email", "postal_address": ""},
    "communication": {"needs": [], "language": "", "other": ""},
    "needs": {"needs": "Speech and language delay", "current_support": "SALT", "support_tried": "Small groups"},
    "hopes": {"hopes": "A plan with speech therapy", "child_views": "I like drawing"},
    "professionals": [],
    "evidence": [],
    "consent": {"consent": True, "declaration": True},
}  # fmt: skip


def wait_until(check: Callable[[], bool], timeout: float, every: float = 0.25) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(every)
    return check()


@dataclass
class Cluster:
    database_url: str
    redis_url: str
    web_workers: int = 1
    web_threads: int = 4
    scheduler_interval: float = 1.0
    stale_seconds: int = 5
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    def start(self) -> Cluster:
        self.s3 = S3Server()
        self.s3.start()
        self.notify = FakeNotify().start()
        self.web_ports = [free_port(), free_port()]
        self.proxy = RoundRobinProxy(self.web_ports).start()
        self.env = {
            **os.environ,
            "APP_ENV": "test",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "SECRET_KEY": SECRET_KEY,
            "SERVICE_URL": self.proxy.url,
            "TRUSTED_HOSTS": "127.0.0.1",
            "RATELIMIT_ENABLED": "false",
            "NOTIFY_MODE": "live",
            "NOTIFY_API_KEY": self.notify.api_key,
            "NOTIFY_BASE_URL": self.notify.url,
            "STORAGE": "s3",
            "S3_ENDPOINT_URL": self.s3.url,
            "S3_QUARANTINE_BUCKET": QUARANTINE,
            "S3_CLEAN_BUCKET": CLEAN,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "JOB_STALE_SECONDS": str(self.stale_seconds),
        }
        for n, port in enumerate(self.web_ports):
            self._spawn(f"web{n}", ["-m", "gunicorn", "--no-control-socket", "-w", str(self.web_workers),
                                    "--threads", str(self.web_threads), "-b", f"127.0.0.1:{port}",
                                    "--log-level", "warning", "app:app"])  # fmt: skip
        for n in range(2):
            self.start_worker(n)
        self.start_scheduler(0)
        for port in self.web_ports:
            wait_for_port(port, timeout=60)  # the master listens at once; its worker imports the app later
            assert wait_until(lambda p=port: self._healthy(p), timeout=120, every=0.5), f"instance on {port} not up"
        assert wait_until(lambda: self.workers_ready() >= 2, timeout=120, every=0.5), "the RQ workers did not start"
        return self

    def _healthy(self, port: int) -> bool:
        try:
            return requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    def workers_ready(self) -> int:
        """RQ workers registered in Redis (each registers once it has started)."""
        from redis import Redis
        from rq import Worker

        return len(Worker.all(connection=Redis.from_url(self.redis_url)))

    def _spawn(self, name: str, args: list[str]) -> None:
        log = open(os.environ.get("CLUSTER_LOG", os.devnull), "ab")  # noqa: SIM115 - the child holds it
        self.processes[name] = subprocess.Popen(
            [sys.executable, *args], cwd=REPO_ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=log
        )
        log.close()

    def start_worker(self, n: int) -> None:
        self._spawn(f"worker{n}", ["-m", "workers", "--no-scheduler"])

    def start_scheduler(self, n: int) -> None:
        self._spawn(f"scheduler{n}", ["-m", "workers", "--scheduler-only",
                                      "--scheduler-interval", str(self.scheduler_interval)])  # fmt: skip

    def kill(self, name: str) -> None:
        """SIGKILL: the process gets no chance to finish its job or tell RQ."""
        process = self.processes.pop(name)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    def stop(self) -> None:
        if hasattr(self, "_engine_"):  # its pooled connections, closed now rather than warned about at GC
            self._engine_.dispose()
            del self._engine_
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        self.processes.clear()
        self.proxy.stop()
        self.notify.stop()
        self.s3.stop()

    def instance(self, n: int) -> str:
        """One instance's own address, bypassing the proxy."""
        return f"http://127.0.0.1:{self.web_ports[n]}"

    # --- the database, as the tests and the bench read it -------------------------------------------------

    def _engine(self):
        from sqlalchemy import create_engine

        if not hasattr(self, "_engine_"):
            self._engine_ = create_engine(self.database_url, pool_size=2)
        return self._engine_

    def scalar(self, sql: str, **params):
        from sqlalchemy import text

        with self._engine().connect() as connection:
            return connection.execute(text(sql), params).scalar()

    def prepare_submissions(self, n: int, la_code: str = "886", prefix: str = "family") -> list[str]:
        """n complete drafts (from <prefix><i>@example.com), each in its own session; returns the cookies."""
        from sqlalchemy import text

        from service.data.sessions import hash_session_id

        cookies = []
        with self._engine().begin() as connection:
            la_id = connection.execute(text("SELECT id FROM local_authority WHERE old_la_code = :c"), {"c": la_code})
            answers = {**ANSWERS, "local-authority": {"local_authority": str(la_id.scalar_one())}}
            drafts, sessions = [], []
            for i in range(n):
                draft_id, sid = secrets.token_hex(16), secrets.token_urlsafe(32)
                mine = {**answers, "contact": {**answers["contact"], "email": f"{prefix}{i}@example.com"}}
                drafts.append({"id": draft_id, "answers": json.dumps(mine)})
                sessions.append({"h": hash_session_id(sid), "d": json.dumps({"request_draft_id": draft_id})})
                cookies.append(sid)
            connection.execute(
                text("INSERT INTO request_draft (id, answers, created_at, updated_at) "
                     "VALUES (:id, :answers, now() at time zone 'utc', now() at time zone 'utc')"), drafts
            )  # fmt: skip
            connection.execute(
                text("INSERT INTO web_session (id_hash, data, created_at, last_seen_at) "
                     "VALUES (:h, :d, now() at time zone 'utc', now() at time zone 'utc')"), sessions
            )  # fmt: skip
        return cookies

    def submit(self, cookie: str, base: str | None = None) -> int:
        """The family's last page: check answers, then send. Returns the POST's status (302 when sent)."""
        base = base or self.proxy.url
        s = requests.Session()
        s.cookies.set(SESSION_COOKIE, cookie)
        page = s.get(base + "/request/check-answers", allow_redirects=False, timeout=30)
        if page.status_code != 200:
            return page.status_code
        token = CSRF.search(page.text)
        if token is None:
            return 0
        done = s.post(base + "/request/check-answers", data={"csrf_token": token.group(1)}, allow_redirects=False,
                      timeout=30)  # fmt: skip
        ok = done.status_code == 302 and done.headers["Location"].endswith("/request/confirmation")
        return 302 if ok else done.status_code

    def submit_all(
        self, cookies: list[str], clients: int = 8, during: Callable[[int], None] | None = None
    ) -> list[int]:
        """Submit every draft with `clients` concurrent families; `during(done)` is called after each."""
        statuses: list[int] = []
        with ThreadPoolExecutor(clients) as pool:
            for status in pool.map(self.submit, cookies):
                statuses.append(status)
                if during is not None:
                    during(len(statuses))
        return statuses

    def sign_in_family(self, base: str, email: str) -> requests.Session:
        """Sign a family in through one instance with the emailed code (read from the outbox row)."""
        s = requests.Session()

        def token(path: str) -> str:
            found = CSRF.search(s.get(base + path, timeout=30).text)
            assert found, path
            return found.group(1)

        s.post(base + "/sign-in", data={"csrf_token": token("/sign-in"), "email": email}, timeout=30)
        sql = ("SELECT personalisation FROM outbox_message WHERE recipient = :e AND template = 'family_sign_in_link' "
               "ORDER BY created_at DESC, id DESC LIMIT 1")  # fmt: skip
        assert wait_until(lambda: self.scalar(sql, e=email) is not None, timeout=20), "no sign-in email"
        code = json.loads(self.scalar(sql, e=email))["code"]
        done = s.post(base + "/sign-in/check-email", data={"csrf_token": token("/sign-in/check-email"), "code": code},
                      allow_redirects=False, timeout=30)  # fmt: skip
        assert done.status_code == 302 and done.headers["Location"].endswith("/your-cases"), done.status_code
        return s
