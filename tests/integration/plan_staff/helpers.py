"""What the plan tests share: a case the council decided to issue a plan for, signed-in staff, a started
plan, and posting a plan form with its CSRF token and the version it was opened at."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlmodel import select

from service.models import Plan
from tests.factories import make_case, make_staff
from tests.integration.staff.helpers import sign_in, url
from tests.pages import check_page


def days_ago(n: int) -> date:
    return date.today() - timedelta(days=n)


def issuing_case(app, **fields) -> int:
    """A case being assessed, received 12 weeks ago, that the council decided to issue a plan for, with
    advice asked of an educational psychologist (received) and of health (not yet)."""
    with app.app_context():
        values = {
            "received_on": days_ago(84),
            "decision_to_assess_on": days_ago(40),
            "decided_to_issue": True,
            "decision_to_issue_on": days_ago(7),
            "advice": (("educational_psychology", days_ago(39), days_ago(20)), ("health", days_ago(39))),
            "child_first_name": "Isla",
            "child_last_name": "Khan",
        }
        case = make_case(stage="assessing", **{**values, **fields})
        return case.id


def signed_in(client, app, role: str = "caseworker", **fields):
    with app.app_context():
        user = make_staff(role, **fields)
    sign_in(client, app, user)
    return user


def form_of(client, path: str) -> dict:
    """The CSRF token and opened version a page's form carries."""
    page = check_page(client.get(path))
    values = {"csrf_token": page.find("input", attrs={"name": "csrf_token"})["value"]}
    opened = page.find("input", attrs={"name": "opened_version"})
    if opened is not None:
        values["opened_version"] = opened["value"]
    return values


def post(client, path: str, data: dict, *, opened_at: str | None = None, **kwargs):
    """Post `data` with the form's token (and the version the form was opened at, unless given)."""
    values = form_of(client, path)
    if opened_at is not None:
        values["opened_version"] = opened_at
    return client.post(path, data={**values, **data}, **kwargs)


def start(client, app, case_id: int) -> None:
    path = url(app, "staff.plan", case_id=case_id)
    token = form_of(client, path)["csrf_token"]
    response = client.post(url(app, "staff.start_plan", case_id=case_id), data={"csrf_token": token})
    assert response.status_code == 302


def working(app, case_id: int) -> dict:
    from service.db import db

    with app.app_context():
        plan = db.session.exec(select(Plan).where(Plan.case_id == case_id)).one()
        return json.loads(plan.working)


def section(app, case_id: int, key: str) -> str:
    return url(app, "staff.plan_section", case_id=case_id, key=key)


def item(app, case_id: int, key: str, item_id: str | None = None) -> str:
    if item_id is None:
        return url(app, "staff.plan_item", case_id=case_id, key=key)
    return url(app, "staff.plan_item", case_id=case_id, key=key, item_id=item_id)


def date_fields(prefix: str, day: date) -> dict:
    return {f"{prefix}-day": day.day, f"{prefix}-month": day.month, f"{prefix}-year": day.year}


PROVISION = {
    "what": "Speech and language therapy on turn-taking and narrative skills",
    "who": "Speech and language therapist",
    "qualification": "HCPC registered",
    "ratio_staff": "1",
    "ratio_children": "1",
    "times": "2",
    "per": "week",
    "minutes": "30",
}
