"""Observability (issue 19 item 5): structured JSON logs with a request id, Prometheus metrics at /metrics
and OpenTelemetry traces across the web app and the workers. docs/operations/observability.md says what each
gives and how to switch it on.

`init_app(app)` wires all three into the app factory: the request id and the per-request log line and
metrics hooks live in service/request_log.py; the job side (meta carried into RQ, the worker's span, log
fields and duration) in service/observability/jobs.py.
"""

from __future__ import annotations

from flask import Flask

from service.observability import logs, metrics, tracing

__all__ = ["init_app", "logs", "metrics", "tracing"]


def init_app(app: Flask) -> None:
    """The log lines are configured earlier, by the app factory's _configure_logging (logs.configure_logging);
    /metrics is a route of the common blueprint (service.journeys.common.metrics)."""
    tracing.init_app(app)
