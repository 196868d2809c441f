"""One log line per request: method, the route's pattern (never the real path, which may carry ids),
status and duration. Query strings and form data never reach the logs: they may hold special
category data.

Each request also gets its id (service.observability.context: the incoming X-Request-Id when it is one
we accept, else a new one), bound to every log line the request writes and returned in the response's
X-Request-Id header, and is counted in the request metrics (service.observability.metrics)."""

from __future__ import annotations

import time

from flask import Flask, g, request
from werkzeug.wrappers import Response

from service.observability import context, metrics

UNMATCHED = "<unmatched>"


def init_request_log(app: Flask) -> None:
    logger = app.logger.getChild("requests")

    def start_request() -> None:
        g.request_started = time.perf_counter()
        g.request_id = context.request_id_from(request.headers.get(context.REQUEST_ID_HEADER))
        route = request.url_rule.rule if request.url_rule else UNMATCHED
        g.log_context_token = context.bind(
            context.LogContext(request_id=g.request_id, route=route, method=request.method)
        )

    # First of the before_request hooks, so a hook that refuses the request (a wrong Host, a rate limit)
    # is still logged with the request's id.
    app.before_request_funcs.setdefault(None, []).insert(0, start_request)

    @app.after_request
    def log_request(response: Response) -> Response:
        started = g.get("request_started")
        elapsed_ms = (time.perf_counter() - started) * 1000 if started else 0.0
        route = request.url_rule.rule if request.url_rule else UNMATCHED
        logger.info(
            "%s %s %s %.1fms",
            request.method,
            route,
            response.status_code,
            elapsed_ms,
            extra={"route": route, "method": request.method, "status": response.status_code,
                   "duration_ms": round(elapsed_ms, 1)},
        )  # fmt: skip
        metrics.observe_request(request.method, route, response.status_code, elapsed_ms / 1000)
        # The W3C Server-Timing header: lets benchmarks separate server time from queueing and network.
        response.headers["Server-Timing"] = f"app;dur={elapsed_ms:.1f}"
        if g.get("request_id"):
            response.headers[context.REQUEST_ID_HEADER] = g.request_id
        return response

    @app.teardown_request
    def end_request(_error: BaseException | None) -> None:
        token = g.pop("log_context_token", None)
        if token is not None:
            context.unbind(token)
