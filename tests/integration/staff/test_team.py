"""Managers invite staff, change roles and disable accounts; a disabled account is signed out at once."""

import json
from urllib.parse import urlparse

from sqlmodel import select

from service.models import AuditEvent, OutboxMessage, StaffUser
from tests.factories import make_staff
from tests.integration.staff.helpers import csrf_of, sign_in, url
from tests.pages import check_page


def _post(client, path, data):
    return client.post(path, data={"csrf_token": csrf_of(client, path), **data})


def _staff(app, role="caseworker"):
    with app.app_context():
        return make_staff(role)


def test_only_managers_manage_the_team(client, app):
    sign_in(client, app, _staff(app))
    check_page(client.get(url(app, "staff.team")), status=403)
    check_page(client.get(url(app, "staff.invite")), status=403)


def test_an_invited_person_sets_a_password_once_then_signs_in_with_a_code(client, app):
    sign_in(client, app, _staff(app, "manager"))
    colleague = _staff(app, "read_only")
    page = check_page(_post(client, "/staff/team/invite", {"name": "", "email": "not-an-email"}), status=400)
    errors = [a.get_text(strip=True) for a in page.select(".govuk-error-summary a")]
    assert errors[0] == "Enter their full name" and "Select their role" in errors
    taken = _post(client, "/staff/team/invite", {"name": "X", "email": colleague.email, "role": "caseworker"})
    assert "An account already exists" in check_page(taken, status=400).get_text()
    response = _post(
        client, "/staff/team/invite", {"name": "Rosa Diaz", "email": "Rosa@Example.gov.uk", "role": "caseworker"}
    )
    assert response.status_code == 302
    assert "Invited" in check_page(client.get("/staff/team")).get_text()
    with app.app_context():
        from service.db import db

        message = db.session.exec(select(OutboxMessage).where(OutboxMessage.template == "staff_invitation")).one()
        assert message.recipient == "rosa@example.gov.uk"
        link = urlparse(json.loads(message.personalisation)["link"]).path
        assert db.session.exec(select(AuditEvent).where(AuditEvent.action == "staff.invite")).one()
    client.post("/staff/sign-out", data={"csrf_token": csrf_of(client, "/staff/cases")})
    short = _post(client, link, {"password": "short"})
    assert "Password must be 12 characters or more" in check_page(short, status=400).get_text()
    assert _post(client, link, {"password": "correct horse battery staple"}).status_code == 302
    assert check_page(client.get(link), status=404).h1.get_text(strip=True) == "This invitation link has expired"
    response = sign_in(client, app, "rosa@example.gov.uk", "correct horse battery staple")
    assert response.status_code == 302 and response.location.endswith("/staff/cases")
    assert check_page(client.get("/staff/cases")).h1.get_text(strip=True) == "Cases"


def test_changing_a_role_applies_at_once_and_managers_cannot_demote_themselves(client, app):
    manager = _staff(app, "manager")
    sign_in(client, app, manager)
    sam = _staff(app).id
    me = manager.id
    assert _post(client, url(app, "staff.change_role", staff_id=sam), {"role": "read_only"}).status_code == 302
    own = _post(client, url(app, "staff.change_role", staff_id=me), {"role": "caseworker"})
    assert "You cannot change your own role" in check_page(own, status=400).get_text()
    from service.db import db

    with app.app_context():
        assert db.session.get(StaffUser, sam).role == "read_only"
        assert db.session.get(StaffUser, me).role == "manager"


def test_disabling_an_account_signs_them_out_everywhere(app):
    sam_user, manager_user = _staff(app), _staff(app, "manager")
    manager, caseworker = app.test_client(), app.test_client()
    sign_in(caseworker, app, sam_user)
    assert caseworker.get("/staff/cases").status_code == 200
    sign_in(manager, app, manager_user)
    sam = sam_user.id
    access = url(app, "staff.account_access", staff_id=sam)
    check_page(manager.get(access))
    assert _post(manager, access, {}).status_code == 302
    response = caseworker.get("/staff/cases")
    assert response.status_code == 302 and "/staff/sign-in" in response.location
    refused = sign_in(caseworker, app, sam_user)
    assert "Enter a correct email address and password" in check_page(refused).get_text()
    assert _post(manager, access, {}).status_code == 302  # enable again
    assert sign_in(caseworker, app, sam_user).status_code == 302
    me = manager_user.id
    own = _post(manager, url(app, "staff.account_access", staff_id=me), {})
    assert "You cannot disable your own account" in check_page(own, status=400).get_text()
