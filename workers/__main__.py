"""`python -m workers`: an RQ worker for the notifications, documents and default queues, with the
scheduler, built through the app factory. SIGTERM finishes the current job, then stops."""

from __future__ import annotations

import argparse
import logging

from rq import SimpleWorker

from service import create_app
from workers.queue import QUEUES
from workers.schedules import Scheduler


class AppWorker(SimpleWorker):
    """Runs each job inside an app context, with its own database session."""

    flask_app = None

    def perform_job(self, job, queue):
        with self.flask_app.app_context():
            return super().perform_job(job, queue)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m workers")
    parser.add_argument("--queues", default=",".join(QUEUES))
    parser.add_argument("--no-scheduler", action="store_true")
    parser.add_argument("--scheduler-interval", type=float, default=60.0)
    parser.add_argument("--burst", action="store_true", help="stop when the queues are empty")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")

    app = create_app()
    url = app.config.get("REDIS_URL")
    if not url:
        raise SystemExit("REDIS_URL is not set: without Redis, `make run` runs jobs in-process")
    from redis import Redis

    connection = Redis.from_url(url)  # no socket timeout: the worker blocks on the queues
    if not args.no_scheduler:
        Scheduler(app, connection, args.scheduler_interval).start()
    AppWorker.flask_app = app
    worker = AppWorker(args.queues.split(","), connection=connection)
    worker.work(burst=args.burst, with_scheduler=False, logging_level="INFO")


if __name__ == "__main__":
    main()
