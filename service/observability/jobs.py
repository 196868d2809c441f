"""What a job carries from the request that enqueued it, and what the worker does with it.

`job_meta()` is the RQ job's meta at enqueue: the request id (so the worker's log lines carry it) and the
trace context (so the worker's span is a child of the request's span). `running_job(job)` wraps one job
in the worker: it binds the job's id and name (the dotted function path: never its arguments) and the
request id to the log context, opens the job's span, and records the job's duration and outcome.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from opentelemetry.trace import SpanKind, Status, StatusCode

from service.observability import context, metrics, tracing

log = logging.getLogger("workers.jobs")
REQUEST_ID_META = "request_id"
TRACE_META = "trace_context"


def job_meta() -> dict[str, Any]:
    meta: dict[str, Any] = {}
    request_id = context.current().request_id
    if request_id:
        meta[REQUEST_ID_META] = request_id
    trace_context = tracing.carrier()
    if trace_context:
        meta[TRACE_META] = trace_context
    return meta


@dataclass
class JobRun:
    ok: bool = True  # RQ's perform_job returns False for a job that raised (it handles the exception itself)


@contextmanager
def running_job(job: Any) -> Iterator[JobRun]:
    """Around one RQ job (`job` is rq.job.Job): log context, span, duration metric and one log line."""
    meta = job.meta or {}
    name = job.func_name
    token = context.bind(context.LogContext(request_id=meta.get(REQUEST_ID_META), job_id=job.id, job_name=name))
    started = time.perf_counter()
    try:
        with tracing.tracer().start_as_current_span(
            f"job {name}", context=tracing.context_from(meta.get(TRACE_META)), kind=SpanKind.CONSUMER
        ) as span:
            span.set_attribute("messaging.system", "rq")
            span.set_attribute("messaging.destination.name", job.origin)
            span.set_attribute("messaging.message.id", job.id)
            run = JobRun()
            try:
                yield run
            except BaseException as error:
                run.ok = False
                span.set_status(Status(StatusCode.ERROR, type(error).__name__))
                raise
            finally:
                outcome = "finished" if run.ok else "failed"
                if not run.ok:
                    span.set_status(Status(StatusCode.ERROR, "job failed"))
                seconds = time.perf_counter() - started
                metrics.observe_job(name, outcome, seconds)
                log.info("Job %s", outcome, extra={"duration_ms": round(seconds * 1000, 1), "outcome": outcome,
                                                   "queue": job.origin})  # fmt: skip
    finally:
        context.unbind(token)
