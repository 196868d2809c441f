"""Issue 19: staff sign in with their council's own identity provider (Entra ID, STAFF_OIDC), against the
local OpenID Connect provider; the verified email finds the account within that council only, and the
service's second factor is still asked. A wrong audience, or another council's person, gets the problem page."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
import requests
from sqlmodel import select

from service import create_app
from service.models import OutboxMessage
from tests.conftest import make_config
from tests.factories import KENT, LEEDS, make_staff
from tests.fakes.fake_oidc import FakeOidcProvider, client_key
from tests.integration.staff.helpers import csrf_of
from tests.pages import check_page

CALLBACK = "http://localhost/staff/sign-in/oidc/callback"
EMAIL = "entra.caseworker@kent.example.gov.uk"


@pytest.fixture(scope="module")
def provider():
    key = client_key()
    fake = FakeOidcProvider("kent-entra-app", key.as_dict(private=False), [CALLBACK], vtr="")
    fake.key = key
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def entra_app(migrated_database, provider):
    settings = {
        KENT: {
            "issuer": provider.issuer,
            "client_id": "kent-entra-app",
            "private_key": provider.key.as_pem(private=True).decode(),
        }
    }
    return create_app(make_config(migrated_database, STAFF_OIDC=json.dumps(settings)))


@pytest.fixture
def staff_client(entra_app, provider):
    provider.reset()
    provider.user = {"sub": "entra-object-1", "email": EMAIL}
    provider.id_token_changes = {"email": EMAIL, "xms_edov": True}  # Entra puts email in the ID token
    with entra_app.app_context():
        make_staff(email=EMAIL, local_authority=KENT)
        make_staff(email="entra.leeds@leeds.example.gov.uk", local_authority=LEEDS)
    return entra_app.test_client()


def _through_provider(client, provider):
    response = client.get("/staff/sign-in")
    assert f"form-action 'self' {provider.url};" in response.headers["Content-Security-Policy"]
    page = check_page(response)
    [form] = [f for f in page.select("form") if f.get("action") == f"/staff/sign-in/council/{KENT}"]
    assert form.button.get_text(strip=True) == "Sign in with your Kent County Council account"
    response = client.post(form["action"], data={"csrf_token": csrf_of(client, "/staff/sign-in")})
    assert response.status_code == 302 and response.location.startswith(provider.url + "/authorize?")
    location = requests.get(response.location, allow_redirects=False, timeout=5).headers["Location"]
    parts = urlsplit(location)
    return client.get(f"{parts.path}?{parts.query}")


def test_a_council_account_still_needs_the_services_second_factor(staff_client, entra_app, provider):
    response = _through_provider(staff_client, provider)
    assert response.location == "/staff/sign-in/code" and provider.refusals == []
    assert staff_client.get("/staff/cases").status_code == 302  # not signed in before the code
    from service.db import db

    with entra_app.app_context():
        message = db.session.exec(
            select(OutboxMessage)
            .where(OutboxMessage.recipient == EMAIL, OutboxMessage.template == "staff_sign_in_code")
            .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
        ).first()
        code = json.loads(message.personalisation)["code"]
    done = staff_client.post(
        "/staff/sign-in/code", data={"csrf_token": csrf_of(staff_client, "/staff/sign-in/code"), "code": code}
    )
    assert done.location == "/staff/cases"
    assert staff_client.get("/staff/cases").status_code == 200


@pytest.mark.parametrize(
    "changes",
    [
        {"aud": "another-councils-app"},
        {"email": "entra.leeds@leeds.example.gov.uk", "xms_edov": True},
        {"xms_edov": False},
    ],
    ids=["wrong-audience", "another-councils-person", "unverified-email"],
)
def test_a_wrong_audience_or_another_councils_person_is_refused(staff_client, provider, changes):
    provider.id_token_changes = {**provider.id_token_changes, **changes}
    page = check_page(_through_provider(staff_client, provider), status=400)
    assert page.h1.get_text() == "Sorry, there is a problem signing you in"
    assert staff_client.get("/staff/sign-in/code").location == "/staff/sign-in"  # no second factor pending
    assert staff_client.get("/staff/cases").status_code == 302


def test_a_council_without_a_provider_gets_404(staff_client):
    token = csrf_of(staff_client, "/staff/sign-in")
    assert staff_client.post(f"/staff/sign-in/council/{LEEDS}", data={"csrf_token": token}).status_code == 404
