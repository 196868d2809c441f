"""What the review tests share: a Kent case with a final plan (a need, two outcomes, provision), the child's
school in the service with its SENCO, a caseworker, clients signed in as each, and the forms they post."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlmodel import col, select

from service.db import db
from service.models import AuditEvent, Case, OutboxMessage, Plan, PlanReview, PlanVersion
from tests.factories import make_case, make_organisation, make_professional, make_staff
from tests.integration.professional.helpers import sign_in_professional
from tests.integration.staff.helpers import sign_in

SENCO = "senco@river-primary.example.sch.uk"
URN = 118393


def days(n: int) -> date:
    """n days from today (negative: ago)."""
    return date.today() + timedelta(days=n)


def plan_document(reference: str = "") -> dict:
    from service.domain.ehcp import document as plan_document

    document = plan_document.empty_document(reference, "Kent")
    document = plan_document.put_item(
        document,
        "needs",
        {
            "id": "need-1",
            "area": "communication_interaction",
            "description": "Finds spoken instructions hard",
            "impact": "Misses parts of lessons",
        },
    )
    for number, statement in ((1, "Follows a two-step instruction in class"), (2, "Reads a short book aloud")):
        document = plan_document.put_item(
            document,
            "outcomes",
            {
                "id": f"outcome-{number}",
                "statement": statement,
                "measure": "Teacher observation",
                "by_when": "July 2027",
                "need_ids": ["need-1"],
            },
        )
    document = plan_document.put_item(
        document,
        "provision",
        {
            "id": "provision-1", "section": "f", "what": "Small group language sessions", "who": "Teaching assistant",
            "qualification": "", "ratio": {"staff": 1, "children": 4}, "frequency": {"times": 3, "per": "week"},
            "minutes": 20, "need_ids": ["need-1"], "outcome_ids": ["outcome-1"],
        },
    )  # fmt: skip
    document["plan"]["status"] = "final"
    return document


def final_case(local_authority: str = "886", *, issued_days_ago: int = 300, **fields) -> Case:
    """A case whose final plan was issued `issued_days_ago` days ago, with the plan's Final version."""
    case = make_case(
        local_authority,
        stage="final_issued",
        received_on=days(-issued_days_ago - 140),
        decision_to_assess_on=days(-issued_days_ago - 100),
        decision_to_issue_on=days(-issued_days_ago - 40),
        draft_served_on=days(-issued_days_ago - 30),
        final_issued_on=days(-issued_days_ago),
        child_first_name=fields.pop("child_first_name", "Ella"),
        child_last_name=fields.pop("child_last_name", "Stone"),
        current_setting_urn=fields.pop("current_setting_urn", URN),
        **fields,
    )
    document = plan_document(case.reference)
    plan = Plan(
        case_id=case.id,
        local_authority_id=case.local_authority_id,
        template_id=document["template"]["id"],
        template_version=document["template"]["version"],
        working=json.dumps(document),
    )
    db.session.add(plan)
    db.session.flush()
    db.session.add(
        PlanVersion(
            plan_id=plan.id,
            case_id=case.id,
            local_authority_id=case.local_authority_id,
            number=1,
            status="final",
            label="Final",
            document=json.dumps(document),
            issued_on=case.final_issued_on,
        )
    )
    db.session.commit()
    return case


def world(app, **case_fields) -> dict:
    with app.app_context():
        caseworker = make_staff("caseworker")
        case = final_case(assigned_caseworker_id=caseworker.id, **case_fields)
        school = make_organisation(name="River Primary School", urn=URN)
        senco = make_professional(school, email=SENCO, name="Priya Shah", role="SENCO")
        return {"case": case.id, "school": school.id, "caseworker": caseworker, "senco": senco.id}


def staff_client(app, user):
    client = app.test_client()
    sign_in(client, app, user)
    return client


def professional_client(app, email: str = SENCO):
    client = app.test_client()
    assert sign_in_professional(client, app, email).status_code == 302
    return client


def post_form(client, path: str, data: dict, *, csrf_from: str | None = None):
    """Post `data` with the CSRF token (and, unless given, the version) of the form at `csrf_from` or `path`."""
    from tests.pages import check_page

    page = check_page(client.get(csrf_from or path))
    fields = {"csrf_token": page.find("input", attrs={"name": "csrf_token"})["value"]}
    version = page.find("input", attrs={"name": "version"})
    if version is not None and "version" not in data:
        fields["version"] = version["value"]
    return client.post(path, data={**fields, **data})


def date_fields(prefix: str, day: date | None) -> dict:
    if day is None:
        return {f"{prefix}-day": "", f"{prefix}-month": "", f"{prefix}-year": ""}
    return {f"{prefix}-day": str(day.day), f"{prefix}-month": str(day.month), f"{prefix}-year": str(day.year)}


def meeting_data(on: date, sent: date | None, **extra) -> dict:
    return {
        **date_fields("on", on),
        **date_fields("invitations_sent_on", sent),
        "time": "09:30",
        "place": "The school's meeting room",
        "invited": ["family", "setting", "council"] if sent else [],
        "other": "",
        "advice_asked": "The speech and language therapist's latest report",
        **extra,
    }


def start(client, case_id: int, **data):
    return post_form(
        client, f"/staff/cases/{case_id}/reviews/start", {"arranged_by": "setting", "organisation_id": "", **data}
    )


def review_of(app, case_id: int) -> PlanReview | None:
    with app.app_context():
        return db.session.exec(
            select(PlanReview).where(PlanReview.case_id == case_id).order_by(col(PlanReview.id).desc())
        ).first()


def case_of(app, case_id: int) -> Case:
    with app.app_context():
        return db.session.get(Case, case_id)


def messages(app, template: str) -> list[tuple[str, dict]]:
    with app.app_context():
        rows = db.session.exec(
            select(OutboxMessage).where(OutboxMessage.template == template).order_by(col(OutboxMessage.created_at))
        ).all()
        return [(row.recipient, json.loads(row.personalisation)) for row in rows]


def audit_actions(app, case_id: int) -> list[AuditEvent]:
    with app.app_context():
        return list(
            db.session.exec(select(AuditEvent).where(AuditEvent.case_id == case_id).order_by(col(AuditEvent.at)))
        )


def write_report(client, base: str) -> None:
    """Every part of the report through its pages: the meeting, views, progress on both outcomes, one
    change to section F's provision, and the recommendation to amend."""
    assert post_form(client, f"{base}/report/meeting", {**date_fields("held_on", date.today()), "attended": "Priya Shah, SENCO\nAnna Stone, Parent"}).status_code == 302  # fmt: skip
    assert post_form(client, f"{base}/report/views", {"child": "I like reading now", "family": "Ella is happier", "setting": ""}).status_code == 302  # fmt: skip
    for number in (1, 2):
        path = f"{base}/report/outcomes/outcome-{number}"
        assert post_form(client, path, {"progress": "on_track", "evidence": "Seen in class"}).status_code == 302
    change = {"part": "f:provision-1", "proposed": "Sessions 4 times a week", "reason": "Progress is slower in reading"}
    assert post_form(client, f"{base}/report/changes/new", change, csrf_from=f"{base}/report/changes/new").status_code == 302  # fmt: skip
    assert post_form(client, f"{base}/report/recommendation", {"recommendation": "amend", "notes": ""}).status_code == 302  # fmt: skip
