"""The whole request journey through the Flask client."""

from datetime import date

from sqlmodel import select

from service.models import Case, CaseEvent, OutboxMessage, RequestDraft
from tests.integration.request_assessment.journey import answer_everything, csrf, post
from tests.pages import check_page


def test_the_start_button_creates_a_draft_and_opens_the_first_question(client):
    response = client.get("/request")
    assert response.status_code == 302 and response.location.endswith("/request/who")
    page = check_page(client.get("/request/who"))
    assert page.h1.get_text(strip=True) == "Who is making the request?"


def test_a_family_answers_everything_and_sends_one_request(client, app):
    from service.data.local_authorities import by_old_code
    from service.db import db as database

    with app.app_context():
        by_old_code("886").send_team_email = "send.team@kent.example.gov.uk"
        database.session.commit()
    answer_everything(client, app)
    page = check_page(client.get("/request/check-answers"))
    text = page.get_text(" ")
    assert "Amara Okafor" in text and "14 March 2017" in text and "Kent" in text and "Igbo" in text
    assert len(page.select(".govuk-summary-list__actions a")) >= 15
    token = csrf(page)
    first = client.post("/request/check-answers", data={"csrf_token": token})
    assert first.status_code == 302 and first.location.endswith("/request/confirmation")
    again = client.post("/request/check-answers", data={"csrf_token": token})
    assert again.status_code == 302
    confirmation = check_page(client.get("/request/confirmation"))
    with app.app_context():
        from service.db import db

        cases = list(db.session.exec(select(Case)))
        assert len(cases) == 1
        case = cases[0]
        assert case.reference in confirmation.get_text()
        assert case.local_authority.name if hasattr(case, "local_authority") else True
        assert case.requester_email == "parent@example.com"
        assert case.stage == "request_received"
        assert case.next_due_key == "decision_to_assess"
        assert (case.next_due_on - case.received_on).days == 42
        assert "must tell you whether it will carry out an EHC needs assessment by" in confirmation.get_text(" ")
        events = list(db.session.exec(select(CaseEvent).where(CaseEvent.case_id == case.id)))
        assert [e.kind for e in events] == ["request_received"]
        messages = list(db.session.exec(select(OutboxMessage).where(OutboxMessage.case_id == case.id)))
        assert sorted(m.template for m in messages) == ["council_new_request", "request_received"]
        assert {m.recipient for m in messages} == {"parent@example.com", "send.team@kent.example.gov.uk"}
        assert {m.status for m in messages} == {"sent"}  # NOTIFY_MODE=outbox: the in-process job ran after the commit
        assert db.session.exec(select(RequestDraft)).one().submitted_case_id == case.id


def test_the_reference_number_has_a_valid_check_character(client, app):
    from service.references import normalise

    answer_everything(client, app)
    page = check_page(client.get("/request/check-answers"))
    client.post("/request/check-answers", data={"csrf_token": csrf(page)})
    reference = check_page(client.get("/request/confirmation")).select_one(".govuk-panel strong").get_text()
    assert normalise(reference) == reference
    assert normalise(reference.lower().replace("-", " ")) == reference


def test_a_change_link_returns_to_check_answers(client, app):
    answer_everything(client, app)
    response = post(client, "/request/child-name?change=yes", {"first_name": "Ada", "last_name": "Okafor"})
    assert response.location.endswith("/request/check-answers")
    assert "Ada Okafor" in check_page(client.get("/request/check-answers")).get_text()


def test_check_answers_is_not_reachable_before_the_questions_are_answered(client):
    client.get("/request")
    response = client.get("/request/check-answers")
    assert response.status_code == 302 and response.location.endswith("/request/who")


def test_a_young_person_is_not_asked_for_a_relationship_and_must_be_16_or_over(client, app):
    client.get("/request")
    post(client, "/request/who", {"role": "young_person"})
    post(client, "/request/child-name", {"first_name": "Sam", "last_name": "Lee"})
    today = date.today()
    too_young = post(
        client,
        "/request/child-date-of-birth",
        {"date_of_birth-day": "1", "date_of_birth-month": "1", "date_of_birth-year": str(today.year - 10)},
    )
    page = check_page(too_young)
    assert "you must be 16 or older" in page.select_one(".govuk-error-summary").get_text()


def test_save_and_come_back_later_sends_a_single_use_link_that_restores_the_answers(client, app):
    client.get("/request")
    post(client, "/request/who", {"role": "parent"})
    response = post(
        client, "/request/child-name", {"first_name": "Amara", "last_name": "Okafor", "save_and_return": "yes"}
    )
    assert response.location.endswith("/request/save")
    response = post(client, "/request/save", {"email": "parent@example.com"})
    assert response.location.endswith("/request/saved")
    check_page(client.get("/request/saved"))
    with app.app_context():
        from service.db import db

        message = db.session.exec(select(OutboxMessage).where(OutboxMessage.template == "draft_resume_link")).one()
        link = message.personalisation.split('"link": "')[1].split('"')[0]
    path = link.split("://", 1)[1].split("/", 1)[1]
    other_browser = app.test_client()
    resumed = other_browser.get("/" + path)
    assert resumed.status_code == 302 and resumed.location.endswith("/request/child-date-of-birth")
    page = check_page(other_browser.get("/request/child-name"))
    assert page.find("input", attrs={"name": "first_name"})["value"] == "Amara"
    reused = app.test_client().get("/" + path)
    assert check_page(reused, status=400).h1.get_text(strip=True) == "This link has expired or has been used"
