"""Disagreement pages for the sweep: the family's request (normal and error) and dates; the council's
list (empty and with a request) and record."""

from __future__ import annotations

from datetime import date

from tests.accessibility.pages_staff import CASEWORKER
from tests.accessibility.pages_track import _family
from tests.accessibility.registry import SweepPage


def _seed(app, with_request: bool = False) -> dict:
    from sqlmodel import select

    from service.data import mediation
    from service.db import db
    from service.demo import seed_demo
    from service.models import Case

    seed_demo(date.today())
    maya = db.session.exec(select(Case).where(Case.child_first_name == "Maya")).one()
    data = {"maya": maya.id}
    if with_request:
        d = mediation.request_mediation(maya, [], True, "Mornings", "", "", date.today())
        data["disagreement"] = d.id
    return data


def _with_request(app) -> dict:
    return _seed(app, with_request=True)


PAGES = [
    SweepPage("mediation/request", "/your-cases/{maya}/disagree", data=_seed, sign_in=_family),
    SweepPage(
        "mediation/request/error",
        "/your-cases/{maya}/disagree",
        data=_seed,
        sign_in=_family,
        actions=lambda page: page.get_by_role("button", name="Send request").click(),
    ),
    SweepPage("mediation/family-dates", "/your-cases/{maya}/disagree/dates", data=_with_request, sign_in=_family),
    SweepPage("mediation/staff-list/empty", "/staff/disagreements", data=_seed, sign_in=CASEWORKER),
    SweepPage("mediation/staff-list", "/staff/disagreements", data=_with_request, sign_in=CASEWORKER),
    SweepPage("mediation/staff-record", "/staff/disagreements/{disagreement}", data=_with_request, sign_in=CASEWORKER),
    SweepPage(
        "mediation/staff-record/error",
        "/staff/disagreements/{disagreement}",
        data=_with_request,
        sign_in=CASEWORKER,
        actions=lambda page: page.get_by_role("button", name="Record certificate").click(),
    ),
]
