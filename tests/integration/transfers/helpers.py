"""What the transfer tests share: a Kent case with a final plan (Draft 1 and the Final issued), a disagreement
with an agreed action, a review and a Tribunal order on it; Kent's and Surrey's caseworkers; posting a form
with its CSRF token and the version it was opened at."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import col, select

from service.db import db
from service.models import (
    AgreedActionRecord,
    AuditEvent,
    Case,
    Disagreement,
    LaTransfer,
    OutboxMessage,
    PlanReview,
    TribunalOrderRecord,
)
from tests.factories import KENT, council, make_staff
from tests.integration.plan_family.plans import planned_case
from tests.pages import check_page

SURREY = "936"
FAMILY = "ada.family@example.com"
SURREY_TEAM = "send@surrey.example.gov.uk"


def final_case(app, *, scoped_rows: bool = False, **fields) -> dict:
    """A Kent case whose final plan was issued (when scoped_rows, with a row of every kind scoped by council:
    their duties come before the transfer's); the Kent caseworker assigned; a Surrey caseworker; Surrey's
    SEND team inbox set."""
    with app.app_context():
        case, kent, _ = planned_case(
            email=FAMILY, final=True, child_first_name="Ada", child_last_name="Stone", **fields
        )
        surrey = make_staff(local_authority=SURREY)
        kent_la = council(KENT).id
        if scoped_rows:
            _scoped_rows(case.id, kent_la)
        row = db.session.get(Case, case.id)
        row.assigned_caseworker_id = kent.id
        council(SURREY).send_team_email = SURREY_TEAM
        db.session.commit()
        return {"case": case.id, "kent": kent, "surrey": surrey, "surrey_id": council(SURREY).id, "kent_id": kent_la}


def _scoped_rows(case_id: int, kent_la: int) -> None:
    """A disagreement with an agreed action, a review and a Tribunal order, all Kent's."""
    disagreement = Disagreement(
        case_id=case_id,
        local_authority_id=kent_la,
        decision_kind="plan_contents",
        decision_notice_on=date.today() - timedelta(days=10),
        sections="F",
        wants_mediation=True,
        contacted_on=date.today() - timedelta(days=5),
    )
    db.session.add(disagreement)
    db.session.flush()
    db.session.add(
        AgreedActionRecord(
            disagreement_id=disagreement.id,
            local_authority_id=kent_la,
            description="Add speech therapy",
            kind="not_appealable",
            agreed_on=date.today(),
        )
    )
    db.session.add(PlanReview(case_id=case_id, local_authority_id=kent_la))
    db.session.add(
        TribunalOrderRecord(case_id=case_id, local_authority_id=kent_la, kind="amend", ordered_on=date.today())
    )


def page(case_id: int, part: str = "") -> str:
    return f"/staff/cases/{case_id}/transfer" + (f"/{part}" if part else "")


def form_values(client, path: str) -> dict:
    """The CSRF token and the hidden fields (version, transfer) of the form on the page."""
    found = check_page(client.get(path))
    return {i["name"]: i.get("value", "") for i in found.select("form[method=post] input[type=hidden]")}


def post(client, path: str, opened: dict | None = None, **data):
    values = opened if opened is not None else form_values(client, path)
    return client.post(path, data={**values, **data})


def date_parts(name: str, on: date) -> dict:
    return {f"{name}-day": str(on.day), f"{name}-month": str(on.month), f"{name}-year": str(on.year)}


def record_move(client, case_id: int, to_id: int, aware_on: date, move_on: date | None = None, opened=None):
    data = {"to": str(to_id), **date_parts("aware_on", aware_on)}
    if move_on:
        data.update(date_parts("move_on", move_on))
    return post(client, page(case_id, "new"), opened, **data)


def transfer_now(client, case_id: int, on: date, opened=None):
    return post(client, page(case_id, "now"), opened, **date_parts("on", on))


def errors(response, status: int = 400) -> list[str]:
    found = check_page(response, status)
    return [a.get_text(strip=True) for a in found.select(".govuk-error-summary a")]


def transfers(app) -> list[LaTransfer]:
    with app.app_context():
        rows = list(db.session.exec(select(LaTransfer).order_by(col(LaTransfer.id))))
        for row in rows:
            db.session.expunge(row)
        return rows


def case_of(app, case_id: int) -> Case:
    with app.app_context():
        case = db.session.get(Case, case_id)
        db.session.expunge(case)
        return case


def audit_actions(app, case_id: int, local_authority_id: int) -> list[str]:
    with app.app_context():
        query = select(AuditEvent.action).where(
            col(AuditEvent.case_id) == case_id, col(AuditEvent.local_authority_id) == local_authority_id
        )
        return list(db.session.exec(query.order_by(col(AuditEvent.id))))


def messages(app, template: str) -> list[OutboxMessage]:
    with app.app_context():
        query = select(OutboxMessage).where(col(OutboxMessage.template) == template)
        return list(db.session.exec(query.order_by(col(OutboxMessage.created_at))))
