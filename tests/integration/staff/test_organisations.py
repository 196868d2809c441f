"""Councils add organisations (settings by URN from the register, other kinds by name) and invite the
people who respond to requests; another council's organisation is 404; read-only staff cannot change."""

from __future__ import annotations

import json
from datetime import date, timedelta
from urllib.parse import urlparse

import pytest
from sqlmodel import col, select

from service import create_app
from service.db import db
from service.models import AdviceRequest, AuditEvent, Organisation, OutboxMessage, Professional, Setting
from tests.conftest import make_config
from tests.factories import LEEDS, make_case, make_organisation, make_professional, make_staff
from tests.integration.staff.helpers import csrf_of, sign_in
from tests.pages import check_page

SERVICE = "https://ehcp.example.gov.uk"


def _post(client, path, data, form_page=None):
    return client.post(path, data={"csrf_token": csrf_of(client, form_page or path), **data})


def _setting(urn=118393, name="River Primary School", **fields):
    db.session.add(Setting(urn=urn, name=name, la_code="886", **fields))
    db.session.commit()


def _errors(page):
    return [a.get_text(strip=True) for a in page.select(".govuk-error-summary a")]


def _staff(app, role="caseworker", la="886"):
    with app.app_context():
        return make_staff(role, la)


def _messages(app, template="professional_invitation"):
    with app.app_context():
        rows = db.session.exec(
            select(OutboxMessage).where(OutboxMessage.template == template).order_by(col(OutboxMessage.created_at))
        ).all()
        return [(row.recipient, json.loads(row.personalisation)) for row in rows]


def test_a_caseworker_adds_a_setting_by_urn_and_its_name_comes_from_the_register(client, app):
    with app.app_context():
        _setting()
        _setting(urn=2000001, name="Closed School", closed_on=date(2020, 1, 1))
    sign_in(client, app, _staff(app))
    assert check_page(client.get("/staff/organisations")).h1.get_text(strip=True) == "Organisations"
    page = check_page(client.get("/staff/organisations/new"))
    assert "Early years setting, school or college" in page.get_text()
    response = _post(client, "/staff/organisations/new", {"kind": "setting", "urn": "118393", "name": ""})
    assert response.status_code == 302
    with app.app_context():
        school = db.session.exec(select(Organisation)).one()
        assert (school.name, school.urn, school.kind) == ("River Primary School", 118393, "setting")
        event = db.session.exec(select(AuditEvent).where(AuditEvent.action == "organisation.add")).one()
        assert event.case_id is None and event.detail == f"organisation:{school.id} setting"
    assert response.location.endswith(f"/staff/organisations/{school.id}")
    page = check_page(client.get(response.location))
    assert page.h1.get_text(strip=True) == "River Primary School"
    assert "River Primary School added" in page.get_text()
    assert "River Primary School" in check_page(client.get("/staff/organisations")).get_text()
    # a URN not in the register, a closed setting's URN, and one with 5 digits
    for urn, message in (
        ("654321", "There is no setting with URN 654321 in the list of settings. Check the URN on Get Information about Schools"),
        ("2000001", "There is no setting with URN 2000001 in the list of settings. Check the URN on Get Information about Schools"),
        ("12345", "URN must be 6 or 7 digits, like 118393"),
        ("", "Enter the setting's URN"),
    ):  # fmt: skip
        page = check_page(_post(client, "/staff/organisations/new", {"kind": "setting", "urn": urn}), status=400)
        assert _errors(page) == [message]
    assert _errors(check_page(_post(client, "/staff/organisations/new", {}), status=400)) == [
        "Select what kind of organisation it is"
    ]
    with app.app_context():
        assert len(db.session.exec(select(Organisation)).all()) == 1


def test_a_urn_that_already_has_an_organisation_goes_to_it(client, app):
    with app.app_context():
        _setting()
        school = make_organisation(name="River Primary School", urn=118393, local_authority=LEEDS)
    sign_in(client, app, _staff(app))
    response = _post(client, "/staff/organisations/new", {"kind": "setting", "urn": "118393"})
    assert response.status_code == 302 and response.location.endswith(f"/staff/organisations/{school.id}")
    page = check_page(client.get(response.location))
    assert "is already in the service" in page.get_text()
    with app.app_context():
        assert len(db.session.exec(select(Organisation)).all()) == 1


def test_other_kinds_need_a_name(client, app):
    sign_in(client, app, _staff(app))
    page = check_page(_post(client, "/staff/organisations/new", {"kind": "educational_psychology"}), status=400)
    assert _errors(page) == ["Enter the name of the organisation"]
    bad = _post(client, "/staff/organisations/new", {"kind": "health", "name": "ICB", "email": "not an email"})
    assert "Enter an email address in the correct format" in check_page(bad, status=400).get_text()
    response = _post(
        client,
        "/staff/organisations/new",
        {"kind": "educational_psychology", "name": "Kent EPS", "email": "EPS@Kent.example.org"},
    )
    assert response.status_code == 302
    with app.app_context():
        service = db.session.exec(select(Organisation)).one()
        assert (service.kind, service.name, service.urn, service.email) == (
            "educational_psychology",
            "Kent EPS",
            None,
            "eps@kent.example.org",
        )


def test_inviting_someone_emails_a_single_use_link_and_refuses_a_taken_address(client, app):
    with app.app_context():
        eps = make_organisation("educational_psychology", name="Kent EPS")
        other = make_organisation(name="Hill School")
        taken = make_professional(other, email="taken@hill.example.org")
    user = _staff(app)
    sign_in(client, app, user)
    path = f"/staff/organisations/{eps.id}/invite"
    page = check_page(_post(client, path, {"name": "", "email": "x"}), status=400)
    assert _errors(page) == [
        "Enter their full name",
        "Enter an email address in the correct format, like name@school.sch.uk",
    ]
    page = check_page(_post(client, path, {"name": "Sam", "email": taken.email}), status=400)
    assert _errors(page) == ["taken@hill.example.org already has an account at Hill School"]
    response = _post(client, path, {"name": "Dr Sam Lee", "email": "Sam@Kent-EPS.example.org", "role": "EP"})
    assert response.status_code == 302
    [(to, values)] = _messages(app)
    assert to == "sam@kent-eps.example.org"
    assert values["organisation"] == "Kent EPS" and values["invited_by"] == f"{user.name} at Kent council"
    assert values["link"].startswith("http://localhost/professional/invitation/")
    token = values["link"].rsplit("/", 1)[1]
    with app.app_context():
        person = db.session.exec(select(Professional).where(Professional.email == "sam@kent-eps.example.org")).one()
        assert not person.active and person.role == "EP"
        from service.models import ProfessionalInvitation

        row = db.session.exec(select(ProfessionalInvitation)).one()
        assert row.token_hash != token and len(row.token_hash) == 64 and row.invited_by == f"staff:{user.id}"
        assert timedelta(days=6, hours=23) < row.expires_at - row.created_at <= timedelta(days=7, minutes=1)
        event = db.session.exec(select(AuditEvent).where(AuditEvent.action == "organisation.invite")).one()
        assert event.detail == f"organisation:{eps.id} invite professional:{person.id}" and event.case_id is None
    page = check_page(client.get(f"/staff/organisations/{eps.id}"))
    assert "Dr Sam Lee" in page.get_text() and "Invited" in page.get_text()


def test_resending_voids_the_old_link_and_removing_ends_the_session(client, app):
    with app.app_context():
        eps = make_organisation("educational_psychology", name="Kent EPS")
    sign_in(client, app, _staff(app))
    _post(client, f"/staff/organisations/{eps.id}/invite", {"name": "Dr Sam Lee", "email": "sam@eps.example.org"})
    [(_, first)] = _messages(app)
    with app.app_context():
        person = db.session.exec(select(Professional)).one()
    page = f"/staff/organisations/{eps.id}"
    assert _post(client, f"{page}/people/{person.id}/resend", {}, page).status_code == 302
    first_link, second_link = (v["link"] for _, v in _messages(app))
    assert first_link != second_link
    other = client.application.test_client()
    assert other.get(urlparse(first_link).path).status_code == 404
    assert other.get(urlparse(second_link).path).status_code == 200
    # the person accepts, then the council removes them: their session ends at once
    with app.app_context():
        active = make_professional(eps, email="active@eps.example.org")
    from tests.integration.professional.helpers import sign_in_professional

    sign_in_professional(other, app, active.email)
    assert other.get("/professional/").status_code == 200
    assert _post(client, f"{page}/people/{active.id}/remove", {}, page).status_code == 302
    assert other.get("/professional/").status_code == 302
    assert "Removed" in check_page(client.get(page)).get_text()
    with app.app_context():
        assert db.session.get(Professional, active.id).disabled
        actions = db.session.exec(select(AuditEvent.action).order_by(col(AuditEvent.id))).all()
        assert "organisation.reinvite" in actions and "organisation.remove" in actions


def test_another_councils_organisation_is_404_and_settings_are_national(client, app):
    with app.app_context():
        kent_eps = make_organisation("educational_psychology", name="Kent EPS")
        person = make_professional(kent_eps)
        kent_school = make_organisation(name="River Primary School", urn=118393)
        case = make_case(stage="assessing")
        db.session.add(
            AdviceRequest(
                case_id=case.id, kind="educational_psychology", requested_on=date.today(),
                due_on=date.today() + timedelta(weeks=6), organisation_id=kent_eps.id,
            )
        )  # fmt: skip
        db.session.commit()
    sign_in(client, app, _staff(app, "manager", LEEDS))
    for path in (
        f"/staff/organisations/{kent_eps.id}",
        f"/staff/organisations/{kent_eps.id}/invite",
    ):
        assert check_page(client.get(path), status=404)
    school_page = f"/staff/organisations/{kent_school.id}"
    assert check_page(client.get(school_page)).h1.get_text(strip=True) == "River Primary School"
    token = csrf_of(client, school_page)
    for path in (
        f"/staff/organisations/{kent_eps.id}/invite",
        f"/staff/organisations/{kent_eps.id}/people/{person.id}/remove",
        f"/staff/organisations/{kent_eps.id}/people/{person.id}/resend",
        f"/staff/organisations/{kent_school.id}/people/{person.id}/remove",  # a person of another organisation
    ):
        assert client.post(path, data={"csrf_token": token, "name": "X", "email": "x@example.org"}).status_code == 404
    listing = check_page(client.get("/staff/organisations")).get_text()
    assert "Kent EPS" not in listing and "Your council has not added any organisations yet" in listing
    with app.app_context():
        assert not db.session.get(Professional, person.id).disabled
    # Leeds may invite people at a setting (settings are national): audited against Leeds
    invite = f"/staff/organisations/{kent_school.id}/invite"
    data = {"csrf_token": token, "name": "Lee Ds", "email": "lee@river.example.sch.uk"}
    assert client.post(invite, data=data).status_code == 302
    with app.app_context():
        from service.data.local_authorities import by_old_code

        event = db.session.exec(select(AuditEvent).where(AuditEvent.action == "organisation.invite")).one()
        assert event.local_authority_id == by_old_code(LEEDS).id
        invited = db.session.exec(select(Professional).where(Professional.email == "lee@river.example.sch.uk")).one()
    # ...but only Kent, which added the school, takes anyone's access away
    remove = f"{school_page}/people/{invited.id}/remove"
    assert client.post(remove, data={"csrf_token": token}).status_code == 404
    # Kent sees its EP service, with its open work and its people
    client.post("/staff/sign-out", data={"csrf_token": token})
    sign_in(client, app, _staff(app, "read_only"))
    page = check_page(client.get("/staff/organisations"))
    rows = [[c.get_text(strip=True) for c in tr.select("td")] for tr in page.select("tbody tr")]
    assert ["Kent EPS", "Educational psychology service", "1", "1"] in rows
    assert page.find("a", string="Kent EPS")["href"] == f"/staff/organisations/{kent_eps.id}"
    page = check_page(client.get(f"/staff/organisations/{kent_eps.id}")).get_text()
    assert case.reference in page and person.name in page


def test_a_leeds_setting_with_work_from_kent_appears_in_kents_list(client, app):
    with app.app_context():
        school = make_organisation(name="Leeds Academy", urn=123456, local_authority=LEEDS)
        case = make_case(stage="assessing")
        db.session.add(
            AdviceRequest(case_id=case.id, kind="setting", requested_on=date.today(), organisation_id=school.id)
        )
        db.session.commit()
    sign_in(client, app, _staff(app, "read_only"))
    assert "Leeds Academy" in check_page(client.get("/staff/organisations")).get_text()


def test_read_only_staff_read_but_cannot_change_and_csrf_is_required(client, app):
    with app.app_context():
        _setting()
        eps = make_organisation("educational_psychology", name="Kent EPS")
        person = make_professional(eps, active=False)
    sign_in(client, app, _staff(app, "read_only"))
    page = check_page(client.get(f"/staff/organisations/{eps.id}"))
    assert "Invite someone" not in page.get_text()
    check_page(client.get("/staff/organisations/new"), status=403)
    check_page(client.get(f"/staff/organisations/{eps.id}/invite"), status=403)
    token = csrf_of(client, "/staff/organisations")
    for path in (
        "/staff/organisations/new",
        f"/staff/organisations/{eps.id}/invite",
        f"/staff/organisations/{eps.id}/people/{person.id}/resend",
        f"/staff/organisations/{eps.id}/people/{person.id}/remove",
    ):
        assert client.post(path, data={"csrf_token": token, "kind": "setting", "urn": "118393"}).status_code == 403
    client.post("/staff/sign-out", data={"csrf_token": token})
    sign_in(client, app, _staff(app))
    for path in (
        "/staff/organisations/new",
        f"/staff/organisations/{eps.id}/people/{person.id}/remove",
    ):
        assert client.post(path, data={"kind": "setting", "urn": "118393"}).status_code == 400
    with app.app_context():
        assert db.session.exec(select(Organisation).where(Organisation.urn == 118393)).first() is None
        assert not db.session.get(Professional, person.id).disabled


@pytest.fixture(scope="module")
def public_app(migrated_database):
    return create_app(
        make_config(migrated_database, SERVICE_URL=SERVICE, TRUSTED_HOSTS="ehcp.example.gov.uk,localhost")
    )


def test_the_invitation_link_is_service_urls_even_with_a_forged_host(public_app):
    with public_app.app_context():
        eps = make_organisation("educational_psychology", name="Kent EPS")
        user = make_staff("caseworker")
    client = public_app.test_client()
    sign_in(client, public_app, user)
    path = f"/staff/organisations/{eps.id}/invite"
    data = {"csrf_token": csrf_of(client, path), "name": "Dr Sam Lee", "email": "sam@eps.example.org"}
    assert client.post(path, data=data, headers={"Host": "localhost:8443"}).status_code == 302
    assert client.post(path, data=data, headers={"Host": "evil.example"}).status_code == 400
    [(_, values)] = _messages(public_app)
    assert values["link"].startswith(SERVICE + "/professional/invitation/")
