"""What the advice tests share: a council's case being assessed, the school asked for advice and its
SENCO, a caseworker signed in on one client and the SENCO on another, and the forms they post."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlmodel import col, select

from service.db import db
from service.models import AdviceRequest, OutboxMessage
from tests.factories import make_case, make_organisation, make_professional, make_staff
from tests.integration.professional.helpers import sign_in_professional
from tests.integration.staff.helpers import csrf_of, sign_in
from tests.pages import check_page

SENCO = "senco@river-primary.example.sch.uk"

NEED = {
    "area": "communication_interaction",
    "description": "Finds it hard to follow spoken instructions",
    "impact": "Misses parts of lessons",
}
OUTCOME = {
    "statement": "Follows a two-step instruction in class",
    "measure": "Observed by the class teacher",
    "by_when": "End of year 3",
}
PROVISION = {
    "section": "f",
    "what": "Small group language sessions using visual supports",
    "who": "Teaching assistant",
    "qualification": "Trained in Elklan",
    "ratio_staff": "1",
    "ratio_children": "4",
    "times": "3",
    "per": "week",
    "minutes": "20",
}


def days_ago(n: int) -> date:
    return date.today() - timedelta(days=n)


def world(app, *, members: bool = True, **case_fields) -> dict:
    with app.app_context():
        caseworker = make_staff("caseworker")
        values = {
            "received_on": days_ago(84),
            "decision_to_assess_on": days_ago(40),
            "child_first_name": "Ella",
            "child_last_name": "Stone",
            "assigned_caseworker_id": caseworker.id,
        }
        case = make_case(stage="assessing", **{**values, **case_fields})
        school = make_organisation(name="River Primary School", urn=118393)
        senco = make_professional(school, email=SENCO, name="Sam Patel", role="SENCO") if members else None
        return {"case": case, "school": school, "caseworker": caseworker, "senco": senco}


def staff_client(app, user):
    client = app.test_client()
    sign_in(client, app, user)
    return client


def professional_client(app, email: str = SENCO):
    client = app.test_client()
    response = sign_in_professional(client, app, email)
    assert response.status_code == 302
    return client


def case_version(app, case_id: int) -> int:
    from service.models import Case

    with app.app_context():
        return db.session.get(Case, case_id).version


def ask(client, app, case_id: int, organisation_id, asked: str = "What Ella needs to take part in lessons", **extra):
    path = f"/staff/cases/{case_id}/advice/new"
    data = {
        "csrf_token": csrf_of(client, path),
        "version": case_version(app, case_id),
        "kind": "setting",
        "where": "service",
        "organisation_id": str(organisation_id),
        "asked": asked,
        **extra,
    }
    return client.post(path, data=data)


def advice_row(app, case_id: int) -> AdviceRequest:
    with app.app_context():
        return db.session.exec(
            select(AdviceRequest).where(AdviceRequest.case_id == case_id).order_by(col(AdviceRequest.id).desc())
        ).first()


def messages(app, template: str) -> list[tuple[str, dict]]:
    with app.app_context():
        rows = db.session.exec(
            select(OutboxMessage).where(OutboxMessage.template == template).order_by(col(OutboxMessage.id))
        ).all()
        return [(row.recipient, json.loads(row.personalisation)) for row in rows]


def post_form(client, path: str, data: dict, **kwargs):
    return client.post(path, data={"csrf_token": csrf_of(client, path), **data}, **kwargs)


def write_advice(client, advice_id: int) -> None:
    """A need, an outcome meeting it and provision for both, through the professional's pages."""
    base = f"/professional/advice/{advice_id}"
    assert post_form(client, f"{base}/needs/new", NEED).status_code == 302
    assert post_form(client, f"{base}/outcomes/new", {**OUTCOME, "need_ids": "need-1"}).status_code == 302
    response = post_form(
        client, f"{base}/provision/new", {**PROVISION, "need_ids": "need-1", "outcome_ids": "outcome-1"}
    )
    assert response.status_code == 302, check_page(client.get(f"{base}/provision/new"))


def send(client, advice_id: int):
    return post_form(client, f"/professional/advice/{advice_id}/check", {})
