"""Staff choose how they get their sign-in code (email, text message, authenticator app) on Your account;
a new mobile or app must prove it works first; each change is audited and emailed; app codes allow
one step of drift either side and work only once."""

from __future__ import annotations

import json

import pyotp
import pytest
from sqlmodel import select

from service.auth import totp as totp_module
from service.models import AuditEvent, OutboxMessage, StaffUser
from tests.integration.staff.helpers import csrf_of, seed, sign_in
from tests.pages import check_page

SAM = "kent.caseworker@example.gov.uk"
PASSWORD = "demo password 2026"
MOBILE = "07700 900 982"
T = 1_900_000_005.0  # a fixed moment, 5 seconds into a 30-second step


@pytest.fixture
def at(monkeypatch):
    """Put the server's TOTP clock at T + `offset` seconds."""

    def move(offset: float = 0) -> float:
        monkeypatch.setattr(totp_module, "clock", lambda: T + offset)
        return T + offset

    move(0)
    return move


def _post(client, path, data):
    return client.post(path, data={"csrf_token": csrf_of(client, path), **data})


def _user(app, email=SAM) -> StaffUser:
    from service.db import db

    with app.app_context():
        user = db.session.exec(select(StaffUser).where(StaffUser.email == email)).one()
        db.session.expunge(user)
        return user


def _messages(app, template: str) -> list[OutboxMessage]:
    from service.db import db

    with app.app_context():
        query = select(OutboxMessage).where(OutboxMessage.template == template).order_by(OutboxMessage.created_at)
        return list(db.session.exec(query))


def _audit(app) -> list[AuditEvent]:
    from service.db import db

    with app.app_context():
        query = select(AuditEvent).where(AuditEvent.action == "staff.second_factor").order_by(AuditEvent.id)
        return list(db.session.exec(query))


def _code_of(message: OutboxMessage) -> str:
    return json.loads(message.personalisation)["code"]


def _password_step(client, email=SAM):
    response = _post(client, "/staff/sign-in", {"email": email, "password": PASSWORD})
    assert response.status_code == 302 and response.location.endswith("/staff/sign-in/code")


def _enter_code(client, code: str):
    return _post(client, "/staff/sign-in/code", {"code": code})


def _sign_out(client):
    client.post("/staff/sign-out", data={"csrf_token": csrf_of(client, "/staff/cases")})


def _signed_in(client) -> bool:
    return client.get("/staff/cases").status_code == 200


def _set_up_app(client, app) -> str:
    """Signed in already: set up the authenticator app at the current clock; returns its secret."""
    page = check_page(client.get("/staff/account/authenticator-app"))
    secret = page.select_one("#setup-key").get_text().replace(" ", "")
    response = _post(client, "/staff/account/authenticator-app", {"code": pyotp.TOTP(secret).at(totp_module.clock())})
    assert response.status_code == 302 and response.location.endswith("/staff/account")
    return secret


def _switch_to_sms(client, app):
    assert _post(client, "/staff/account/text-message", {"mobile": MOBILE}).status_code == 302
    code = _code_of(_messages(app, "staff_mobile_check_code")[-1])
    return _post(client, "/staff/account/text-message/code", {"code": code})


def _error(page) -> str:
    return page.select_one(".govuk-error-summary a").get_text(strip=True)


def test_your_account_is_linked_from_every_staff_page_and_needs_sign_in(client, app):
    seed(app)
    assert "/staff/sign-in" in client.get("/staff/account").location
    sign_in(client, app, "kent.readonly@example.gov.uk")
    page = check_page(client.get("/staff/cases"))
    assert page.find("a", string="Your account")["href"] == "/staff/account"
    account = check_page(client.get("/staff/account"))
    assert account.h1.get_text(strip=True) == "Your account"
    assert "Email to kent.readonly@example.gov.uk" in account.get_text()
    assert account.select_one("input[name=method][value=email]").has_attr("checked")
    response = _post(client, "/staff/account", {})
    assert _error(check_page(response, status=400)) == "Select how you want to get your security code"


def test_switching_to_text_messages_needs_a_valid_uk_mobile_and_the_code_sent_to_it(client, app):
    seed(app)
    sign_in(client, app, SAM)
    bad = _post(client, "/staff/account/text-message", {"mobile": "0207 946 0000"})
    assert _error(check_page(bad, status=400)) == "Enter a UK mobile number, like 07700 900 982 or +44 7700 900 982"
    empty = _post(client, "/staff/account/text-message", {"mobile": ""})
    assert _error(check_page(empty, status=400)) == "Enter a UK mobile number"
    assert _post(client, "/staff/account/text-message", {"mobile": MOBILE}).status_code == 302
    [message] = _messages(app, "staff_mobile_check_code")
    assert (message.channel, message.recipient) == ("sms", "07700900982")
    page = check_page(client.get("/staff/account/text-message/code"))
    assert page.h1.get_text(strip=True) == "Check your phone"
    assert "We have sent a code to your mobile ending 0982" in page.get_text()
    assert "07700900982" not in str(page) and "900 982" not in page.get_text()
    wrong = check_page(_post(client, "/staff/account/text-message/code", {"code": "000000"}), status=400)
    assert _error(wrong) == "The security code is not correct. Check the code in your text message and try again"
    assert _user(app).second_factor == "email" and _audit(app) == []
    response = _post(client, "/staff/account/text-message/code", {"code": " ".join(_code_of(message))})
    assert response.status_code == 302 and response.location.endswith("/staff/account")
    user = _user(app)
    assert (user.second_factor, user.mobile) == ("sms", "07700900982")
    [event] = _audit(app)
    assert event.staff_user_id == user.id and event.detail == "email->sms mobile ending 0982"
    [changed] = _messages(app, "staff_second_factor_changed")
    assert changed.channel == "email" and changed.recipient == SAM
    assert json.loads(changed.personalisation)["method"] == "text message to your mobile ending 0982"
    account = check_page(client.get("/staff/account"))
    assert "Text message to your mobile ending 0982" in account.get_text()


def test_a_text_message_user_signs_in_with_the_code_texted_to_them(client, app):
    seed(app)
    sign_in(client, app, SAM)
    _switch_to_sms(client, app)
    _sign_out(client)
    emailed_before = len(_messages(app, "staff_sign_in_code"))
    _password_step(client)
    assert len(_messages(app, "staff_sign_in_code")) == emailed_before  # nothing emailed
    [text] = _messages(app, "staff_sign_in_code_sms")
    assert (text.channel, text.recipient) == ("sms", "07700900982")
    page = check_page(client.get("/staff/sign-in/code"))
    assert page.h1.get_text(strip=True) == "Check your phone"
    assert page.title.get_text().startswith("Check your phone - ")
    assert "We have sent a code to your mobile ending 0982" in page.get_text()
    assert "07700900982" not in str(page)
    wrong = check_page(_enter_code(client, "123456" if _code_of(text) != "123456" else "654321"))
    assert _error(wrong) == "The security code is not correct. Check the code in your text message and try again"
    assert not _signed_in(client)
    response = _enter_code(client, _code_of(text))
    assert response.status_code == 302 and response.location.endswith("/staff/cases")
    assert _signed_in(client)


def test_switching_to_an_authenticator_app_needs_a_current_code_from_it(client, app, at):
    seed(app)
    sign_in(client, app, SAM)
    page = check_page(client.get("/staff/account/authenticator-app"))
    assert page.h1.get_text(strip=True) == "Set up an authenticator app"
    key = page.select_one("#setup-key").get_text()
    groups = key.split(" ")
    assert len(groups) == 8 and all(len(g) == 4 for g in groups)
    secret = key.replace(" ", "")
    uri = page.find("a", href=lambda h: h and h.startswith("otpauth://totp/"))["href"]
    assert f"secret={secret}" in uri and "kent.caseworker%40example.gov.uk" in uri
    svg = page.select_one(".app-qr svg")
    assert svg["role"] == "img" and "setup key" in svg["aria-label"]
    # The same key while the setup is unfinished (reloading the page does not change it)
    assert check_page(client.get("/staff/account/authenticator-app")).select_one("#setup-key").get_text() == key
    wrong = _post(client, "/staff/account/authenticator-app", {"code": pyotp.TOTP(secret).at(T - 120)})
    assert _error(check_page(wrong, status=400)) == (
        "The security code is not correct. Enter the code your authenticator app shows now"
    )
    empty = _post(client, "/staff/account/authenticator-app", {"code": ""})
    assert _error(check_page(empty, status=400)) == "Enter the security code"
    user = _user(app)
    assert (user.second_factor, user.totp_secret) == ("email", None) and _audit(app) == []
    pasted = f" {pyotp.TOTP(secret).at(T)[:3]} {pyotp.TOTP(secret).at(T)[3:]}\n"
    response = _post(client, "/staff/account/authenticator-app", {"code": pasted})
    assert response.status_code == 302
    user = _user(app)
    assert user.second_factor == "totp" and user.totp_secret and secret not in user.totp_secret
    with app.app_context():
        assert totp_module.decrypt(user.totp_secret) == secret
    [event] = _audit(app)
    assert event.detail == "email->totp" and secret not in event.detail
    [changed] = _messages(app, "staff_second_factor_changed")
    assert changed.recipient == SAM and secret not in changed.personalisation
    assert json.loads(changed.personalisation) == {"name": user.name, "method": "an authenticator app"}
    assert "You will now use your authenticator app" in check_page(client.get("/staff/account")).get_text()


def test_an_app_user_signs_in_with_the_apps_code_and_nothing_is_sent(client, app, at):
    seed(app)
    sign_in(client, app, SAM)
    secret = _set_up_app(client, app)
    _sign_out(client)
    at(90)
    sent_before = len(_messages(app, "staff_sign_in_code")) + len(_messages(app, "staff_sign_in_code_sms"))
    _password_step(client)
    assert len(_messages(app, "staff_sign_in_code")) + len(_messages(app, "staff_sign_in_code_sms")) == sent_before
    page = check_page(client.get("/staff/sign-in/code"))
    assert page.h1.get_text(strip=True) == "Enter the code from your authenticator app"
    wrong = check_page(_enter_code(client, pyotp.TOTP(pyotp.random_base32()).at(T + 90)))
    assert _error(wrong) == "The security code is not correct. Enter the code your authenticator app shows now"
    response = _enter_code(client, pyotp.TOTP(secret).at(T + 90))
    assert response.status_code == 302 and response.location.endswith("/staff/cases")
    assert _signed_in(client)


def test_the_code_that_confirmed_the_app_cannot_then_sign_in(client, app, at):
    seed(app)
    sign_in(client, app, SAM)
    secret = _set_up_app(client, app)
    _sign_out(client)
    _password_step(client)
    page = check_page(_enter_code(client, pyotp.TOTP(secret).at(T)))
    assert (
        _error(page) == "This security code has already been used. Wait for your authenticator app to show a new code"
    )
    assert not _signed_in(client)


def test_an_app_code_works_once_and_allows_one_step_of_drift(client, app, at):
    seed(app)
    sign_in(client, app, SAM)
    secret = _set_up_app(client, app)
    app_code = pyotp.TOTP(secret)
    _sign_out(client)

    at(300)
    _password_step(client)
    for too_far in (T + 300 - 60, T + 300 + 60):  # two steps out: refused
        page = check_page(_enter_code(client, app_code.at(too_far)))
        assert _error(page) == "The security code is not correct. Enter the code your authenticator app shows now"
    assert _enter_code(client, app_code.at(T + 300 - 30)).status_code == 302  # the phone is a step behind
    assert _signed_in(client)
    _sign_out(client)

    _password_step(client)
    page = check_page(_enter_code(client, app_code.at(T + 300 - 30)))  # the same code again
    assert (
        _error(page) == "This security code has already been used. Wait for your authenticator app to show a new code"
    )
    assert not _signed_in(client)
    assert _enter_code(client, app_code.at(T + 300 + 30)).status_code == 302  # a step ahead
    assert _signed_in(client)
    _sign_out(client)

    _password_step(client)  # the current step's code is now older than the last one used
    assert "already been used" in _error(check_page(_enter_code(client, app_code.at(T + 300))))
    at(330)
    _password_step(client)
    assert "already been used" in _error(check_page(_enter_code(client, app_code.at(T + 330))))
    at(360)
    assert _enter_code(client, app_code.at(T + 360)).status_code == 302
    assert _user(app).totp_last_step == int((T + 360) // 30)


def test_app_codes_are_limited_to_five_tries(client, app, at):
    seed(app)
    sign_in(client, app, SAM)
    secret = _set_up_app(client, app)
    _sign_out(client)
    at(60)
    _password_step(client)
    for _ in range(5):
        assert (
            _enter_code(client, "000000" if pyotp.TOTP(secret).at(T + 60) != "000000" else "111111").status_code == 200
        )
    response = _enter_code(client, pyotp.TOTP(secret).at(T + 60))
    assert response.status_code == 302 and response.location.endswith("/staff/sign-in")
    assert not _signed_in(client)


def test_switching_back_to_email_forgets_the_app_and_is_audited_and_emailed(client, app, at):
    seed(app)
    sign_in(client, app, SAM)
    _set_up_app(client, app)
    response = _post(client, "/staff/account", {"method": "email"})
    assert response.status_code == 302
    user = _user(app)
    assert (user.second_factor, user.totp_secret, user.totp_last_step) == ("email", None, None)
    assert [e.detail for e in _audit(app)] == ["email->totp", "totp->email"]
    changes = _messages(app, "staff_second_factor_changed")
    assert len(changes) == 2 and json.loads(changes[1].personalisation)["method"] == f"email to {SAM}"
    again = _post(client, "/staff/account", {"method": "email"})
    assert again.status_code == 302 and len(_audit(app)) == 2  # no change, nothing recorded
    _sign_out(client)
    assert sign_in(client, app, SAM).location.endswith("/staff/cases")  # by emailed code again


def test_choosing_text_message_or_app_on_your_account_leads_to_their_setup(client, app):
    seed(app)
    sign_in(client, app, SAM)
    assert _post(client, "/staff/account", {"method": "sms"}).location.endswith("/staff/account/text-message")
    assert _post(client, "/staff/account", {"method": "totp"}).location.endswith("/staff/account/authenticator-app")
    assert client.get("/staff/account/text-message/code").location.endswith("/staff/account/text-message")
    assert _user(app).second_factor == "email" and _audit(app) == []


def test_a_manager_resets_a_colleagues_lost_app_to_email_audited_and_emailed(client, app, at):
    seed(app)
    sign_in(client, app, SAM)
    _set_up_app(client, app)
    _sign_out(client)
    sam = _user(app)
    manager = _user(app, "kent.manager@example.gov.uk")
    sign_in(client, app, manager.email)
    team = check_page(client.get("/staff/team"))
    link = team.find("a", href=f"/staff/team/{sam.id}/security-code")
    assert link is not None and "Reset security code to email" in link.get_text()
    page = check_page(client.get(f"/staff/team/{sam.id}/security-code"))
    assert page.h1.get_text(strip=True) == f"Reset {sam.name}'s security code to email"
    own = _post(client, f"/staff/team/{manager.id}/security-code", {"confirm": "yes"})
    assert "You cannot reset your own security code" in _error(check_page(own, status=400))
    response = _post(client, f"/staff/team/{sam.id}/security-code", {"confirm": "yes"})
    assert response.status_code == 302 and response.location.endswith("/staff/team")
    sam_after = _user(app)
    assert (sam_after.second_factor, sam_after.totp_secret) == ("email", None)
    reset = _audit(app)[-1]
    assert reset.staff_user_id == manager.id and reset.detail == f"staff:{sam.id} totp->email"
    notice = _messages(app, "staff_second_factor_changed")[-1]
    assert notice.recipient == SAM and manager.name in json.loads(notice.personalisation)["method"]
    assert check_page(client.get("/staff/team")).find("a", href=f"/staff/team/{sam.id}/security-code") is None
    _sign_out(client)
    assert sign_in(client, app, SAM).location.endswith("/staff/cases")  # by emailed code


def test_only_managers_reset_security_codes(client, app):
    seed(app)
    sign_in(client, app, SAM)
    manager = _user(app, "kent.manager@example.gov.uk")
    check_page(client.get(f"/staff/team/{manager.id}/security-code"), status=403)


def test_changing_the_second_factor_signs_out_every_other_browser_but_not_this_one(client, app, at):
    seed(app)
    other = app.test_client()
    sign_in(other, app, SAM)
    sign_in(client, app, SAM)
    assert _signed_in(other) and _signed_in(client)
    _set_up_app(client, app)
    assert _signed_in(client)
    assert not _signed_in(other)
