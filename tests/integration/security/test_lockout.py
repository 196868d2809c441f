"""Issue 12 L2: a stranger cannot lock a staff account for everyone; the owner unlocks it by email."""

import json

from sqlmodel import select

from service.db import db
from service.models import OutboxMessage
from tests.integration.staff.helpers import csrf_of, seed, sign_in
from tests.pages import check_page

STAFF = "kent.caseworker@example.gov.uk"


def _client_from(app, ip: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = ip
    return client


def _lock_from(app, ip: str):
    stranger = _client_from(app, ip)
    for _ in range(10):
        sign_in(stranger, app, STAFF, "wrong password")
    return stranger


def _signed_in(response) -> bool:
    return response.status_code == 302 and response.location.endswith("/staff/cases")


def test_l2_a_stranger_locks_the_account_only_from_their_own_address(app):
    seed(app)
    stranger = _lock_from(app, "203.0.113.66")
    assert not _signed_in(sign_in(stranger, app, STAFF))  # locked from there, even with the right password
    owner = _client_from(app, "198.51.100.7")
    assert _signed_in(sign_in(owner, app, STAFF))


def test_l2_the_owner_unlocks_their_account_by_the_emailed_link(app):
    seed(app)
    shared_office = "203.0.113.10"
    _lock_from(app, shared_office)
    with app.app_context():
        message = db.session.exec(select(OutboxMessage).where(OutboxMessage.template == "staff_account_locked")).one()
        assert message.recipient == STAFF
        link = json.loads(message.personalisation)["link"]
    owner = _client_from(app, shared_office)
    assert not _signed_in(sign_in(owner, app, STAFF))
    path = link.split("localhost", 1)[-1]
    page = check_page(owner.get(path))
    assert page.h1.get_text(strip=True) == "Unlock your account"
    response = owner.post(path, data={"csrf_token": csrf_of(owner, path)})
    assert response.status_code == 302
    assert _signed_in(sign_in(owner, app, STAFF))
    check_page(owner.get(path), status=404)  # the link works once
