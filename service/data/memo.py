"""Reads a page makes more than once, made once per request (issue 18).

A family's case page asked who the reader is three times, and for the case's advice requests, exceptions,
disagreements and council twice each, from helpers that each need them; the staff case page read its
disagreements twice. `per_request` keeps the first answer for the rest of the request, on GET and HEAD
only: those write nothing (beyond audit and "last opened") that a second read could miss. A POST, a job or
a command reads afresh every time, so nothing read before a change is used after it. The memo lives in
flask.g, so it ends with the request and is never shared between people.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from flask import g, has_request_context, request

T = TypeVar("T")
READ_ONLY_METHODS = frozenset({"GET", "HEAD"})


def per_request(key: Hashable, compute: Callable[[], T]) -> T:
    """compute()'s answer, once per GET or HEAD request for `key`; on any other request, compute()."""
    if not has_request_context() or request.method not in READ_ONLY_METHODS:
        return compute()
    memo: dict[Hashable, Any] = g.setdefault("per_request_reads", {})
    if key not in memo:
        memo[key] = compute()
    found: T = memo[key]
    return found


def remember(values: dict[Hashable, object]) -> None:
    """Put reads made together (one statement for a list of cases) where per_request will find them; on
    other than GET or HEAD, nothing is kept."""
    if has_request_context() and request.method in READ_ONLY_METHODS:
        memo: dict[Hashable, Any] = g.setdefault("per_request_reads", {})
        for key, value in values.items():
            memo.setdefault(key, value)


def is_kept(key: Hashable) -> bool:
    """A read for `key` is already kept for this request."""
    return has_request_context() and key in g.get("per_request_reads", {})
