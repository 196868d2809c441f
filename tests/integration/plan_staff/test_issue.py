"""Issuing: the draft (draft served on the statutory clock, the family told the last day to comment,
problems issued only with a reason), later drafts, the final plan (only with a setting named; the final
step recorded with appeal rights) and amendments (regulation 22)."""

import json
from datetime import date

from sqlmodel import select

from service.data.facts import assessment_facts
from service.domain.clock import MilestoneState, assessment_timeline, draft_comment_last_day, format_govuk_date
from service.models import AuditEvent, Case, CaseEvent, OutboxMessage, PlanVersion
from tests.integration.plan_staff.helpers import (
    date_fields,
    days_ago,
    issuing_case,
    post,
    section,
    signed_in,
    start,
)
from tests.integration.staff.helpers import url
from tests.pages import check_page


def _plan(client, app) -> int:
    signed_in(client, app, name="Asha Patel")
    case_id = issuing_case(app, decision_to_issue_on=days_ago(30))
    start(client, app, case_id)
    return case_id


def _issue(app, case_id, kind):
    return url(app, "staff.plan_issue", case_id=case_id, kind=kind)


def _errors(page) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(".govuk-error-summary a")]


def _db():
    from service.db import db

    return db


def _messages(app, case_id) -> list[dict]:
    with app.app_context():
        rows = _db().session.exec(
            select(OutboxMessage).where(OutboxMessage.case_id == case_id).order_by(OutboxMessage.created_at)
        )
        return [json.loads(row.personalisation) for row in rows]


def _issue_draft(client, app, case_id, on):
    data = {**date_fields("on", on), "override_reason": "The health advice is late; the draft shows what we know"}
    response = post(client, _issue(app, case_id, "draft"), data)
    assert response.status_code == 302, response.status_code


def test_the_draft_shows_its_problems_needs_a_reason_for_them_and_records_draft_served(client, app):
    case_id = _plan(client, app)
    path = _issue(app, case_id, "draft")
    page = check_page(client.get(path))
    assert "problems to fix or explain" in page.get_text()
    fix = next(a for a in page.find_all("a") if "Communication and interaction: add a need" in a.get_text())
    assert fix["href"] == section(app, case_id, "b")
    page = check_page(post(client, path, date_fields("on", date(2099, 1, 1))), status=400)
    assert _errors(page) == [
        "Date of issue must be today or in the past",
        "Enter why you are issuing the plan with these problems",
    ]
    page = check_page(post(client, path, date_fields("on", days_ago(60))), status=400)
    assert _errors(page)[0].startswith("The date must be on or after the decision to issue a plan")
    on = days_ago(20)
    _issue_draft(client, app, case_id, on)
    with app.app_context():
        case = _db().session.get(Case, case_id)
        assert case.draft_served_on == on and case.stage == "draft_issued"
        version = _db().session.exec(select(PlanVersion).where(PlanVersion.case_id == case_id)).one()
        assert (version.label, version.status, version.number) == ("Draft 1", "draft", 1)
        assert version.override_reason.startswith("The health advice is late")
        assert json.loads(version.issued_with_flags)
        document = json.loads(version.document)
        assert document["placement"] == {"name": "", "urn": "", "type": "", "attendance": ""}
        assert document["plan"]["status"] == "draft" and document["sign_off"]["officer"] == ""
        actions = [e.action for e in _db().session.exec(select(AuditEvent).where(AuditEvent.case_id == case_id))]
        assert "plan.issue_draft" in actions and "case.serve_draft" in actions
    last_day = format_govuk_date(draft_comment_last_day(on))
    assert any(f"The last day to comment is {last_day}" in m.get("what_next", "") for m in _messages(app, case_id))
    # Issued: the plan page lists it and offers another draft or the final plan.
    page = check_page(client.get(url(app, "staff.plan", case_id=case_id)))
    assert page.find("a", string="Issue another draft") and page.find("a", string="Issue the final plan")


def test_a_later_draft_is_draft_2_and_does_not_move_the_clock(client, app):
    case_id = _plan(client, app)
    _issue_draft(client, app, case_id, days_ago(20))
    page = check_page(
        post(client, _issue(app, case_id, "draft"), {**date_fields("on", days_ago(25)), "override_reason": "x"}),
        status=400,
    )
    assert _errors(page)[0].startswith("The date must be on or after the day Draft 1 was issued")
    _issue_draft(client, app, case_id, days_ago(18))
    with app.app_context():
        labels = [
            v.label
            for v in _db().session.exec(
                select(PlanVersion).where(PlanVersion.case_id == case_id).order_by(PlanVersion.number)
            )
        ]
        assert labels == ["Draft 1", "Draft 2"]
        assert _db().session.get(Case, case_id).draft_served_on == days_ago(20)


def test_the_final_plan_needs_a_draft_first_and_a_named_setting(client, app):
    case_id = _plan(client, app)
    assert client.get(_issue(app, case_id, "final")).status_code == 404  # no draft yet
    _issue_draft(client, app, case_id, days_ago(20))
    path = _issue(app, case_id, "final")
    page = check_page(client.get(path))
    assert "You cannot issue the plan yet" in page.get_text()
    assert page.find("a", string="Enter the name or the type of the school or other setting in section I")
    assert not page.find("input", attrs={"name": "on-day"})
    blocked = post(client, path, {**date_fields("on", date.today()), "override_reason": "x"})
    assert blocked.status_code == 400
    with app.app_context():
        assert len(_db().session.exec(select(PlanVersion).where(PlanVersion.case_id == case_id)).all()) == 1
    placement = {"name": "Oak Primary School", "urn": "118765", "type": "Mainstream primary", "attendance": "day"}
    assert post(client, section(app, case_id, "i"), placement).status_code == 302
    assert (
        post(client, path, {**date_fields("on", date.today()), "override_reason": "Agreed at the meeting"}).status_code
        == 302
    )
    with app.app_context():
        case = _db().session.get(Case, case_id)
        assert case.final_issued_on == date.today() and case.stage == "final_issued"
        assert case.named_setting == "Oak Primary School"
        final_plan = next(m for m in assessment_timeline(assessment_facts(case), date.today()) if m.key == "final_plan")
        assert final_plan.state == MilestoneState.MET  # 12 weeks after the request: the 20-week duty met
        final = (
            _db().session.exec(select(PlanVersion).where(PlanVersion.case_id == case_id, PlanVersion.number == 2)).one()
        )
        document = json.loads(final.document)
        assert final.label == "Final" and document["placement"]["name"] == "Oak Primary School"
        assert document["sign_off"] == {"officer": "Asha Patel", "date": date.today().isoformat()}
        kinds = [e.kind for e in _db().session.exec(select(CaseEvent).where(CaseEvent.case_id == case_id))]
        assert "final_issued" in kinds or any("final" in kind for kind in kinds)
    final_message = next(m for m in _messages(app, case_id) if "final EHC plan" in m["what_changed"])
    assert "You can appeal to the SEND Tribunal" in final_message["what_next"]
    # After the final: no more drafts, and the amendment is offered.
    assert client.get(_issue(app, case_id, "draft")).status_code == 404
    page = check_page(client.get(url(app, "staff.plan", case_id=case_id)))
    assert page.find("a", string="Amend the plan (regulation 22)")


def test_the_final_plan_waits_for_the_familys_15_days(client, app):
    case_id = _plan(client, app)
    _issue_draft(client, app, case_id, days_ago(3))
    assert post(client, section(app, case_id, "i"), {"type": "Special school"}).status_code == 302
    page = check_page(
        post(client, _issue(app, case_id, "final"), {**date_fields("on", date.today()), "override_reason": "x"}),
        status=400,
    )
    assert _errors(page)[0].startswith("The family has until")


def test_an_amended_plan_needs_its_reason_and_is_amended_1(client, app):
    case_id = _plan(client, app)
    _issue_draft(client, app, case_id, days_ago(20))
    assert post(client, section(app, case_id, "i"), {"name": "Oak Primary School"}).status_code == 302
    assert (
        post(
            client, _issue(app, case_id, "final"), {**date_fields("on", days_ago(2)), "override_reason": "x"}
        ).status_code
        == 302
    )
    assert (
        post(client, section(app, case_id, "a2"), {"interests": "Swimming"}).status_code == 302
    )  # the working copy stays editable
    path = _issue(app, case_id, "amend")
    page = check_page(post(client, path, {**date_fields("on", date.today()), "override_reason": "x"}), status=400)
    assert _errors(page) == ["Enter why the plan is being amended"]
    data = {
        **date_fields("on", date.today()),
        "override_reason": "x",
        "amendment_reason": "Annual review: new interests",
    }
    assert post(client, path, data).status_code == 302
    with app.app_context():
        version = (
            _db().session.exec(select(PlanVersion).where(PlanVersion.case_id == case_id, PlanVersion.number == 3)).one()
        )
        document = json.loads(version.document)
        assert (version.label, version.status) == ("Amended 1", "final")
        assert document["plan"]["amendment_reason"] == "Annual review: new interests"
        assert document["section_a"]["interests"] == "Swimming"
        assert _db().session.get(Case, case_id).final_issued_on == days_ago(2)


def test_a_plan_changed_since_the_issue_page_was_opened_is_not_issued(client, app):
    case_id = _plan(client, app)
    path = _issue(app, case_id, "draft")
    old = check_page(client.get(path)).find("input", attrs={"name": "opened_version"})["value"]
    assert post(client, section(app, case_id, "a2"), {"interests": "Trains"}).status_code == 302
    page = check_page(
        post(client, path, {**date_fields("on", days_ago(1)), "override_reason": "x"}, opened_at=old), status=409
    )
    assert _errors(page)[0].startswith("The plan changed since you opened this page")
    assert "Section A2 changed" in page.select_one("#changes").get_text()


def test_an_unknown_kind_of_issue_is_not_found(client, app):
    case_id = _plan(client, app)
    assert client.get(_issue(app, case_id, "final-final")).status_code == 404
