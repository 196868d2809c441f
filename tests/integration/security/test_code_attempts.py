"""Issue 12 M2: the 5 tries at a 6-digit code hold under parallel requests (a live, threaded server)."""

import json

import pytest
import requests
from sqlalchemy import text
from sqlmodel import select

from service import create_app
from service.db import db
from service.models import FamilySignInToken, OutboxMessage
from tests.conftest import make_config
from tests.integration.security.live import at_once, csrf_token, live_server
from tests.integration.staff.helpers import seed

STAFF = "kent.caseworker@example.gov.uk"
FAMILY = "parent@example.com"
WRONG_STAFF_ERROR = "The security code is not correct"


@pytest.fixture
def live(migrated_database):
    app = create_app(make_config(migrated_database))
    seed(app)
    with live_server(app) as url:
        yield app, url


def _latest_code(app, template: str, recipient: str) -> str:
    with app.app_context():
        message = db.session.exec(
            select(OutboxMessage)
            .where(OutboxMessage.template == template, OutboxMessage.recipient == recipient)
            .order_by(OutboxMessage.created_at.desc())
        ).first()
        return json.loads(message.personalisation)["code"]


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def _staff_password_step(url: str) -> requests.Session:
    browser = requests.Session()
    token = csrf_token(browser, f"{url}/staff/sign-in")
    response = browser.post(
        f"{url}/staff/sign-in",
        data={"csrf_token": token, "email": STAFF, "password": "demo password 2026"},
        allow_redirects=False,
        timeout=30,
    )
    assert response.headers["Location"].endswith("/staff/sign-in/code")
    return browser


def test_m2_parallel_staff_code_guesses_are_counted(live):
    app, url = live
    browser = _staff_password_step(url)
    code = _latest_code(app, "staff_sign_in_code", STAFF)
    token = csrf_token(browser, f"{url}/staff/sign-in/code")

    def guess():
        return browser.post(
            f"{url}/staff/sign-in/code",
            data={"csrf_token": token, "code": _wrong(code)},
            allow_redirects=False,
            timeout=60,
        )

    responses = at_once(15, guess)
    checked = [r for r in responses if WRONG_STAFF_ERROR in r.text]
    assert len(responses) == 15
    assert len(checked) <= 5, f"{len(checked)} of 15 parallel guesses were checked"
    with app.app_context():
        assert db.session.execute(text("SELECT max(attempts) FROM code_challenge")).scalar() == 5
    right = browser.post(
        f"{url}/staff/sign-in/code", data={"csrf_token": token, "code": code}, allow_redirects=False, timeout=30
    )
    assert not right.headers.get("Location", "").endswith("/staff/cases")  # the code is used up


def test_m2_parallel_family_code_guesses_are_counted(live):
    app, url = live
    browser = requests.Session()
    token = csrf_token(browser, f"{url}/sign-in")
    browser.post(f"{url}/sign-in", data={"csrf_token": token, "email": FAMILY}, timeout=30)
    code = _latest_code(app, "family_sign_in_link", FAMILY)
    token = csrf_token(browser, f"{url}/sign-in/check-email")

    def guess():
        return browser.post(
            f"{url}/sign-in/check-email",
            data={"csrf_token": token, "code": _wrong(code)},
            allow_redirects=False,
            timeout=60,
        )

    responses = at_once(10, guess)
    checked = [r for r in responses if "The security code is not correct" in r.text]
    assert len(checked) <= 5, f"{len(checked)} of 10 parallel guesses were checked"
    with app.app_context():
        assert db.session.exec(select(FamilySignInToken)).one().failed_codes == 5
    right = browser.post(
        f"{url}/sign-in/check-email", data={"csrf_token": token, "code": code}, allow_redirects=False, timeout=30
    )
    assert right.status_code == 400  # used up: the expired page, not a sign-in


def test_m2_wrong_staff_codes_count_toward_the_account_lockout(live):
    app, url = live
    for _ in range(2):  # two sign-ins, 5 wrong codes each: 10 failures lock the account
        browser = _staff_password_step(url)
        code = _latest_code(app, "staff_sign_in_code", STAFF)
        token = csrf_token(browser, f"{url}/staff/sign-in/code")
        for _ in range(5):
            browser.post(f"{url}/staff/sign-in/code", data={"csrf_token": token, "code": _wrong(code)}, timeout=30)
    browser = requests.Session()
    token = csrf_token(browser, f"{url}/staff/sign-in")
    response = browser.post(
        f"{url}/staff/sign-in",
        data={"csrf_token": token, "email": STAFF, "password": "demo password 2026"},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 200 and "Enter a correct email address and password" in response.text
