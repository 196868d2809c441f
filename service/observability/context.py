"""What every log line of a request or a job carries, held in context variables (per thread, per request).

The request id comes from the incoming X-Request-Id header only if it matches REQUEST_ID_PATTERN (a load
balancer's or a client's id, letters, digits, hyphens and underscores: never an email address or free
text); otherwise the service makes one. The id goes back in the response header, on every log line of the
request, and into the meta of every RQ job the request enqueues, so the worker's lines carry it too.
"""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar, Token
from dataclasses import dataclass

REQUEST_ID_HEADER = "X-Request-Id"
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{7,63}")


@dataclass(frozen=True)
class LogContext:
    request_id: str | None = None
    route: str | None = None  # the URL rule, never the URL
    method: str | None = None
    job_id: str | None = None
    job_name: str | None = None


EMPTY = LogContext()
_current: ContextVar[LogContext] = ContextVar("log_context", default=EMPTY)


def current() -> LogContext:
    return _current.get()


def bind(context: LogContext) -> Token[LogContext]:
    return _current.set(context)


def unbind(token: Token[LogContext]) -> None:
    _current.reset(token)


def request_id_from(header: str | None) -> str:
    """The header's id when it is one we accept, else a new one (32 hex digits)."""
    if header and REQUEST_ID_PATTERN.fullmatch(header):
        return header
    return uuid.uuid4().hex
