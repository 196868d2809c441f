"""Staff sign-in: password, then a 6-digit code; lockout; sign-out revokes the session."""

from tests.factories import PASSWORD, make_staff
from tests.integration.staff.helpers import csrf_of, sign_in
from tests.pages import check_page


def _caseworker(app):
    with app.app_context():
        return make_staff("caseworker", "886")  # Kent


def test_sign_in_needs_the_password_and_the_emailed_code(client, app):
    response = sign_in(client, app, _caseworker(app))
    assert response.status_code == 302 and response.location.endswith("/staff/cases")
    page = check_page(client.get("/staff/cases"))
    assert "Kent" in page.select_one(".govuk-caption-l").get_text()
    assert client.get("/staff/cases").headers["Cache-Control"] == "no-store"


def test_a_wrong_password_and_an_unknown_email_get_the_same_message(client, app):
    wrong = sign_in(client, app, _caseworker(app).email, "wrong password")
    unknown = sign_in(client, app, "nobody@example.gov.uk", "wrong password")
    assert (
        check_page(wrong).select_one(".govuk-error-summary a").get_text()
        == "Enter a correct email address and password"
    )
    assert (
        check_page(unknown).select_one(".govuk-error-summary a").get_text()
        == "Enter a correct email address and password"
    )


def test_a_wrong_code_is_refused_and_the_session_is_not_signed_in(client, app):
    client.post(
        "/staff/sign-in",
        data={
            "csrf_token": csrf_of(client, "/staff/sign-in"),
            "email": _caseworker(app).email,
            "password": PASSWORD,
        },
    )
    response = client.post(
        "/staff/sign-in/code", data={"csrf_token": csrf_of(client, "/staff/sign-in/code"), "code": "000000x"}
    )
    page = check_page(response)
    assert "The security code is not correct" in page.select_one(".govuk-error-summary").get_text()
    assert client.get("/staff/cases").location.startswith("/staff/sign-in")


def test_ten_failed_attempts_lock_the_account_even_for_the_right_password(client, app):
    user = _caseworker(app)
    for _ in range(10):
        sign_in(client, app, user.email, "wrong password")
    response = sign_in(client, app, user)
    assert response.status_code == 200 and "Enter a correct email address and password" in response.get_data(
        as_text=True
    )


def test_sign_out_revokes_the_session_on_the_server(client, app):
    sign_in(client, app, _caseworker(app))
    cookie = client.get_cookie("ehcp_session").value
    client.post("/staff/sign-out", data={"csrf_token": csrf_of(client, "/staff/cases")})
    replay = app.test_client()
    replay.set_cookie("ehcp_session", cookie)
    assert replay.get("/staff/cases").status_code == 302


def test_a_disabled_account_loses_its_session_at_once(client, app):
    from sqlmodel import select

    from service.db import db
    from service.models import StaffUser

    caseworker = _caseworker(app)
    sign_in(client, app, caseworker)
    with app.app_context():
        user = db.session.exec(select(StaffUser).where(StaffUser.email == caseworker.email)).one()
        user.disabled = True
        db.session.commit()
    assert client.get("/staff/cases").status_code == 302
