"""The council's side of a disagreement, one page a thing: record a contact made by phone or letter, arrange
mediation, record the outcome, issue the generated certificate (stored, shared, downloadable by the family),
agreed actions due and overdue, the council's contacts and its figures. Each change writes a case event and
an audit event."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlmodel import select

from service.domain.clock import (
    add_days,
    add_weeks,
    add_working_days,
    appeal_deadline,
    earliest_mediation_date,
    format_govuk_date,
)
from service.models import AgreedActionRecord, AuditEvent, Case, CaseEvent, Disagreement, Document, OutboxMessage
from tests.integration.staff.helpers import csrf_of, seed, sign_in
from tests.integration.track.test_family import _signed_in
from tests.pages import check_page

TODAY = date.today()


def _db():
    from service.db import db

    return db


def _maya(app) -> Case:
    with app.app_context():
        return _db().session.exec(select(Case).where(Case.child_first_name == "Maya")).one()


def _date(name: str, on: date) -> dict:
    return {f"{name}-day": on.day, f"{name}-month": on.month, f"{name}-year": on.year}


def _post(client, path: str, **data):
    return client.post(path, data={"csrf_token": csrf_of(client, path), **data})


def _errors(response) -> list[str]:
    return [a.get_text(strip=True) for a in check_page(response, 400).select(".govuk-error-summary a")]


def _disagreement(app, first_name: str = "Maya", contacted_days_ago: int = 0, **values) -> int:
    """A family's request already made (through the data layer the family journey uses)."""
    from service.data import mediation_changes

    contacted = TODAY - timedelta(days=contacted_days_ago)
    with app.app_context():
        case = _db().session.exec(select(Case).where(Case.child_first_name == first_name)).one()
        if first_name == "Maya":  # decided not to assess 25 days ago
            case.decision_to_assess_on = min(case.decision_to_assess_on, contacted - timedelta(days=5))
        else:
            case.final_issued_on = contacted - timedelta(days=5)
        sections, wants = values.pop("sections", []), values.pop("wants", True)
        d = mediation_changes.request_mediation(case, sections, wants, "", "", "", contacted)
        for name, value in values.items():
            setattr(d, name, value)
        _db().session.commit()
        return d.id


def _get(app, model, id_):
    with app.app_context():
        row = _db().session.get(model, id_)
        _db().session.expunge(row)
        return row


def _text(response) -> str:
    return " ".join(check_page(response).get_text(" ").split())


def _pdf_text(app, document: Document) -> str:
    """The text lines of the generated PDF (uncompressed), joined with spaces."""
    import re

    with app.app_context():
        from service.clients.storage import storage

        with storage().open_clean(document.storage_key) as handle:
            pdf = handle.read()
    assert pdf.startswith(b"%PDF-") and len(pdf) == document.size_bytes
    lines = re.findall(rb"\((.*?)(?<!\\)\) Tj", pdf)
    return " ".join(line.replace(b"\\(", b"(").replace(b"\\)", b")").decode("latin-1") for line in lines)


def _events(app, case_id: int, kind: str) -> list[str]:
    with app.app_context():
        query = select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.kind == kind).order_by(CaseEvent.id)
        return [e.summary for e in _db().session.exec(query)]


def _audits(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(_db().session.exec(select(AuditEvent).where(AuditEvent.action == action)))


def _staff(app, email: str = "kent.caseworker@example.gov.uk"):
    client = app.test_client()
    sign_in(client, app, email)
    return client


# --- Recording a contact made by phone or letter ------------------------------------------------------


def test_a_caseworker_records_a_disagreement_made_by_phone_from_the_case_page(app):
    seed(app)
    maya = _maya(app)
    staff = _staff(app)
    case_page = check_page(staff.get(f"/staff/cases/{maya.id}"))
    path = f"/staff/cases/{maya.id}/record-disagreement"
    assert case_page.find("a", href=path).get_text(strip=True) == "Record a disagreement"

    assert _errors(_post(staff, path)) == [
        "Select which decision the family disagrees with",
        "Select how the family got in touch",
        "Enter the date the family got in touch",
        "Select whether the family wants mediation or a certificate only",
    ]
    answers = {"decision": "not_to_assess", "method": "phone", "wants": "mediation"}
    before = _post(staff, path, **answers, **_date("contacted_on", maya.decision_to_assess_on - timedelta(days=1)))
    assert _errors(before) == [
        "The date the family got in touch must be on or after the decision "
        f"({format_govuk_date(maya.decision_to_assess_on)})"
    ]
    future = _post(staff, path, **answers, **_date("contacted_on", TODAY + timedelta(days=1)))
    assert _errors(future) == ["Date the family got in touch must be today or in the past"]

    on = TODAY - timedelta(days=2)
    saved = _post(staff, path, **answers, **_date("contacted_on", on))
    assert saved.status_code == 302
    with app.app_context():
        d = _db().session.exec(select(Disagreement)).one()
        assert (d.contact_method, d.contacted_on, d.wants_mediation, d.late) == ("phone", on, True, False)
    assert _events(app, maya.id, "disagreement") == [
        f"The family asked for mediation on {format_govuk_date(on)} (by phone)"
    ]
    assert [a.case_id for a in _audits(app, "disagreement.contact_recorded")] == [maya.id]
    with app.app_context():
        told = [
            json.loads(m.personalisation)
            for m in _db().session.exec(select(OutboxMessage).where(OutboxMessage.case_id == maya.id))
        ]
    arrange_by = format_govuk_date(add_days(on, 30))
    assert told[-1]["what_changed"] == f"The council recorded that you asked for mediation on {format_govuk_date(on)}"
    assert told[-1]["what_next"] == f"The council must arrange mediation to take place by {arrange_by}"
    record = _text(staff.get(saved.location))
    assert "By phone" in record and "Arrange mediation" in record
    # the only appealable decision now has its disagreement: no second one, and the link goes
    assert staff.get(path).status_code == 404
    assert check_page(staff.get(f"/staff/cases/{maya.id}")).find("a", href=path) is None


def test_read_only_staff_see_a_disagreement_but_cannot_change_it(app):
    seed(app)
    d_id = _disagreement(app)
    reader = _staff(app, "kent.readonly@example.gov.uk")
    record = check_page(reader.get(f"/staff/disagreements/{d_id}"))
    assert (
        "Duties and dates" in record.get_text()
        and record.find("a", href=f"/staff/disagreements/{d_id}/arrange") is None
    )
    writer = check_page(_staff(app).get(f"/staff/disagreements/{d_id}"))
    assert writer.find("a", href=f"/staff/disagreements/{d_id}/arrange").get_text(strip=True) == "Arrange mediation"
    for page in ("arrange", "outcome", "certificate", "appeal"):
        assert reader.get(f"/staff/disagreements/{d_id}/{page}").status_code == 403
    token = csrf_of(reader, f"/staff/disagreements/{d_id}")
    assert reader.post(f"/staff/disagreements/{d_id}/certificate", data={"csrf_token": token}).status_code == 403
    assert reader.get(f"/staff/cases/{_maya(app).id}/record-disagreement").status_code == 403


# --- Arranging mediation ------------------------------------------------------------------------------


def _arrange(staff, d_id: int, on: date, **overrides):
    values = {
        "time": "9:30",
        "mediator": "Pat Mediator",
        "format": "online",
        "place": "https://video.example.com/room/42",
        **_date("on", on),
        **overrides,
    }
    return _post(staff, f"/staff/disagreements/{d_id}/arrange", **values)


def test_arranging_mediation_needs_5_working_days_notice_and_tells_the_family(app, client):
    _signed_in(client, app)
    d_id = _disagreement(app)
    maya = _maya(app)
    staff = _staff(app)
    path = f"/staff/disagreements/{d_id}/arrange"
    page = _text(staff.get(path))
    earliest = earliest_mediation_date(TODAY)
    assert f"on or after {format_govuk_date(earliest)}" in page

    assert _errors(_post(staff, path)) == [
        "Enter the date of the mediation",
        "Enter the start time",
        "Enter the mediator's name",
        "Select how the mediation will take place",
        "Enter the venue address, video link or phone number",
    ]
    assert _errors(_arrange(staff, d_id, earliest, time="half nine")) == [
        "Enter the start time as hours and minutes, like 09:30 or 14:00"
    ]
    too_soon = _arrange(staff, d_id, earliest - timedelta(days=1))
    assert _errors(too_soon) == [
        "The mediation must be at least 5 working days after the family is told, "
        f"so on or after {format_govuk_date(earliest)}"
    ]
    assert _errors(_arrange(staff, d_id, TODAY)) == [
        "The mediation must be at least 5 working days after the family is told, "
        f"so on or after {format_govuk_date(earliest)}"
    ]

    saved = _arrange(staff, d_id, earliest)
    assert saved.status_code == 302
    d = _get(app, Disagreement, d_id)
    assert (d.mediation_on, d.mediation_time, d.mediator_name, d.mediation_format, d.mediation_arranged_on) == (
        earliest,
        "09:30",
        "Pat Mediator",
        "online",
        TODAY,
    )
    assert not d.mediation_late
    summary = f"Mediation arranged for {format_govuk_date(earliest)} at 09:30 (online (video call))"
    assert _events(app, maya.id, "mediation_arranged") == [summary]
    assert len(_audits(app, "disagreement.mediation_arranged")) == 1
    with app.app_context():
        messages = [
            m.personalisation
            for m in _db().session.exec(select(OutboxMessage).where(OutboxMessage.template == "case_update"))
        ]
    assert any(summary in m and "Pat Mediator" in m for m in messages)
    family = _text(client.get(f"/your-cases/{maya.id}/disagree/dates"))
    assert f"{format_govuk_date(earliest)} at 09:30, online by video call, with Pat Mediator" in family
    assert "https://video.example.com/room/42" in family


def test_mediation_arranged_after_the_30_day_duty_is_allowed_but_flagged_late(app):
    seed(app)
    d_id = _disagreement(app, contacted_days_ago=28)
    staff = _staff(app)
    due = add_days(TODAY - timedelta(days=28), 30)
    on = earliest_mediation_date(TODAY)
    assert on > due
    saved = _arrange(staff, d_id, on)
    assert saved.status_code == 302
    assert (
        "recorded as late" in check_page(staff.get(saved.location)).select_one(".govuk-notification-banner").get_text()
    )
    assert _get(app, Disagreement, d_id).mediation_late
    record = _text(staff.get(f"/staff/disagreements/{d_id}"))
    assert f"The mediation was arranged for after the 30-day duty ({format_govuk_date(due)})" in record
    assert "Mediation arranged after the 30-day duty" in _text(staff.get("/staff/disagreements"))


def test_a_certificate_only_request_has_no_mediation_pages(app):
    seed(app)
    d_id = _disagreement(app, wants=False)
    staff = _staff(app)
    assert staff.get(f"/staff/disagreements/{d_id}/arrange").status_code == 404
    assert staff.get(f"/staff/disagreements/{d_id}/outcome").status_code == 404
    assert staff.get(f"/staff/disagreements/{d_id}/agreed-actions/new").status_code == 404


# --- Outcome ------------------------------------------------------------------------------------------


def test_the_outcome_cannot_be_before_the_contact_or_the_decision_or_in_the_future(app):
    seed(app)
    d_id = _disagreement(app, contacted_days_ago=10)
    maya = _maya(app)
    staff = _staff(app)
    path = f"/staff/disagreements/{d_id}/outcome"
    assert _errors(_post(staff, path)) == ["Select the outcome of mediation", "Enter the date mediation ended"]
    contacted = TODAY - timedelta(days=10)
    assert _errors(_post(staff, path, outcome="none", **_date("ended_on", contacted - timedelta(days=1)))) == [
        f"The date mediation ended must be on or after the family asked for mediation ({format_govuk_date(contacted)})"
    ]
    decided = _get(app, Disagreement, d_id).decision_notice_on
    assert _errors(_post(staff, path, outcome="none", **_date("ended_on", decided - timedelta(days=1)))) == [
        f"The date mediation ended must be on or after the decision ({format_govuk_date(decided)})"
    ]
    assert _errors(_post(staff, path, outcome="none", **_date("ended_on", TODAY + timedelta(days=1)))) == [
        "Date mediation ended must be today or in the past"
    ]
    ended = TODAY - timedelta(days=1)
    assert _post(staff, path, outcome="partial", **_date("ended_on", ended)).status_code == 302
    d = _get(app, Disagreement, d_id)
    assert (d.outcome, d.mediation_ended_on, d.mediation_held_on) == ("partial", ended, ended)
    assert _events(app, maya.id, "mediation_held") == [
        f"Mediation ended on {format_govuk_date(ended)}: partial agreement"
    ]
    assert len(_audits(app, "disagreement.outcome_recorded")) == 1
    record = _text(staff.get(f"/staff/disagreements/{d_id}"))
    due = add_working_days(ended, 3)
    assert f"Issue the mediation certificate (3 working days): {format_govuk_date(due)}" in record
    assert staff.get(path).status_code == 404  # recorded once


# --- The certificate ----------------------------------------------------------------------------------


def test_the_certificate_is_generated_stored_shared_and_downloaded_by_the_family(app, client):
    _signed_in(client, app)
    d_id = _disagreement(app, wants=False)
    maya = _maya(app)
    staff = _staff(app)
    path = f"/staff/disagreements/{d_id}/certificate"
    confirm = _text(staff.get(path))
    assert "Kent" in confirm and maya.reference in confirm and "did not want mediation" in confirm
    response = _post(staff, path)
    assert response.status_code == 302

    d = _get(app, Disagreement, d_id)
    assert d.certificate_issued_on == TODAY
    document = _get(app, Document, d.certificate_document_id)
    assert (document.case_id, document.category, document.status, document.shared_with_family) == (
        maya.id,
        "mediation_certificate",
        "clean",
        True,
    )
    assert document.content_type == "application/pdf"
    pdf = _pdf_text(app, document)
    for words in (
        "Kent",
        maya.reference,
        "The decision not to carry out an EHC needs assessment",
        "did not want mediation",
        format_govuk_date(TODAY),
    ):
        assert words in pdf, words

    deadline = format_govuk_date(appeal_deadline(d.decision_notice_on, TODAY))
    assert _events(app, maya.id, "mediation_certificate") == [
        f"The mediation certificate was issued on {format_govuk_date(TODAY)}"
    ]
    assert [a.detail for a in _audits(app, "disagreement.certificate_issued")] == [f"disagreement:{d_id}"]
    with app.app_context():
        messages = [
            m.personalisation
            for m in _db().session.exec(select(OutboxMessage).where(OutboxMessage.case_id == maya.id))
            if "certificate was issued" in m.personalisation
        ]
    assert len(messages) == 1 and f"You can appeal to the SEND Tribunal by 5pm on {deadline}" in messages[0]

    family = check_page(client.get(f"/your-cases/{maya.id}/disagree/dates"))
    link = family.find("a", string=lambda s: s and s.startswith("Download your mediation certificate"))
    assert link["href"] == f"/your-cases/{maya.id}/documents/{document.id}"
    download = client.get(link["href"])
    assert download.status_code == 200 and download.data.startswith(b"%PDF-")
    assert len(download.data) == document.size_bytes
    download.close()
    # staff download it from the record; it cannot be issued twice
    record = check_page(staff.get(f"/staff/disagreements/{d_id}"))
    assert record.find("a", string="Download the certificate (PDF)")["href"].endswith(document.id)
    assert staff.get(path).status_code == 404


def test_the_certificate_says_whether_mediation_took_place(app):
    seed(app)
    d_id = _disagreement(
        app,
        contacted_days_ago=10,
        mediation_held_on=TODAY - timedelta(days=2),
        mediation_ended_on=TODAY - timedelta(days=2),
        outcome="none",
    )
    staff = _staff(app)
    _post(staff, f"/staff/disagreements/{d_id}/certificate")
    document = _get(app, Document, _get(app, Disagreement, d_id).certificate_document_id)
    pdf = _pdf_text(app, document)
    assert f"Mediation took place on {format_govuk_date(TODAY - timedelta(days=2))}. Outcome: no agreement" in pdf


def test_without_mediation_in_30_days_the_certificate_falls_due_in_3_working_days(app):
    seed(app)
    d_id = _disagreement(app, contacted_days_ago=35)
    staff = _staff(app)
    due = add_working_days(add_days(TODAY - timedelta(days=35), 30), 3)
    expected = f"No mediation within 30 days: certificate due by {format_govuk_date(due)}"
    assert expected in _text(staff.get("/staff/disagreements"))
    record = _text(staff.get(f"/staff/disagreements/{d_id}"))
    assert (
        "Mediation did not take place within 30 days, so the mediation certificate is due within 3 working days, "
        f"by {format_govuk_date(due)}"
    ) in record
    _post(staff, f"/staff/disagreements/{d_id}/certificate")
    pdf = _pdf_text(app, _get(app, Document, _get(app, Disagreement, d_id).certificate_document_id))
    assert "wanted mediation, but it did not take place within 30 days" in pdf


# --- Agreed actions -----------------------------------------------------------------------------------


def test_agreed_actions_have_reg_42_deadlines_show_due_or_overdue_and_can_be_marked_done(app):
    seed(app)
    ended = TODAY - timedelta(days=20)
    d_id = _disagreement(
        app, contacted_days_ago=40, mediation_held_on=ended, mediation_ended_on=ended, outcome="agreement"
    )
    maya = _maya(app)
    staff = _staff(app)
    path = f"/staff/disagreements/{d_id}/agreed-actions/new"
    assert _errors(_post(staff, path)) == ["Enter what the council agreed to do", "Select what kind of action it is"]
    assert _post(staff, path, description="Share the speech therapy report", kind="not_appealable").status_code == 302
    assert _post(staff, path, description="Send the draft plan", kind="make_plan_draft").status_code == 302

    with app.app_context():
        actions = list(_db().session.exec(select(AgreedActionRecord).order_by(AgreedActionRecord.id)))
    assert [(a.agreed_on, a.kind) for a in actions] == [(ended, "not_appealable"), (ended, "make_plan_draft")]
    record = check_page(staff.get(f"/staff/disagreements/{d_id}"))
    rows = [[c.get_text(" ", strip=True) for c in tr.select("td")] for tr in record.select("table tbody tr")]
    assert rows[0][:3] == [
        "Share the speech therapy report",
        "Something the family could not appeal about (2 weeks)",
        format_govuk_date(add_weeks(ended, 2)),
    ]
    assert rows[0][3].startswith("Overdue")
    assert rows[1][2] == format_govuk_date(add_weeks(ended, 5)) and rows[1][3].startswith("Due")
    assert "1 agreed action overdue" in _text(staff.get("/staff/disagreements"))
    assert len(_audits(app, "disagreement.action_added")) == 2
    assert _events(app, maya.id, "agreed_action")[0] == (
        f"Agreed at mediation: Share the speech therapy report. Due by {format_govuk_date(add_weeks(ended, 2))}"
    )

    done = f"/staff/disagreements/{d_id}/agreed-actions/{actions[0].id}/done"
    token = csrf_of(staff, f"/staff/disagreements/{d_id}")
    assert staff.post(done, data={"csrf_token": token}).status_code == 302
    assert _get(app, AgreedActionRecord, actions[0].id).done_on == TODAY
    record = check_page(staff.get(f"/staff/disagreements/{d_id}"))
    assert record.select("table tbody tr")[0].select("td")[3].get_text(" ", strip=True).startswith("Done")
    assert "agreed action overdue" not in _text(staff.get("/staff/disagreements"))
    assert len(_audits(app, "disagreement.action_done")) == 1
    assert _events(app, maya.id, "agreed_action_done") == [
        f"Done: Share the speech therapy report ({format_govuk_date(TODAY)})"
    ]
    # another disagreement's id with this action is a 404
    other = _disagreement(app, "Leo", contacted_days_ago=3)
    assert (
        staff.post(
            f"/staff/disagreements/{other}/agreed-actions/{actions[1].id}/done", data={"csrf_token": token}
        ).status_code
        == 404
    )


# --- Appeal -------------------------------------------------------------------------------------------


def test_an_appeal_is_recorded_not_before_the_decision_nor_in_the_future(app):
    seed(app)
    d_id = _disagreement(app, contacted_days_ago=3)
    staff = _staff(app)
    path = f"/staff/disagreements/{d_id}/appeal"
    decided = _get(app, Disagreement, d_id).decision_notice_on
    assert _errors(_post(staff, path, **_date("on", decided - timedelta(days=1)))) == [
        f"The date of the appeal must be on or after the decision ({format_govuk_date(decided)})"
    ]
    assert _errors(_post(staff, path, **_date("on", TODAY + timedelta(days=1)))) == [
        "Date of the appeal must be today or in the past"
    ]
    assert _post(staff, path, **_date("on", TODAY)).status_code == 302
    assert _get(app, Disagreement, d_id).appealed_on == TODAY
    assert len(_audits(app, "disagreement.appeal_recorded")) == 1


# --- Contacts -----------------------------------------------------------------------------------------

CONTACTS = {
    "mediation_adviser_name": "Kent Mediation Service",
    "mediation_adviser_email": "mediation@kent.example.org",
    "mediation_adviser_phone": "01622 000000",
    "health_contact_name": "NHS Kent and Medway SEND team",
    "health_contact_email": "send.disagreements@nhs.example.net",
    "health_contact_phone": "01622 111111",
}


def _reset_contacts(app) -> None:
    from service.data.local_authorities import by_old_code

    with app.app_context():
        kent = by_old_code("886")
        for name in CONTACTS:
            setattr(kent, name, "")
        _db().session.commit()


def test_managers_edit_the_contacts_and_a_health_only_disagreement_goes_to_the_health_contact(app, client):
    _signed_in(client, app)
    _reset_contacts(app)
    try:
        caseworker = _staff(app)
        assert caseworker.get("/staff/disagreements/contacts").status_code == 403
        manager = _staff(app, "kent.manager@example.gov.uk")
        path = "/staff/disagreements/contacts"
        assert _errors(_post(manager, path, mediation_adviser_email="not an email")) == [
            "Enter the name of the mediation adviser service",
            "Enter an email address in the correct format, like name@example.com",
            "Enter the name of the health disagreement contact",
        ]
        assert _post(manager, path, **CONTACTS).status_code == 302
        audits = _audits(app, "council.disagreement_contacts_changed")
        assert len(audits) == 1 and audits[0].detail == ",".join(CONTACTS)

        maya_page = _text(client.get(f"/your-cases/{_maya(app).id}"))
        assert "The mediation adviser is Kent Mediation Service. Email: mediation@kent.example.org" in maya_page
        maya_d = _disagreement(app)
        maya = _maya(app)
        family = _text(client.get(f"/your-cases/{maya.id}/disagree/dates"))
        assert "Mediation adviser: Kent Mediation Service" in family and "mediation@kent.example.org" in family
        assert "NHS Kent" not in family

        from service.data import mediation_changes

        with app.app_context():
            leo_case = _db().session.exec(select(Case).where(Case.child_first_name == "Leo")).one()
            leo_case.final_issued_on = TODAY - timedelta(days=3)
            _db().session.commit()
            health = mediation_changes.request_mediation(leo_case, ["health", "social_care"], True, "", "", "", TODAY)
            _db().session.commit()
            health_id, leo_id = health.id, leo_case.id
        family = _text(client.get(f"/your-cases/{leo_id}/disagree/dates"))
        assert "health service's disagreement contact deals with it" in family
        assert "NHS Kent and Medway SEND team" in family and "Kent Mediation Service" not in family
        record = _text(manager.get(f"/staff/disagreements/{health_id}"))
        assert "Health (integrated care board) disagreement contact NHS Kent and Medway SEND team" in record
        assert "Routed to The health contact" in record
        assert "Health or social care only: health contact" in _text(manager.get("/staff/disagreements"))
        assert "Mediation adviser Kent Mediation Service" in _text(manager.get(f"/staff/disagreements/{maya_d}"))
    finally:
        _reset_contacts(app)


# --- Figures ------------------------------------------------------------------------------------------


def test_the_figures_count_requests_outcomes_appeals_and_timeliness(app):
    seed(app)
    from service.data.local_authorities import by_old_code

    with app.app_context():
        db = _db()
        kent, leeds = by_old_code("886"), by_old_code("383")
        cases = list(db.session.exec(select(Case).where(Case.local_authority_id == kent.id)))
        leeds_case = db.session.exec(select(Case).where(Case.local_authority_id == leeds.id)).first()
        long_ago = TODAY - timedelta(days=100)

        def add(case, la, kind="not_to_assess", wants=True, contacted=long_ago, **values):
            db.session.add(
                Disagreement(
                    case_id=case.id,
                    local_authority_id=la.id,
                    decision_kind=kind,
                    decision_notice_on=contacted - timedelta(days=5),
                    wants_mediation=wants,
                    contacted_on=contacted,
                    **values,
                )
            )

        held_on_time = long_ago + timedelta(days=20)
        # 1: mediation held on time (day 20), agreement, certificate 2 working days later (on time), appealed
        add(
            cases[0],
            kent,
            mediation_held_on=held_on_time,
            mediation_ended_on=held_on_time,
            outcome="agreement",
            certificate_issued_on=add_working_days(held_on_time, 2),
            appealed_on=add_working_days(held_on_time, 10),
        )
        # 2: mediation held late (day 40), no agreement, certificate late (10 working days after)
        held_late = long_ago + timedelta(days=40)
        add(
            cases[1],
            kent,
            kind="not_to_issue",
            mediation_held_on=held_late,
            mediation_ended_on=held_late,
            outcome="none",
            certificate_issued_on=add_working_days(held_late, 10),
        )
        # 3: mediation never held, 30 days long past, no certificate: both duties late
        add(cases[2], kent, kind="plan_contents", sections="F")
        # 4: certificate only, issued the next working day: on time
        add(cases[3], kent, wants=False, certificate_issued_on=add_working_days(long_ago, 1))
        # 5: mediation asked for today: not yet due
        add(cases[4], kent, contacted=TODAY)
        # another council's disagreement is not counted
        add(leeds_case, leeds, wants=False)
        db.session.commit()

    staff = _staff(app, "kent.readonly@example.gov.uk")  # read-only staff may see the figures
    tables = _figures(staff)
    assert tables["Requests by decision"] == {
        "The decision not to carry out an EHC needs assessment": 3,
        "The decision not to make an EHC plan": 1,
        "The final EHC plan": 1,
        "The decision not to change the EHC plan after its review": 0,
        "The decision to stop maintaining the EHC plan": 0,
        "All disagreements": 5,
    }
    assert tables["Mediation or certificate only"] == {"Mediation": 4, "Certificate only": 1}
    assert tables["Outcomes of mediation"] == {
        "Agreement": 1,
        "Partial agreement": 0,
        "No agreement": 1,
        "No outcome recorded yet": 2,
    }
    assert tables["Certificates and appeals"] == {"Certificates issued": 3, "Went on to appeal (where recorded)": 1}
    assert tables["Mediation held within 30 days"] == {"On time": 1, "Late": 2, "Not yet due": 1}
    assert tables["Certificate issued within 3 working days"] == {"On time": 2, "Late": 2, "Not yet due": 0}

    # by the year the disagreement began: one begun two years before the others
    years_ago = date(long_ago.year - 2, 6, 1)
    with app.app_context():
        add(cases[5], kent, wants=False, contacted=years_ago, certificate_issued_on=years_ago)
        _db().session.commit()
    assert _figures(staff)["Requests by decision"]["All disagreements"] == 6
    that_year = _figures(staff, f"?year={years_ago.year}")
    assert that_year["Requests by decision"]["All disagreements"] == 1
    assert that_year["Mediation or certificate only"] == {"Mediation": 0, "Certificate only": 1}
    assert that_year["Certificate issued within 3 working days"] == {"On time": 1, "Late": 0, "Not yet due": 0}
    page = check_page(staff.get(f"/staff/disagreements/figures?year={years_ago.year}"))
    assert f"Disagreements that began in {years_ago.year}" in " ".join(page.get_text(" ").split())
    assert page.select_one("#year option[selected]").get_text(strip=True) == str(years_ago.year)
    for unknown in ("?year=1999", "?year=abc"):  # not a year with disagreements: every disagreement
        assert _figures(staff, unknown)["Requests by decision"]["All disagreements"] == 6


def _figures(staff, query: str = "") -> dict:
    page = check_page(staff.get("/staff/disagreements/figures" + query))
    return {
        t.caption.get_text(strip=True): {
            tr.th.get_text(strip=True): int(tr.td.get_text(strip=True)) for tr in t.select("tbody tr")
        }
        for t in page.select("table")
    }


def test_issuing_a_certificate_while_mediation_is_still_to_be_arranged_warns_first(app):
    seed(app)
    waiting = _disagreement(app)
    staff = _staff(app)
    warning = "Only issue the certificate now if the family no longer wants mediation"
    assert warning in _text(staff.get(f"/staff/disagreements/{waiting}/certificate"))
    certificate_only = _disagreement(app, "Leo", wants=False)
    assert warning not in _text(staff.get(f"/staff/disagreements/{certificate_only}/certificate"))


def test_staff_and_family_see_the_same_appeal_date_before_the_certificate(app, client):
    _signed_in(client, app)
    d_id = _disagreement(app)
    maya = _maya(app)
    appeal_by = format_govuk_date(appeal_deadline(maya.decision_to_assess_on, None))
    record = _text(_staff(app).get(f"/staff/disagreements/{d_id}"))
    expected = f"Last day for the family to appeal to the SEND Tribunal: {appeal_by}, or 1 month after the certificate"
    assert expected in record
    family = _text(client.get(f"/your-cases/{maya.id}/disagree/dates"))
    assert (
        f"You can appeal to the SEND Tribunal by 5pm on {appeal_by}, or by 5pm 1 month after the date on your mediation"
        in family
    )
