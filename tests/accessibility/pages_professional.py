"""Professionals' pages and the council's organisation pages for the sweep.

Professionals: sign-in (normal, error), code (normal, wrong code), signed out, the home page with no
work and with work, an advice request, a consultation, accepting an invitation, the expired-invitation
page (normal, error) and its "new link sent" page, the people at the organisation, inviting a colleague
(normal, error) and removing one. Staff: the organisations list (full and empty), adding one (normal,
URN not in the register), an organisation's page, and inviting someone (normal, error)."""

from __future__ import annotations

from datetime import date, timedelta

from tests.accessibility import signed_in
from tests.accessibility.pages_staff import _sign_in_as
from tests.accessibility.registry import SweepPage

SENCO = "senco@river-primary.example.sch.uk"
EP = "ep@kent-eps.example.org"


def _seed(app) -> dict:
    """The demo (with River Primary School's SENCO and Kent's EP service), a colleague at the school,
    and a pending invitation whose token the accept page needs."""
    from sqlmodel import select

    from service.data import professionals as professionals_data
    from service.db import db
    from service.demo import seed_demo
    from service.models import Organisation, Professional

    seed_demo(date.today())
    school = db.session.exec(select(Organisation).where(Organisation.urn == 118393)).one()
    eps = db.session.exec(select(Organisation).where(Organisation.kind == "educational_psychology")).one()
    senco = db.session.exec(select(Professional).where(Professional.email == SENCO)).one()
    colleague = Professional(
        organisation_id=school.id, email="ben.ade@river-primary.example.sch.uk", name="Ben Ade", role="Teacher",
        active=True,
    )  # fmt: skip
    db.session.add(colleague)
    db.session.flush()
    _, token = professionals_data.invite_professional(
        school, "Ali Noor", "ali.noor@river-primary.example.sch.uk", "", f"professional:{senco.id}", "127.0.0.1"
    )
    db.session.commit()
    return {"school": school.id, "eps": eps.id, "colleague": colleague.id, "token": token}


def _seed_work(app) -> dict:
    """As _seed, with an advice request and a consultation for the school from a Kent case."""
    from sqlmodel import select

    from service.db import db
    from service.models import AdviceRequest, Case, Consultation

    data = _seed(app)
    case = db.session.exec(select(Case).where(Case.child_first_name == "Isla")).one()
    today = date.today()
    advice = AdviceRequest(
        case_id=case.id, kind="setting", requested_on=today - timedelta(days=3), due_on=today + timedelta(weeks=6) - timedelta(days=3),
        organisation_id=data["school"], asked="Educational advice on Isla's reading and attention in class",
    )  # fmt: skip
    consultation = Consultation(
        case_id=case.id, organisation_id=data["school"], urn=118393, setting_name="River Primary School",
        sent_on=today - timedelta(days=2), due_on=today + timedelta(days=13),
        message="Please tell us whether River Primary School can meet Isla's needs.",
    )  # fmt: skip
    db.session.add_all([advice, consultation])
    db.session.commit()
    return data | {"advice": advice.id, "consultation": consultation.id}


def _email_step(email: str):
    def step(page, live, data) -> None:
        page.goto(live("/professional/sign-in"))
        page.get_by_label("Email address").fill(email)
        page.get_by_role("button", name="Continue").click()

    return step


def _sign_in_professional(email: str):
    """Signed in as `email` (a session made directly: the sign-in and code pages are sweep pages here)."""
    return signed_in.professional(email)


def _press(name: str):
    return lambda page: page.get_by_role("button", name=name).click()


def _wrong_code(page) -> None:
    page.get_by_label("Security code").fill("000000")
    page.get_by_role("button", name="Continue").click()


def _ask_new_link(page) -> None:
    page.get_by_label("Email address").fill("someone@example.org")
    page.get_by_role("button", name="Send a new link").click()


def _urn_not_in_data(page) -> None:
    page.get_by_label("Early years setting, school or college").check()
    page.get_by_label("URN").fill("999999")
    page.get_by_role("button", name="Add organisation").click()


PRIYA = _sign_in_professional(SENCO)
SAM_LEE = _sign_in_professional(EP)
CASEWORKER = _sign_in_as("kent.caseworker@example.gov.uk")
LEEDS = _sign_in_as("leeds.caseworker@example.gov.uk")

PAGES = [
    SweepPage("professional/sign-in", "/professional/sign-in"),
    SweepPage("professional/sign-in/error-empty", "/professional/sign-in", actions=_press("Continue")),
    SweepPage("professional/code", "/professional/sign-in/code", data=_seed, sign_in=_email_step(SENCO)),
    SweepPage(
        "professional/code/error",
        "/professional/sign-in/code",
        data=_seed,
        sign_in=_email_step(SENCO),
        actions=_wrong_code,
    ),
    SweepPage("professional/signed-out", "/professional/signed-out"),
    SweepPage("professional/home/no-work", "/professional/", data=_seed, sign_in=SAM_LEE),
    SweepPage("professional/home/with-work", "/professional/", data=_seed_work, sign_in=PRIYA),
    SweepPage("professional/advice", "/professional/advice/{advice}", data=_seed_work, sign_in=PRIYA),
    SweepPage(
        "professional/consultation", "/professional/consultations/{consultation}", data=_seed_work, sign_in=PRIYA
    ),
    SweepPage("professional/invitation", "/professional/invitation/{token}", data=_seed),
    SweepPage("professional/invitation/expired", "/professional/invitation/not-a-token", status=404),
    SweepPage(
        "professional/invitation/expired/error-empty",
        "/professional/invitation/not-a-token",
        status=404,
        actions=_press("Send a new link"),
    ),
    SweepPage(
        "professional/invitation/new-link-sent",
        "/professional/invitation/not-a-token",
        status=404,
        actions=_ask_new_link,
    ),
    SweepPage("professional/colleagues", "/professional/colleagues", data=_seed, sign_in=PRIYA),
    SweepPage("professional/colleagues/invite", "/professional/colleagues/invite", data=_seed, sign_in=PRIYA),
    SweepPage(
        "professional/colleagues/invite/error",
        "/professional/colleagues/invite",
        data=_seed,
        sign_in=PRIYA,
        actions=_press("Send invitation"),
    ),
    SweepPage(
        "professional/colleagues/remove", "/professional/colleagues/{colleague}/remove", data=_seed, sign_in=PRIYA
    ),
    SweepPage("staff/organisations", "/staff/organisations", data=_seed_work, sign_in=CASEWORKER),
    SweepPage("staff/organisations/empty", "/staff/organisations", data=_seed, sign_in=LEEDS),
    SweepPage("staff/organisations/new", "/staff/organisations/new", data=_seed, sign_in=CASEWORKER),
    SweepPage(
        "staff/organisations/new/error-urn-not-in-data",
        "/staff/organisations/new",
        data=_seed,
        sign_in=CASEWORKER,
        actions=_urn_not_in_data,
    ),
    SweepPage(
        "staff/organisations/new/error-empty",
        "/staff/organisations/new",
        data=_seed,
        sign_in=CASEWORKER,
        actions=_press("Add organisation"),
    ),
    SweepPage("staff/organisations/organisation", "/staff/organisations/{school}", data=_seed_work, sign_in=CASEWORKER),
    SweepPage("staff/organisations/organisation/no-work", "/staff/organisations/{eps}", data=_seed, sign_in=CASEWORKER),
    SweepPage("staff/organisations/invite", "/staff/organisations/{eps}/invite", data=_seed, sign_in=CASEWORKER),
    SweepPage(
        "staff/organisations/invite/error",
        "/staff/organisations/{eps}/invite",
        data=_seed,
        sign_in=CASEWORKER,
        actions=_press("Send invitation"),
    ),
]
