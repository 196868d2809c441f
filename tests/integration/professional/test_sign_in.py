"""A professional signs in with an emailed code and sees only their organisation's work."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import col, func, select

from service.db import db
from service.models import AdviceRequest, AuditEvent, OutboxMessage
from tests.factories import make_case, make_organisation, make_professional
from tests.integration.professional.helpers import sign_in_professional
from tests.integration.staff.helpers import csrf_of
from tests.pages import check_page


def _advice(case, organisation, asked="Educational advice on Ella's communication") -> int:
    today = date.today()
    row = AdviceRequest(
        case_id=case.id,
        kind="setting",
        requested_on=today,
        due_on=today + timedelta(weeks=6),
        organisation_id=organisation.id,
        asked=asked,
    )
    db.session.add(row)
    db.session.commit()
    return row.id


def test_sign_in_with_an_emailed_code_shows_the_organisations_work(client, app):
    with app.app_context():
        school = make_organisation(name="River Primary School", urn=118393)
        person = make_professional(school, email="senco@river.example.sch.uk")
        case = make_case(stage="assessing", child_first_name="Ella", child_last_name="Stone")
        advice_id = _advice(case, school)
        other = make_organisation(name="Hill School")
        other_id = _advice(make_case(stage="assessing"), other)
    response = sign_in_professional(client, app, person.email)
    assert response.status_code == 302 and response.location.endswith("/professional/")
    home = check_page(client.get("/professional/"))
    assert "Requests for River Primary School" in home.get_text()
    assert "Advice for Ella Stone" in home.get_text()
    assert "Hill School" not in home.get_text()
    page = check_page(client.get(f"/professional/advice/{advice_id}"))
    assert "Educational advice on Ella" in page.get_text()
    assert client.get(f"/professional/advice/{other_id}").status_code == 404  # another organisation's work
    with app.app_context():
        audited = db.session.exec(
            select(AuditEvent).where(AuditEvent.professional_id == person.id, AuditEvent.action == "advice.view")
        ).all()
        assert [a.case_id for a in audited] == [case.id]


def test_an_unknown_address_gets_the_same_page_and_no_email(client, app):
    token = csrf_of(client, "/professional/sign-in")
    response = client.post("/professional/sign-in", data={"csrf_token": token, "email": "nobody@example.org"})
    assert response.location.endswith("/professional/sign-in/code")
    with app.app_context():
        sent = db.session.exec(select(func.count()).select_from(OutboxMessage)).one()
        assert sent == 0
    page = client.get("/professional/sign-in/code")
    assert page.status_code == 200
    token = csrf_of(client, "/professional/sign-in/code")
    wrong = client.post("/professional/sign-in/code", data={"csrf_token": token, "code": "123456"})
    assert wrong.status_code == 400 and "The security code is not correct" in wrong.get_data(as_text=True)


def test_a_wrong_code_is_refused_and_five_tries_use_it_up(client, app):
    with app.app_context():
        person = make_professional()
    client.post(
        "/professional/sign-in", data={"csrf_token": csrf_of(client, "/professional/sign-in"), "email": person.email}
    )
    for _ in range(5):
        token = csrf_of(client, "/professional/sign-in/code")
        response = client.post("/professional/sign-in/code", data={"csrf_token": token, "code": "000000"})
        assert response.status_code in (400, 302)
    assert client.get("/professional/").status_code == 302  # not signed in


def test_a_disabled_or_uninvited_person_cannot_sign_in(client, app):
    with app.app_context():
        disabled = make_professional(disabled=True)
        pending = make_professional(active=False)
    for person in (disabled, pending):
        client.post(
            "/professional/sign-in",
            data={"csrf_token": csrf_of(client, "/professional/sign-in"), "email": person.email},
        )
    with app.app_context():
        codes = db.session.exec(
            select(func.count())
            .select_from(OutboxMessage)
            .where(col(OutboxMessage.template) == "professional_sign_in_code")
        ).one()
        assert codes == 0


def test_signing_out_ends_the_session(client, app):
    with app.app_context():
        person = make_professional()
    sign_in_professional(client, app, person.email)
    assert client.get("/professional/").status_code == 200
    token = csrf_of(client, "/professional/")
    assert client.post("/professional/sign-out", data={"csrf_token": token}).status_code == 302
    assert client.get("/professional/").status_code == 302


def test_staff_and_families_are_not_professionals(client, app):
    from tests.integration.staff.helpers import seed, sign_in

    seed(app)
    sign_in(client, app, "kent.caseworker@example.gov.uk")
    assert client.get("/professional/").status_code == 302


def test_ten_wrong_codes_pause_sign_in_for_30_minutes_and_a_right_code_resets_the_count(client, app):
    from service.models import Professional

    with app.app_context():
        person = make_professional()

    def ask_for_code() -> None:
        token = csrf_of(client, "/professional/sign-in")
        client.post("/professional/sign-in", data={"csrf_token": token, "email": person.email})

    def wrong_code():
        token = csrf_of(client, "/professional/sign-in/code")
        return client.post("/professional/sign-in/code", data={"csrf_token": token, "code": "000000"})

    def codes_sent() -> int:
        with app.app_context():
            return db.session.exec(
                select(func.count())
                .select_from(OutboxMessage)
                .where(col(OutboxMessage.template) == "professional_sign_in_code")
            ).one()

    ask_for_code()
    for _ in range(4):
        assert wrong_code().status_code == 400
    signed = sign_in_professional(client, app, person.email)  # a right code: signed in, the count starts again
    assert signed.status_code == 302 and signed.location.endswith("/professional/"), signed.get_data(as_text=True)[
        :3000
    ]
    with app.app_context():
        assert db.session.get(Professional, person.id).failed_attempts == 0
    client.post("/professional/sign-out", data={"csrf_token": csrf_of(client, "/professional/")})
    for _ in range(2):  # each code allows 5 tries: ten wrong codes need two codes
        ask_for_code()
        for _ in range(5):
            response = wrong_code()
    assert response.status_code == 302 and response.location.endswith("/professional/sign-in")
    with app.app_context():
        paused = db.session.get(Professional, person.id)
        assert paused.locked_until is not None and paused.failed_attempts == 0
    sent = codes_sent()
    ask_for_code()  # the same page, but no code is sent while sign-in is paused
    assert codes_sent() == sent
    assert client.get("/professional/").status_code == 302
