"""Moving council (reg 15), for the sweep: the case's move page (no move, a move recorded, transferred in),
recording a move (normal, error), transferring the plan (normal, error, and the page a second browser sees
once the plan has gone), cancelling the move, the new council's notice (normal, error), and the record of
transfers (with every section, empty)."""

from __future__ import annotations

from datetime import date, timedelta

from tests.accessibility import signed_in
from tests.accessibility.pages_staff import CASEWORKER, _seed
from tests.accessibility.registry import SweepPage

LEEDS_CASEWORKER = signed_in.staff("leeds.caseworker@example.gov.uk")


def _change(staff, today=None):
    from service.data.context import ChangeContext

    return ChangeContext(user=staff, ip="127.0.0.1", today=today or date.today())


def _case(first_name: str):
    from tests.integration.plan_family.plans import planned_case

    case, staff, _ = planned_case(final=True, child_first_name=first_name, child_last_name="Moss")
    return case, staff


def _move(case, staff, to_code: str = "383", aware_on=None):
    from service.data import transfers
    from service.data.local_authorities import by_old_code
    from service.db import db

    transfer = transfers.record_move(_change(staff), case, by_old_code(to_code), aware_on or date.today(), None)
    db.session.commit()
    return transfer


def _transfer(case, staff, transfer, on=None):
    from service.data import transfers
    from service.db import db

    transfers.transfer_plan(_change(staff), case, transfer, on or date.today())
    db.session.commit()


def _none(app) -> dict:
    _seed(app)
    case, _ = _case("Nia")
    return {"case": case.id}


def _open(app) -> dict:
    _seed(app)
    case, staff = _case("Nia")
    _move(case, staff, aware_on=date.today() - timedelta(days=30))  # overdue
    return {"case": case.id}


def _gone(app) -> dict:
    _seed(app)
    case, staff = _case("Nia")
    _transfer(case, staff, _move(case, staff))
    return {"case": case.id}


def _arrived(app) -> dict:
    """A Kent plan transferred to Leeds today, for the Leeds caseworker."""
    return _gone(app)


def _records(app) -> dict:
    """Kent's record: a plan transferred out, a move waiting, and a plan transferred in (from Leeds)."""
    from service.db import db
    from service.models import Case
    from tests.factories import make_staff

    _seed(app)
    out, staff = _case("Nia")
    _transfer(out, staff, _move(out, staff), date.today() - timedelta(days=3))
    waiting, staff = _case("Omar")
    _move(waiting, staff)
    back, staff = _case("Pip")
    _transfer(
        back, staff, _move(back, staff, aware_on=date.today() - timedelta(days=70)), date.today() - timedelta(days=60)
    )
    leeds = make_staff(local_authority="383")
    back = db.session.get(Case, back.id)
    _transfer(
        back,
        leeds,
        _move(back, leeds, to_code="886", aware_on=date.today() - timedelta(days=50)),
        date.today() - timedelta(days=45),
    )
    return {"case": waiting.id}


def _press(name: str):
    def press(page) -> None:
        page.get_by_role("button", name=name).click()

    return press


CASE = "/staff/cases/{case}/transfer"


def _kent(name: str, path: str, data, **kwargs) -> SweepPage:
    return SweepPage(f"transfers-staff/{name}", path, data=data, sign_in=CASEWORKER, **kwargs)


def _leeds(name: str, path: str, data, **kwargs) -> SweepPage:
    return SweepPage(f"transfers-staff/{name}", path, data=data, sign_in=LEEDS_CASEWORKER, **kwargs)


PAGES = [
    _kent("case/none", CASE, _none),
    _kent("case/open", CASE, _open),
    _leeds("case/arrived", CASE, _arrived),
    _kent("new", CASE + "/new", _none),
    _kent("new/error", CASE + "/new", _none, actions=_press("Save")),
    _kent("now", CASE + "/now", _open),
    _kent("now/error", CASE + "/now", _open, actions=_press("Transfer the plan")),
    _kent("now/gone", CASE + "/now", _gone, status=409),
    _kent("cancel", CASE + "/cancel", _open),
    _leeds("notice", CASE + "/notice", _arrived),
    _leeds("notice/error", CASE + "/notice", _arrived, actions=_press("Save")),
    _kent("list", "/staff/transfers", _records),
    _leeds("list/empty", "/staff/transfers", _seed),
]
