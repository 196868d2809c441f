"""Route access declarations.

`public` marks a page anyone may see. The family and staff areas add their own decorators
(`family_required`, `staff_required(*roles)`) that set the same `access` attribute, so one test
can walk app.url_map and prove every route says who may use it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

F = TypeVar("F", bound=Callable)

ACCESS_ATTRIBUTE = "access"


def declare_access(view: F, access: str) -> F:
    setattr(view, ACCESS_ATTRIBUTE, access)
    return view


def public(view: F) -> F:
    """Anyone, signed in or not, may use this route."""
    return declare_access(view, "public")


def development_only(view: F) -> F:
    """Only registered when APP_ENV is development or test (e.g. the local outbox)."""
    return declare_access(view, "development")


def access_of(view: Callable) -> str | None:
    return getattr(view, ACCESS_ATTRIBUTE, None)
