"""Disagreement pages for the sweep: the family's request journey (start, late start, final plan
start, what they disagree with, mediation or a certificate, arranging mediation, check answers, sent,
each with its error or special state) and the dates page; the council's list (empty and with a
request) and record; and the council's pages, one thing a page: record a contact, arrange mediation,
the outcome, the certificate, agreed actions, an appeal, contacts and figures, each with its error states,
and the record, list and family dates page with everything recorded."""

from __future__ import annotations

from datetime import date, timedelta

from tests.accessibility.pages_staff import CASEWORKER, MANAGER
from tests.accessibility.pages_track import _family
from tests.accessibility.registry import SweepPage


def _seed(app, with_request: bool = False, late: bool = False, final_plan: bool = False) -> dict:
    from sqlmodel import select

    from service.data import mediation_changes
    from service.db import db
    from service.demo import seed_demo
    from service.models import Case

    seed_demo(date.today())
    maya = db.session.exec(select(Case).where(Case.child_first_name == "Maya")).one()
    leo = db.session.exec(select(Case).where(Case.child_first_name == "Leo")).one()
    if late:
        maya.decision_to_assess_on = date.today() - timedelta(days=70)
    if final_plan:
        leo.final_issued_on = date.today() - timedelta(days=10)
    db.session.commit()
    data = {"maya": maya.id, "leo": leo.id}
    if with_request:
        d = mediation_changes.request_mediation(maya, [], not late, "Mornings", "", "", date.today())
        db.session.commit()
        data["disagreement"] = d.id
    return data


def _with_request(app) -> dict:
    return _seed(app, with_request=True)


def _late(app) -> dict:
    return _seed(app, late=True)


def _late_request(app) -> dict:
    return _seed(app, with_request=True, late=True)


def _final_plan(app) -> dict:
    return _seed(app, final_plan=True)


def _continue(page) -> None:
    page.get_by_role("button", name="Continue").click()


def _answering(case: str, *answers):
    """Sign the family in, then answer earlier pages of the journey (each `answer(page)` fills one page)."""

    def sign_in(page, live, data) -> None:
        _family(page, live, data)
        for slug, answer in answers:
            page.goto(live(f"/your-cases/{data[case]}/disagree/{slug}"))
            answer(page)
            _continue(page)

    return sign_in


def _showing(heading: str):
    """An action that only checks the walk reached the page (a redirect would also load with 200)."""

    def check(page) -> None:
        assert " ".join(page.locator("h1").inner_text().split()) == heading

    return check


def _tick(label: str):
    return lambda page: page.get_by_label(label).check()


def _available(page) -> None:
    page.get_by_label("When are you available for mediation? (optional)").fill("Weekday mornings")


def _too_long(page) -> None:
    page.get_by_label("When are you available for mediation? (optional)").fill("x" * 2001)
    _continue(page)


MEDIATION = ("mediation-or-certificate", _tick("Try mediation with the council"))
SECTION_I = ("what-you-disagree-with", _tick("Section I: the school or college named in the plan"))
CERTIFICATE = ("mediation-or-certificate", _tick("Get a mediation certificate only"))

PAGES = [
    SweepPage("mediation/start", "/your-cases/{maya}/disagree", data=_seed, sign_in=_family),
    SweepPage("mediation/start/late", "/your-cases/{maya}/disagree", data=_late, sign_in=_family),
    SweepPage("mediation/start/final-plan", "/your-cases/{leo}/disagree", data=_final_plan, sign_in=_family),
    SweepPage(
        "mediation/what-you-disagree-with",
        "/your-cases/{leo}/disagree/what-you-disagree-with",
        data=_final_plan,
        sign_in=_family,
    ),
    SweepPage(
        "mediation/what-you-disagree-with/error",
        "/your-cases/{leo}/disagree/what-you-disagree-with",
        data=_final_plan,
        sign_in=_family,
        actions=_continue,
    ),
    SweepPage(
        "mediation/mediation-or-certificate",
        "/your-cases/{maya}/disagree/mediation-or-certificate",
        data=_seed,
        sign_in=_family,
    ),
    SweepPage(
        "mediation/mediation-or-certificate/error",
        "/your-cases/{maya}/disagree/mediation-or-certificate",
        data=_seed,
        sign_in=_family,
        actions=_continue,
    ),
    SweepPage(
        "mediation/mediation-or-certificate/section-i-only",
        "/your-cases/{leo}/disagree/mediation-or-certificate",
        data=_final_plan,
        sign_in=_answering("leo", SECTION_I),
        actions=_showing("Do you want to try mediation, or get a mediation certificate only?"),
    ),
    SweepPage(
        "mediation/arranging-mediation",
        "/your-cases/{maya}/disagree/arranging-mediation",
        data=_seed,
        sign_in=_answering("maya", MEDIATION),
        actions=_showing("Arranging mediation"),
    ),
    SweepPage(
        "mediation/arranging-mediation/error",
        "/your-cases/{maya}/disagree/arranging-mediation",
        data=_seed,
        sign_in=_answering("maya", MEDIATION),
        actions=_too_long,
    ),
    SweepPage(
        "mediation/check-answers",
        "/your-cases/{maya}/disagree/check-answers",
        data=_seed,
        sign_in=_answering("maya", MEDIATION, ("arranging-mediation", _available)),
        actions=_showing("Check your answers before sending your request"),
    ),
    SweepPage(
        "mediation/check-answers/section-i-only",
        "/your-cases/{leo}/disagree/check-answers",
        data=_final_plan,
        sign_in=_answering("leo", SECTION_I, CERTIFICATE),
        actions=_showing("Check your answers before sending your request"),
    ),
    SweepPage(
        "mediation/check-answers/late",
        "/your-cases/{maya}/disagree/check-answers",
        data=_late,
        sign_in=_answering("maya", CERTIFICATE),
        actions=_showing("Check your answers before sending your request"),
    ),
    SweepPage("mediation/sent", "/your-cases/{maya}/disagree/sent", data=_with_request, sign_in=_family),
    SweepPage(
        "mediation/sent/late-certificate", "/your-cases/{maya}/disagree/sent", data=_late_request, sign_in=_family
    ),
    SweepPage("mediation/family-dates", "/your-cases/{maya}/disagree/dates", data=_with_request, sign_in=_family),
    SweepPage("mediation/staff-list/empty", "/staff/disagreements", data=_seed, sign_in=CASEWORKER),
    SweepPage("mediation/staff-list", "/staff/disagreements", data=_with_request, sign_in=CASEWORKER),
    SweepPage("mediation/staff-record", "/staff/disagreements/{disagreement}", data=_with_request, sign_in=CASEWORKER),
]


# --- The council's side ------------------------------------------------------------------------------

CONTACTS = {
    "mediation_adviser_name": "Kent Mediation Service",
    "mediation_adviser_email": "mediation@kent.example.org",
    "mediation_adviser_phone": "01622 000000",
    "health_contact_name": "NHS Kent and Medway SEND team",
    "health_contact_email": "send.disagreements@nhs.example.net",
    "health_contact_phone": "01622 111111",
}


def _council_seed(app, state: str = "requested") -> dict:
    """Maya's request in a given state: requested today, 'overdue' (40 days, no mediation), 'agreed' (mediation
    ended with an agreement, so actions can be added) or 'complete' (arranged late, agreement, one action
    overdue and one done, certificate issued, appealed; Leo's health-only request; contacts set)."""
    from sqlmodel import select

    from service.data import mediation, mediation_changes
    from service.data.context import ChangeContext
    from service.data.facts import agreed_actions
    from service.db import db
    from service.models import Case, StaffUser

    data = _seed(app)
    today = date.today()
    case = db.session.get(Case, data["maya"])
    # 'overdue': 40 days, past both the 30 days to arrange mediation and the 3 working days after them for
    # the certificate on any weekday (35 was past the certificate only on some days of the week)
    contacted = today - timedelta(days={"requested": 0, "overdue": 40}.get(state, 60))
    case.decision_to_assess_on = min(case.decision_to_assess_on, contacted - timedelta(days=5))
    d = mediation_changes.request_mediation(case, [], True, "Weekday mornings", "A quiet room", "My sister", contacted)
    db.session.commit()
    data["disagreement"] = d.id
    if state in ("agreed", "complete"):
        ended = today - timedelta(days=20)
        d.mediation_arranged_on, d.mediation_on, d.mediation_time = contacted, ended, "10:00"
        d.mediator_name, d.mediation_format, d.mediation_place = "Pat Mediator", "online", "https://video.example.com/1"
        d.mediation_late = state == "complete"
        d.mediation_held_on, d.mediation_ended_on, d.outcome = ended, ended, "agreement"
        db.session.commit()
    if state == "complete":
        user = db.session.exec(select(StaffUser).where(StaffUser.email == "kent.caseworker@example.gov.uk")).one()
        change = ChangeContext(user, "", today)
        mediation_changes.add_agreed_action(change, d, case, "Share the speech therapy report", "not_appealable")
        mediation_changes.add_agreed_action(change, d, case, "Send the draft plan", "make_plan_draft")
        done = agreed_actions(d)[1]
        mediation_changes.mark_action_done(change, case, done, today)
        mediation_changes.issue_certificate(change, d, case)
        mediation_changes.record_appeal(change, d, case, today)
        db.session.commit()
        la = mediation.council(case.local_authority_id)
        for name, value in CONTACTS.items():
            setattr(la, name, value)
        leo = db.session.get(Case, data["leo"])
        leo.final_issued_on = today - timedelta(days=10)
        db.session.commit()
        data["health"] = mediation_changes.request_mediation(leo, ["health"], True, "", "", "", today).id
        db.session.commit()
    return data


def _overdue(app) -> dict:
    return _council_seed(app, "overdue")


def _agreed(app) -> dict:
    return _council_seed(app, "agreed")


def _complete(app) -> dict:
    return _council_seed(app, "complete")


def _press(name: str):
    return lambda page: page.get_by_role("button", name=name, exact=True).click()


def _fill_date(legend: str, on: date):
    def fill(page) -> None:
        group = page.get_by_role("group", name=legend)
        group.get_by_label("Day").fill(str(on.day))
        group.get_by_label("Month").fill(str(on.month))
        group.get_by_label("Year").fill(str(on.year))

    return fill


def _then(*steps):
    def run(page) -> None:
        for step in steps:
            step(page)

    return run


def _arrange_too_soon(page) -> None:
    _fill_date("Date of the mediation", date.today())(page)
    page.get_by_label("Start time").fill("9:30")
    page.get_by_label("Mediator's name").fill("Pat Mediator")
    page.get_by_label("Online (video call)").check()
    page.get_by_label("Venue address, video link or phone number").fill("https://video.example.com/1")
    _press("Arrange mediation")(page)


def _outcome_before_contact(page) -> None:
    page.get_by_label("No agreement").check()
    _fill_date("When did mediation end?", date.today() - timedelta(days=400))(page)
    _press("Record the outcome")(page)


def _bad_email(page) -> None:
    page.get_by_label("Mediation adviser email address").fill("not an email")
    _press("Save contacts")(page)


DISAGREEMENT = "/staff/disagreements/{disagreement}"

PAGES += [
    SweepPage("mediation/staff-record/overdue-certificate", DISAGREEMENT, data=_overdue, sign_in=CASEWORKER),
    SweepPage("mediation/staff-record/complete", DISAGREEMENT, data=_complete, sign_in=CASEWORKER),
    SweepPage(
        "mediation/staff-record/health-only", "/staff/disagreements/{health}", data=_complete, sign_in=CASEWORKER
    ),
    SweepPage("mediation/staff-list/flags", "/staff/disagreements", data=_complete, sign_in=CASEWORKER),
    SweepPage("mediation/staff-list/overdue-certificate", "/staff/disagreements", data=_overdue, sign_in=CASEWORKER),
    SweepPage("mediation/record-contact", "/staff/cases/{maya}/record-disagreement", data=_seed, sign_in=CASEWORKER),
    SweepPage(
        "mediation/record-contact/error",
        "/staff/cases/{maya}/record-disagreement",
        data=_seed,
        sign_in=CASEWORKER,
        actions=_press("Record the disagreement"),
    ),
    SweepPage("mediation/arrange", DISAGREEMENT + "/arrange", data=_council_seed, sign_in=CASEWORKER),
    SweepPage(
        "mediation/arrange/error",
        DISAGREEMENT + "/arrange",
        data=_council_seed,
        sign_in=CASEWORKER,
        actions=_press("Arrange mediation"),
    ),
    SweepPage(
        "mediation/arrange/too-soon",
        DISAGREEMENT + "/arrange",
        data=_council_seed,
        sign_in=CASEWORKER,
        actions=_arrange_too_soon,
    ),
    SweepPage("mediation/outcome", DISAGREEMENT + "/outcome", data=_council_seed, sign_in=CASEWORKER),
    SweepPage(
        "mediation/outcome/error",
        DISAGREEMENT + "/outcome",
        data=_council_seed,
        sign_in=CASEWORKER,
        actions=_press("Record the outcome"),
    ),
    SweepPage(
        "mediation/outcome/before-the-contact",
        DISAGREEMENT + "/outcome",
        data=_council_seed,
        sign_in=CASEWORKER,
        actions=_outcome_before_contact,
    ),
    SweepPage("mediation/certificate", DISAGREEMENT + "/certificate", data=_agreed, sign_in=CASEWORKER),
    SweepPage(
        "mediation/certificate/mediation-pending", DISAGREEMENT + "/certificate", data=_council_seed, sign_in=CASEWORKER
    ),
    SweepPage("mediation/add-action", DISAGREEMENT + "/agreed-actions/new", data=_agreed, sign_in=CASEWORKER),
    SweepPage(
        "mediation/add-action/error",
        DISAGREEMENT + "/agreed-actions/new",
        data=_agreed,
        sign_in=CASEWORKER,
        actions=_press("Add the action"),
    ),
    SweepPage("mediation/appeal", DISAGREEMENT + "/appeal", data=_council_seed, sign_in=CASEWORKER),
    SweepPage(
        "mediation/appeal/error",
        DISAGREEMENT + "/appeal",
        data=_council_seed,
        sign_in=CASEWORKER,
        actions=_then(
            _fill_date("When did the family appeal to the SEND Tribunal?", date.today() + timedelta(days=3)),
            _press("Record the appeal"),
        ),
    ),
    SweepPage("mediation/contacts", "/staff/disagreements/contacts", data=_seed, sign_in=MANAGER),
    SweepPage(
        "mediation/contacts/error", "/staff/disagreements/contacts", data=_seed, sign_in=MANAGER, actions=_bad_email
    ),
    SweepPage("mediation/figures/empty", "/staff/disagreements/figures", data=_seed, sign_in=CASEWORKER),
    SweepPage("mediation/figures", "/staff/disagreements/figures", data=_complete, sign_in=CASEWORKER),
    SweepPage(
        "mediation/figures/year",
        f"/staff/disagreements/figures?year={date.today().year}",
        data=_complete,
        sign_in=CASEWORKER,
    ),
    SweepPage("mediation/family-case/adviser", "/your-cases/{maya}", data=_seed, sign_in=_family),
    SweepPage(
        "mediation/family-dates/certificate", "/your-cases/{maya}/disagree/dates", data=_complete, sign_in=_family
    ),
    SweepPage(
        "mediation/family-dates/health-contact", "/your-cases/{leo}/disagree/dates", data=_complete, sign_in=_family
    ),
]
