"""Issue 19: a family signs in with GOV.UK One Login in real Chromium, with the keyboard alone and
JavaScript off: the service's sign-in page, a cancelled attempt, then the local One Login provider (tests/fakes/fake_oidc.py) approves them and they see their
case list. Both pages of the One Login service (its sign-in page and the cancelled page) pass axe and
the Nu checker. The service runs on its own live server here, configured with FAMILY_SIGN_IN=one_login."""

from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

from service import create_app
from tests.accessibility.conftest import describe_violations, run_axe
from tests.accessibility.keyboard import follow, heading, press_button
from tests.conftest import make_config
from tests.factories import make_case
from tests.fakes.fake_oidc import FakeOidcProvider, client_key, one_login_settings
from tests.services.ports import free_port

FAMILY = "one.login.browser@example.com"


@pytest.fixture(scope="module")
def one_login_live(migrated_database):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    key = client_key()
    provider = FakeOidcProvider(
        "ehcp-browser-client", key.as_dict(private=False), [url + "/sign-in/one-login/callback"]
    )
    provider.start()
    app = create_app(make_config(migrated_database, SERVICE_URL=url, **one_login_settings(provider, key)))
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield url, app, provider
    finally:
        server.shutdown()
        thread.join(timeout=5)
        provider.stop()


def _checked(browser, url: str, status: int, axe_source, nu_checker) -> None:
    """axe and the Nu checker on a page of the One Login service (axe needs JavaScript: its own context)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        assert page.goto(url).status == status
        violations = run_axe(page, axe_source)
        assert not violations, describe_violations(violations)
        assert nu_checker.errors(page.content()) == []
    finally:
        context.close()


@pytest.mark.browser
def test_a_family_signs_in_with_one_login_and_sees_their_cases(
    one_login_live, migrated_database, browser, axe_source, nu_checker
):
    url, app, provider = one_login_live
    provider.user = {"sub": "urn:fdc:gov.uk:2022:browser-family", "email": FAMILY, "email_verified": True}
    with app.app_context():
        make_case(requester_email=FAMILY, child_first_name="Isla", child_last_name="Rahman")
    _checked(browser, url + "/sign-in", 200, axe_source, nu_checker)
    _checked(browser, url + "/sign-in/one-login/callback?error=access_denied&state=x", 400, axe_source, nu_checker)
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(url + "/your-cases")
        assert heading(page) == "Sign in to see your requests and plans"
        provider.cancel_next = True
        press_button(page, "Continue to GOV.UK One Login")
        assert heading(page) == "You have not signed in"
        follow(page, 'a.govuk-button[href="/sign-in"]')

        press_button(page, "Continue to GOV.UK One Login")  # One Login approves the family and sends them back
        assert heading(page) == "Your requests and plans"
        assert page.url == url + "/your-cases"
        assert "Isla" in page.locator("main").inner_text()
        assert provider.refusals == []
    finally:
        context.close()
