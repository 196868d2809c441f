"""Issue 19: the service scaled out (tests/services/cluster.py) - two gunicorn instances behind a round-robin
proxy, two RQ workers and a scheduler on one PostgreSQL, Redis, S3 and fake Notify. bench/bench_scale_out.py
does the same with 1,000 submissions; here 100, so the module stays under a minute."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator

import pytest
from redis import Redis

from tests.services.cluster import Cluster, wait_until
from workers.schedules import RUNS_KEY

SUBMISSIONS = 100


@pytest.fixture(scope="module")
def cluster(migrated_database: str, redis_url: str) -> Iterator[Cluster]:
    Redis.from_url(redis_url).flushdb()
    running = Cluster(migrated_database, redis_url).start()
    try:
        yield running
    finally:
        running.stop()


def test_a_session_started_on_one_instance_works_on_the_other(cluster):
    (cookie,) = cluster.prepare_submissions(1, prefix="scale.family")
    assert cluster.submit(cookie, base=cluster.instance(1)) == 302  # a case to see: sign-in emails only then
    signed_in = cluster.sign_in_family(cluster.instance(0), "scale.family0@example.com")
    other = signed_in.get(cluster.instance(1) + "/your-cases", allow_redirects=False, timeout=30)
    assert other.status_code == 200
    assert "Sign out" in other.text and "Synthetic" in other.text  # the child's name, on instance 1
    anonymous = signed_in.__class__().get(cluster.instance(1) + "/your-cases", allow_redirects=False, timeout=30)
    assert anonymous.status_code == 302 and "/sign-in" in anonymous.headers["Location"]


def test_submissions_through_both_instances_give_one_case_and_one_notification_each_when_a_worker_is_killed(cluster):
    cookies = cluster.prepare_submissions(SUBMISSIONS)
    served_before = dict(cluster.proxy.counts)
    killed = []

    def kill_a_worker_mid_run(done: int) -> None:
        if done == SUBMISSIONS // 3 and not killed:
            cluster.kill("worker0")  # SIGKILL: whatever job it held is lost to RQ
            killed.append(done)

    statuses = cluster.submit_all(cookies, clients=8, during=kill_a_worker_mid_run)
    assert Counter(statuses) == {302: SUBMISSIONS}
    assert killed
    served = {port: cluster.proxy.counts[port] - served_before[port] for port in cluster.web_ports}
    assert all(count >= SUBMISSIONS // 2 for count in served.values()), served  # both instances served

    sent_sql = "SELECT count(*) FROM outbox_message WHERE template = 'request_received' AND status = 'sent'"
    left = "SELECT string_agg(concat_ws(' ', id, status, attempts, updated_at), '; ') FROM outbox_message WHERE status <> 'sent'"
    assert wait_until(lambda: cluster.scalar(sent_sql) == SUBMISSIONS, timeout=60), cluster.scalar(left)
    assert cluster.scalar("SELECT count(*) FROM ehc_case") == SUBMISSIONS
    assert cluster.scalar("SELECT count(DISTINCT requester_email) FROM ehc_case") == SUBMISSIONS
    assert cluster.scalar("SELECT count(*) FROM outbox_message WHERE template = 'request_received'") == SUBMISSIONS
    time.sleep(1.5)  # a duplicate would arrive late: give the scheduler a tick and the worker its queue
    with cluster.notify.lock:
        references = [n["reference"] for n in cluster.notify.sent]
    assert max(Counter(references).values()) == 1  # no message handed to Notify twice
    ids = set(cluster.scalar("SELECT string_agg(id, ',') FROM outbox_message WHERE template = 'request_received'")
              .split(","))  # fmt: skip
    assert len(ids) == SUBMISSIONS
    assert len([r for r in references if r in ids]) == SUBMISSIONS  # every one handed to Notify once


def test_two_schedulers_run_the_jobs_once_an_interval_not_once_each(cluster):
    """A second scheduler process joins the first: between them the ticks still come no more often than one
    an interval (workers.schedules.Scheduler takes turns through Redis)."""
    redis = Redis.from_url(cluster.redis_url)
    cluster.start_scheduler(1)
    try:
        assert wait_until(lambda: int(redis.get(RUNS_KEY) or 0) > 0, timeout=60)
        time.sleep(2 * cluster.scheduler_interval)  # both are up and ticking
        window = 8.0
        before, started = int(redis.get(RUNS_KEY) or 0), time.monotonic()
        time.sleep(window)
        runs, elapsed = int(redis.get(RUNS_KEY) or 0) - before, time.monotonic() - started
        assert all(cluster.processes[name].poll() is None for name in ("scheduler0", "scheduler1"))
        # each run is at least interval - 0.1 s after the one before, whichever process ran it
        assert 2 <= runs <= elapsed / (cluster.scheduler_interval - 0.1) + 1, runs
    finally:
        cluster.kill("scheduler1")
