"""A Kent case with a final plan, a caseworker signed in, and the cease and Tribunal pages' forms."""

from __future__ import annotations

from datetime import date, timedelta

from service.db import db
from service.models import Case
from tests.factories import make_case, make_staff
from tests.integration.staff.helpers import csrf_of, sign_in, url
from tests.pages import check_page

TODAY = date.today()


def dated(name: str, on: date) -> dict:
    return {f"{name}-day": str(on.day), f"{name}-month": str(on.month), f"{name}-year": str(on.year)}


def plan_case(app, *, born: date | None = None, issued_days_ago: int = 200, **fields) -> int:
    """A Kent case whose final plan was issued `issued_days_ago` (a 19-year-old unless `born`)."""
    with app.app_context():
        issued = TODAY - timedelta(days=issued_days_ago)
        case = make_case(
            stage="final_issued",
            received_on=issued - timedelta(weeks=20),
            final_issued_on=issued,
            child_date_of_birth=born or date(TODAY.year - 19, 1, 15),
            **fields,
        )
        return case.id


def signed_in(client, app, role: str = "caseworker", name: str = "Asha Patel", local_authority: str = "886"):
    with app.app_context():
        person = make_staff(role, local_authority, name=name)
    sign_in(client, app, person)
    return person


def case_row(app, case_id: int) -> Case:
    with app.app_context():
        case = db.session.get(Case, case_id)
        db.session.expunge(case)
        return case


def form_of(client, path: str) -> dict:
    """The hidden fields (csrf_token, version, review) of the page's form."""
    page = check_page(client.get(path))
    return {i["name"]: i.get("value", "") for i in page.select("form input[type=hidden]")}


def decision(decided: date, notice: date, reason: str = "2", consulted: date | None = None, **extra) -> dict:
    return {
        **dated("decision_on", decided),
        **dated("notice_sent_on", notice),
        "reason": reason,
        "reasons": "Needs met at school without a plan",
        "consulted": "y",
        **dated("consulted_on", consulted or decided),
        **extra,
    }


def decide(client, app, case_id: int, decided: date, notice: date, reason: str = "2"):
    """Fill in the decision and send it from check answers; returns the send's response."""
    path = url(app, "staff.cease_plan", case_id=case_id)
    response = client.post(path, data={**form_of(client, path), **decision(decided, notice, reason)})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    check = url(app, "staff.cease_check", case_id=case_id)
    return client.post(check, data=form_of(client, check))


__all__ = ["TODAY", "csrf_of", "url"]
