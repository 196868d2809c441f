"""Advice asked in the service, for the sweep: the staff request form with the organisation choice
(normal and error), the staff advice page (received and not yet), the council's lateness list (normal,
filtered to nothing and empty); the professional's advice page (empty and with items), each add form
(normal and error), the summary and report pages, the remove page, the check page (with problems and
ready to send) and the confirmation."""

from __future__ import annotations

import json
from datetime import date, timedelta

from tests.accessibility.pages_staff import CASEWORKER, _seed
from tests.accessibility.registry import SweepPage

SENCO = "senco@river-primary.example.sch.uk"
NEED = {
    "id": "need-1",
    "area": "communication_interaction",
    "description": "Isla finds it hard to follow spoken instructions in a busy classroom.",
    "impact": "She misses parts of lessons and relies on copying other children.",
}
OUTCOME = {
    "id": "outcome-1",
    "statement": "Isla follows a two-step instruction in class without an adult repeating it",
    "measure": "Observed by the class teacher each half term",
    "by_when": "July 2027",
    "need_ids": ["need-1"],
}
PROVISION = {
    "id": "provision-1",
    "section": "f",
    "what": "Small group language sessions using visual supports",
    "who": "Teaching assistant",
    "qualification": "Trained in Elklan",
    "ratio": {"staff": 1, "children": 4},
    "frequency": {"times": 3, "per": "week"},
    "minutes": 20,
    "need_ids": ["need-1"],
    "outcome_ids": ["outcome-1"],
}


def school_and_senco():
    """The demo school and its SENCO (made here until the demo seeds them)."""
    from sqlmodel import select

    from service.db import db
    from service.models import Organisation, Professional
    from tests.factories import make_organisation, make_professional

    school = db.session.exec(select(Organisation).where(Organisation.urn == 118393)).first()
    school = school or make_organisation(name="River Primary School", urn=118393)
    senco = db.session.exec(select(Professional).where(Professional.email == SENCO)).first()
    senco = senco or make_professional(school, email=SENCO, name="Sam Patel", role="SENCO")
    return school, senco


def _advice(case_id: int, school, *, draft=None, sent=None, days_ago: int = 0) -> int:
    from service.db import db
    from service.models import AdviceRequest, utcnow

    asked_on = date.today() - timedelta(days=days_ago)
    row = AdviceRequest(
        case_id=case_id,
        kind="setting",
        requested_on=asked_on,
        due_on=asked_on + timedelta(weeks=6),
        organisation_id=school.id,
        adviser=school.name,
        asked="Educational advice: what Isla needs to take part in lessons, and the support that works for her.",
        draft_advice=json.dumps(draft) if draft else "",
        advice=json.dumps(sent) if sent else "",
        received_on=date.today() if sent else None,
        submitted_at=utcnow() if sent else None,
    )
    db.session.add(row)
    db.session.commit()
    return row.id


def _document(*, minutes: int | None = 20) -> dict:
    from service.domain.ehcp import advice as advice_document

    document = advice_document.empty_advice()
    document["summary"] = "Isla is settled and makes good progress with visual supports."
    for collection, values in (
        ("needs", NEED),
        ("outcomes", OUTCOME),
        ("provision", {**PROVISION, "minutes": minutes}),
    ):
        document = advice_document.put_item(document, collection, values)
    return document


def _seed_advice(app) -> dict:
    """The demo data, the school and its SENCO; on Isla's case advice asked and not begun, advice with a
    need, an outcome and provision written, and advice with provision missing how long; on Leo's case
    (which has a plan) advice sent."""
    from service.domain.ehcp import advice as advice_document

    data = _seed(app)
    school, senco = school_and_senco()
    sent = advice_document.signed(
        _document(), organisation=school.name, kind=school.kind, adviser=senco.name, role=senco.role, on=date.today()
    )
    return {
        **data,
        "empty": _advice(data["assessing_case"], school),
        # asked on different days, as a council would: the list tells them apart by the day asked
        "written": _advice(data["assessing_case"], school, draft=_document(), days_ago=1),
        "problems": _advice(data["assessing_case"], school, draft=_document(minutes=None), days_ago=2),
        "sent": _advice(data["draft_case"], school, sent=sent, days_ago=10),
    }


def _professional(page, live, data) -> None:
    from sqlmodel import select

    from service.db import db
    from service.models import OutboxMessage

    page.goto(live("/professional/sign-in"))
    page.get_by_label("Email address").fill(SENCO)
    page.get_by_role("button", name="Continue").click()
    with live.app.app_context():
        message = db.session.exec(
            select(OutboxMessage)
            .where(OutboxMessage.recipient == SENCO, OutboxMessage.template == "professional_sign_in_code")
            .order_by(OutboxMessage.created_at.desc())
        ).first()
        code = json.loads(message.personalisation)["code"]
    page.get_by_label("Security code").fill(code)
    page.get_by_role("button", name="Continue").click()


def _press(name: str):
    return lambda page: page.get_by_role("button", name=name, exact=True).click()


def _ask_without_choosing(page) -> None:
    page.get_by_role("radio", name="An organisation that uses this service").check()
    page.get_by_role("button", name="Save").click()


PRO = "/professional/advice"
STAFF_CASE = "/staff/cases/{draft_case}/advice"

PAGES = [
    SweepPage(
        "advice/staff/request", "/staff/cases/{assessing_case}/advice/new", data=_seed_advice, sign_in=CASEWORKER
    ),
    SweepPage(
        "advice/staff/request/organisation-error",
        "/staff/cases/{assessing_case}/advice/new",
        data=_seed_advice,
        sign_in=CASEWORKER,
        actions=_ask_without_choosing,
    ),
    SweepPage("advice/staff/page/received", STAFF_CASE + "/{sent}", data=_seed_advice, sign_in=CASEWORKER),
    SweepPage(
        "advice/staff/page/not-yet",
        "/staff/cases/{assessing_case}/advice/{empty}",
        data=_seed_advice,
        sign_in=CASEWORKER,
    ),
    SweepPage("advice/staff/list", "/staff/advice", data=_seed_advice, sign_in=CASEWORKER),
    SweepPage("advice/staff/list/filtered-empty", "/staff/advice?overdue=yes", data=_seed_advice, sign_in=CASEWORKER),
    SweepPage("advice/staff/list/empty", "/staff/advice", data=_seed, sign_in=CASEWORKER),
    SweepPage("advice/professional/empty", PRO + "/{empty}", data=_seed_advice, sign_in=_professional),
    SweepPage("advice/professional/with-items", PRO + "/{written}", data=_seed_advice, sign_in=_professional),
    SweepPage("advice/professional/need", PRO + "/{written}/needs/new", data=_seed_advice, sign_in=_professional),
    SweepPage(
        "advice/professional/need/error",
        PRO + "/{written}/needs/new",
        data=_seed_advice,
        sign_in=_professional,
        actions=_press("Save"),
    ),
    SweepPage("advice/professional/outcome", PRO + "/{written}/outcomes/new", data=_seed_advice, sign_in=_professional),
    SweepPage(
        "advice/professional/outcome/error",
        PRO + "/{written}/outcomes/new",
        data=_seed_advice,
        sign_in=_professional,
        actions=_press("Save"),
    ),
    SweepPage(
        "advice/professional/provision", PRO + "/{written}/provision/new", data=_seed_advice, sign_in=_professional
    ),
    SweepPage(
        "advice/professional/provision/change",
        PRO + "/{written}/provision/provision-1",
        data=_seed_advice,
        sign_in=_professional,
    ),
    SweepPage(
        "advice/professional/provision/error",
        PRO + "/{written}/provision/new",
        data=_seed_advice,
        sign_in=_professional,
        actions=_press("Save"),
    ),
    SweepPage(
        "advice/professional/remove", PRO + "/{written}/needs/need-1/remove", data=_seed_advice, sign_in=_professional
    ),
    SweepPage("advice/professional/summary", PRO + "/{written}/summary", data=_seed_advice, sign_in=_professional),
    SweepPage("advice/professional/reports", PRO + "/{written}/reports", data=_seed_advice, sign_in=_professional),
    SweepPage(
        "advice/professional/reports/error",
        PRO + "/{written}/reports",
        data=_seed_advice,
        sign_in=_professional,
        actions=_press("Upload"),
    ),
    SweepPage("advice/professional/check", PRO + "/{written}/check", data=_seed_advice, sign_in=_professional),
    SweepPage(
        "advice/professional/check/problems", PRO + "/{problems}/check", data=_seed_advice, sign_in=_professional
    ),
    SweepPage("advice/professional/sent", PRO + "/{sent}/sent", data=_seed_advice, sign_in=_professional),
    SweepPage("advice/professional/sent/read-only", PRO + "/{sent}", data=_seed_advice, sign_in=_professional),
]
