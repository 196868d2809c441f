"""Ceasing a plan, Tribunal orders and the health duties, for the sweep: the cease page (the form with the age
limit, its errors; no final plan; decided), check answers, the confirmation, the plan's end and withdrawing
(normal, error); the case summary with the age limit; the Tribunal orders (listed, empty), recording one and
marking one done (normal, error); the ICB dates on a disagreement (the record, the two forms and their errors)."""

from __future__ import annotations

from datetime import date, timedelta

from tests.accessibility.pages_staff import CASEWORKER, _seed
from tests.accessibility.registry import SweepPage

TODAY = date.today()


def _case(app, *, decided: bool = False, order: bool = False, final: bool = True, **fields) -> dict:
    """The demo accounts, and a Kent case with a final plan for a young person near the age limit."""
    from service.db import db
    from service.models import TribunalOrderRecord
    from tests.factories import make_case

    _seed(app)
    born = date(TODAY.year - 25, 3, 1) if TODAY.month < 8 else date(TODAY.year - 24, 3, 1)
    if final:
        issued = TODAY - timedelta(days=200)
        case = make_case(stage="final_issued", received_on=issued - timedelta(weeks=20), final_issued_on=issued,
                         child_first_name="Noor", child_last_name="Hale", child_date_of_birth=born, **fields)  # fmt: skip
    else:
        case = make_case(stage="assessing", child_first_name="Noor", child_last_name="Hale", child_date_of_birth=born)
    if decided:
        case.cease_decision_on = case.cease_notice_sent_on = TODAY - timedelta(days=3)
        case.cease_reason = 1
        case.cease_reasons = "Reached the age limit"
    data = {"case": case.id}
    if order:
        row = TribunalOrderRecord(case_id=case.id, local_authority_id=case.local_authority_id, kind="amend_contents",
                                  ordered_on=TODAY - timedelta(days=4), description="Paragraph 12 of the order")  # fmt: skip
        db.session.add(row)
        db.session.flush()
        data["order"] = row.id
    db.session.add(case)
    db.session.commit()
    return data


def _plan(app) -> dict:
    return _case(app)


def _no_plan(app) -> dict:
    return _case(app, final=False)


def _decided(app) -> dict:
    return _case(app, decided=True)


def _ordered(app) -> dict:
    return _case(app, order=True)


def _health(app) -> dict:
    """A disagreement about sections F and health, mediation ended with an agreed health action."""
    from service.db import db
    from service.models import AgreedActionRecord
    from tests.factories import make_disagreement

    data = _case(app)
    from service.models import Case

    case = db.session.get(Case, data["case"])
    d = make_disagreement(case, sections=("F", "health"), contacted_on=TODAY - timedelta(days=8))
    d.mediation_held_on = d.mediation_ended_on = TODAY - timedelta(days=2)
    d.outcome = "agreement"
    action = AgreedActionRecord(disagreement_id=d.id, local_authority_id=d.local_authority_id,
                                description="Speech and language therapy assessment", kind="not_appealable",
                                agreed_on=d.mediation_ended_on, health=True)  # fmt: skip
    db.session.add_all([d, action])
    db.session.commit()
    return {**data, "disagreement": d.id, "action": action.id}


def _press(name: str):
    def press(page) -> None:
        page.get_by_role("button", name=name).click()

    return press


def _fill_date(page, name: str, on: date) -> None:
    for part, value in (("day", on.day), ("month", on.month), ("year", on.year)):
        page.fill(f"input[name='{name}-{part}']", str(value))


def _fill_decision(page) -> None:
    _fill_date(page, "decision_on", TODAY)
    _fill_date(page, "notice_sent_on", TODAY)
    page.locator("input[name=reason][value='1']").check()
    page.fill("textarea[name=reasons]", "The young person reaches the age limit this academic year.")
    page.locator("input[name=consulted]").check()
    _fill_date(page, "consulted_on", TODAY)
    page.get_by_role("button", name="Continue").click()


def _send(page) -> None:
    """Fill in and send; the second visit (JavaScript off) finds it sent, and opens the confirmation."""
    if page.locator("textarea[name=reasons]").count():
        _fill_decision(page)
        page.get_by_role("button", name="Send the decision").click()
    else:
        page.goto(page.url + "/sent")


def _staff(name: str, path: str, data, **kwargs) -> SweepPage:
    return SweepPage(f"cease/{name}", path, data=data, sign_in=CASEWORKER, **kwargs)


CEASE = "/staff/cases/{case}/cease"
ORDERS = "/staff/cases/{case}/tribunal-orders"
RECORD = "/staff/disagreements/{disagreement}"

PAGES = [
    _staff("decision", CEASE, _plan),
    _staff("decision/error", CEASE, _plan, actions=_press("Continue")),
    _staff("decision/no-final-plan", CEASE, _no_plan),
    _staff("decided", CEASE, _decided),
    _staff("check", CEASE, _plan, actions=_fill_decision),
    _staff("sent", CEASE, _plan, actions=_send),
    _staff("end", CEASE + "/end", _decided),
    _staff("end/error", CEASE + "/end", _decided, actions=_press("Record the end of the plan")),
    _staff("withdraw", CEASE + "/withdraw", _decided),
    _staff("withdraw/error", CEASE + "/withdraw", _decided, actions=_press("Withdraw the decision")),
    _staff("case-summary/age-limit", "/staff/cases/{case}", _plan),
    _staff("tribunal-orders", ORDERS, _ordered),
    _staff("tribunal-orders/empty", ORDERS, _plan),
    _staff("tribunal-order/new", ORDERS + "/new", _plan),
    _staff("tribunal-order/new/error", ORDERS + "/new", _plan, actions=_press("Record the order")),
    _staff("tribunal-order/done", ORDERS + "/{order}/done", _ordered),
    _staff("tribunal-order/done/error", ORDERS + "/{order}/done", _ordered, actions=_press("Mark as done")),
    _staff("disagreement/health", RECORD, _health),
    _staff("icb-told", RECORD + "/icb-told", _health),
    _staff("icb-told/error", RECORD + "/icb-told", _health, actions=_press("Save")),
    _staff("health-told", RECORD + "/agreed-actions/{action}/health-told", _health),
    _staff("health-told/error", RECORD + "/agreed-actions/{action}/health-told", _health, actions=_press("Save")),
]
