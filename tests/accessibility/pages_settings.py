"""The list of settings for the sweep: finding a setting (normal, filtered with distance, no results,
errors), one corrected setting, correcting (normal and error), adding a setting (normal and error), the
inclusion plan page for managers (normal and error), and the public local inclusion plan pages (the
list, a council's page, its empty filtered list, and the list when no council has published)."""

from __future__ import annotations

from datetime import date

from tests.accessibility.pages_staff import CASEWORKER, MANAGER, _seed
from tests.accessibility.registry import SweepPage


def _load_sample() -> None:
    from service.data.settings import load_gias
    from service.db import db
    from tests.integration.settings.helpers import SAMPLE

    load_gias(SAMPLE, date.today())
    db.session.commit()


def _seed_settings(app) -> dict:
    """The demo data, the 35-row GIAS sample, and Kent's correction of River Primary School."""
    from sqlmodel import select

    from service.data import settings as settings_data
    from service.data.context import ChangeContext
    from service.db import db
    from service.models import StaffUser

    data = _seed(app)
    _load_sample()
    user = db.session.exec(select(StaffUser).where(StaffUser.email == "kent.caseworker@example.gov.uk")).one()
    river = settings_data.national_by_urn(118393)
    copy = settings_data.correct(
        ChangeContext(user=user, ip="127.0.0.1", today=date.today()),
        river,
        {"rp_capacity": 16, "sen_needs": "|ASD|SLCN|", "local_offer": "Speech and language therapy every week."},
        "The school told us the provision grew",
    )
    db.session.commit()
    return data | {"river": copy.id}


def _sample_only(app) -> dict:
    _load_sample()
    return {}


def _clear_and_press(field: str, button: str):
    def act(page) -> None:
        page.locator(f"#{field}").fill("")
        page.get_by_role("button", name=button, exact=True).click()

    return act


def _press(button: str):
    return lambda page: page.get_by_role("button", name=button, exact=True).click()


def _unpublishable(page) -> None:
    page.locator("#partnership").fill("")
    page.locator("#published").check()
    page.get_by_role("button", name="Save", exact=True).click()


PAGES = [
    SweepPage("settings/find", "/staff/settings", data=_seed_settings, sign_in=CASEWORKER),
    SweepPage(
        "settings/find/filtered",
        "/staff/settings?need=ASD&need=SLCN&phase=Primary&phase=Not+applicable&near=118393&miles=10&area=yes",
        data=_seed_settings,
        sign_in=CASEWORKER,
    ),
    SweepPage("settings/find/empty", "/staff/settings?name=nothing+like+this", data=_seed_settings, sign_in=CASEWORKER),
    SweepPage(
        "settings/find/error",
        "/staff/settings?urn=123456&age=40&miles=3",
        data=_seed_settings,
        sign_in=CASEWORKER,
        status=400,
    ),
    SweepPage("settings/setting", "/staff/settings/{river}", data=_seed_settings, sign_in=CASEWORKER),
    SweepPage("settings/correct", "/staff/settings/{river}/correct", data=_seed_settings, sign_in=CASEWORKER),
    SweepPage(
        "settings/correct/error",
        "/staff/settings/{river}/correct",
        data=_seed_settings,
        sign_in=CASEWORKER,
        actions=_clear_and_press("name", "Save"),
    ),
    SweepPage("settings/new", "/staff/settings/new", data=_seed_settings, sign_in=CASEWORKER),
    SweepPage(
        "settings/new/error",
        "/staff/settings/new",
        data=_seed_settings,
        sign_in=CASEWORKER,
        actions=_press("Add the setting"),
    ),
    SweepPage("settings/inclusion-plan", "/staff/inclusion-plan", data=_seed_settings, sign_in=MANAGER),
    SweepPage(
        "settings/inclusion-plan/error",
        "/staff/inclusion-plan",
        data=_seed_settings,
        sign_in=MANAGER,
        actions=_unpublishable,
    ),
    SweepPage("settings/public/list", "/local-inclusion-plans", data=_seed_settings),
    SweepPage("settings/public/council", "/local-inclusion-plans/886", data=_seed_settings),
    SweepPage("settings/public/council/empty", "/local-inclusion-plans/886?phase=Nursery&need=VI", data=_seed_settings),
    SweepPage("settings/public/list/none", "/local-inclusion-plans", data=_sample_only),
]
