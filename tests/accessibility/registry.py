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


# Journey order: the reading-order snapshots (tests/accessibility/snapshots/) are filed by it, one folder
# per journey, so a review reads the service the way its users go through it: the public pages, a family's
# request in question order, the family's tracking of their case, their disagreement, the professionals'
# pages, then staff from signing in to the caseload, a case, its plan, reviews, disagreements, ending a
# plan and transfers, the council's admin pages, and the national dashboard. Each journey lists name prefixes (a state belongs
# to the first journey with a prefix of its name; a prefix matches whole "/" segments); within a journey,
# states follow their prefix's position, then the registry's order. A new page's prefix goes here
# (test_every_state_is_in_a_journey fails otherwise).
JOURNEYS: list[tuple[str, list[str]]] = [
    ("public", ["common/start", "common", "settings/public", "dashboard/public", "dev"]),
    (
        "request",
        [
            "request/who",
            "request/your-setting",
            "request/child-name",
            "request/child-date-of-birth",
            "request/child-address",
            "request/local-authority",
            "council",
            "request/setting",
            "request/your-details",
            "request/contact",
            "request/parent-contact",
            "request/communication",
            "request/needs",
            "request/hopes",
            "request/professionals",
            "request/evidence",
            "request/consent",
            "request/check-answers",
            "request/confirmation",
            "request/save",
            "request/saved",
            "request/link-expired",
        ],
    ),
    (
        "family-tracking",
        [
            "track/sign-in",
            "track/check-email",
            "track/link-expired",
            "track/one-login",
            "track/your-cases",
            "track/case",
            "family16/case",
            "track/messages",
            "family16/messages",
            "track/documents",
            "track/draft-plan",
            "track/sharing",
            "family16/sharing",
            "placement-family",
            "plan-family",
            "review-decisions-family",
            "mydata",
        ],
    ),
    (
        "family-disagreement",
        [
            "mediation/case-page",
            "mediation/family-case",
            "mediation/start",
            "mediation/what-you-disagree-with",
            "mediation/mediation-or-certificate",
            "mediation/arranging-mediation",
            "mediation/check-answers",
            "mediation/sent",
            "mediation/family-dates",
        ],
    ),
    (
        "professional",
        [
            "professional/sign-in",
            "professional/code",
            "professional/signed-out",
            "professional/invitation",
            "professional/home",
            "reviews/professional/home",
            "professional/advice",
            "advice/professional",
            "professional/consultation",
            "placement-professional",
            "reviews/professional",
            "professional/colleagues",
        ],
    ),
    (
        "staff-caseload",
        [
            "staff/sign-in",
            "staff/code",
            "staff/signed-out",
            "staff/unlock",
            "staff/invitation",
            "staff/account",
            "staff/caseload",
            "caseload",
            "dashboard/council",
            "staff/new-request",
            "staff/case",
            "staff/assign",
            "staff/record-step",
            "steps",
            "staff/forbidden",
            "staff/exception",
            "staff/request-advice",
            "advice/staff/request",
            "advice/staff/page",
            "staff/advice-received",
            "advice/staff/list",
        ],
    ),
    ("staff-plan", ["staff/plan", "placement-staff"]),
    ("staff-reviews", ["cohort/reviews-due", "reviews/staff", "review-decisions-staff", "cohort"]),
    ("staff-disagreement", ["mediation", "cease/disagreement", "cease/icb-told", "cease/health-told"]),
    ("staff-ending-and-transfers", ["cease", "transfers-staff"]),
    ("staff-council", ["staff/team", "staff/organisations", "settings", "staff/sen2", "staff/operations"]),
    ("national", ["dashboard/national", "dashboard/threshold"]),
]


def journey_of(name: str) -> tuple[int, int] | None:
    """(journey index, prefix index) of the first journey with a prefix of the state's name."""
    for journey_index, (_, prefixes) in enumerate(JOURNEYS):
        for prefix_index, prefix in enumerate(prefixes):
            if name == prefix or name.startswith(prefix + "/"):
                return journey_index, prefix_index
    return None


def snapshot_names(pages: list[SweepPage]) -> dict[str, str]:
    """Each state's snapshot file, relative to tests/accessibility/snapshots: NN-<journey>/NNN-<name>.yaml,
    numbered in journey order within its journey (so a page added renumbers only its own journey's
    later files), its name's slashes as double underscores."""
    placed = []
    for position, page in enumerate(pages):
        found = journey_of(page.name)
        assert found is not None, f"{page.name} is in no journey: add its prefix to JOURNEYS in registry.py"
        placed.append((found, position, page.name))
    placed.sort()
    files: dict[str, str] = {}
    counts: dict[int, int] = {}
    for (journey_index, _), _, name in placed:
        counts[journey_index] = counts.get(journey_index, 0) + 1
        folder = f"{journey_index + 1:02d}-{JOURNEYS[journey_index][0]}"
        files[name] = f"{folder}/{counts[journey_index]:03d}-{name.replace('/', '__')}.yaml"
    return files
