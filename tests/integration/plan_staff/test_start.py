"""Starting the plan from the case, the task list, who may see and start it, and what is audited."""

from sqlmodel import select

from service.models import AuditEvent, Plan
from tests.factories import LEEDS, make_case
from tests.integration.plan_staff.helpers import form_of, issuing_case, signed_in, start, working
from tests.integration.staff.helpers import url
from tests.pages import check_page


def test_a_plan_is_started_prefilled_from_the_case_and_lists_every_section(client, app):
    signed_in(client, app)
    case_id = issuing_case(app, child_views="I like trains", hopes="To make friends", upn="A123456789012")
    page = check_page(client.get(url(app, "staff.plan", case_id=case_id)))
    assert page.find("button", string=lambda s: s and "Start the plan" in s)
    start(client, app, case_id)
    document = working(app, case_id)
    assert document["personal_details"]["name"] == "Isla Khan"
    assert document["personal_details"]["upn"] == "A123456789012"
    assert document["section_a"]["child_views"] == "I like trains"
    assert [row["kind"] for row in document["advice"]] == ["educational_psychology", "health"]
    assert document["personal_details"]["contacts"][0]["main_contact"] is True
    page = check_page(client.get(url(app, "staff.plan", case_id=case_id)))
    titles = [t.get_text(strip=True) for t in page.select(".govuk-task-list__name-and-hint")]
    assert titles[0] == "Personal details" and "Section A1: Summary of history and how to communicate" in titles
    assert len(titles) == 16
    statuses = {t.get_text(" ", strip=True) for t in page.select(".govuk-task-list__status")}
    assert "Not started" in statuses and "Completed" in statuses
    assert any("problem" in s for s in statuses)
    assert page.find("a", string="Preview what the family will see")
    assert page.find("a", string="Issue the draft plan")
    with app.app_context():
        from service.db import db

        actions = [e.action for e in db.session.exec(select(AuditEvent).where(AuditEvent.case_id == case_id))]
        assert "plan.start" in actions and actions.count("plan.view") >= 2


def test_starting_twice_keeps_one_plan(client, app):
    signed_in(client, app)
    case_id = issuing_case(app)
    token = form_of(client, url(app, "staff.plan", case_id=case_id))["csrf_token"]
    start(client, app, case_id)
    again = client.post(url(app, "staff.start_plan", case_id=case_id), data={"csrf_token": token})
    assert again.status_code == 302
    with app.app_context():
        from service.db import db

        assert len(db.session.exec(select(Plan).where(Plan.case_id == case_id)).all()) == 1


def test_a_plan_is_offered_only_once_the_council_decided_to_issue(client, app):
    signed_in(client, app)
    with app.app_context():
        case_id = make_case(stage="assessing").id
    page = check_page(client.get(url(app, "staff.plan", case_id=case_id)))
    assert not page.find("button", string=lambda s: s and "Start the plan" in s)
    assert "once the council has decided to issue one" in page.get_text()
    token = page.find("input", attrs={"name": "csrf_token"})["value"]
    assert client.post(url(app, "staff.start_plan", case_id=case_id), data={"csrf_token": token}).status_code == 404


def test_read_only_staff_read_the_plan_but_cannot_start_or_edit_it(client, app):
    case_id = issuing_case(app)
    signed_in(client, app)
    start(client, app, case_id)
    client.post(
        url(app, "staff.sign_out"), data={"csrf_token": form_of(client, url(app, "staff.caseload"))["csrf_token"]}
    )
    signed_in(client, app, role="read_only")
    page = check_page(client.get(url(app, "staff.plan", case_id=case_id)))
    assert not page.select(".govuk-task-list__link")
    assert not page.find("a", string="Issue the draft plan")
    check_page(client.get(url(app, "staff.plan_preview", case_id=case_id)))
    token = page.find("input", attrs={"name": "csrf_token"})["value"]
    section = url(app, "staff.plan_section", case_id=case_id, key="a2")
    assert client.get(section).status_code == 403
    assert client.post(section, data={"csrf_token": token, "interests": "Trains"}).status_code == 403
    assert client.post(url(app, "staff.start_plan", case_id=case_id), data={"csrf_token": token}).status_code == 403
    issue = url(app, "staff.plan_issue", case_id=case_id, kind="draft")
    assert client.post(issue, data={"csrf_token": token}).status_code == 403


def test_another_councils_case_is_not_found_on_every_plan_page(client, app):
    signed_in(client, app)
    case_id = issuing_case(app)
    start(client, app, case_id)
    token = form_of(client, url(app, "staff.plan", case_id=case_id))["csrf_token"]
    with app.app_context():
        theirs = make_case(LEEDS, stage="assessing", decided_to_issue=True).id
    for endpoint, values in [
        ("staff.plan", {}),
        ("staff.plan_preview", {}),
        ("staff.plan_section", {"key": "a1"}),
        ("staff.plan_item", {"key": "b"}),
        ("staff.plan_issue", {"kind": "draft"}),
        ("staff.plan_versions", {}),
        ("staff.plan_compare", {}),
        ("staff.plan_comments", {}),
    ]:
        assert client.get(url(app, endpoint, case_id=theirs, **values)).status_code == 404, endpoint
    assert client.post(url(app, "staff.start_plan", case_id=theirs), data={"csrf_token": token}).status_code == 404


def test_a_plan_form_without_its_csrf_token_is_refused(client, app):
    signed_in(client, app)
    case_id = issuing_case(app)
    start(client, app, case_id)
    path = url(app, "staff.plan_section", case_id=case_id, key="a2")
    opened = form_of(client, path)["opened_version"]
    response = client.post(path, data={"opened_version": opened, "interests": "Trains"})
    assert response.status_code == 400
    assert working(app, case_id)["section_a"]["interests"] == ""
    assert client.post(url(app, "staff.start_plan", case_id=case_id)).status_code == 400
    issue = url(app, "staff.plan_issue", case_id=case_id, kind="draft")
    assert client.post(issue, data={"opened_version": opened, "override_reason": "x"}).status_code == 400
    remove = url(app, "staff.plan_remove_item", case_id=case_id, key="personal_details", item_id="contact-1")
    assert client.post(remove, data={"opened_version": opened}).status_code == 400
    assert working(app, case_id)["personal_details"]["contacts"], "nothing was removed"
