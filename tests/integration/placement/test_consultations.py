"""Consulting settings on the draft plan: not before a draft; sent through the service with an email
(a SERVICE_URL link) to the setting's people, due 15 days beginning with the day sent; the setting reads
only the draft it was sent and answers once (on time or late, reasons needed for no); the family sees
each consultation's status but not the reasons until shared; naming the setting writes section I and
the final plan carries it; another organisation's consultation is 404."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import col, select

from service.data import plans
from service.db import db
from service.models import AuditEvent, Case, Consultation, Organisation
from tests.factories import make_organisation, make_professional
from tests.integration.placement.helpers import FAMILY, RIVER, add, drafted, errors, messages, post, values_of
from tests.integration.plan_family.helpers import sign_in_family
from tests.integration.plan_family.plans import edit, issue
from tests.integration.professional.helpers import sign_in_professional
from tests.integration.staff.helpers import csrf_of
from tests.pages import check_page

SENCO = "senco@river.example.org"


def _consult_path(data) -> str:
    return f"/staff/cases/{data['case']}/consultations/new"


def _consult(client, data, **form):
    return post(client, _consult_path(data), _consult_path(data), form)


def _people(app):
    """River's organisation, with a SENCO who uses the service."""
    with app.app_context():
        river = make_organisation(name="River Primary School", urn=RIVER, email="office@river.example.org")
        make_professional(river, email=SENCO, name="Rae Senco", role="SENCO")
        return river.id


def _consultation(app, consultation_id: int) -> Consultation:
    with app.app_context():
        found = db.session.get(Consultation, consultation_id)
        db.session.expunge(found)
        return found


def _sent(app, client, data, **form) -> int:
    response = _consult(client, data, setting=str(data["river"]), message="Please look at section F.", **form)
    assert response.status_code == 302, response.status_code
    return int(response.location.rsplit("/", 1)[1])


def _set_sent_on(app, consultation_id: int, sent_on: date, due_on: date) -> None:
    with app.app_context():
        found = db.session.get(Consultation, consultation_id)
        found.sent_on, found.due_on = sent_on, due_on
        db.session.commit()


def _answer(client, consultation_id: int, **form):
    path = f"/professional/consultations/{consultation_id}"
    return client.post(path, data={"csrf_token": csrf_of(client, path), **form})


def test_no_consultation_before_the_draft_plan_is_issued(client, app):
    data = drafted(app, client, draft=False)
    add(client, data, urn=str(RIVER))
    page = check_page(client.get(f"/staff/cases/{data['case']}/settings-list"))
    assert "Issue the draft plan before consulting settings: they are sent the draft." in page.get_text()
    response = _consult(client, data, setting=str(data["river"]))
    assert errors(response) == ["Issue the draft plan before consulting settings: they are sent the draft"]
    with app.app_context():
        assert db.session.exec(select(Consultation)).first() is None
        assert db.session.exec(select(Organisation).where(Organisation.urn == RIVER)).first() is None


def test_sending_emails_the_setting_with_a_service_url_link_due_in_15_days(client, app):
    data = drafted(app, client)
    _people(app)
    add(client, data, urn=str(RIVER))
    choices = check_page(client.get(_consult_path(data))).select("input[name=setting]")
    assert [c["value"] for c in choices] == [str(data["river"]), "urn"]
    assert client.post(
        _consult_path(data), data={"csrf_token": csrf_of(client, _consult_path(data)), "setting": str(data["river"])},
        headers={"Host": "evil.example"},
    ).status_code == 400  # fmt: skip
    consultation_id = _sent(app, client, data)
    found = _consultation(app, consultation_id)
    assert found.sent_on == date.today() and found.due_on == date.today() + timedelta(days=14)
    assert found.plan_version_id == data["version"] and found.message == "Please look at section F."
    sent = messages(app, "consultation_sent")
    assert sorted(m.recipient for m in sent) == ["office@river.example.org", SENCO]
    values = values_of(sent[0])
    assert values["link"] == f"{app.config['SERVICE_URL']}/professional/consultations/{consultation_id}"
    assert values["child_first_name"] == "Leo" and values["reference"]
    assert values["due_by"] == f"{found.due_on.day} {found.due_on:%B %Y}"
    assert "Leo" in values["child_first_name"] and "last_name" not in values
    page = check_page(client.get(f"/staff/cases/{data['case']}/consultations/{consultation_id}"))
    assert "Waiting" in page.get_text() and "Nobody at River Primary School uses the service" not in page.get_text()
    # a second consultation of the same draft is refused
    again = _consult(client, data, setting=str(data["river"]))
    assert errors(again) == ["River Primary School has already been sent Draft 1 of the plan"]


def test_a_setting_with_nobody_in_the_service_gets_an_organisation_and_a_warning(client, app):
    data = drafted(app, client)
    response = _consult(client, data, setting="urn", urn=str(RIVER))
    assert response.status_code == 302
    page = check_page(client.get(response.location))
    with app.app_context():
        organisation = db.session.exec(select(Organisation).where(Organisation.urn == RIVER)).one()
        assert (organisation.kind, organisation.name) == ("setting", "River Primary School")
    assert "Nobody at River Primary School uses the service yet" in page.get_text()
    assert page.find("a", href=f"/staff/organisations/{organisation.id}") is not None
    assert messages(app, "consultation_sent") == []
    assert errors(_consult(client, data, setting="urn", urn="654321")) == [
        "There is no setting with URN 654321 in the list of settings"
    ]
    assert errors(_consult(client, data)) == ["Select the setting to consult"]
    assert _consult(client, data, setting=str(data["elm"])).status_code == 404


def test_the_setting_reads_only_the_draft_it_was_sent_and_answers_on_time(client, app):
    data = drafted(app, client)
    _people(app)
    with app.app_context():
        case = db.session.get(Case, data["case"])
        case.assigned_caseworker_id = data["staff"]
        db.session.commit()
    consultation_id = _sent(app, client, data)
    with app.app_context():
        staff = db.session.get(__import__("service.models", fromlist=["StaffUser"]).StaffUser, data["staff"])
        edit(
            db.session.get(Case, data["case"]),
            staff,
            "a1",
            lambda d: {**d, "section_a": {**d["section_a"], "history": "Working copy only"}},
        )
        issue(db.session.get(Case, data["case"]), staff, "draft")  # Draft 2, not sent to River
    setting = app.test_client()
    sign_in_professional(setting, app, SENCO)
    page = check_page(setting.get(f"/professional/consultations/{consultation_id}"))
    text = page.select_one("main").get_text(" ", strip=True)
    assert "The draft plan: Draft 1" in text and "Draft 2" not in text and "Working copy only" not in text
    assert "Leo was born at 32 weeks" in text  # the draft's section A as issued
    assert "Please look at section F." in text
    assert f"Answer by {date.today() + timedelta(days=14):%-d %B %Y}" in text
    assert page.select_one("#section-b") is not None
    response = _answer(setting, consultation_id, can_meet="yes", would_need="Training for two teaching assistants.")
    assert response.status_code == 302 and response.location.endswith("/sent")
    assert "Answer sent" in check_page(setting.get(response.location)).get_text()
    found = _consultation(app, consultation_id)
    assert (found.answer, found.late, found.answered_on) == ("can_meet", False, date.today())
    assert found.would_need == "Training for two teaching assistants."
    [told] = messages(app, "consultation_answered")
    assert told.recipient == data["staff_email"]
    assert values_of(told)["link"].endswith(f"/staff/cases/{data['case']}/consultations/{consultation_id}")
    # a second answer is refused and shows what was sent
    again = _answer(setting, consultation_id, can_meet="no", reasons="Changed our mind")
    assert again.status_code == 409
    assert "You have already answered" in again.get_data(as_text=True)
    assert _consultation(app, consultation_id).answer == "can_meet"
    with app.app_context():
        actions = list(db.session.exec(select(AuditEvent.action).where(col(AuditEvent.professional_id).is_not(None))))
        assert "consultation.view" in actions and "consultation.answer" in actions
    staff_page = check_page(client.get(f"/staff/cases/{data['case']}/consultations/{consultation_id}"))
    assert "Can meet needs" in staff_page.get_text()


def test_a_late_answer_is_accepted_and_marked_late_and_no_needs_reasons(client, app):
    data = drafted(app, client)
    _people(app)
    consultation_id = _sent(app, client, data)
    _set_sent_on(app, consultation_id, date.today() - timedelta(days=20), date.today() - timedelta(days=6))
    assert "Overdue" in check_page(client.get(f"/staff/cases/{data['case']}/settings-list")).get_text()
    setting = app.test_client()
    sign_in_professional(setting, app, SENCO)
    page = check_page(setting.get(f"/professional/consultations/{consultation_id}"))
    assert "you can still answer; your answer will be marked late" in page.get_text()
    response = _answer(setting, consultation_id, can_meet="no")
    assert [a.get_text(strip=True) for a in check_page(response, 400).select(".govuk-error-summary a")] == [
        "Enter the reasons River Primary School cannot meet the needs"
    ]
    assert check_page(_answer(setting, consultation_id), 400).select_one(".govuk-error-summary") is not None
    assert setting.post(f"/professional/consultations/{consultation_id}", data={"can_meet": "yes"}).status_code == 400
    assert _answer(setting, consultation_id, can_meet="no", reasons="We have no places in Year 3.").status_code == 302
    found = _consultation(app, consultation_id)
    assert (found.answer, found.late) == ("cannot_meet", True)
    assert "Answered late" in check_page(client.get(f"/staff/cases/{data['case']}/settings-list")).get_text()


def test_another_organisations_consultation_is_404(client, app):
    data = drafted(app, client)
    _people(app)
    consultation_id = _sent(app, client, data)
    with app.app_context():
        make_professional(make_organisation(name="Hill School", urn=119999), email="senco@hill.example.org")
    other = app.test_client()
    sign_in_professional(other, app, "senco@hill.example.org")
    assert other.get(f"/professional/consultations/{consultation_id}").status_code == 404
    assert other.post(f"/professional/consultations/{consultation_id}", data={"can_meet": "yes"}).status_code in (
        400,
        404,
    )
    assert _consultation(app, consultation_id).answer == "pending"


def test_the_family_sees_the_status_the_reasons_only_when_shared_and_the_named_setting(client, app):
    data = drafted(app, client)
    _people(app)
    consultation_id = _sent(app, client, data)
    family = app.test_client()
    sign_in_family(family, app, FAMILY)
    path = f"/your-cases/{data['case']}/settings"
    text = check_page(family.get(path)).get_text(" ", strip=True)
    assert "The council has asked River Primary School whether it can meet Leo's needs." in text
    setting = app.test_client()
    sign_in_professional(setting, app, SENCO)
    _answer(setting, consultation_id, can_meet="yes", reasons="Our unit has a speech therapist every day.")
    text = check_page(family.get(path)).get_text(" ", strip=True)
    assert "River Primary School has answered: the council is deciding." in text
    assert "speech therapist every day" not in text
    staff_page = f"/staff/cases/{data['case']}/consultations/{consultation_id}"
    assert post(client, staff_page, f"{staff_page}/share", {}).status_code == 302
    text = check_page(family.get(path)).get_text(" ", strip=True)
    assert "speech therapist every day" in text
    # the decision: errors, then naming writes section I of the working copy
    decision = f"{staff_page}/decision"
    assert errors(post(client, decision, decision, {})) == ["Select whether the council will name the setting"]
    assert errors(post(client, decision, decision, {"decision": "named"})) == ["Select how Leo will attend"]
    assert errors(post(client, decision, decision, {"decision": "not_named"})) == [
        "Enter why the council will not name River Primary School"
    ]
    assert post(client, decision, decision, {"decision": "named", "attendance": "day"}).status_code == 302
    with app.app_context():
        case = db.session.get(Case, data["case"])
        placement = plans.working(plans.plan_for_case(case))["placement"]
        assert placement == {
            "name": "River Primary School",
            "urn": str(RIVER),
            "type": "Community school",
            "attendance": "day",
        }
    text = check_page(family.get(path)).get_text(" ", strip=True)
    assert "The council will name River Primary School in the final plan." in text
    assert any("River Primary School will be named" in m.personalisation for m in messages(app, "case_update"))
    # the final plan carries it, and issuing it records the named setting once
    with app.app_context():
        from service.models import StaffUser

        staff = db.session.get(StaffUser, data["staff"])
        final = issue(db.session.get(Case, data["case"]), staff, "final")
        assert plans.document_of(final)["placement"]["name"] == "River Primary School"
        assert db.session.get(Case, data["case"]).named_setting == "River Primary School"
    text = check_page(family.get(f"/your-cases/{data['case']}/plan")).select_one("#section-i").get_text()
    assert "River Primary School" in text


def test_missing_csrf_is_400_everywhere_it_changes(client, app):
    data = drafted(app, client)
    _people(app)
    consultation_id = _sent(app, client, data)
    staff_page = f"/staff/cases/{data['case']}/consultations/{consultation_id}"
    assert client.post(_consult_path(data), data={"setting": str(data["river"])}).status_code == 400
    assert client.post(f"{staff_page}/decision", data={"decision": "named", "attendance": "day"}).status_code == 400
    assert client.post(f"{staff_page}/share", data={}).status_code == 400
    assert _consultation(app, consultation_id).decision == ""
