"""One log line per request: method, the route's pattern (never the real path, which may carry ids),
status and duration. Query strings and form data never reach the logs: they may hold special
category data."""

from __future__ import annotations

import time

from flask import Flask, g, request
from werkzeug.wrappers import Response


def init_request_log(app: Flask) -> None:
    logger = app.logger.getChild("requests")

    @app.before_request
    def start_timer() -> None:
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response: Response) -> Response:
        started = g.get("request_started")
        elapsed_ms = (time.perf_counter() - started) * 1000 if started else 0.0
        route = request.url_rule.rule if request.url_rule else "<unmatched>"
        logger.info("%s %s %s %.1fms", request.method, route, response.status_code, elapsed_ms)
        # The W3C Server-Timing header: lets benchmarks separate server time from queueing and network.
        response.headers["Server-Timing"] = f"app;dur={elapsed_ms:.1f}"
        return response
