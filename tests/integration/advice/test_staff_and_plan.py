"""The council reads the advice, adds it to the draft plan in one step, downloads it as data, sees who
is late across its caseload; organisations are reminded before and after the due date; section K."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlmodel import select

from service.data.advice_reminders import advice_reminders
from service.db import db
from service.domain.ehcp import advice as advice_document
from service.models import AdviceRequest, Plan
from tests.factories import make_case, make_organisation, make_professional, make_staff
from tests.integration.advice.helpers import (
    SENCO,
    advice_row,
    ask,
    days_ago,
    messages,
    professional_client,
    send,
    staff_client,
    world,
    write_advice,
)
from tests.integration.plan_staff.helpers import start, working
from tests.integration.staff.helpers import csrf_of
from tests.pages import check_page


def _errors(page) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(".govuk-error-summary a")]


def _sent(app, *, plan: bool = True):
    w = world(app, decided_to_issue=True, decision_to_issue_on=days_ago(3))
    staff = staff_client(app, w["caseworker"])
    assert ask(staff, app, w["case"].id, w["school"].id).status_code == 302
    advice_id = advice_row(app, w["case"].id).id
    if plan:
        start(staff, app, w["case"].id)
    senco = professional_client(app)
    write_advice(senco, advice_id)
    assert send(senco, advice_id).status_code == 302
    return w, staff, advice_id


def _add(staff, case_id, advice_id, opened=None):
    path = f"/staff/cases/{case_id}/advice/{advice_id}"
    page = check_page(staff.get(path))
    form = page.find("form", action=f"{path}/add-to-plan")
    data = {
        "csrf_token": form.find("input", attrs={"name": "csrf_token"})["value"],
        "opened_version": opened
        if opened is not None
        else form.find("input", attrs={"name": "opened_version"})["value"],
    }
    return staff.post(f"{path}/add-to-plan", data=data)


def test_the_staff_page_shows_advice_not_yet_received(client, app):
    w = world(app)
    staff = staff_client(app, w["caseworker"])
    assert ask(staff, app, w["case"].id, w["school"].id).status_code == 302
    advice_id = advice_row(app, w["case"].id).id
    page = check_page(staff.get(f"/staff/cases/{w['case'].id}/advice/{advice_id}"))
    due = date.today() + timedelta(weeks=6)
    assert f"Not received yet. River Primary School must send it by {due.day} {due:%B %Y}" in page.get_text()
    assert page.find("button", string=lambda s: s and "Add this advice" in s) is None
    assert staff.get(f"/staff/cases/{w['case'].id}/advice/{advice_id}/advice.json").status_code == 404
    # linked from the case's timeline
    timeline = check_page(staff.get(f"/staff/cases/{w['case'].id}/timeline"))
    assert timeline.find("a", href=f"/staff/cases/{w['case'].id}/advice/{advice_id}") is not None
    # another council's staff get 404
    with app.app_context():
        leeds = make_staff("caseworker", "383")
    other = staff_client(app, leeds)
    assert other.get(f"/staff/cases/{w['case'].id}/advice/{advice_id}").status_code == 404


def test_the_caseworker_reads_the_advice_and_adds_it_to_the_draft_plan(client, app):
    w, staff, advice_id = _sent(app)
    case_id = w["case"].id
    page = check_page(staff.get(f"/staff/cases/{case_id}/advice/{advice_id}"))
    text = page.get_text()
    assert "Received" in text and "Sam Patel, SENCO, River Primary School" in text
    assert "Small group language sessions using visual supports" in text and "1:4 (1 adult to 4 children)" in text
    exported = staff.get(f"/staff/cases/{case_id}/advice/{advice_id}/advice.json")
    assert exported.status_code == 200 and advice_document.validation_errors(exported.get_json()) == []
    before = working(app, case_id)
    response = _add(staff, case_id, advice_id)
    assert response.status_code == 302 and response.location.endswith(f"/staff/cases/{case_id}/plan")
    banner = check_page(staff.get(response.location)).select_one(".govuk-notification-banner").get_text()
    assert "Added 1 need, 1 outcome and 1 provision item from River Primary School's advice to the draft plan" in banner
    after = working(app, case_id)
    assert len(after["needs"]) == len(before["needs"]) + 1
    need, outcome, provision = after["needs"][-1], after["outcomes"][-1], after["provision"][-1]
    assert outcome["need_ids"] == [need["id"]]
    assert provision["need_ids"] == [need["id"]] and provision["outcome_ids"] == [outcome["id"]]
    assert (
        provision["section"] == "f" and provision["minutes"] == 20 and provision["ratio"] == {"staff": 1, "children": 4}
    )
    section_f = check_page(staff.get(f"/staff/cases/{case_id}/plan/sections/f"))
    assert "Small group language sessions using visual supports" in section_f.get_text()
    # section K: received, from the organisation
    k = [row for row in after["advice"] if row["who"] == "River Primary School"]
    assert k[0]["received_on"] == date.today().isoformat() and k[0]["appended"] is True
    with app.app_context():
        assert db.session.get(AdviceRequest, advice_id).pulled_into_plan_at is not None
    # a second pull is refused, with the date it was added
    page = check_page(
        staff.post(
            f"/staff/cases/{case_id}/advice/{advice_id}/add-to-plan",
            data={"csrf_token": csrf_of(staff, f"/staff/cases/{case_id}/advice/{advice_id}"), "opened_version": "0"},
        ),
        status=400,
    )
    today = date.today()
    assert (
        page.select_one("#refused")
        .get_text(" ", strip=True)
        .endswith(
            f"This advice was added to the draft plan on {today.day} {today:%B %Y}. Change the plan in the plan editor"
        )
    )
    assert working(app, case_id) == after


def test_section_k_names_the_organisation_and_the_day_it_was_received(client, app):
    from service.data.plan_changes import advice_rows
    from service.models import Case

    w, staff, advice_id = _sent(app, plan=False)
    with app.app_context():
        rows = advice_rows(db.session.get(Case, w["case"].id))
    assert rows[-1] == {
        "kind": "setting",
        "who": "River Primary School",
        "requested_on": date.today().isoformat(),
        "received_on": date.today().isoformat(),
        "appended": True,
    }


def test_adding_to_a_plan_changed_since_the_page_was_opened_is_refused(client, app):
    w, staff, advice_id = _sent(app)
    case_id = w["case"].id
    with app.app_context():
        version = db.session.exec(select(Plan).where(Plan.case_id == case_id)).one().version
    page = check_page(_add(staff, case_id, advice_id, opened=str(version - 1)), status=409)
    assert (
        page.select_one("#refused")
        .get_text(" ", strip=True)
        .endswith("Someone changed the plan since you opened this page. Check the plan, then try again")
    )
    with app.app_context():
        assert db.session.get(AdviceRequest, advice_id).pulled_into_plan_at is None


def test_without_a_plan_there_is_nothing_to_add_to(client, app):
    w, staff, advice_id = _sent(app, plan=False)
    page = check_page(staff.get(f"/staff/cases/{w['case'].id}/advice/{advice_id}"))
    assert "Start the plan to add this advice to it" in page.get_text()
    token = csrf_of(staff, f"/staff/cases/{w['case'].id}/advice/{advice_id}")
    response = staff.post(f"/staff/cases/{w['case'].id}/advice/{advice_id}/add-to-plan", data={"csrf_token": token})
    assert response.status_code == 404


def test_read_only_staff_see_the_advice_but_cannot_add_it(client, app):
    w, staff, advice_id = _sent(app)
    with app.app_context():
        reader = make_staff("read_only")
    client = staff_client(app, reader)
    page = check_page(client.get(f"/staff/cases/{w['case'].id}/advice/{advice_id}"))
    assert page.find("button", string=lambda s: s and "Add this advice" in s) is None
    assert client.post(f"/staff/cases/{w['case'].id}/advice/{advice_id}/add-to-plan").status_code in (400, 403)


def _asked_on(case, organisation, requested_on, received_on=None) -> int:
    row = AdviceRequest(
        case_id=case.id,
        kind="setting",
        requested_on=requested_on,
        due_on=requested_on + timedelta(weeks=6),
        received_on=received_on,
        organisation_id=organisation.id,
        adviser=organisation.name,
    )
    db.session.add(row)
    db.session.commit()
    return row.id


def test_the_lateness_list_puts_overdue_first_and_filters(client, app):
    today = date.today()
    with app.app_context():
        school = make_organisation(name="River Primary School")
        ep = make_organisation("educational_psychology", name="Kent EP service")
        leeds_ep = make_organisation("educational_psychology", "383", name="Leeds EP service")
        case = make_case(stage="assessing", child_first_name="Ella", child_last_name="Stone")
        other = make_case(stage="assessing", child_first_name="Noah", child_last_name="Hill")
        leeds_case = make_case("383", stage="assessing", child_first_name="Leeds", child_last_name="Child")
        _asked_on(case, school, today - timedelta(days=10))  # due in 32 days
        _asked_on(other, ep, today - timedelta(weeks=6, days=3))  # overdue by 3 days
        _asked_on(case, ep, today - timedelta(weeks=7), today - timedelta(days=2))  # received late
        _asked_on(leeds_case, leeds_ep, today - timedelta(weeks=8))
        user = make_staff("read_only")
    staff = staff_client(app, user)
    page = check_page(staff.get("/staff/advice"))
    rows = [[cell.get_text(" ", strip=True) for cell in row.select("td")] for row in page.select("tbody tr")]
    assert [row[-1] for row in rows] == ["Overdue by 3 days", "Due in 32 days", "Received late"]
    assert rows[0][0].startswith("Kent EP service") and "Noah Hill" in rows[0][1]
    assert "Leeds" not in page.get_text()
    page = check_page(staff.get("/staff/advice?overdue=yes"))
    assert len(page.select("tbody tr")) == 1
    page = check_page(staff.get(f"/staff/advice?organisation={school.id}"))
    assert [r.select("td")[-1].get_text(strip=True) for r in page.select("tbody tr")] == ["Due in 32 days"]
    page = check_page(staff.get(f"/staff/advice?organisation={school.id}&overdue=yes"))
    assert "No advice matches these filters" in page.get_text()
    assert staff.get(f"/staff/advice?organisation={leeds_ep.id}").status_code == 404
    assert staff.get("/staff/advice?organisation=nope").status_code == 404


def test_the_lateness_list_when_nothing_was_asked(client, app):
    with app.app_context():
        user = make_staff("caseworker")
    page = check_page(staff_client(app, user).get("/staff/advice"))
    assert "Your council has not asked any organisation for advice in the service yet" in page.get_text()


def test_reminders_go_once_before_and_once_after_the_due_date(client, app):
    today = date.today()
    with app.app_context():
        school = make_organisation(name="River Primary School", email="office@river-primary.example.sch.uk")
        make_professional(school, email=SENCO)
        case = make_case(stage="assessing", child_first_name="Ella")
        soon = _asked_on(case, school, today - timedelta(weeks=6) + timedelta(days=7))  # due in 7 days
        late = _asked_on(case, school, today - timedelta(weeks=6, days=1))  # due yesterday
        _asked_on(case, school, today - timedelta(weeks=3))  # due in 3 weeks: nothing yet
        _asked_on(case, school, today - timedelta(weeks=7), today - timedelta(days=1))  # received: nothing
        assert advice_reminders(today) == (1, 1)
        db.session.commit()
        assert advice_reminders(today) == (0, 0)
        assert advice_reminders(today + timedelta(days=1)) == (0, 0)  # the late one was reminded already
        db.session.commit()
        assert db.session.get(AdviceRequest, soon).reminded_before_on == today
        assert db.session.get(AdviceRequest, late).reminded_after_on == today
    before = messages(app, "advice_due_soon")
    after = messages(app, "advice_overdue")
    assert sorted(to for to, _ in before) == ["office@river-primary.example.sch.uk", SENCO]
    assert sorted(to for to, _ in after) == ["office@river-primary.example.sch.uk", SENCO]
    assert before[0][1]["link"] == f"http://localhost/professional/advice/{soon}"
    # the day after the one due soon passes unanswered, it is reminded again (overdue), once
    with app.app_context():
        assert advice_reminders(today + timedelta(days=8)) == (0, 1)
        db.session.commit()
        assert advice_reminders(today + timedelta(days=9)) == (0, 0)


def test_the_published_advice_schema(client, app):
    response = client.get("/schemas/advice/1.json")
    assert response.status_code == 200 and response.mimetype == "application/schema+json"
    schema = json.loads(response.get_data(as_text=True))
    assert schema["$id"] == "http://localhost/schemas/advice/1.json"
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
