"""Issue 19 item 5: a request's id and trace follow the RQ jobs it enqueues into a real worker.

A family asks for a sign-in link (POST /sign-in enqueues SEND_FAMILY_SIGN_IN on Redis); an RQ SimpleWorker
as `python -m workers` runs it (AppWorker) works the queue in this process against the test Redis. The
worker's log lines carry the request's id and the job's id and name, its job span has the request span's
trace id and is its child (the SDK's in-memory exporter), and the job's duration is a metric.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from prometheus_client import REGISTRY

from service import create_app
from service.jobs import SEND_FAMILY_SIGN_IN
from service.observability import logs, tracing
from tests.conftest import make_config
from tests.factories import make_family
from tests.integration.staff.helpers import csrf_of

FAMILY = "observed.family@example.com"
JOB = SEND_FAMILY_SIGN_IN.function


@pytest.fixture
def exporter() -> InMemorySpanExporter:
    return InMemorySpanExporter()


@pytest.fixture  # tracing is on in this process only while the test that needs it runs
def traced_app(migrated_database, redis_url, exporter) -> Iterator:
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    app = create_app(make_config(migrated_database, REDIS_URL=redis_url))
    tracing.init_app(app, provider=provider)
    yield app
    from opentelemetry.instrumentation.flask import FlaskInstrumentor
    from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor

    FlaskInstrumentor.uninstrument_app(app)
    SQLAlchemyInstrumentor().uninstrument()
    tracing.stop_tracing()


@pytest.fixture
def lines() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logs.make_handler("json", stream)
    logging.getLogger().addHandler(handler)
    try:
        yield stream
    finally:
        logging.getLogger().removeHandler(handler)


def work_the_queue(app, redis_url: str) -> None:
    from redis import Redis

    from workers.__main__ import AppWorker

    class Worker(AppWorker):
        flask_app = app

    Worker([SEND_FAMILY_SIGN_IN.queue.value], connection=Redis.from_url(redis_url)).work(burst=True)


def job_runs(outcome: str) -> float:
    return REGISTRY.get_sample_value("ehcp_job_duration_seconds_count", {"job": JOB, "outcome": outcome}) or 0.0


def test_the_job_logs_with_the_request_id_and_continues_the_trace(traced_app, redis_url, exporter, lines):
    from redis import Redis

    Redis.from_url(redis_url).flushdb()
    with traced_app.app_context():
        make_family(email=FAMILY)
    client = traced_app.test_client()
    csrf = csrf_of(client, "/sign-in")
    exporter.clear()
    response = client.post("/sign-in", data={"csrf_token": csrf, "email": FAMILY})
    assert response.status_code == 302
    request_id = response.headers["X-Request-Id"]
    finished_before = job_runs("finished")

    work_the_queue(traced_app, redis_url)

    parsed = [json.loads(line) for line in lines.getvalue().splitlines()]
    job_lines = [line for line in parsed if line.get("job_name") == JOB]
    assert job_lines, parsed
    assert all(line["request_id"] == request_id and line["job_id"] for line in job_lines)
    (done,) = [line for line in job_lines if line["logger"] == "workers.jobs"]
    assert done["message"] == "Job finished" and done["outcome"] == "finished" and done["queue"] == "notifications"
    assert FAMILY not in lines.getvalue()
    assert job_runs("finished") == finished_before + 1

    spans = exporter.get_finished_spans()
    (request_span,) = [s for s in spans if s.kind == SpanKind.SERVER and s.name.endswith("/sign-in")]
    (job_span,) = [s for s in spans if s.name == f"job {JOB}"]
    assert job_span.context.trace_id == request_span.context.trace_id
    assert job_span.parent is not None and job_span.parent.span_id == request_span.context.span_id
    assert job_span.kind == SpanKind.CONSUMER
    assert done["trace_id"] == format(request_span.context.trace_id, "032x")
    # the worker's SQL runs inside the job's span; no span names a URL with the email or a token
    assert any(s.parent is not None and s.parent.span_id == job_span.context.span_id for s in spans)
    assert all(FAMILY not in json.dumps(dict(s.attributes or {})) for s in spans)


def test_without_tracing_a_job_still_carries_the_request_id(migrated_database, redis_url, lines):
    from redis import Redis
    from rq import Queue

    app = create_app(make_config(migrated_database, REDIS_URL=redis_url))
    connection = Redis.from_url(redis_url)
    connection.flushdb()
    with app.app_context():
        make_family(email=FAMILY)
    client = app.test_client()
    response = client.post("/sign-in", data={"csrf_token": csrf_of(client, "/sign-in"), "email": FAMILY})
    (job,) = Queue(SEND_FAMILY_SIGN_IN.queue.value, connection=connection).get_jobs()
    assert job.meta == {"request_id": response.headers["X-Request-Id"]}  # no trace context when tracing is off
    work_the_queue(app, redis_url)
    done = [json.loads(line) for line in lines.getvalue().splitlines() if '"workers.jobs"' in line]
    # the sign-in job, then the message it enqueued in the worker: the request id rides on to the second job
    assert [(line["job_name"], line["request_id"]) for line in done] == [
        (JOB, response.headers["X-Request-Id"]),
        ("workers.notifications.send_message", response.headers["X-Request-Id"]),
    ]
    assert all("trace_id" not in line for line in done)
