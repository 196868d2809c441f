"""An invitation link is used once, within 7 days, by a POST (a mail scanner's GET leaves it alone); it
signs the person in. A used, voided, expired or unknown link gets a page to ask for a new one."""

from __future__ import annotations

import json
from datetime import timedelta
from urllib.parse import urlparse

from sqlmodel import col, select

from service.db import db
from service.models import AuditEvent, OutboxMessage, Professional, ProfessionalInvitation, utcnow
from tests.factories import make_organisation, make_professional, make_staff
from tests.integration.staff.helpers import csrf_of, sign_in
from tests.pages import check_page

EXPIRED = "This invitation link has expired"


def _links(app) -> list[str]:
    with app.app_context():
        rows = db.session.exec(
            select(OutboxMessage)
            .where(OutboxMessage.template == "professional_invitation")
            .order_by(col(OutboxMessage.created_at))
        ).all()
        return [urlparse(json.loads(row.personalisation)["link"]).path for row in rows]


def _invited(client, app, email="sam@eps.example.org") -> tuple[str, int]:
    """A Kent caseworker invites someone at Kent EPS; returns the link's path and the organisation's id.
    The caseworker is signed out again (a separate client would do as well)."""
    with app.app_context():
        eps = make_organisation("educational_psychology", name="Kent EPS")
        user = make_staff("caseworker", name="Jo Bloggs")
    staff = client.application.test_client()
    sign_in(staff, app, user)
    path = f"/staff/organisations/{eps.id}/invite"
    staff.post(path, data={"csrf_token": csrf_of(staff, path), "name": "Dr Sam Lee", "email": email, "role": "EP"})
    return _links(app)[-1], eps.id


def _accept(client, link):
    return client.post(link, data={"csrf_token": csrf_of(client, link)})


def test_the_get_does_not_use_the_link_and_the_post_signs_in_once(client, app):
    link, _ = _invited(client, app)
    for _ in range(2):  # a mail scanner's GET, then the person's
        page = check_page(client.get(link))
        assert page.h1.get_text(strip=True).startswith("Join Kent EPS on ")
        assert "Jo Bloggs at Kent council" in page.get_text()
    assert client.get("/professional/").status_code == 302  # not signed in by a GET
    with app.app_context():
        assert db.session.exec(select(ProfessionalInvitation)).one().used_at is None
    response = _accept(client, link)
    assert response.status_code == 302 and response.location.endswith("/professional/")
    home = check_page(client.get("/professional/"))
    assert "You have joined Kent EPS" in home.get_text()
    assert "Signed in as Dr Sam Lee" in home.get_text()
    with app.app_context():
        person = db.session.exec(select(Professional)).one()
        assert person.active
        assert db.session.exec(
            select(AuditEvent).where(
                AuditEvent.professional_id == person.id, AuditEvent.action == "professional.accept_invitation"
            )
        ).one()
    # a second use
    other = client.application.test_client()
    page = check_page(other.get(link), status=404)
    assert page.h1.get_text(strip=True) == EXPIRED
    assert "work once and for 7 days" in page.get_text()
    assert check_page(other.post(link, data={"csrf_token": csrf_of(other, "/professional/sign-in")}), status=404)
    assert other.get("/professional/").status_code == 302
    # an unknown token
    assert check_page(other.get("/professional/invitation/not-a-token"), status=404).h1.get_text(strip=True) == EXPIRED


def test_a_link_older_than_7_days_and_a_removed_persons_link_have_expired(client, app):
    link, _ = _invited(client, app)
    with app.app_context():
        row = db.session.exec(select(ProfessionalInvitation)).one()
        row.expires_at = utcnow() - timedelta(seconds=1)
        row.created_at = utcnow() - timedelta(days=7, seconds=1)
        db.session.add(row)
        db.session.commit()
    assert check_page(client.get(link), status=404).h1.get_text(strip=True) == EXPIRED
    link, _ = _invited(client, app, "second@eps.example.org")
    with app.app_context():
        person = db.session.exec(select(Professional).where(Professional.email == "second@eps.example.org")).one()
        person.disabled = True
        db.session.add(person)
        db.session.commit()
    assert check_page(client.get(link), status=404).h1.get_text(strip=True) == EXPIRED
    token = csrf_of(client, "/professional/sign-in")
    assert client.post(link, data={"csrf_token": token}).status_code == 404
    with app.app_context():
        assert not db.session.get(Professional, person.id).active


def test_asking_for_a_new_link_sends_one_only_to_an_invited_address(client, app):
    link, _ = _invited(client, app)
    with app.app_context():
        make_professional(email="active@school.example.org")  # accepted already: signs in instead
        make_professional(email="removed@school.example.org", active=False, disabled=True)
    _accept(client, link)
    stranger = client.application.test_client()
    page = "/professional/sign-in"  # any page gives the session's CSRF token
    empty = stranger.post("/professional/invitation/new-link", data={"csrf_token": csrf_of(stranger, page)})
    page_400 = check_page(empty, status=400)
    assert [a.get_text(strip=True) for a in page_400.select(".govuk-error-summary a")] == ["Enter your email address"]
    for email in ("nobody@example.org", "active@school.example.org", "removed@school.example.org"):
        response = stranger.post(
            "/professional/invitation/new-link", data={"csrf_token": csrf_of(stranger, page), "email": email}
        )
        assert "If that address has been invited, we have sent a new link" in check_page(response).get_text()
    assert len(_links(app)) == 1  # only the first invitation
    # an invited person who has not accepted gets a fresh link, and the old one stops working
    first, _ = _invited(client, app, "pending@eps.example.org")
    response = stranger.post(
        "/professional/invitation/new-link",
        data={"csrf_token": csrf_of(stranger, page), "email": "Pending@EPS.example.org"},
    )
    assert "If that address has been invited, we have sent a new link" in check_page(response).get_text()
    links = _links(app)
    assert len(links) == 3 and links[-1] != first
    assert stranger.get(first).status_code == 404
    assert "Jo Bloggs at Kent council" in check_page(stranger.get(links[-1])).get_text()


def test_missing_csrf_is_refused(client, app):
    link, _ = _invited(client, app)
    assert client.post(link).status_code == 400
    assert client.post("/professional/invitation/new-link", data={"email": "x@example.org"}).status_code == 400
    with app.app_context():
        assert db.session.exec(select(ProfessionalInvitation)).one().used_at is None


def test_asking_for_new_links_is_rate_limited_per_address(migrated_database):
    from service import create_app
    from tests.conftest import make_config

    limited = create_app(make_config(migrated_database, RATELIMIT_ENABLED=True))
    client = limited.test_client()
    token = csrf_of(client, "/professional/sign-in")
    statuses = [
        client.post(
            "/professional/invitation/new-link", data={"csrf_token": token, "email": "limited@example.org"}
        ).status_code
        for _ in range(6)
    ]
    assert statuses == [200] * 5 + [429]
