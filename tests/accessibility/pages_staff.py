"""Staff pages for the sweep: sign-in (normal and error), code, caseload (full, filtered, empty),
the case record, recording a step (normal and error), and the 403 page."""

from __future__ import annotations

import json
from datetime import date

from tests.accessibility.registry import SweepPage


def _seed(app) -> dict:
    from sqlmodel import select

    from service.db import db
    from service.demo import seed_demo
    from service.models import Case

    seed_demo(date.today())
    ids = {c.child_first_name: c.id for c in db.session.exec(select(Case))}
    return {"case": ids["Oliver"], "draft_case": ids["Leo"]}


def _sign_in_as(email: str):
    def sign_in(page, live, data) -> None:
        from sqlmodel import select

        from service.db import db
        from service.models import OutboxMessage

        page.goto(live("/staff/sign-in"))
        page.get_by_label("Email address").fill(email)
        page.locator("#password").fill("demo password 2026")
        page.get_by_role("button", name="Continue").click()
        with live.app.app_context():
            message = db.session.exec(
                select(OutboxMessage).where(OutboxMessage.recipient == email).order_by(OutboxMessage.created_at.desc())
            ).first()
            code = json.loads(message.personalisation)["code"]
        page.get_by_label("Security code").fill(code)
        page.get_by_role("button", name="Continue").click()

    return sign_in


def _password_step(page, live, data) -> None:
    page.goto(live("/staff/sign-in"))
    page.get_by_label("Email address").fill("kent.caseworker@example.gov.uk")
    page.locator("#password").fill("demo password 2026")
    page.get_by_role("button", name="Continue").click()


CASEWORKER = _sign_in_as("kent.caseworker@example.gov.uk")
READ_ONLY = _sign_in_as("kent.readonly@example.gov.uk")


def _save(page) -> None:
    page.get_by_role("button", name="Save").click()


PAGES = [
    SweepPage("staff/sign-in", "/staff/sign-in"),
    SweepPage(
        "staff/sign-in/error",
        "/staff/sign-in",
        actions=lambda page: page.get_by_role("button", name="Continue").click(),
    ),
    SweepPage("staff/code", "/staff/sign-in/code", data=_seed, sign_in=_password_step),
    SweepPage(
        "staff/code/error",
        "/staff/sign-in/code",
        data=_seed,
        sign_in=_password_step,
        actions=lambda page: page.get_by_role("button", name="Continue").click(),
    ),
    SweepPage("staff/signed-out", "/staff/signed-out"),
    SweepPage("staff/caseload", "/staff/cases", data=_seed, sign_in=CASEWORKER),
    SweepPage("staff/caseload/filtered", "/staff/cases?overdue=yes&sort=name", data=_seed, sign_in=CASEWORKER),
    SweepPage("staff/caseload/empty", "/staff/cases?q=nobody", data=_seed, sign_in=CASEWORKER),
    SweepPage("staff/case", "/staff/cases/{case}", data=_seed, sign_in=CASEWORKER),
    SweepPage("staff/case/draft-served", "/staff/cases/{draft_case}", data=_seed, sign_in=CASEWORKER),
    SweepPage("staff/record-step", "/staff/cases/{case}/record-step", data=_seed, sign_in=CASEWORKER),
    SweepPage(
        "staff/record-step/error", "/staff/cases/{case}/record-step", data=_seed, sign_in=CASEWORKER, actions=_save
    ),
    SweepPage("staff/forbidden", "/staff/cases/{case}/record-step", data=_seed, sign_in=READ_ONLY, status=403),
]

PAGES += [
    SweepPage("staff/operations", "/staff/operations", data=_seed, sign_in=_sign_in_as("kent.manager@example.gov.uk")),
]
