"""Choosing a setting, for the sweep: the staff Settings tab (with a list, preferences and consultations;
empty; the add-by-URN error), the reason page, consulting a setting (normal, error), a consultation
(pending, answered) and the decision form (normal, error); the setting's consultation page (to answer,
with errors, late, answered) and its confirmation; the family's settings page (with the list and the
consultations' status, empty, errors), check answers and the confirmation."""

from __future__ import annotations

from datetime import date, timedelta

from tests.accessibility import signed_in
from tests.accessibility.pages_staff import CASEWORKER, _seed
from tests.accessibility.pages_track import _family
from tests.accessibility.registry import SweepPage

FAMILY = "mia.family@example.com"
SENCO = "senco@brook.example.org"
BROOK, ASH = 990001, 990002


def _change(staff):
    from service.data.context import ChangeContext

    return ChangeContext(user=staff, ip="127.0.0.1", today=date.today())


def _build(
    app, *, seed: bool = True, listed: bool = True, consulted: bool = False, answer: str = "", late: bool = False
) -> dict:
    """A Kent case with Draft 1 issued (the demo's accounts when seed), Brook and Ash in the register (Brook
    on the list with what it provides, when listed), the family's preferences, and Brook consulted."""
    from service.data import placement
    from service.db import db
    from service.models import Consultation, Setting
    from tests.factories import make_organisation, make_professional
    from tests.integration.plan_family.plans import planned_case

    if seed:
        _seed(app)
    case, staff, version = planned_case(email=FAMILY, child_first_name="Mia", child_last_name="Brook")
    brook = Setting(name="Brook Primary School", urn=BROOK, type_name="Community school", town="Ashford")
    ash = Setting(name="Ash Grove Academy", urn=ASH, type_name="Academy converter", town="Dover")
    db.session.add_all([brook, ash])
    db.session.commit()
    change = _change(staff)
    data = {"case": case.id}
    if listed:
        entry = placement.add_to_list(
            change, case, brook, "A speech and language unit, with a therapist on site every day."
        )
        placement.add_to_list(change, case, ash)
        placement.state_preferences(
            case,
            [
                placement.Choice(brook.id, BROOK, brook.name),
                placement.Choice(None, None, "Hill School, Canterbury", "Her brother goes there."),
            ],
            stated_by="parent",
            today=date.today(),
        )
        db.session.commit()
        data["entry"] = entry.id
    organisation = make_organisation(name="Brook Primary School", urn=BROOK)
    make_professional(organisation, email=SENCO, name="Rae Okoro", role="SENCO")
    if consulted:
        sent = placement.send_consultation(change, case, brook, "Please look at the speech and language provision.")
        consultation = db.session.get(Consultation, sent.consultation.id)
        if late:
            consultation.sent_on = date.today() - timedelta(days=20)
            consultation.due_on = date.today() - timedelta(days=6)
        db.session.commit()
        if answer:
            person = make_professional(organisation, email="head@brook.example.org", name="Sam Head")
            placement.answer(
                person,
                consultation,
                case,
                can_meet=answer == "yes",
                reasons="" if answer == "yes" else "We have no places in Year 4.",
                would_need="Training for two teaching assistants.",
                today=date.today(),
                ip="127.0.0.1",
            )
            consultation.shared_with_family = True
            db.session.add(consultation)
            db.session.commit()
        data["consultation"] = sent.consultation.id
    return data


def _listed(app) -> dict:
    return _build(app)


def _empty(app) -> dict:
    return _build(app, listed=False)


def _pending(app) -> dict:
    return _build(app, consulted=True)


def _late(app) -> dict:
    return _build(app, consulted=True, late=True)


def _answered(app) -> dict:
    return _build(app, consulted=True, answer="no")


def _family_listed(app) -> dict:
    return _build(app, seed=False, consulted=True, answer="yes")


def _family_empty(app) -> dict:
    return _build(app, seed=False, listed=False)


def _family_sign_in(page, live, data) -> None:
    _family(page, live, data, FAMILY)


def _professional(page, live, data) -> None:
    signed_in.professional(SENCO)(page, live, data)


def _press(name: str):
    def press(page) -> None:
        page.get_by_role("button", name=name).click()

    return press


def _answer_yes(page) -> None:
    """Answer, reaching the confirmation; the second visit (JavaScript off) finds it answered, and opens
    the confirmation page the answer led to."""
    if page.get_by_role("radio", name="Yes").count():
        page.get_by_role("radio", name="Yes").check()
        page.get_by_role("button", name="Send").click()
    else:
        page.goto(page.url + "/sent")


def _choose(page) -> None:
    page.locator("#choice_1").check()
    page.get_by_role("button", name="Continue").click()


def _choose_and_send(page) -> None:
    _choose(page)
    page.get_by_role("button", name="Send preferences").click()


TAB = "/staff/cases/{case}/settings-list"
CONSULTATION = "/staff/cases/{case}/consultations/{consultation}"
PROFESSIONAL = "/professional/consultations/{consultation}"
FAMILY_PAGE = "/your-cases/{case}/settings"


def _staff(name: str, path: str, data, **kwargs) -> SweepPage:
    return SweepPage(f"placement-staff/{name}", path, data=data, sign_in=CASEWORKER, **kwargs)


def _setting(name: str, path: str, data, **kwargs) -> SweepPage:
    return SweepPage(f"placement-professional/{name}", path, data=data, sign_in=_professional, **kwargs)


def _family_page(name: str, path: str, data, **kwargs) -> SweepPage:
    return SweepPage(f"placement-family/{name}", path, data=data, sign_in=_family_sign_in, **kwargs)


PAGES = [
    _staff("tab", TAB, _answered),
    _staff("tab/empty", TAB, _empty),
    _staff("tab/error", TAB, _listed, actions=_press("Add to the list")),
    _staff("reason", TAB + "/{entry}/reason", _listed),
    _staff("find", TAB + "/find", _listed),
    _staff("consult", "/staff/cases/{case}/consultations/new", _listed),
    _staff("consult/error", "/staff/cases/{case}/consultations/new", _listed, actions=_press("Send the draft plan")),
    _staff("consultation/pending", CONSULTATION, _pending),
    _staff("consultation/answered", CONSULTATION, _answered),
    _staff("decision", CONSULTATION + "/decision", _answered),
    _staff("decision/error", CONSULTATION + "/decision", _answered, actions=_press("Save the decision")),
    _setting("consultation", PROFESSIONAL, _pending),
    _setting("consultation/error", PROFESSIONAL, _pending, actions=_press("Send")),
    _setting("consultation/late", PROFESSIONAL, _late),
    _setting("consultation/sent", PROFESSIONAL, _pending, actions=_answer_yes),
    _setting("consultation/answered", PROFESSIONAL, _answered),
    _family_page("settings", FAMILY_PAGE, _family_listed),
    _family_page("settings/empty", FAMILY_PAGE, _family_empty),
    _family_page("settings/error", FAMILY_PAGE, _family_empty, actions=_press("Continue")),
    _family_page("check", FAMILY_PAGE, _family_listed, actions=_choose),
    _family_page("sent", FAMILY_PAGE, _family_listed, actions=_choose_and_send),
]
