"""Issue 19 item 5: JSON log lines with the request id, and /metrics behind its bearer token.

Each log line is one JSON object carrying the request's id (the X-Request-Id it came with when that id
passes the pattern, else a new one, returned in the response) and its route as the URL rule: never the
path's token or the query string. /metrics is 404 without METRICS_TOKEN, 401 without the right bearer
token, never cached, and its counters and backlog gauges move with what happens.
"""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families

from service import create_app
from service.db import db
from service.models import Document, OutboxMessage, utcnow
from service.models.outbox import FAILED, PENDING
from service.observability import logs
from tests.conftest import make_config

TOKEN = "metrics-token-for-the-tests-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def metrics_app(migrated_database):
    return create_app(make_config(migrated_database, METRICS_TOKEN=TOKEN))


@pytest.fixture
def log_lines() -> Iterator[Callable[[], list[dict]]]:
    """A function giving every log line written so far in the test, through the formatter and filter the app
    installs (service.observability.logs), each parsed as JSON: a line that is not one JSON object fails."""
    stream = io.StringIO()
    handler = logs.make_handler("json", stream)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


def test_the_app_logs_through_one_json_handler(metrics_app):
    ours = [h for h in logging.getLogger().handlers if h.get_name() == logs.HANDLER_NAME]
    assert len(ours) == 1 and isinstance(ours[0].formatter, logs.JsonFormatter)
    assert not logging.getLogger("service").handlers  # no second, plain-text copy of each line


def test_a_request_line_is_json_with_its_id_route_status_and_duration(metrics_app, log_lines):
    client = metrics_app.test_client()
    response = client.get("/cookies", headers={"X-Request-Id": "lb-7f3a9c2e-0001"})
    assert response.status_code == 200
    assert response.headers["X-Request-Id"] == "lb-7f3a9c2e-0001"
    line = next(line for line in log_lines() if line["logger"] == "service.requests")
    assert line["request_id"] == "lb-7f3a9c2e-0001"
    assert line["route"] == "/cookies" and line["method"] == "GET" and line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["level"] == "INFO"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["time"])


@pytest.mark.parametrize(
    "header",
    ["short", "someone@example.com-0000", "a" * 65, "id with spaces 123", 'abc"}{"level": "forged', "../../etc/passwd"],
)
def test_an_unsafe_or_odd_request_id_is_replaced(metrics_app, log_lines, header):
    response = metrics_app.test_client().get("/cookies", headers={"X-Request-Id": header})
    given = response.headers["X-Request-Id"]
    assert given != header and re.fullmatch(r"[0-9a-f]{32}", given)
    lines = log_lines()
    assert [line["request_id"] for line in lines if line["logger"] == "service.requests"] == [given]
    assert header not in json.dumps(lines)


def test_every_line_of_a_request_carries_its_id_and_no_path_token_or_query(metrics_app, log_lines):
    """A staff invitation link (a token in the path) with a query string: the lines name the URL rule only."""
    token = "secret-invitation-token-abc123"
    response = metrics_app.test_client().get(f"/staff/invitation/{token}?child=Amelia+Jones")
    request_id = response.headers["X-Request-Id"]
    lines = log_lines()
    assert lines and all(line.get("request_id") == request_id for line in lines)
    request_line = next(line for line in lines if line["logger"] == "service.requests")
    assert request_line["route"] == "/staff/invitation/<token>"
    text = json.dumps(lines)
    assert token not in text and "Amelia" not in text


def test_a_logged_exception_gives_its_type_and_frames_not_its_text(log_lines):
    try:
        raise ValueError("child's diagnosis: something private")
    except ValueError:
        logging.getLogger("service.test").exception("Could not do it")
    (line,) = log_lines()
    assert line["error"] == "ValueError" and line["message"] == "Could not do it"
    assert any("test_logs_and_metrics.py" in frame for frame in line["stack"])
    assert "diagnosis" not in json.dumps(line)


def test_metrics_is_404_without_a_configured_token(app):
    assert app.test_client().get("/metrics", headers=AUTH).status_code == 404


def test_metrics_needs_the_right_bearer_token(metrics_app):
    client = metrics_app.test_client()
    for headers in ({}, {"Authorization": "Bearer wrong-token-wrong-token-wrong-token"}, {"Authorization": TOKEN},
                    {"Authorization": f"Basic {TOKEN}"}):  # fmt: skip
        response = client.get("/metrics", headers=headers)
        assert response.status_code == 401, headers
        assert response.headers["WWW-Authenticate"] == 'Bearer realm="metrics"'
        assert b"ehcp_" not in response.data
    response = client.get("/metrics", headers=AUTH)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.mimetype == "text/plain"


def metric(text: str, name: str, **labels: str) -> float | None:
    """The value of one sample (by its full name and labels) in the Prometheus text format; None when absent."""
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and sample.labels == labels:
                return sample.value
    return None


def scrape(client) -> str:
    return client.get("/metrics", headers=AUTH).data.decode()


def test_request_counts_and_latency_move_after_a_request(metrics_app):
    client = metrics_app.test_client()
    before = scrape(client)
    client.get("/privacy")
    client.get("/no-such-page")
    after = scrape(client)
    count = "ehcp_http_requests_total"
    assert (metric(after, count, method="GET", route="/privacy", status="200") or 0) == (
        metric(before, count, method="GET", route="/privacy", status="200") or 0
    ) + 1
    assert (metric(after, count, method="GET", route="<unmatched>", status="404") or 0) >= 1
    latency = "ehcp_http_request_duration_seconds_count"
    assert (metric(after, latency, method="GET", route="/privacy") or 0) == (
        metric(before, latency, method="GET", route="/privacy") or 0
    ) + 1
    assert metric(after, "ehcp_http_request_duration_seconds_bucket", method="GET", route="/privacy", le="+Inf")
    assert "/no-such-page" not in after


def test_backlog_gauges_read_the_outbox_and_the_scan_queue(metrics_app):
    client = metrics_app.test_client()
    empty = scrape(client)
    assert metric(empty, "ehcp_outbox_unsent_messages") == 0
    assert metric(empty, "ehcp_outbox_oldest_unsent_age_seconds") == 0
    assert metric(empty, "ehcp_documents_awaiting_scan") == 0
    assert metric(empty, "ehcp_metrics_source_up", source="database") == 1
    now = utcnow()
    with metrics_app.app_context():
        # a failure over a day old is not in the last day's count
        for minutes, status in ((30, PENDING), (5, PENDING), (90, FAILED), (25 * 60, FAILED)):
            db.session.add(OutboxMessage(channel="email", template="t", recipient="r@example.com", status=status,
                                         created_at=now - timedelta(minutes=minutes)))  # fmt: skip
        db.session.add(Document(filename="f.pdf", content_type="application/pdf", size_bytes=1, storage_key="k",
                                uploaded_by="family", created_at=now - timedelta(minutes=12)))  # fmt: skip
        db.session.commit()
    text = scrape(client)
    assert metric(text, "ehcp_outbox_unsent_messages") == 2
    assert 30 * 60 <= metric(text, "ehcp_outbox_oldest_unsent_age_seconds") < 31 * 60
    assert metric(text, "ehcp_outbox_failed_messages_last_day") == 1
    assert metric(text, "ehcp_documents_awaiting_scan") == 1
    assert 12 * 60 <= metric(text, "ehcp_documents_oldest_awaiting_scan_age_seconds") < 13 * 60


def test_queue_depths_come_from_redis(migrated_database, redis_url):
    from redis import Redis
    from rq import Queue

    app = create_app(make_config(migrated_database, METRICS_TOKEN=TOKEN, REDIS_URL=redis_url))
    connection = Redis.from_url(redis_url)
    connection.flushdb()
    Queue("documents", connection=connection).enqueue("workers.documents.scan_document", "an-id")
    text = scrape(app.test_client())
    assert metric(text, "ehcp_rq_queue_depth", queue="documents") == 1
    assert metric(text, "ehcp_rq_queue_depth", queue="notifications") == 0
    assert metric(text, "ehcp_metrics_source_up", source="redis") == 1
    connection.flushdb()


@pytest.mark.parametrize(("setting", "value"), [("METRICS_TOKEN", "too-short"), ("LOG_FORMAT", "xml")])
def test_a_short_metrics_token_or_unknown_log_format_stops_the_app(setting, value):
    from service.config import Config, ConfigurationError

    with pytest.raises(ConfigurationError, match=setting):
        Config(APP_ENV="test", **{setting: value}).validate()
