"""The registry of pages the browser sweep visits.

Each area of the service adds a module `tests/accessibility/pages_<area>.py` that defines
`PAGES: list[SweepPage]`. The sweep (test_sweep.py) collects every such module, so a new page is
covered by adding one line. Include each page's normal, empty and error states, signed in and out.

A SweepPage says how to reach one state of one page:
- name: unique, used as the test id, e.g. "request/child-details/error-empty".
- path: the URL path to visit; may hold {placeholders} filled from the dict `data` returns.
- data: optional `data(app) -> dict`, run once inside an app context to create what the page needs
  (cases, accounts); its dict fills the path and is passed to sign_in.
- sign_in: optional `sign_in(page, live, data)`, run in each fresh browser context before the visit
  (e.g. fill the staff sign-in form); it must work with JavaScript disabled too.
- actions: optional `actions(page)`, run after the page loads to reach a state, e.g. press
  "Continue" on an empty form to show the error state. Must also work with JavaScript disabled.
- status: the HTTP status expected for the visited URL (200, or 404 for the not-found page).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SweepPage:
    name: str
    path: str
    data: Callable[[Any], dict] | None = None
    sign_in: Callable[[Any, Any, dict], None] | None = None
    actions: Callable[[Any], None] | None = None
    status: int = 200


def all_pages() -> list[SweepPage]:
    import tests.accessibility as package

    pages: list[SweepPage] = []
    for module in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if module.name.startswith("pages_"):
            pages.extend(importlib.import_module(f"tests.accessibility.{module.name}").PAGES)
    names = [p.name for p in pages]
    duplicates = {n for n in names if names.count(n) > 1}
    assert not duplicates, f"sweep pages with the same name: {duplicates}"
    return pages
