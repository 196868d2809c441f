"""The request journey's council question in its new states (issue 16 item 7): the full list after "No",
a town that spans councils (and its error), and a postcode that is not real. The confirm state ("Is this
the right council?") is request/local-authority/filled, and asking for a postcode or town with nothing
typed is request/local-authority/error-empty (pages_request.py).

Also issue 16 item 9: the family's case page and mediation page once the certificate is issued and no
appeal is recorded yet (how to appeal, and by when)."""

from __future__ import annotations

from tests.accessibility.pages_request import _draft, _resume
from tests.accessibility.pages_track import _family
from tests.accessibility.registry import SweepPage

PAGE = "/request/local-authority"
MAIDSTONE = {
    "who": {"role": "parent"},
    "child-address": {
        "address_line_1": "1 High Street",
        "address_line_2": "",
        "town": "Maidstone",
        "postcode": "ME14 1XX",
    },
}
ASHFORD = {
    "who": {"role": "parent"},
    "child-address": {
        "address_line_1": "1 Station Road",
        "address_line_2": "",
        "town": "Ashford",
        "postcode": "ZE9 9ZZ",
    },
}


def _continue(page) -> None:
    page.get_by_role("button", name="Continue").click()


def _not_a_postcode(page) -> None:
    page.locator("#place").fill("ME14 1X")
    _continue(page)


def _certificate_issued(app) -> dict:
    from datetime import date, timedelta

    from sqlmodel import select

    from service.data import mediation_changes
    from service.data.context import ChangeContext
    from service.db import db
    from service.models import Case, StaffUser
    from tests.accessibility.pages_mediation import _seed

    data = _seed(app)
    case = db.session.get(Case, data["maya"])
    case.decision_to_assess_on = min(case.decision_to_assess_on, date.today() - timedelta(days=10))
    d = mediation_changes.request_mediation(case, [], False, "", "", "", date.today())
    user = db.session.exec(select(StaffUser).where(StaffUser.email == "kent.caseworker@example.gov.uk")).one()
    mediation_changes.issue_certificate(ChangeContext(user, "", date.today()), d, case)
    db.session.commit()
    return data


PAGES = [
    SweepPage("council/list", PAGE + "?list=yes", data=_draft(MAIDSTONE), sign_in=_resume),
    SweepPage("council/candidates", PAGE, data=_draft(ASHFORD), sign_in=_resume),
    SweepPage("council/candidates/error", PAGE, data=_draft(ASHFORD), sign_in=_resume, actions=_continue),
    SweepPage(
        "council/search/error-postcode",
        PAGE + "?search=yes",
        data=_draft(MAIDSTONE),
        sign_in=_resume,
        actions=_not_a_postcode,
    ),
    SweepPage(
        "mediation/family-dates/how-to-appeal",
        "/your-cases/{maya}/disagree/dates",
        data=_certificate_issued,
        sign_in=_family,
    ),
    SweepPage("mediation/case-page/how-to-appeal", "/your-cases/{maya}", data=_certificate_issued, sign_in=_family),
]
