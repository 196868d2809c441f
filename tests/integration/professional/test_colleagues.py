"""People at an organisation invite colleagues and remove those who have left; removal signs the person
out at once and leaves the work with the organisation; another organisation's people are 404."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlmodel import col, select

from service.db import db
from service.models import AdviceRequest, AuditEvent, OutboxMessage, Professional, ProfessionalInvitation
from tests.factories import make_case, make_organisation, make_professional
from tests.integration.professional.helpers import sign_in_professional
from tests.integration.staff.helpers import csrf_of
from tests.pages import check_page


def _post(client, path, data, form_page=None):
    return client.post(path, data={"csrf_token": csrf_of(client, form_page or path), **data})


def _school(app):
    with app.app_context():
        school = make_organisation(name="River Primary School", urn=118393)
        priya = make_professional(school, email="senco@river.example.sch.uk", name="Priya Shah", role="SENCO")
        ben = make_professional(school, email="ben@river.example.sch.uk", name="Ben Ade", role="Teacher")
        return school, priya, ben


def test_a_colleague_invites_someone_and_the_email_says_who(client, app):
    school, priya, _ = _school(app)
    with app.app_context():
        hill = make_organisation(name="Hill School")
        make_professional(hill, email="taken@hill.example.org")
    sign_in_professional(client, app, priya.email)
    home = check_page(client.get("/professional/"))
    nav = home.find("a", string="People at River Primary School")
    assert nav["href"] == "/professional/colleagues"
    page = check_page(client.get("/professional/colleagues"))
    assert page.h1.get_text(strip=True) == "People at River Primary School"
    text = page.get_text()
    assert "Ben Ade" in text and "Teacher" in text and "Active" in text and "work stays with" in text
    bad = check_page(_post(client, "/professional/colleagues/invite", {"name": "", "email": ""}), status=400)
    assert [a.get_text(strip=True) for a in bad.select(".govuk-error-summary a")] == [
        "Enter their full name",
        "Enter their work email address",
    ]
    taken = _post(client, "/professional/colleagues/invite", {"name": "X", "email": "taken@hill.example.org"})
    assert "taken@hill.example.org already has an account at Hill School" in check_page(taken, status=400).get_text()
    response = _post(
        client, "/professional/colleagues/invite", {"name": "Ali Noor", "email": "ali@river.example.sch.uk"}
    )
    assert response.status_code == 302 and response.location.endswith("/professional/colleagues")
    page = check_page(client.get("/professional/colleagues")).get_text()
    assert "Invitation sent to ali@river.example.sch.uk" in page and "Invited" in page and "Not given" in page
    with app.app_context():
        message = db.session.exec(
            select(OutboxMessage).where(OutboxMessage.template == "professional_invitation")
        ).one()
        values = json.loads(message.personalisation)
        assert values["invited_by"] == "Priya Shah, a colleague at River Primary School"
        assert values["organisation"] == "River Primary School"
        ali = db.session.exec(select(Professional).where(Professional.email == "ali@river.example.sch.uk")).one()
        assert ali.organisation_id == school.id and not ali.active
        row = db.session.exec(select(ProfessionalInvitation)).one()
        assert row.invited_by == f"professional:{priya.id}"
        event = db.session.exec(select(AuditEvent).where(AuditEvent.action == "organisation.invite")).one()
        assert event.professional_id == priya.id and event.staff_user_id is None
        assert event.detail == f"organisation:{school.id} invite professional:{ali.id}"


def test_removing_a_colleague_signs_them_out_at_once_and_keeps_the_work(client, app):
    school, priya, ben = _school(app)
    with app.app_context():
        case = make_case(stage="assessing", child_first_name="Ella", child_last_name="Stone")
        db.session.add(
            AdviceRequest(
                case_id=case.id, kind="setting", requested_on=date.today(),
                due_on=date.today() + timedelta(weeks=6), organisation_id=school.id,
            )
        )  # fmt: skip
        db.session.commit()
    bens = client.application.test_client()
    sign_in_professional(bens, app, ben.email)
    assert "Advice for Ella Stone" in check_page(bens.get("/professional/")).get_text()
    sign_in_professional(client, app, priya.email)
    home = check_page(client.get("/professional/"))
    assert home.find("a", string="Advice for Ella Stone") is not None  # a real link, not escaped markup
    path = f"/professional/colleagues/{ben.id}/remove"
    page = check_page(client.get(path))
    assert page.h1.get_text(strip=True) == "Remove Ben Ade" and "Their work stays with" in page.get_text()
    response = _post(client, path, {})
    assert response.status_code == 302
    assert "Ben Ade has been removed" in check_page(client.get("/professional/colleagues")).get_text()
    assert bens.get("/professional/").status_code == 302  # signed out at once
    assert "Advice for Ella Stone" in check_page(client.get("/professional/")).get_text()  # the work stays
    assert check_page(client.get(path), status=404)  # already removed
    with app.app_context():
        assert db.session.get(Professional, ben.id).disabled
        event = db.session.exec(select(AuditEvent).where(AuditEvent.action == "organisation.remove")).one()
        assert (
            event.professional_id == priya.id
            and event.detail == f"organisation:{school.id} remove professional:{ben.id}"
        )
    # Ben cannot sign in again
    token = csrf_of(bens, "/professional/sign-in")
    bens.post("/professional/sign-in", data={"csrf_token": token, "email": ben.email})
    with app.app_context():
        codes = db.session.exec(
            select(OutboxMessage).where(OutboxMessage.recipient == ben.email).order_by(col(OutboxMessage.created_at))
        ).all()
        assert len(codes) == 1  # only the first sign-in's code


def test_nobody_can_remove_themselves(client, app):
    _, priya, _ = _school(app)
    sign_in_professional(client, app, priya.email)
    path = f"/professional/colleagues/{priya.id}/remove"
    page = check_page(_post(client, path, {}), status=400)
    assert "You cannot remove yourself" in page.get_text()
    assert client.get("/professional/").status_code == 200
    with app.app_context():
        assert not db.session.get(Professional, priya.id).disabled


def test_another_organisations_people_are_404_and_never_listed(client, app):
    _, priya, _ = _school(app)
    with app.app_context():
        hill = make_organisation(name="Hill School")
        stranger = make_professional(hill, name="Hana Hill")
    sign_in_professional(client, app, priya.email)
    assert "Hana Hill" not in check_page(client.get("/professional/colleagues")).get_text()
    path = f"/professional/colleagues/{stranger.id}/remove"
    check_page(client.get(path), status=404)
    token = csrf_of(client, "/professional/colleagues")
    assert client.post(path, data={"csrf_token": token}).status_code == 404
    assert client.post(f"/professional/colleagues/{priya.id}/remove").status_code == 400  # no CSRF token
    with app.app_context():
        assert not db.session.get(Professional, stranger.id).disabled


def test_the_colleagues_pages_need_a_signed_in_professional(client, app):
    _, _, ben = _school(app)
    for path in (
        "/professional/colleagues",
        "/professional/colleagues/invite",
        f"/professional/colleagues/{ben.id}/remove",
    ):
        response = client.get(path)
        assert response.status_code == 302 and "/professional/sign-in" in response.location


def test_the_demo_senco_and_ep_sign_in_and_kent_sees_their_organisations(client, app):
    from tests.integration.staff.helpers import seed, sign_in

    seed(app)
    sign_in_professional(client, app, "senco@river-primary.example.sch.uk")
    home = check_page(client.get("/professional/")).get_text()
    assert "Requests for River Primary School" in home and "Signed in as Priya Shah" in home
    other = client.application.test_client()
    sign_in_professional(other, app, "ep@kent-eps.example.org")
    assert "Requests for Kent Educational Psychology Service" in check_page(other.get("/professional/")).get_text()
    staff = client.application.test_client()
    sign_in(staff, app, "kent.caseworker@example.gov.uk")
    listing = check_page(staff.get("/staff/organisations")).get_text()
    assert "River Primary School" in listing and "Kent Educational Psychology Service" in listing
