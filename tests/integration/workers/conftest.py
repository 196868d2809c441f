"""Fixtures for the edge workers: the fake Notify server, an app in NOTIFY_MODE=live with Redis, and
real `python -m workers` processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from service import create_app
from service.config import REPO_ROOT
from tests.conftest import make_config
from tests.fakes.fake_notify import FakeNotify


@pytest.fixture(scope="session")
def fake_notify() -> Iterator[FakeNotify]:
    fake = FakeNotify().start()
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture
def notify(fake_notify: FakeNotify) -> FakeNotify:
    fake_notify.reset()
    return fake_notify


@pytest.fixture(scope="session")
def worker_app(migrated_database: str, fake_notify: FakeNotify, redis_url: str):
    config = make_config(
        migrated_database,
        REDIS_URL=redis_url,
        NOTIFY_MODE="live",
        NOTIFY_API_KEY=fake_notify.api_key,
        NOTIFY_BASE_URL=fake_notify.url,
    )
    config.extra = {"NOTIFY_TIMEOUT": 1}
    return create_app(config)


@pytest.fixture
def worker_context(worker_app, redis_url):
    from redis import Redis

    Redis.from_url(redis_url).flushdb()
    with worker_app.app_context():
        yield worker_app


class WorkerProcess:
    def __init__(self, env: dict) -> None:
        self.log = open(os.environ.get("WORKER_LOG", os.devnull), "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "workers", "--no-scheduler"],
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> int:
        self.log.close()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                return self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


@pytest.fixture
def start_worker(migrated_database, fake_notify, redis_url):
    env = dict(os.environ)
    env.update(
        APP_ENV="test",
        SECRET_KEY="test-secret-key-that-is-long-enough-123",
        DATABASE_URL=migrated_database,
        REDIS_URL=redis_url,
        NOTIFY_MODE="live",
        NOTIFY_API_KEY=fake_notify.api_key,
        NOTIFY_BASE_URL=fake_notify.url,
        RATELIMIT_ENABLED="false",
    )
    workers: list[WorkerProcess] = []

    def start() -> WorkerProcess:
        worker = WorkerProcess(env)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


def wait_until(predicate, timeout: float = 30.0, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"not true after {timeout}s")
