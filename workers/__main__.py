"""`python -m workers`: an RQ worker for the notifications, documents and default queues, with the
scheduler, built through the app factory. SIGTERM finishes the current job, then stops."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time

from rq import SimpleWorker

from service import create_app
from service.jobs import QUEUES, check_jobs
from service.observability.jobs import running_job
from service.observability.tracing import start_tracing
from workers.schedules import Scheduler


class AppWorker(SimpleWorker):
    """Runs each job inside an app context, with its own database session, and observed: its log lines carry
    the job and the request id that enqueued it, its span continues the request's trace, its duration is
    a metric (service.observability.jobs)."""

    flask_app = None

    def perform_job(self, job, queue, *args, **kwargs):
        with self.flask_app.app_context(), running_job(job) as run:
            run.ok = super().perform_job(job, queue, *args, **kwargs)
            return run.ok


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m workers")
    parser.add_argument("--queues", default=",".join(QUEUES))
    parser.add_argument("--no-scheduler", action="store_true", help="work the queues only")
    parser.add_argument("--scheduler-only", action="store_true", help="run the schedules only (no queue worker)")
    parser.add_argument("--scheduler-interval", type=float, default=60.0)
    parser.add_argument("--burst", action="store_true", help="stop when the queues are empty")
    parser.add_argument(
        "--metrics-port", type=int, help="serve this worker's job metrics for Prometheus on this port (no token)"
    )
    parser.add_argument("--metrics-address", default="127.0.0.1", help="where --metrics-port listens")
    args = parser.parse_args(argv)
    check_jobs()
    if os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"):
        start_tracing("ehcp-worker")  # before the app factory, which would name the process ehcp-web
    app = create_app()  # configures the JSON log lines (LOG_FORMAT) for the worker as for the web app
    url = app.config.get("REDIS_URL")
    if not url:
        raise SystemExit("REDIS_URL is not set: without Redis, `make run` runs jobs in-process")
    if args.metrics_port:
        # Job durations and Notify failures, for a worker that does not share PROMETHEUS_MULTIPROC_DIR
        # with the web app: counts and timings by job name only, on the private network only.
        from prometheus_client import start_http_server

        start_http_server(args.metrics_port, addr=args.metrics_address)
    from redis import Redis

    connection = Redis.from_url(url)  # no socket timeout: the worker blocks on the queues
    if args.scheduler_only:
        scheduler = Scheduler(app, connection, args.scheduler_interval)
        scheduler.start()
        scheduler.join()
        return
    if not args.no_scheduler:
        Scheduler(app, connection, args.scheduler_interval).start()
    AppWorker.flask_app = app
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    _wait_for_redis(connection)
    try:
        worker = AppWorker(args.queues.split(","), connection=connection)
        worker.work(burst=args.burst, with_scheduler=False, logging_level="INFO")
    except (RedisConnectionError, RedisTimeoutError) as error:
        # RQ's worker gives up on some Redis errors; a Redis outage must only pause this worker, so
        # it starts again as a fresh process (the job it held is replayed by the sweeper).
        logging.getLogger("workers").warning("Redis unavailable (%s); worker restarting in 2s", type(error).__name__)
        time.sleep(2)
        arguments = argv if argv is not None else sys.argv[1:]
        os.execv(sys.executable, [sys.executable, "-m", "workers", *arguments])  # noqa: S606 - our own program, no shell  # noqa: S606


def _wait_for_redis(connection) -> None:
    from redis.exceptions import RedisError

    while True:
        try:
            connection.ping()
            return
        except RedisError:
            logging.getLogger("workers").warning("Waiting for Redis")
            time.sleep(1)


if __name__ == "__main__":
    main()
