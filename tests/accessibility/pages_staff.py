"""Staff pages for the sweep: sign-in (normal and error), code, caseload (full, filtered, empty),
the case record, recording a step (normal and error), and the 403 page."""

from __future__ import annotations

import json
import re
from datetime import date

from tests.accessibility import signed_in
from tests.accessibility.registry import SweepPage


def _seed(app) -> dict:
    from sqlmodel import select

    from service.db import db
    from service.demo import seed_demo
    from service.models import Case

    seed_demo(date.today())
    ids = {c.child_first_name: c.id for c in db.session.exec(select(Case))}
    return {"case": ids["Oliver"], "draft_case": ids["Leo"], "assessing_case": ids["Isla"]}


def _seed_team(app) -> dict:
    """The demo data, an open advice request on an assessing case, a note, and a pending invitation."""
    from sqlmodel import select

    from service.data import staff as staff_data
    from service.db import db
    from service.models import AdviceRequest, CaseNote, StaffUser

    data = _seed(app)
    manager = db.session.exec(select(StaffUser).where(StaffUser.email == "kent.manager@example.gov.uk")).one()
    sam = db.session.exec(select(StaffUser).where(StaffUser.email == "kent.caseworker@example.gov.uk")).one()
    advice = db.session.exec(
        select(AdviceRequest).where(
            AdviceRequest.case_id == data["assessing_case"], AdviceRequest.received_on.is_(None)
        )
    ).first()
    db.session.add(CaseNote(case_id=data["draft_case"], author_id=sam.id, text="Phoned the school.\nThey agree."))
    _, token = staff_data.invite(manager, "Rosa Diaz", "rosa.sweep@example.gov.uk", "caseworker", "127.0.0.1")
    db.session.commit()
    return data | {"advice": advice.id, "sam": sam.id, "token": token}


def _sign_in_as(email: str, code_to: str | None = None):
    """Signed in as `email` (a session made directly: the sign-in pages are sweep pages of their own); with
    `code_to`, through the real forms, reading the code sent there."""
    if code_to is None:
        return signed_in.staff(email)

    def sign_in(page, live, data) -> None:
        from sqlmodel import select

        from service.db import db
        from service.models import OutboxMessage

        page.goto(live("/staff/sign-in"))
        page.get_by_label("Email address").fill(email)
        page.locator("#password").fill("demo password 2026")
        page.get_by_role("button", name="Continue").click()
        with live.app.app_context():
            message = db.session.exec(
                select(OutboxMessage)
                .where(OutboxMessage.recipient == (code_to or email))
                .order_by(OutboxMessage.created_at.desc())
            ).first()
            code = json.loads(message.personalisation)["code"]
        page.get_by_label("Security code").fill(code)
        page.get_by_role("button", name="Continue").click()

    return sign_in


def _password_step(page, live, data) -> None:
    page.goto(live("/staff/sign-in"))
    page.get_by_label("Email address").fill("kent.caseworker@example.gov.uk")
    page.locator("#password").fill("demo password 2026")
    page.get_by_role("button", name="Continue").click()


CASEWORKER = _sign_in_as("kent.caseworker@example.gov.uk")
READ_ONLY = _sign_in_as("kent.readonly@example.gov.uk")


def _save(page) -> None:
    page.get_by_role("button", name="Save").click()


PAGES = [
    SweepPage("staff/sign-in", "/staff/sign-in"),
    SweepPage(
        "staff/sign-in/error",
        "/staff/sign-in",
        actions=lambda page: page.get_by_role("button", name="Continue").click(),
    ),
    SweepPage("staff/code", "/staff/sign-in/code", data=_seed, sign_in=_password_step),
    SweepPage(
        "staff/code/error",
        "/staff/sign-in/code",
        data=_seed,
        sign_in=_password_step,
        actions=lambda page: page.get_by_role("button", name="Continue").click(),
    ),
    SweepPage("staff/signed-out", "/staff/signed-out"),
    SweepPage("staff/caseload", "/staff/cases", data=_seed, sign_in=CASEWORKER),
    SweepPage("staff/caseload/filtered", "/staff/cases?overdue=yes&sort=name", data=_seed, sign_in=CASEWORKER),
    SweepPage("staff/caseload/empty", "/staff/cases?q=nobody", data=_seed, sign_in=CASEWORKER),
    SweepPage("staff/case", "/staff/cases/{case}", data=_seed, sign_in=CASEWORKER),
    SweepPage("staff/case/draft-served", "/staff/cases/{draft_case}", data=_seed, sign_in=CASEWORKER),
    SweepPage("staff/record-step", "/staff/cases/{case}/record-step", data=_seed, sign_in=CASEWORKER),
    SweepPage(
        "staff/record-step/error",
        "/staff/cases/{case}/record-step",
        data=_seed,
        sign_in=CASEWORKER,
        actions=lambda page: page.get_by_role("button", name="Continue").click(),
    ),
    SweepPage("staff/forbidden", "/staff/cases/{case}/record-step", data=_seed, sign_in=READ_ONLY, status=403),
]

PAGES += [
    SweepPage("staff/operations", "/staff/operations", data=_seed, sign_in=_sign_in_as("kent.manager@example.gov.uk")),
]

MANAGER = _sign_in_as("kent.manager@example.gov.uk")


def _press(name: str):
    return lambda page: page.get_by_role("button", name=name, exact=True).click()


def _old_request(page) -> None:
    page.get_by_role("radio", name="Post").check()
    page.locator("#received_on-day").fill("1")
    page.locator("#received_on-month").fill("1")
    page.locator("#received_on-year").fill(str(date.today().year - 1))
    page.get_by_label("Child or young person's first name").fill("Zara")
    page.get_by_label("Child or young person's last name").fill("Ali")
    page.locator("#child_date_of_birth-day").fill("2")
    page.locator("#child_date_of_birth-month").fill("4")
    page.locator("#child_date_of_birth-year").fill("2016")
    page.get_by_label("A parent or carer").check()
    page.get_by_label("Name of the person who made the request").fill("Sana Ali")
    _save(page)


BAD_DATES = "received_from-day=31&received_from-month=2&received_from-year=2025&received_to-day=3&received_to-month=4"
PAGES += [
    SweepPage("staff/caseload/date-errors", f"/staff/cases?{BAD_DATES}", data=_seed, sign_in=CASEWORKER),
    SweepPage(
        "staff/caseload/all-filters",
        "/staff/cases?stage=assessing&stage=draft_issued&due_soon=yes&exceptions=yes&caseworker=none&q=okafor",
        data=_seed,
        sign_in=CASEWORKER,
    ),
    SweepPage("staff/case/timeline", "/staff/cases/{assessing_case}/timeline", data=_seed_team, sign_in=CASEWORKER),
    SweepPage("staff/case/history", "/staff/cases/{draft_case}/history", data=_seed, sign_in=CASEWORKER),
    SweepPage("staff/case/documents", "/staff/cases/{draft_case}/documents", data=_seed, sign_in=CASEWORKER),
    SweepPage(
        "staff/case/documents/error",
        "/staff/cases/{draft_case}/documents",
        data=_seed,
        sign_in=CASEWORKER,
        actions=_press("Upload"),
    ),
    SweepPage("staff/case/documents/read-only", "/staff/cases/{draft_case}/documents", data=_seed, sign_in=READ_ONLY),
    SweepPage("staff/case/notes", "/staff/cases/{draft_case}/notes", data=_seed_team, sign_in=CASEWORKER),
    SweepPage(
        "staff/case/notes/error",
        "/staff/cases/{draft_case}/notes",
        data=_seed,
        sign_in=CASEWORKER,
        actions=_press("Add note"),
    ),
    SweepPage("staff/case/audit", "/staff/cases/{draft_case}/audit", data=_seed, sign_in=MANAGER),
    SweepPage("staff/request-advice", "/staff/cases/{assessing_case}/advice/new", data=_seed, sign_in=CASEWORKER),
    SweepPage(
        "staff/request-advice/error",
        "/staff/cases/{assessing_case}/advice/new",
        data=_seed,
        sign_in=CASEWORKER,
        actions=_save,
    ),
    SweepPage(
        "staff/advice-received",
        "/staff/cases/{assessing_case}/advice/{advice}/received",
        data=_seed_team,
        sign_in=CASEWORKER,
    ),
    SweepPage("staff/exception", "/staff/cases/{assessing_case}/exception", data=_seed, sign_in=CASEWORKER),
    SweepPage(
        "staff/exception/error",
        "/staff/cases/{assessing_case}/exception",
        data=_seed,
        sign_in=CASEWORKER,
        actions=_save,
    ),
    SweepPage("staff/assign", "/staff/cases/{case}/assign", data=_seed, sign_in=CASEWORKER),
    SweepPage("staff/new-request", "/staff/requests/new", data=_seed, sign_in=CASEWORKER),
    SweepPage("staff/new-request/error", "/staff/requests/new", data=_seed, sign_in=CASEWORKER, actions=_save),
    SweepPage(
        "staff/new-request/old-date", "/staff/requests/new", data=_seed, sign_in=CASEWORKER, actions=_old_request
    ),
    SweepPage("staff/team", "/staff/team", data=_seed_team, sign_in=MANAGER),
    SweepPage("staff/team/invite", "/staff/team/invite", data=_seed, sign_in=MANAGER),
    SweepPage(
        "staff/team/invite/error", "/staff/team/invite", data=_seed, sign_in=MANAGER, actions=_press("Send invitation")
    ),
    SweepPage("staff/team/role", "/staff/team/{sam}/role", data=_seed_team, sign_in=MANAGER),
    SweepPage("staff/team/disable", "/staff/team/{sam}/access", data=_seed_team, sign_in=MANAGER),
    SweepPage("staff/invitation", "/staff/invitation/{token}", data=_seed_team),
    SweepPage("staff/invitation/error", "/staff/invitation/{token}", data=_seed_team, actions=_press("Save password")),
    SweepPage("staff/invitation/expired", "/staff/invitation/not-a-real-token", status=404),
]


# Your account: how staff get their sign-in code, and the sign-in code page for each way.
MOBILE_USER = "leeds.caseworker@example.gov.uk"
APP_USER = "kent.readonly@example.gov.uk"


def _seed_second_factors(app) -> dict:
    """The demo data, with Leeds' caseworker getting codes by text message and Kent's read-only
    colleague using an authenticator app."""
    from sqlmodel import select

    from service.auth import totp
    from service.db import db
    from service.models import StaffUser

    data = _seed(app)
    texted = db.session.exec(select(StaffUser).where(StaffUser.email == MOBILE_USER)).one()
    texted.second_factor, texted.mobile = "sms", "07700900982"
    app_user = db.session.exec(select(StaffUser).where(StaffUser.email == APP_USER)).one()
    app_user.second_factor, app_user.totp_secret = "totp", totp.encrypt(totp.new_secret())
    db.session.add_all([texted, app_user])
    db.session.commit()
    manager = db.session.exec(select(StaffUser).where(StaffUser.email == "kent.manager@example.gov.uk")).one()
    return data | {"app_user": app_user.id, "manager": manager.id}


def _password_step_as(email: str):
    def password_step(page, live, data) -> None:
        page.goto(live("/staff/sign-in"))
        page.get_by_label("Email address").fill(email)
        page.locator("#password").fill("demo password 2026")
        page.get_by_role("button", name="Continue").click()

    return password_step


def _wrong_code(page) -> None:
    """Letters are never a right code, whatever was sent."""
    page.locator("#code").fill("abcdef")
    page.get_by_role("button", name=re.compile("^(Continue|Confirm and use this app)$")).click()


def _caseworker_checking_a_mobile(page, live, data) -> None:
    CASEWORKER(page, live, data)
    page.goto(live("/staff/account/text-message"))
    page.get_by_label("What is your mobile number?").fill("07700 900 982")
    page.get_by_role("button", name="Continue").click()


def _fill_mobile(number: str):
    def fill(page) -> None:
        page.get_by_label("What is your mobile number?").fill(number)
        page.get_by_role("button", name="Continue").click()

    return fill


PAGES += [
    SweepPage(
        "staff/code/text-message",
        "/staff/sign-in/code",
        data=_seed_second_factors,
        sign_in=_password_step_as(MOBILE_USER),
    ),
    SweepPage(
        "staff/code/text-message/error",
        "/staff/sign-in/code",
        data=_seed_second_factors,
        sign_in=_password_step_as(MOBILE_USER),
        actions=_wrong_code,
    ),
    SweepPage(
        "staff/code/authenticator-app",
        "/staff/sign-in/code",
        data=_seed_second_factors,
        sign_in=_password_step_as(APP_USER),
    ),
    SweepPage(
        "staff/code/authenticator-app/error",
        "/staff/sign-in/code",
        data=_seed_second_factors,
        sign_in=_password_step_as(APP_USER),
        actions=_wrong_code,
    ),
    SweepPage(
        "staff/code/authenticator-app/error-empty",
        "/staff/sign-in/code",
        data=_seed_second_factors,
        sign_in=_password_step_as(APP_USER),
        actions=lambda page: page.get_by_role("button", name="Continue").click(),
    ),
    SweepPage("staff/account", "/staff/account", data=_seed, sign_in=CASEWORKER),
    SweepPage(
        "staff/account/no-change",
        "/staff/account",
        data=_seed,
        sign_in=CASEWORKER,
        actions=lambda page: page.get_by_role("button", name="Continue").click(),
    ),
    SweepPage("staff/account/text-message", "/staff/account/text-message", data=_seed, sign_in=CASEWORKER),
    SweepPage(
        "staff/account/text-message/error-empty",
        "/staff/account/text-message",
        data=_seed,
        sign_in=CASEWORKER,
        actions=_fill_mobile(""),
    ),
    SweepPage(
        "staff/account/text-message/error-format",
        "/staff/account/text-message",
        data=_seed,
        sign_in=CASEWORKER,
        actions=_fill_mobile("0207 946 0000"),
    ),
    SweepPage(
        "staff/account/text-message/code",
        "/staff/account/text-message/code",
        data=_seed,
        sign_in=_caseworker_checking_a_mobile,
    ),
    SweepPage(
        "staff/account/text-message/code/error",
        "/staff/account/text-message/code",
        data=_seed,
        sign_in=_caseworker_checking_a_mobile,
        actions=_wrong_code,
    ),
    SweepPage("staff/account/authenticator-app", "/staff/account/authenticator-app", data=_seed, sign_in=CASEWORKER),
    SweepPage(
        "staff/account/authenticator-app/error",
        "/staff/account/authenticator-app",
        data=_seed,
        sign_in=CASEWORKER,
        actions=_wrong_code,
    ),
    SweepPage(
        "staff/account/authenticator-app/error-empty",
        "/staff/account/authenticator-app",
        data=_seed,
        sign_in=CASEWORKER,
        actions=_press("Confirm and use this app"),
    ),
    SweepPage(
        "staff/account/text-message-user",
        "/staff/account",
        data=_seed_second_factors,
        sign_in=_sign_in_as(MOBILE_USER, code_to="07700900982"),
    ),
    SweepPage("staff/team/with-app-user", "/staff/team", data=_seed_second_factors, sign_in=MANAGER),
    SweepPage(
        "staff/team/reset-security-code",
        "/staff/team/{app_user}/security-code",
        data=_seed_second_factors,
        sign_in=MANAGER,
    ),
    SweepPage(
        "staff/team/reset-security-code/own-error",
        "/staff/team/{manager}/security-code",
        data=_seed_second_factors,
        sign_in=MANAGER,
        actions=_press("Reset to email"),
    ),
]
