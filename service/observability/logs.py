"""One JSON object a line, for the web app and the workers alike.

Fields: time (UTC, ISO 8601 with milliseconds), level, logger, message, and when known request_id, route
(the URL rule, never the URL: paths carry sign-in tokens and ids), method, status, duration_ms, job_id,
job_name, trace_id. An exception adds its type and the stack's frames (file, line, function), never the
exception's text, which may quote a value from a form or a row. Callers still log only ids and
categories: the formatter cannot know what a message means.

LOG_FORMAT=text gives the same fields as one readable line (for a developer's terminal).
"""

from __future__ import annotations

import json
import logging
import sys
import traceback
from datetime import UTC, datetime
from typing import IO, Any

from service.observability import context

HANDLER_NAME = "service-observability"
# Attributes a caller may pass in `extra=` that become fields of their own.
EXTRA_FIELDS = ("route", "method", "status", "duration_ms", "outcome", "queue")
CONTEXT_FIELDS = ("request_id", "route", "method", "job_id", "job_name")


class ContextFilter(logging.Filter):
    """Put the request's or the job's context on every record (a handler filter: every logger's records
    pass through the root's handler, whichever logger made them)."""

    def filter(self, record: logging.LogRecord) -> bool:
        bound = context.current()
        for name in CONTEXT_FIELDS:
            if getattr(record, name, None) is None:
                setattr(record, name, getattr(bound, name))
        if getattr(record, "trace_id", None) is None:
            record.trace_id = _trace_id()
        return True


def _trace_id() -> str | None:
    from opentelemetry import trace

    span_context = trace.get_current_span().get_span_context()
    return format(span_context.trace_id, "032x") if span_context.is_valid else None


def fields_of(record: logging.LogRecord) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "level": record.levelname,
        "logger": record.name,
        "message": record.getMessage(),
    }
    for name in (*CONTEXT_FIELDS, *EXTRA_FIELDS, "trace_id"):
        value = getattr(record, name, None)
        if value is not None:
            fields[name] = value
    if record.exc_info and record.exc_info[0] is not None:
        error_type, _error, stack = record.exc_info
        fields["error"] = error_type.__name__
        fields["stack"] = [f"{frame.filename}:{frame.lineno} in {frame.name}" for frame in traceback.extract_tb(stack)]
    return fields


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return json.dumps(fields_of(record), ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields = fields_of(record)
        head = f"{fields.pop('time')} {fields.pop('level')} {fields.pop('logger')}: {fields.pop('message')}"
        fields.pop("stack", None)
        return " ".join([head, *(f"{name}={value}" for name, value in fields.items())])


def make_handler(log_format: str = "json", stream: IO[str] | None = None) -> logging.Handler:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(TextFormatter() if log_format == "text" else JsonFormatter())
    handler.addFilter(ContextFilter())
    return handler


def configure_logging(log_format: str = "json", level: int = logging.INFO) -> None:
    """Send every logger's records, at INFO and above, through one handler on the root logger. Idempotent:
    each app the tests build replaces the handler rather than adding another."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() == HANDLER_NAME:
            root.removeHandler(handler)
    handler = make_handler(log_format)
    handler.set_name(HANDLER_NAME)
    root.addHandler(handler)
    root.setLevel(level)
    # Flask gives the app's logger its own handler unless one is found above it; drop it so no line is
    # written twice (once as text, once as JSON).
    from flask.logging import default_handler

    logging.getLogger("service").removeHandler(default_handler)
