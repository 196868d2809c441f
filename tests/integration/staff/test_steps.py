"""Recording the steps: each form's validation, the clock, the family's message and the refusals."""

import io
import json
from datetime import date, timedelta

from sqlmodel import select

from service.domain.clock import adviser_contact_due, appeal_deadline, format_govuk_date
from service.models import AdviceRequest, AuditEvent, Case, CaseNote, OutboxMessage
from tests.factories import LEEDS, make_case, make_staff
from tests.integration.staff.helpers import csrf_of, sign_in, url
from tests.pages import check_page

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _case(app, stage="request_received", **fields):
    with app.app_context():
        case = make_case(stage=stage, **fields)
        return case.id, case.version


def _assessing(app):
    """A case being assessed, with advice asked of an educational psychologist and social care."""
    days = lambda n: date.today() - timedelta(days=n)  # noqa: E731
    advice = (("educational_psychology", days(35)), ("social_care", days(20)))
    return _case(
        app,
        "assessing",
        received_on=days(75),
        decision_to_assess_on=days(36),
        advice=advice,
        child_first_name="Isla",
        child_last_name="Khan",
    )


def _signed_in(client, app, role="caseworker", **fields):
    with app.app_context():
        user = make_staff(role, **fields)
    sign_in(client, app, user)
    return user


def _date(prefix, day):
    return {f"{prefix}-day": day.day, f"{prefix}-month": day.month, f"{prefix}-year": day.year}


def _post(client, path, data, **kwargs):
    return client.post(path, data={"csrf_token": csrf_of(client, path), **data}, **kwargs)


def test_a_decision_not_to_assess_needs_reasons_and_tells_the_family_their_rights_and_dates(client, app):
    _signed_in(client, app)
    case_id, version = _case(app)
    path = url(app, "staff.record_step_for", case_id=case_id, step="decide_not_to_assess")
    today = date.today()
    data = {"version": version, **_date("on", today)}
    page = check_page(_post(client, path, data), status=400)
    assert page.select_one(".govuk-error-summary a").get_text(strip=True) == "Enter the reasons for the decision"
    response = _post(client, path, {**data, "reasons": "Needs can be met from the school's resources"})
    assert response.status_code == 302
    with app.app_context():
        from service.db import db

        case = db.session.get(Case, case_id)
        assert case.stage == "not_to_assess" and case.next_due_on is None
        message = json.loads(
            db.session.exec(select(OutboxMessage).where(OutboxMessage.case_id == case_id)).one().personalisation
        )
        assert "appeal" in message["what_next"] and "mediation adviser" in message["what_next"]
        deadline = format_govuk_date(appeal_deadline(today, None))
        assert f"You can appeal by 5pm on {deadline}" in message["what_next"]
        assert format_govuk_date(adviser_contact_due(today)) in message["what_next"]
        assert "Needs can be met" not in json.dumps(message)  # reasons stay internal
        assert "Needs can be met" in db.session.exec(select(CaseNote).where(CaseNote.case_id == case_id)).one().text
    # Recorded twice (a double submit with the old version): refused, nothing changes.
    token = csrf_of(client, f"/staff/cases/{case_id}")
    again = client.post(path, data={"csrf_token": token, **data, "reasons": "again"})
    assert again.status_code == 409
    assert "This case changed since you opened the page" in check_page(again, status=409).get_text()
    with app.app_context():
        from service.db import db

        assert db.session.get(Case, case_id).version == version + 1


def test_a_draft_plan_needs_its_file_and_starts_the_comment_window(client, app):
    _signed_in(client, app)
    case_id, version = _assessing(app)
    issue_path = url(app, "staff.record_step_for", case_id=case_id, step="decide_to_issue")
    path = url(app, "staff.record_step_for", case_id=case_id, step="serve_draft")
    today = date.today()
    issue = {"version": version, **_date("on", today - timedelta(days=1))}
    assert _post(client, issue_path, issue).status_code == 302
    draft = {"version": version + 1, **_date("on", today)}
    page = check_page(_post(client, path, draft), status=400)
    assert page.select_one(".govuk-error-summary a").get_text(strip=True) == "Select the draft plan file"
    response = _post(
        client,
        path,
        {**draft, "plan_file": (io.BytesIO(PDF), "draft-plan.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    page = check_page(client.get(f"/staff/cases/{case_id}"))
    assert "Saved: Draft plan served" in page.get_text()
    with app.app_context():
        from service.db import db

        case = db.session.get(Case, case_id)
        assert case.stage == "draft_issued" and case.draft_served_on == today
    documents = check_page(client.get(f"/staff/cases/{case_id}/documents"))
    assert "draft-plan.pdf" in documents.get_text() and "Shared with the family" in documents.get_text()


def test_request_advice_gives_the_due_date_and_advice_received_is_checked(client, app):
    _signed_in(client, app)
    case_id, version = _assessing(app)
    path = url(app, "staff.request_advice", case_id=case_id)
    page = check_page(_post(client, path, {"version": version}), status=400)
    errors = [a.get_text(strip=True) for a in page.select(".govuk-error-summary a")]
    assert errors == ["Select who was asked for advice", "Enter the date the advice was requested"]
    asked = date.today() - timedelta(days=2)
    response = _post(client, path, {"version": version, "kind": "health", **_date("on", asked)})
    assert response.status_code == 302
    page = check_page(client.get(response.location))
    assert "Health advice requested. It is due by" in page.get_text()
    with app.app_context():
        from service.db import db

        advice = db.session.exec(
            select(AdviceRequest).where(AdviceRequest.case_id == case_id, AdviceRequest.kind == "health")
        ).one()
        advice_id = advice.id
    received_path = url(app, "staff.advice_received", case_id=case_id, advice_id=advice_id)
    early = _post(client, received_path, {"version": version + 1, **_date("on", asked - timedelta(days=1))})
    assert (
        "on or after the day it was requested"
        in check_page(early, status=400).select_one(".govuk-error-summary").get_text()
    )
    assert _post(client, received_path, {"version": version + 1, **_date("on", date.today())}).status_code == 302
    with app.app_context():
        from service.db import db

        assert db.session.get(AdviceRequest, advice_id).received_on == date.today()


def test_exceptions_check_the_ground_and_show_on_the_caseload(client, app):
    _signed_in(client, app)
    case_id, version = _assessing(app)
    labels = [label.get_text(" ", strip=True) for label in check_page(client.get("/staff/cases")).select("label")]
    assert "Exceptions applied (0)" in labels  # the counts are now cached in this process
    path = url(app, "staff.apply_exception", case_id=case_id)
    start = date.today() - timedelta(days=10)
    data = {"version": version, "phase": "final_plan", "evidence": "School letter", **_date("starts_on", start)}
    page = check_page(_post(client, path, {**data, "ground": "missed_appointment"}), status=400)
    assert "only an exception to the 6-week time limit for advice" in page.select_one(".govuk-error-summary").get_text()
    ends = _date("ends_on", start - timedelta(days=1))
    page = check_page(_post(client, path, {**data, "ground": "school_closure", **ends}), status=400)
    assert "End date must be the same as or after the start date" in page.get_text()
    assert _post(client, path, {**data, "ground": "school_closure"}).status_code == 302
    with app.app_context():
        from service.db import db

        assert db.session.get(Case, case_id).exceptions_apply is True
    page = check_page(client.get("/staff/cases?exceptions=yes"))
    assert [a.get_text(strip=True) for a in page.select("tbody a")] == ["Isla Khan"]
    assert "Exceptions applied (1)" in [label.get_text(" ", strip=True) for label in page.select("label")]


def test_assigning_a_caseworker(client, app):
    with app.app_context():
        sam = make_staff(name="Sam Patel").id
        make_staff("read_only", name="Jo Reid")
        leeds = make_staff(local_authority=LEEDS, name="Priya Shah").id
    _signed_in(client, app, "manager")
    case_id, version = _case(app)
    path = url(app, "staff.assign", case_id=case_id)
    options = [o.get_text(strip=True) for o in check_page(client.get(path)).select("#caseworker option")]
    assert "Sam Patel" in options and "Jo Reid" not in options  # read-only staff cannot hold cases
    assert check_page(_post(client, path, {"version": version, "caseworker": leeds}), status=400)
    assert _post(client, path, {"version": version, "caseworker": sam}).status_code == 302
    assert "Sam Patel" in check_page(client.get(f"/staff/cases/{case_id}")).get_text()


def test_recording_a_request_received_by_post(client, app):
    _signed_in(client, app)
    path = url(app, "staff.new_request")
    check_page(client.get(path))
    base = {
        "source": "post",
        "child_first_name": "Zara",
        "child_last_name": "Ali",
        "requester_role": "parent",
        "requester_name": "Sana Ali",
        "requester_email": "sana@example.com",
        **_date("child_date_of_birth", date(2016, 4, 2)),
    }
    future = _post(client, path, {**base, **_date("received_on", date.today() + timedelta(days=1))})
    assert (
        "must be today or in the past" in check_page(future, status=400).select_one(".govuk-error-summary").get_text()
    )
    old = date.today() - timedelta(weeks=7)
    warned = check_page(_post(client, path, {**base, **_date("received_on", old)}))
    assert "more than 6 weeks ago" in warned.select_one(".govuk-warning-text").get_text()
    confirm = warned.find("input", attrs={"name": "confirm_old_date"})["value"]
    response = _post(client, path, {**base, **_date("received_on", old), "confirm_old_date": confirm})
    assert response.status_code == 302
    page = check_page(client.get(response.location))
    assert page.h1.get_text(strip=True) == "Zara Ali" and "received by post" in page.get_text()
    with app.app_context():
        from service.db import db

        case = db.session.exec(select(Case).where(Case.child_first_name == "Zara")).one()
        assert case.source == "post" and case.next_due_on < date.today()  # the 6-week decision is overdue
        assert db.session.exec(select(OutboxMessage).where(OutboxMessage.case_id == case.id)).one()
        assert db.session.exec(select(AuditEvent).where(AuditEvent.action == "case.create_request")).one()


def test_read_only_staff_get_403_on_every_change(client, app):
    _signed_in(client, app, "read_only")
    case_id, version = _assessing(app)
    token = csrf_of(client, f"/staff/cases/{case_id}")
    for path in ("record-step", "advice/new", "exception", "assign"):
        response = client.post(f"/staff/cases/{case_id}/{path}", data={"csrf_token": token, "version": version})
        assert check_page(response, status=403).h1.get_text(strip=True) == "You do not have permission to do this"
    assert client.post("/staff/requests/new", data={"csrf_token": token}).status_code == 403
    with app.app_context():
        from service.db import db

        assert db.session.get(Case, case_id).version == version
