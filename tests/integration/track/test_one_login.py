"""Issue 19 item 1: families sign in with GOV.UK One Login (FAMILY_SIGN_IN=one_login), against a local
OpenID Connect provider (tests/fakes/fake_oidc.py) that checks PKCE and the private_key_jwt assertion.

The first sign-in with a verified email that has a case links the One Login account (its sub); after that
the sub decides. Every failure (wrong state or nonce, an expired ID token, a wrong audience or signature,
a cancelled sign-in, One Login down, an unverified email) ends on a GOV.UK page with nothing changed."""

from __future__ import annotations

import logging
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from sqlmodel import select

from service import create_app
from service.models import FamilyOneLoginIdentity, WebSession
from tests.conftest import make_config
from tests.factories import make_case
from tests.fakes.fake_oidc import FakeOidcProvider, client_key, one_login_settings
from tests.integration.staff.helpers import csrf_of
from tests.pages import check_page

FAMILY = "one.login.parent@example.com"
SUB = "urn:fdc:gov.uk:2022:test-subject-1"
CALLBACK = "http://localhost/sign-in/one-login/callback"
PROBLEM = "Sorry, there is a problem signing you in"


@pytest.fixture(scope="module")
def key():
    return client_key()


@pytest.fixture(scope="module")
def provider(key):
    fake = FakeOidcProvider("ehcp-test-client", key.as_dict(private=False), [CALLBACK]).start()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def one_login_app(migrated_database, provider, key):
    return create_app(make_config(migrated_database, **one_login_settings(provider, key)))


@pytest.fixture
def family(one_login_app, provider):
    provider.reset()
    provider.user = {"sub": SUB, "email": FAMILY, "email_verified": True}
    with one_login_app.app_context():
        make_case(requester_email=FAMILY, child_first_name="Ava", child_last_name="Mensah")
    return one_login_app.test_client()


def _start(client, provider) -> str:
    """Press "Continue to GOV.UK One Login"; return the provider's answer (our callback URL, with its query)."""
    response = client.post("/sign-in", data={"csrf_token": csrf_of(client, "/sign-in")})
    assert response.status_code == 302 and response.location.startswith(provider.url + "/authorize?")
    back = requests.get(response.location, allow_redirects=False, timeout=5)
    assert back.status_code == 302
    return back.headers["Location"]


def _callback(client, location: str):
    parts = urlsplit(location)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == CALLBACK
    return client.get(f"{parts.path}?{parts.query}")


def _identities(app) -> list[FamilyOneLoginIdentity]:
    from service.db import db

    with app.app_context():
        return list(db.session.exec(select(FamilyOneLoginIdentity).order_by(FamilyOneLoginIdentity.id)))


def _signed_in_sessions(app) -> int:
    from service.db import db

    with app.app_context():
        return len([s for s in db.session.exec(select(WebSession)) if s.principal])


def _assert_nothing_changed(client, app) -> None:
    assert client.get("/your-cases").status_code == 302  # not signed in
    assert _identities(app) == []
    assert _signed_in_sessions(app) == 0


def test_the_sign_in_page_offers_one_login_and_no_email_form(family, provider):
    response = family.get("/sign-in")
    # the button posts here and is redirected to One Login: the page's CSP form-action must allow that
    assert f"form-action 'self' {provider.url};" in response.headers["Content-Security-Policy"]
    page = check_page(response)
    assert page.select_one("h1").get_text() == "Sign in to see your requests and plans"
    assert page.select_one("button").get_text(strip=True) == "Continue to GOV.UK One Login"
    assert page.select_one("input[name=email]") is None
    assert family.get("/sign-in/check-email").status_code == 302  # the email pages are off


def test_a_first_sign_in_links_the_account_by_verified_email_and_shows_the_cases(family, one_login_app, provider):
    location = _start(family, provider)
    asked = provider.authorize_requests[-1]
    assert asked["scope"].split() == ["openid", "email"]
    assert asked["vtr"] == '["Cl.Cm"]'
    assert asked["code_challenge_method"] == "S256" and len(asked["code_challenge"]) == 43
    assert asked["redirect_uri"] == CALLBACK  # from SERVICE_URL
    assert len(asked["state"]) >= 32 and len(asked["nonce"]) >= 32 and asked["state"] != asked["nonce"]

    response = _callback(family, location)
    assert response.status_code == 302 and response.location == "/your-cases"
    assert provider.tokens_issued == 1 and provider.refusals == []  # PKCE verifier and client assertion passed
    page = check_page(family.get("/your-cases"))
    assert "Ava" in page.select_one("main").get_text()
    [identity] = _identities(one_login_app)
    assert (identity.subject, identity.email) == (SUB, FAMILY)


def test_after_linking_the_sub_decides_even_when_the_one_login_email_changes(family, one_login_app, provider):
    _callback(family, _start(family, provider))
    family.post("/sign-out", data={"csrf_token": csrf_of(family, "/your-cases")})
    provider.user = {"sub": SUB, "email": "changed.address@example.com", "email_verified": True}
    fresh = one_login_app.test_client()
    assert _callback(fresh, _start(fresh, provider)).location == "/your-cases"
    assert "Ava" in check_page(fresh.get("/your-cases")).select_one("main").get_text()
    assert len(_identities(one_login_app)) == 1


def test_signing_out_signs_out_of_one_login_too_and_comes_back_to_the_start_page(family, provider):
    _callback(family, _start(family, provider))
    response = family.post("/sign-out", data={"csrf_token": csrf_of(family, "/your-cases")})
    assert response.status_code == 302 and response.location.startswith(provider.url + "/logout?")
    assert family.get("/your-cases").status_code == 302  # the service's own session has ended
    back = requests.get(response.location, allow_redirects=False, timeout=5)
    assert back.headers["Location"] == "http://localhost/"  # post_logout_redirect_uri, from SERVICE_URL
    assert [claims["sub"] for claims in provider.logouts] == [SUB]


def test_an_email_with_no_case_signs_in_to_an_empty_list_without_linking(family, one_login_app, provider):
    provider.user = {"sub": "urn:fdc:gov.uk:2022:someone-else", "email": "no.case@example.com", "email_verified": True}
    assert _callback(family, _start(family, provider)).location == "/your-cases"
    assert "Ava" not in check_page(family.get("/your-cases")).select_one("main").get_text()
    assert _identities(one_login_app) == []


def test_an_unverified_email_is_refused(family, one_login_app, provider):
    provider.user = {"sub": SUB, "email": FAMILY, "email_verified": False}
    page = check_page(_callback(family, _start(family, provider)), status=400)
    assert page.select_one("h1").get_text() == "You need to confirm your email address"
    _assert_nothing_changed(family, one_login_app)


BAD_TOKENS = {
    "wrong-nonce": ({"nonce": "not-the-nonce-we-sent"}, "wrong_nonce"),
    "expired": ({"exp": int(time.time()) - 300, "iat": int(time.time()) - 600}, "expired"),
    "wrong-audience": ({"aud": "another-service"}, "wrong_audience"),
    "wrong-issuer": ({"iss": "https://oidc.example.com/"}, "wrong_issuer"),
    "wrong-vot": ({"vot": "Cl"}, "wrong_vot"),
    "issued-in-the-future": ({"iat": int(time.time()) + 3600}, "wrong_iat"),
}


@pytest.mark.parametrize("changes,reason", BAD_TOKENS.values(), ids=BAD_TOKENS.keys())
def test_a_bad_id_token_ends_on_the_problem_page_with_nothing_changed(
    family, one_login_app, provider, caplog, changes, reason
):
    provider.id_token_changes = changes
    caplog.set_level(logging.INFO, logger="service.sign_in")
    page = check_page(_callback(family, _start(family, provider)), status=400)
    assert page.select_one("h1").get_text() == PROBLEM
    assert page.select_one("a.govuk-button")["href"] == "/sign-in"
    _assert_nothing_changed(family, one_login_app)
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name == "service.sign_in")
    assert f"reason={reason}" in logged
    assert FAMILY not in caplog.text and SUB not in caplog.text  # no personal data in the logs


def test_a_token_signed_with_a_key_not_in_the_jwks_is_refused(family, one_login_app, provider, caplog):
    provider.sign_with_wrong_key = True
    caplog.set_level(logging.INFO, logger="service.sign_in")
    assert check_page(_callback(family, _start(family, provider)), status=400).h1.get_text() == PROBLEM
    assert "reason=bad_signature" in caplog.text
    _assert_nothing_changed(family, one_login_app)


def test_a_cancelled_sign_in_says_so_and_offers_to_try_again(family, one_login_app, provider):
    provider.cancel_next = True
    location = _start(family, provider)
    assert parse_qs(urlsplit(location).query)["error"] == ["access_denied"]
    page = check_page(_callback(family, location), status=400)
    assert page.select_one("h1").get_text() == "You have not signed in"
    assert page.select_one("a.govuk-button").get_text(strip=True) == "Try signing in again"
    _assert_nothing_changed(family, one_login_app)


def test_a_wrong_state_is_refused_and_uses_up_the_sign_in(family, one_login_app, provider):
    location = _start(family, provider)
    query = parse_qs(urlsplit(location).query)
    forged = f"/sign-in/one-login/callback?code={query['code'][0]}&state=forged-state"
    assert check_page(family.get(forged), status=400).h1.get_text() == PROBLEM
    assert check_page(_callback(family, location), status=400).h1.get_text() == PROBLEM  # no second go
    assert provider.tokens_issued == 0
    _assert_nothing_changed(family, one_login_app)


def test_a_callback_in_another_browser_is_refused(family, one_login_app, provider):
    location = _start(family, provider)
    stranger = one_login_app.test_client()
    assert check_page(_callback(stranger, location), status=400).h1.get_text() == PROBLEM
    assert provider.tokens_issued == 0
    _assert_nothing_changed(stranger, one_login_app)


def test_one_login_down_at_the_callback_or_at_the_start_ends_on_a_page_that_says_so(family, one_login_app, provider):
    location = _start(family, provider)
    provider.down = True
    page = check_page(_callback(family, location), status=503)
    assert page.select_one("h1").get_text() == "Sorry, there is a problem with GOV.UK One Login"
    _assert_nothing_changed(family, one_login_app)
    one_login_app.extensions["oidc_clients"].clear()  # forget the cached discovery document and keys
    response = family.post("/sign-in", data={"csrf_token": csrf_of(family, "/sign-in")})
    assert check_page(response, status=503).h1.get_text() == "Sorry, there is a problem with GOV.UK One Login"


def test_the_token_endpoint_refuses_a_client_assertion_signed_with_another_key(migrated_database, provider, family):
    provider.reset()
    stranger_app = create_app(make_config(migrated_database, **one_login_settings(provider, client_key())))
    client = stranger_app.test_client()
    assert check_page(_callback(client, _start(client, provider)), status=400).h1.get_text() == PROBLEM
    assert provider.refusals == ["client assertion signature"]
    _assert_nothing_changed(client, stranger_app)


def test_with_email_sign_in_the_callback_only_ever_shows_the_problem_page(client):
    assert check_page(client.get("/sign-in/one-login/callback?code=x&state=y"), status=400).h1.get_text() == PROBLEM
    cancelled = client.get("/sign-in/one-login/callback?error=access_denied&state=y")
    assert check_page(cancelled, status=400).h1.get_text() == "You have not signed in"
    assert check_page(client.get("/sign-in")).select_one("input[name=email]") is not None
