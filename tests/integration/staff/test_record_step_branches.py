"""Recording a step is one page per decision: choose the decision, then a page that asks only for what
it needs. Fields from another decision's page are never read or saved (a form posted without JavaScript,
or from before the pages were split); problems keep the answers; serving a draft while advice is
outstanding warns, on this page and on the plan's issue page alike."""

from datetime import date, timedelta

from sqlmodel import select

from service.db import db
from service.domain.clock import format_govuk_date
from service.models import AdviceRequest, Case, CaseNote
from tests.factories import make_case, make_staff
from tests.integration.staff.helpers import csrf_of, sign_in, url
from tests.pages import check_page

TODAY = date.today()


def _date(prefix, day):
    return {f"{prefix}-day": day.day, f"{prefix}-month": day.month, f"{prefix}-year": day.year}


def _signed_in(client, app):
    with app.app_context():
        user = make_staff("caseworker")
    sign_in(client, app, user)


def _case(app, stage="request_received", **fields):
    with app.app_context():
        case = make_case(stage=stage, received_on=TODAY - timedelta(days=60), **fields)
        return case.id, case.version


def _assessing(app):
    return _case(
        app,
        "assessing",
        decision_to_assess_on=TODAY - timedelta(days=30),
        advice=(("educational_psychology", TODAY - timedelta(days=29)), ("social_care", TODAY - timedelta(days=20))),
    )


def _inputs(page) -> set[str]:
    names = {i["name"] for i in page.select("main input, main textarea, main select") if i.get("name")}
    return names - {"csrf_token", "version"}


def _post(client, path, data, **kwargs):
    return client.post(path, data={"csrf_token": csrf_of(client, path), **data}, **kwargs)


DATE = {"on-day", "on-month", "on-year"}
NOTICE = {"notice_sent_on-day", "notice_sent_on-month", "notice_sent_on-year"}


def test_each_decision_shows_only_its_own_fields(client, app):
    _signed_in(client, app)
    received, _ = _case(app)
    assessing, _ = _assessing(app)
    with app.app_context():
        drafted = make_case(stage="draft_issued", draft_served_on=TODAY - timedelta(days=20)).id
    expected = {
        (received, "decide_to_assess"): DATE,
        (received, "decide_not_to_assess"): DATE | NOTICE | {"reasons"},
        (received, "withdraw"): DATE | {"reasons"},
        (assessing, "decide_to_issue"): DATE,
        (assessing, "decide_not_to_issue"): DATE | NOTICE | {"reasons"},
        (assessing, "serve_draft"): DATE | {"plan_file"},
        (drafted, "issue_final"): DATE | {"named_setting", "plan_file"},
    }
    for (case_id, step), fields in expected.items():
        page = check_page(client.get(url(app, "staff.record_step_for", case_id=case_id, step=step)))
        assert _inputs(page) == fields, step
    choose = check_page(client.get(url(app, "staff.record_step", case_id=received)))
    assert _inputs(choose) == {"decision"}
    values = [i["value"] for i in choose.select('input[name="decision"]')]
    assert values == ["decide_to_assess", "decide_not_to_assess", "withdraw"]
    # a step this stage does not allow, or no step at all: not found
    assert client.get(url(app, "staff.record_step_for", case_id=received, step="issue_final")).status_code == 404
    assert client.get(url(app, "staff.record_step_for", case_id=received, step="nonsense")).status_code == 404


def test_choosing_a_decision_goes_to_its_page_and_back_keeps_the_choice(client, app):
    _signed_in(client, app)
    case_id, _ = _case(app)
    path = url(app, "staff.record_step", case_id=case_id)
    page = check_page(_post(client, path, {}), status=400)
    assert [a.get_text(strip=True) for a in page.select(".govuk-error-summary a")] == [
        "Select what the council decided"
    ]
    assert page.select_one(".govuk-error-summary a")["href"] == "#decision"
    refused = check_page(_post(client, path, {"decision": "issue_final"}), status=400)  # not at this stage
    assert "Select what the council decided" in refused.select_one(".govuk-error-summary").get_text()
    response = _post(client, path, {"decision": "decide_not_to_assess"})
    assert response.status_code == 302
    assert response.location.endswith(f"/staff/cases/{case_id}/record-step/decide_not_to_assess")
    step_page = check_page(client.get(response.location))
    assert step_page.h1.get_text(strip=True) == "Record the decision not to assess"
    back = step_page.select_one(".govuk-back-link")["href"]
    again = check_page(client.get(back))
    assert again.select_one('input[value="decide_not_to_assess"]').has_attr("checked")


def test_fields_from_another_decision_are_ignored_never_validated_or_saved(client, app):
    _signed_in(client, app)
    case_id, version = _case(app)
    path = url(app, "staff.record_step_for", case_id=case_id, step="decide_to_assess")
    other_branch = {
        "reasons": "Health details that belong to no decision to assess",
        "named_setting": "Oak School",
        **_date("notice_sent_on", TODAY - timedelta(days=40)),  # before the decision: an error on its own page
    }
    response = _post(client, path, {"version": version, **_date("on", TODAY), **other_branch})
    assert response.status_code == 302
    with app.app_context():
        case = db.session.get(Case, case_id)
        assert case.stage == "assessing" and case.named_setting in (None, "")
        assert case.assess_notice_sent_on is None
        assert db.session.exec(select(CaseNote).where(CaseNote.case_id == case_id)).all() == []
    # the old single form posted to the choosing page: only the choice is read, nothing is saved
    other_id, other_version = _case(app)
    choose = url(app, "staff.record_step", case_id=other_id)
    old_form = {"decision": "decide_not_to_assess", "version": other_version, "reasons": "x", **_date("on", TODAY)}
    assert _post(client, choose, old_form).status_code == 302
    with app.app_context():
        assert db.session.get(Case, other_id).version == other_version


def test_problems_keep_the_answers_and_apply_only_to_the_chosen_decision(client, app):
    _signed_in(client, app)
    case_id, version = _case(app)
    path = url(app, "staff.record_step_for", case_id=case_id, step="decide_not_to_assess")
    decided = TODAY - timedelta(days=3)
    data = {"version": version, **_date("on", decided), **_date("notice_sent_on", decided - timedelta(days=1))}
    page = check_page(_post(client, path, {**data, "reasons": "Needs met by the school"}), status=400)
    errors = [a.get_text(strip=True) for a in page.select(".govuk-error-summary a")]
    assert errors == [
        "Date the decision letter was sent must be the same as or after the date of the decision, "
        f"{format_govuk_date(decided)}"
    ]
    assert page.select_one("#reasons").get_text() == "Needs met by the school"
    assert page.select_one("#on-day")["value"] == str(decided.day)
    page = check_page(_post(client, path, {"version": version, **_date("on", decided)}), status=400)
    assert [a.get_text(strip=True) for a in page.select(".govuk-error-summary a")] == [
        "Enter the reasons for the decision"
    ]
    withdraw = url(app, "staff.record_step_for", case_id=case_id, step="withdraw")
    page = check_page(_post(client, withdraw, {"version": version, **_date("on", decided)}), status=400)
    assert [a.get_text(strip=True) for a in page.select(".govuk-error-summary a")] == [
        "Enter the reasons for the decision"
    ]
    with app.app_context():
        assert db.session.get(Case, case_id).version == version


def test_serving_a_draft_while_advice_is_outstanding_warns_here_and_on_the_plan_issue_page(client, app):
    _signed_in(client, app)
    case_id, version = _assessing(app)
    with app.app_context():
        social = db.session.exec(
            select(AdviceRequest).where(AdviceRequest.case_id == case_id, AdviceRequest.kind == "social_care")
        ).one()
        social.received_on = TODAY - timedelta(days=2)
        db.session.commit()
    issue = url(app, "staff.record_step_for", case_id=case_id, step="decide_to_issue")
    assert _post(client, issue, {"version": version, **_date("on", TODAY - timedelta(days=1))}).status_code == 302
    asked = format_govuk_date(TODAY - timedelta(days=29))
    expected = f"Advice from the educational psychologist was asked for on {asked} and has not arrived"
    page = check_page(client.get(url(app, "staff.record_step_for", case_id=case_id, step="serve_draft")))
    warning = page.select_one(".govuk-warning-text").get_text(" ", strip=True)
    assert expected in warning and "social care" not in warning
    with app.app_context():
        from service.data import plan_changes
        from service.data.context import ChangeContext
        from service.models import StaffUser

        user = db.session.exec(select(StaffUser)).first()
        plan_changes.start_plan(ChangeContext(user=user, ip="", today=TODAY), db.session.get(Case, case_id))
        db.session.commit()
    issue_page = check_page(client.get(f"/staff/cases/{case_id}/plan/issue/draft"))
    assert expected in issue_page.select_one(".govuk-warning-text").get_text(" ", strip=True)
    with app.app_context():
        for advice in db.session.exec(select(AdviceRequest).where(AdviceRequest.case_id == case_id)):
            advice.received_on = TODAY
        db.session.commit()
    page = check_page(client.get(url(app, "staff.record_step_for", case_id=case_id, step="serve_draft")))
    assert page.select_one(".govuk-warning-text") is None
