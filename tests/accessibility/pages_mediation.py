"""Disagreement pages for the sweep: the family's request journey (start, late start, final plan
start, what they disagree with, mediation or a certificate, arranging mediation, check answers, sent,
each with its error or special state) and the dates page; the council's list (empty and with a
request) and record."""

from __future__ import annotations

from datetime import date, timedelta

from tests.accessibility.pages_staff import CASEWORKER
from tests.accessibility.pages_track import _family
from tests.accessibility.registry import SweepPage


def _seed(app, with_request: bool = False, late: bool = False, final_plan: bool = False) -> dict:
    from sqlmodel import select

    from service.data import mediation
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
        d = mediation.request_mediation(maya, [], not late, "Mornings", "", "", date.today())
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
    SweepPage(
        "mediation/staff-record/error",
        "/staff/disagreements/{disagreement}",
        data=_with_request,
        sign_in=CASEWORKER,
        actions=lambda page: page.get_by_role("button", name="Record certificate").click(),
    ),
]
