"""A caseworker asks an organisation in the service for advice; the organisation writes it, structured
like the plan, and sends it; it is received on the statutory timeline."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlmodel import select

from service import create_app
from service.db import db
from service.models import AuditEvent, CaseEvent, Document
from tests.conftest import make_config
from tests.factories import make_organisation, make_professional
from tests.integration.advice.helpers import (
    NEED,
    PROVISION,
    SENCO,
    advice_row,
    ask,
    case_version,
    days_ago,
    messages,
    post_form,
    professional_client,
    send,
    staff_client,
    world,
    write_advice,
)
from tests.integration.staff.helpers import csrf_of
from tests.pages import check_page

SERVICE = "https://ehcp.example.gov.uk"


@pytest.fixture(scope="module")
def public_app(migrated_database):
    return create_app(
        make_config(migrated_database, SERVICE_URL=SERVICE, TRUSTED_HOSTS="ehcp.example.gov.uk,localhost")
    )


def _problems(page) -> list[str]:
    return [a.get_text(strip=True) for a in page.select("#problems + ul a")]


def _errors(page) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(".govuk-error-summary a")]


def test_asking_an_organisation_emails_its_members_with_the_due_date_and_a_service_url_link(public_app):
    app = public_app
    w = world(app)
    with app.app_context():
        make_professional(w["school"], email="head@river-primary.example.sch.uk")
        make_professional(w["school"], email="left@river-primary.example.sch.uk", disabled=True)
        make_professional(w["school"], email="invited@river-primary.example.sch.uk", active=False)
    client = staff_client(app, w["caseworker"])
    response = ask(client, app, w["case"].id, w["school"].id, headers={"X-Forwarded-Host": "evil.example"})
    assert response.status_code == 302 and response.location.endswith(f"/staff/cases/{w['case'].id}/timeline")
    banner = check_page(client.get(response.location)).select_one(".govuk-notification-banner").get_text()
    due = date.today() + timedelta(weeks=6)
    assert "River Primary School has been asked for advice" in banner
    advice = advice_row(app, w["case"].id)
    assert advice.organisation_id == w["school"].id and advice.due_on == due and advice.requested_on == date.today()
    assert advice.adviser == "River Primary School" and advice.asked.startswith("What Ella needs")
    assert advice.requested_by_id == w["caseworker"].id
    sent = messages(app, "advice_requested")
    assert sorted(to for to, _ in sent) == ["head@river-primary.example.sch.uk", SENCO]
    values = sent[0][1]
    assert values["link"] == f"{SERVICE}/professional/advice/{advice.id}"
    assert values["child_first_name"] == "Ella" and values["kind"] == "Educational advice"
    assert values["due_by"] == f"{due.day} {due:%B %Y}"
    assert "Lessons" not in json.dumps(values) and "lessons" not in json.dumps(
        values
    )  # what is asked stays in the service
    with app.app_context():
        event = db.session.exec(select(CaseEvent).where(CaseEvent.kind == "advice_requested")).one()
        assert "River Primary School" in event.summary


def test_the_form_needs_an_organisation_and_what_is_asked_and_refuses_another_councils(client, app):
    w = world(app)
    with app.app_context():
        elsewhere = make_organisation("educational_psychology", "383", name="Leeds EP service")
        kent_ep = make_organisation("educational_psychology", name="Kent EP service")
    client = staff_client(app, w["caseworker"])
    page = check_page(client.get(f"/staff/cases/{w['case'].id}/advice/new"))
    options = [o.get_text() for o in page.select("#organisation_id option")]
    assert "River Primary School" in options and "Kent EP service" in options and "Leeds EP service" not in options
    page = check_page(ask(client, app, w["case"].id, "", asked=""), status=400)
    assert _errors(page) == ["Select the organisation you are asking for advice", "Enter what you are asking for"]
    assert ask(client, app, w["case"].id, elsewhere.id).status_code == 404
    assert ask(client, app, w["case"].id, "abc").status_code == 404
    assert advice_row(app, w["case"].id) is None
    assert ask(client, app, w["case"].id, kent_ep.id).status_code == 302
    # the old way, unchanged: advice asked for outside the service
    path = f"/staff/cases/{w['case'].id}/advice/new"
    on = days_ago(2)
    response = client.post(
        path,
        data={
            "csrf_token": csrf_of(client, path),
            "version": case_version(app, w["case"].id),
            "kind": "health",
            "where": "outside",
            "adviser": "Community paediatrics",
            "on-day": on.day,
            "on-month": on.month,
            "on-year": on.year,
        },
    )
    assert response.status_code == 302
    outside = advice_row(app, w["case"].id)
    assert outside.organisation_id is None and outside.adviser == "Community paediatrics" and outside.requested_on == on


def test_nobody_at_the_organisation_the_banner_says_invite_someone(client, app):
    w = world(app, members=False)
    client = staff_client(app, w["caseworker"])
    response = ask(client, app, w["case"].id, w["school"].id)
    assert response.status_code == 302
    page = check_page(client.get(response.location))
    assert "Nobody at River Primary School uses the service yet: invite someone" in page.get_text()
    assert page.find("a", href=f"/staff/organisations/{w['school'].id}") is not None
    assert messages(app, "advice_requested") == []


def _asked(app, **case_fields):
    w = world(app, **case_fields)
    staff = staff_client(app, w["caseworker"])
    assert ask(staff, app, w["case"].id, w["school"].id).status_code == 302
    return w, staff, advice_row(app, w["case"].id).id


def test_the_senco_writes_needs_outcomes_and_provision_and_sends_it(client, app):
    w, staff, advice_id = _asked(app)
    senco = professional_client(app)
    page = check_page(senco.get(f"/professional/advice/{advice_id}"))
    assert "What Ella needs to take part in lessons" in page.get_text()
    write_advice(senco, advice_id)
    page = check_page(senco.get(f"/professional/advice/{advice_id}"))
    text = page.get_text()
    assert "Need 1: Communication and interaction" in text and "1:4 (1 adult to 4 children)" in text
    assert "3 times a week" in text and "20 minutes" in text
    # change an item, then the summary
    assert (
        post_form(senco, f"/professional/advice/{advice_id}/needs/need-1", {**NEED, "impact": "Changed"}).status_code
        == 302
    )
    assert (
        post_form(senco, f"/professional/advice/{advice_id}/summary", {"summary": "Ella is doing well"}).status_code
        == 302
    )
    # a colleague sees the same draft: work belongs to the organisation
    with app.app_context():
        make_professional(w["school"], email="deputy@river-primary.example.sch.uk")
    colleague = professional_client(app, "deputy@river-primary.example.sch.uk")
    assert "Ella is doing well" in check_page(colleague.get(f"/professional/advice/{advice_id}")).get_text()
    check = check_page(senco.get(f"/professional/advice/{advice_id}/check"))
    assert _errors(check) == []
    assert check.find("button", string=lambda s: s and "Send advice to Kent" in s) is not None
    response = send(senco, advice_id)
    assert response.status_code == 302 and response.location.endswith(f"/professional/advice/{advice_id}/sent")
    sent = check_page(senco.get(response.location))
    assert "Advice sent" in sent.select_one(".govuk-panel").get_text()
    advice = advice_row(app, w["case"].id)
    assert advice.received_on == date.today() and advice.submitted_at is not None
    document = json.loads(advice.advice)
    assert document["from"]["organisation"] == "River Primary School" and document["from"]["role"] == "SENCO"
    assert document["needs"][0]["impact"] == "Changed" and document["summary"] == "Ella is doing well"
    with app.app_context():
        event = db.session.exec(select(CaseEvent).where(CaseEvent.kind == "advice_received")).one()
        assert event.family_visible and "River Primary School" in event.summary and "late" not in event.summary
        audited = db.session.exec(select(AuditEvent).where(AuditEvent.action == "advice.send")).one()
        assert audited.professional_id is not None and audited.case_id == w["case"].id
    told = messages(app, "advice_received")
    assert [to for to, _ in told] == [w["caseworker"].email]
    assert told[0][1]["timing"] == "on time" and told[0][1]["link"].endswith(
        f"/staff/cases/{w['case'].id}/advice/{advice_id}"
    )
    # read only now; a second send is refused
    page = check_page(senco.get(f"/professional/advice/{advice_id}"))
    assert "Contact Kent" in page.get_text() and page.find("a", string="Add a need") is None
    token = csrf_of(senco, f"/professional/advice/{advice_id}")  # the sign-out form's: the check page is gone
    assert senco.post(f"/professional/advice/{advice_id}/check", data={"csrf_token": token}).status_code == 302
    assert senco.get(f"/professional/advice/{advice_id}/needs/new").status_code == 302
    assert json.loads(advice_row(app, w["case"].id).advice) == document
    # the staff timeline shows it received
    timeline = check_page(staff.get(f"/staff/cases/{w['case'].id}/timeline")).get_text()
    assert date.today().strftime("%B %Y") in timeline and "River Primary School" in timeline


def test_advice_sent_after_the_due_date_is_accepted_and_marked_late(client, app):
    w, staff, advice_id = _asked(app)
    with app.app_context():
        from service.models import AdviceRequest

        row = db.session.get(AdviceRequest, advice_id)
        row.requested_on, row.due_on = days_ago(50), days_ago(8)
        db.session.add(row)
        db.session.commit()
    senco = professional_client(app)
    write_advice(senco, advice_id)
    check = check_page(senco.get(f"/professional/advice/{advice_id}/check"))
    assert "You can still send it" in check.get_text()
    assert send(senco, advice_id).status_code == 302
    with app.app_context():
        event = db.session.exec(select(CaseEvent).where(CaseEvent.kind == "advice_received")).one()
        assert event.summary.endswith("(late)")
    assert messages(app, "advice_received")[0][1]["timing"] == "late"
    page = check_page(staff.get(f"/staff/cases/{w['case'].id}/advice/{advice_id}"))
    assert "Received late" in page.get_text()


def test_bad_input_gets_govuk_errors(client, app):
    w, staff, advice_id = _asked(app)
    senco = professional_client(app)
    base = f"/professional/advice/{advice_id}"
    page = check_page(post_form(senco, f"{base}/provision/new", {"section": "f"}), status=400)
    assert _errors(page) == [
        "Enter what the support is",
        "Enter who provides the support",
        "Enter the number of staff",
        "Enter the number of children",
        "Enter how often this provision happens",
        "Enter how long each session lasts in minutes",
    ]
    page = check_page(
        post_form(senco, f"{base}/provision/new", {**PROVISION, "minutes": "5000", "ratio_staff": "0", "times": "1.5"}),
        status=400,
    )
    assert _errors(page) == [
        "Number of staff must be a whole number of 1 or more",
        "Number of times must be a whole number of 1 or more",
        "How long each time must be 1,440 minutes (24 hours) or fewer",
    ]
    page = check_page(post_form(senco, f"{base}/provision/new", {**PROVISION, "section": "z"}), status=400)
    assert _errors(page) == ["Select which part of the plan the provision is for"]
    page = check_page(post_form(senco, f"{base}/needs/new", {**NEED, "description": "bad\x00text"}), status=400)
    assert len(_errors(page)) == 1 and "Need" in _errors(page)[0]
    page = check_page(post_form(senco, f"{base}/needs/new", {"description": ""}), status=400)
    assert _errors(page) == ["Select the area of need", "Enter the need"]
    page = check_page(post_form(senco, f"{base}/outcomes/new", {}), status=400)
    assert _errors(page)[0] == "Enter the outcome"
    assert advice_row(app, w["case"].id).draft_advice == ""  # nothing half-saved
    # the check page lists what must be put right
    check = check_page(senco.get(f"{base}/check"))
    assert _problems(check) == ["Add at least one need, outcome or provision"]
    assert check.find("button", string=lambda s: s and "Send advice" in s) is None
    page = check_page(senco.post(f"{base}/check", data={"csrf_token": csrf_of(senco, base)}), status=400)
    assert _problems(page) == ["Add at least one need, outcome or provision"]
    assert advice_row(app, w["case"].id).submitted_at is None


def test_provision_missing_an_element_in_the_draft_stops_sending(client, app):
    """A draft saved before the five elements were all required (or written by an API) is checked again."""
    w, staff, advice_id = _asked(app)
    senco = professional_client(app)
    write_advice(senco, advice_id)
    with app.app_context():
        from service.models import AdviceRequest

        row = db.session.get(AdviceRequest, advice_id)
        draft = json.loads(row.draft_advice)
        draft["provision"][0]["minutes"] = None
        row.draft_advice = json.dumps(draft)
        db.session.add(row)
        db.session.commit()
    check = check_page(senco.get(f"/professional/advice/{advice_id}/check"))
    assert _problems(check) == ["Provision 1 does not say how long each session lasts"]
    link = check.select_one("#problems + ul a")["href"]
    assert link == f"/professional/advice/{advice_id}/provision/provision-1"
    token = csrf_of(senco, f"/professional/advice/{advice_id}")
    assert senco.post(f"/professional/advice/{advice_id}/check", data={"csrf_token": token}).status_code == 400
    assert advice_row(app, w["case"].id).submitted_at is None


def test_removing_an_item_drops_its_links(client, app):
    w, staff, advice_id = _asked(app)
    senco = professional_client(app)
    write_advice(senco, advice_id)
    page = check_page(senco.get(f"/professional/advice/{advice_id}/needs/need-1/remove"))
    assert "Are you sure you want to remove need 1?" in page.get_text()
    assert post_form(senco, f"/professional/advice/{advice_id}/needs/need-1/remove", {}).status_code == 302
    draft = json.loads(advice_row(app, w["case"].id).draft_advice)
    assert draft["needs"] == [] and draft["provision"][0]["need_ids"] == [] and draft["outcomes"][0]["need_ids"] == []


def test_another_organisations_advice_item_and_report_are_not_found(client, app):
    w, staff, advice_id = _asked(app)
    senco = professional_client(app)
    write_advice(senco, advice_id)
    with app.app_context():
        other = make_organisation(name="Hill School")
        make_professional(other, email="senco@hill.example.sch.uk")
    outsider = professional_client(app, "senco@hill.example.sch.uk")
    base = f"/professional/advice/{advice_id}"
    for path in (
        base,
        f"{base}/needs/new",
        f"{base}/needs/need-1",
        f"{base}/check",
        f"{base}/summary",
        f"{base}/reports",
        f"{base}/sent",
    ):
        assert outsider.get(path).status_code == 404, path
    assert post_form(senco, f"{base}/needs/need-1", NEED).status_code == 302
    assert outsider.post(f"{base}/needs/need-1", data=NEED).status_code in (400, 404)
    assert senco.get(f"{base}/needs/need-9").status_code == 404
    assert senco.get(f"{base}/secrets/new").status_code == 404
    assert senco.get(f"{base}/needs/need-9/remove").status_code == 404
    # the SENCO sees nothing else of the case: no plan, no other advice, no staff pages
    assert senco.get(f"/staff/cases/{w['case'].id}").status_code in (302, 403, 404)
    assert "Speech, language" not in check_page(senco.get(base)).get_text()  # the family's words about needs


def test_reports_go_through_the_upload_and_scan_path(client, app):
    import io

    w, staff, advice_id = _asked(app)
    senco = professional_client(app)
    path = f"/professional/advice/{advice_id}/reports"
    page = check_page(post_form(senco, path, {}), status=400)
    assert _errors(page) == ["Select a file"]
    page = check_page(
        post_form(
            senco, path, {"report": (io.BytesIO(b"MZ not a report"), "report.exe")}, content_type="multipart/form-data"
        ),
        status=400,
    )
    assert len(_errors(page)) == 1
    big = app.config["MAX_UPLOAD_BYTES"] + 1
    page = check_page(
        post_form(
            senco,
            path,
            {"report": (io.BytesIO(b"%PDF-1.4\n" + b"0" * big), "big.pdf")},
            content_type="multipart/form-data",
        ),
        status=400,
    )
    assert len(_errors(page)) == 1
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    response = post_form(senco, path, {"report": (io.BytesIO(pdf), "report.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 302
    with app.app_context():
        stored = db.session.exec(select(Document).where(Document.advice_request_id == advice_id)).one()
        assert stored.checked_at is not None  # scanned (the tests' queue runs the scan job in process)
        assert stored.uploaded_by.startswith("professional:")
        assert stored.shared_with_family is False and stored.case_id == w["case"].id
        stored.status = "waiting"  # as it is until the scan worker has checked it
        db.session.add(stored)
        db.session.commit()
    page = check_page(senco.get(f"/professional/advice/{advice_id}"))
    assert "report.pdf" in page.get_text() and "Waiting for a virus check" in page.get_text()
    # a waiting report is not on the council's page until it is clean
    write_advice(senco, advice_id)
    assert send(senco, advice_id).status_code == 302
    staff_page = check_page(staff.get(f"/staff/cases/{w['case'].id}/advice/{advice_id}"))
    assert "report.pdf" not in staff_page.get_text()
    with app.app_context():
        stored = db.session.get(Document, stored.id)
        stored.status = "clean"
        db.session.add(stored)
        db.session.commit()
    staff_page = check_page(staff.get(f"/staff/cases/{w['case'].id}/advice/{advice_id}"))
    assert staff_page.find("a", string="report.pdf") is not None
