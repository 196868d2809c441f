"""What the placement tests share: a Kent case with a realistic plan issued as Draft 1 (the family's
email given), settings in the register (two national rows, Kent's corrected copy of one, and a local
setting of another council), a signed-in caseworker, and posting a form with its CSRF token."""

from __future__ import annotations

import json
from datetime import date

from sqlmodel import col, select

from service.db import db
from service.models import Case, OutboxMessage, Setting
from tests.factories import LEEDS, council
from tests.integration.plan_family.plans import case_for_a_plan, planned_case, write_plan
from tests.integration.staff.helpers import csrf_of, sign_in
from tests.pages import check_page

FAMILY = "leo.family@example.com"
RIVER, OAK, ELM = 118325, 118400, 118500


def make_setting(name: str, urn: int | None, *, local_authority=None, **fields) -> Setting:
    setting = Setting(
        name=name,
        urn=urn,
        local_authority_id=council(local_authority).id if local_authority else None,
        source="local" if local_authority else "gias",
        type_name=fields.pop("type_name", "Community school"),
        town=fields.pop("town", "Maidstone"),
        **fields,
    )
    db.session.add(setting)
    db.session.commit()
    return setting


def register() -> dict[str, int]:
    """River and Oak (national), Elm (a Leeds local setting Kent cannot see)."""
    river = make_setting("River Primary School", RIVER)
    oak = make_setting("Oak Academy", OAK, type_name="Academy converter")
    elm = make_setting("Elm Special School", ELM, local_authority=LEEDS)
    return {"river": river.id, "oak": oak.id, "elm": elm.id}


def drafted(app, client=None, *, draft: bool = True, **fields) -> dict:
    """A case (Draft 1 issued unless draft=False), the register, and the caseworker signed in on client."""
    with app.app_context():
        if draft:
            case, staff, version = planned_case(email=FAMILY, **fields)
            version_id = version.id
        else:
            from tests.factories import make_staff

            staff = make_staff()
            case = case_for_a_plan(email=FAMILY, **fields)
            write_plan(case, staff)
            version_id = None
        ids = register()
        values = {"case": case.id, "staff": staff.id, "staff_email": staff.email, "version": version_id, **ids}
        staff_user = staff
    if client is not None:
        sign_in(client, app, staff_user)
    return values


def post(client, page_path: str, action: str, data: dict, **kwargs):
    return client.post(action, data={"csrf_token": csrf_of(client, page_path), **data}, **kwargs)


def settings_tab(data) -> str:
    return f"/staff/cases/{data['case']}/settings-list"


def add(client, data, **form):
    return post(client, settings_tab(data), f"{settings_tab(data)}/add", form)


def messages(app, template: str) -> list[OutboxMessage]:
    with app.app_context():
        return list(
            db.session.exec(
                select(OutboxMessage).where(col(OutboxMessage.template) == template).order_by(col(OutboxMessage.id))
            )
        )


def values_of(message: OutboxMessage) -> dict:
    return json.loads(message.personalisation)


def case_of(app, case_id: int) -> Case:
    with app.app_context():
        case = db.session.get(Case, case_id)
        db.session.expunge(case)
        return case


def errors(response) -> list[str]:
    page = check_page(response, 400)
    return [a.get_text(strip=True) for a in page.select(".govuk-error-summary a")]


TODAY = date.today
