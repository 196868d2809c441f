"""Prometheus metrics, exposed at /metrics to a scraper holding METRICS_TOKEN.

Counted as they happen (in every process, so under gunicorn in prometheus_client's multiprocess mode:
set PROMETHEUS_MULTIPROC_DIR to an empty folder before the processes start; infra/gunicorn.conf.py
marks each dead worker's files):
- ehcp_http_requests_total{method, route, status} and ehcp_http_request_duration_seconds{method, route}
  (route is the URL rule, so a case id never becomes a label);
- ehcp_job_duration_seconds{job, outcome} for every RQ job a worker runs;
- ehcp_notify_send_failures_total{kind}: sends Notify refused (permanent), failed for a while (transient)
  or that the worker gave up retrying (gave_up);
- ehcp_notify_delivery_failures_total{status}: messages Notify later reported undelivered (its callbacks and
  the daily letter check: permanent-failure, technical-failure, ...).

Read at each scrape, from Redis and the database (each an index probe, measured in
docs/operations/observability.md): ehcp_rq_queue_depth{queue}, ehcp_outbox_unsent_messages,
ehcp_outbox_oldest_unsent_age_seconds, ehcp_outbox_failed_messages_last_day, ehcp_documents_awaiting_scan,
ehcp_documents_oldest_awaiting_scan_age_seconds, and ehcp_metrics_source_up{source} (0 when the
database or Redis did not answer, so an outage does not look like an empty backlog).

METRICS_TOKEN unset: /metrics is 404, as if it did not exist (in every environment). Set: a request
without `Authorization: Bearer <token>`, or with another token, gets 401.
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from flask import Response, abort, current_app, request
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
JOB_BUCKETS = (0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0, 300.0)

REQUESTS = Counter(
    "ehcp_http_requests", "HTTP requests answered, by route (URL rule) and status", ["method", "route", "status"]
)
LATENCY = Histogram(
    "ehcp_http_request_duration_seconds",
    "Time to answer a request, by route",
    ["method", "route"],
    buckets=LATENCY_BUCKETS,
)
JOB_DURATION = Histogram(
    "ehcp_job_duration_seconds", "Time an RQ job ran, by job and outcome", ["job", "outcome"], buckets=JOB_BUCKETS
)
NOTIFY_FAILURES = Counter("ehcp_notify_send_failures", "Sends to GOV.UK Notify that failed, by kind", ["kind"])
DELIVERY_FAILURES = Counter(
    "ehcp_notify_delivery_failures", "Messages Notify reported it could not deliver, by its status", ["status"]
)


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    REQUESTS.labels(method, route, str(status)).inc()
    LATENCY.labels(method, route).observe(seconds)


def observe_job(job: str, outcome: str, seconds: float) -> None:
    JOB_DURATION.labels(job, outcome).observe(seconds)


def notify_failure(kind: str) -> None:
    NOTIFY_FAILURES.labels(kind).inc()


def delivery_failure(status: str) -> None:
    DELIVERY_FAILURES.labels(status).inc()


def _age(oldest: datetime | None, now: datetime) -> float:
    if oldest is None:
        return 0.0
    aware = oldest if oldest.tzinfo else oldest.replace(tzinfo=UTC)
    return max(0.0, (now - aware).total_seconds())


class BacklogCollector(Collector):
    """The gauges read at scrape time, inside the /metrics request (its database session, its config)."""

    def collect(self) -> Iterator[Metric]:
        from sqlalchemy.exc import SQLAlchemyError

        from service.data import observability as figures
        from service.data.operations import queue_depths
        from service.db import db

        started = time.perf_counter()
        up = GaugeMetricFamily("ehcp_metrics_source_up", "1 when the source answered this scrape", labels=["source"])
        redis_url = current_app.config.get("REDIS_URL")
        if redis_url:
            depths = queue_depths(redis_url)
            answered = all(depth is not None for depth in depths.values())
            up.add_metric(["redis"], 1 if answered else 0)
            if answered:
                queues = GaugeMetricFamily("ehcp_rq_queue_depth", "Jobs waiting on each RQ queue", labels=["queue"])
                for name, depth in depths.items():
                    queues.add_metric([name], depth or 0)
                yield queues
        now = datetime.now(UTC)
        try:
            unsent = figures.unsent_messages()
            failed = figures.failed_message_count(since=now - timedelta(days=1))
            scans = figures.documents_awaiting_scan()
        except SQLAlchemyError:
            db.session.rollback()
            up.add_metric(["database"], 0)
        else:
            up.add_metric(["database"], 1)
            yield GaugeMetricFamily(
                "ehcp_outbox_unsent_messages", "Messages not yet accepted by Notify", value=unsent.count
            )
            yield GaugeMetricFamily(
                "ehcp_outbox_oldest_unsent_age_seconds",
                "Age of the oldest message not yet accepted by Notify (0 when none)",
                value=_age(unsent.oldest, now),
            )
            yield GaugeMetricFamily(
                "ehcp_outbox_failed_messages_last_day",
                "Messages created in the last 24 hours that failed for good",
                value=failed,
            )
            yield GaugeMetricFamily(
                "ehcp_documents_awaiting_scan", "Documents waiting for their virus scan", value=scans.count
            )
            yield GaugeMetricFamily(
                "ehcp_documents_oldest_awaiting_scan_age_seconds",
                "Age of the oldest document waiting for its scan (0 when none)",
                value=_age(scans.oldest, now),
            )
        yield up
        yield GaugeMetricFamily(
            "ehcp_metrics_collect_seconds",
            "Time this scrape spent reading Redis and the database",
            value=time.perf_counter() - started,
        )


def counted_metrics() -> bytes:
    """The counters and histograms: this process's, or with PROMETHEUS_MULTIPROC_DIR every process's."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest(REGISTRY)


def scrape_time_metrics() -> bytes:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(BacklogCollector())
    return generate_latest(registry)


def _authorised() -> bool:
    token = current_app.config.get("METRICS_TOKEN") or ""
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


def metrics_view() -> Response:
    """/metrics (the route is service.journeys.common.metrics)."""
    if not current_app.config.get("METRICS_TOKEN"):
        abort(404)
    if not _authorised():
        response = Response("A bearer token is needed\n", 401, mimetype="text/plain")
        response.headers["WWW-Authenticate"] = 'Bearer realm="metrics"'
    else:
        response = Response(counted_metrics() + scrape_time_metrics(), 200, mimetype=CONTENT_TYPE_LATEST)
    response.headers["Cache-Control"] = "no-store"
    return response
