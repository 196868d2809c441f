"""Issue 18: a read made more than once by a page is made once per GET or HEAD request, never kept past the
request, and made afresh every time on a POST (service.data.memo)."""

from __future__ import annotations

import pytest
from flask import Flask

from service.data.memo import per_request


@pytest.fixture
def app():
    return Flask(__name__)


def _counting():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return calls, compute


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_a_read_only_request_reads_once_for_each_key(app, method):
    calls, compute = _counting()
    with app.test_request_context("/", method=method):
        assert per_request(("case_access", 1), compute) == 1
        assert per_request(("case_access", 1), compute) == 1
        assert per_request(("case_access", 2), compute) == 2
    assert len(calls) == 2


def test_the_next_request_reads_again(app):
    calls, compute = _counting()
    for _ in range(2):
        with app.test_request_context("/"):
            per_request("k", compute)
    assert len(calls) == 2


def test_a_post_job_or_command_always_reads_afresh(app):
    calls, compute = _counting()
    with app.test_request_context("/", method="POST"):
        per_request("k", compute)
        per_request("k", compute)
    with app.app_context():
        per_request("k", compute)
    per_request("k", compute)
    assert len(calls) == 4
