"""Issue 17: the council dashboard (with figures, and empty), the national view (and a region), the
threshold form and its error, and the public pages (England, a council, an unknown council's 404)."""

from __future__ import annotations

from tests.accessibility.registry import SweepPage
from tests.accessibility.signed_in import staff


def _figures(app) -> dict:
    from datetime import date

    from service.data.local_authorities import by_old_code
    from service.db import db
    from tests.factories import make_aggregate_user, make_staff
    from tests.placeholder_figures import seed_placeholder_council_figures

    seed_placeholder_council_figures([by_old_code("886")], date.today())
    db.session.commit()
    make_staff("manager", "886", email="dashboard.manager@example.gov.uk")
    make_staff("caseworker", "383", email="dashboard.leeds@example.gov.uk")
    make_aggregate_user("national", email="dashboard.national@example.gov.uk")
    make_aggregate_user("regional", "South East", email="dashboard.regional@example.gov.uk")
    return {}


def _bad_threshold(page) -> None:
    page.locator("#level").fill("120")
    page.locator("#months").fill("0")
    page.get_by_role("button", name="Save the threshold").click()


def _no_council(page) -> None:
    page.get_by_role("button", name="Show the figures").click()


PAGES = [
    SweepPage(
        "dashboard/council", "/staff/dashboard", data=_figures, sign_in=staff("dashboard.manager@example.gov.uk")
    ),
    SweepPage(
        "dashboard/council/empty", "/staff/dashboard", data=_figures, sign_in=staff("dashboard.leeds@example.gov.uk")
    ),
    SweepPage(
        "dashboard/national",
        "/national/?sort=live_20&order=descending",
        data=_figures,
        sign_in=staff("dashboard.national@example.gov.uk"),
    ),
    SweepPage(
        "dashboard/national/region", "/national/", data=_figures, sign_in=staff("dashboard.regional@example.gov.uk")
    ),
    SweepPage(
        "dashboard/national/empty-region",
        "/national/?region=Nowhere",
        data=_figures,
        sign_in=staff("dashboard.national@example.gov.uk"),
    ),
    SweepPage(
        "dashboard/threshold",
        "/national/thresholds/twenty_week_timeliness",
        data=_figures,
        sign_in=staff("dashboard.national@example.gov.uk"),
    ),
    SweepPage(
        "dashboard/threshold/error",
        "/national/thresholds/twenty_week_timeliness",
        data=_figures,
        sign_in=staff("dashboard.national@example.gov.uk"),
        actions=_bad_threshold,
    ),
    SweepPage("dashboard/public/england", "/council-performance"),
    SweepPage("dashboard/public/error", "/council-performance", actions=_no_council),
    SweepPage("dashboard/public/council", "/council-performance/kent"),
    SweepPage("dashboard/public/unknown", "/council-performance/nowhere", status=404),
]
