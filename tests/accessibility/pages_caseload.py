"""Issue 16 items 10 and 11 for the sweep: the caseload with a case's new family activity tagged, its
bulk assign refused (nothing ticked, nobody chosen), the caseload and the reviews due with their filter
closed. The caseload's other states (full, filtered, empty) are pages_staff.py's, re-checked with the new
columns."""

from __future__ import annotations

from tests.accessibility.registry import SweepPage
from tests.accessibility.signed_in import staff


def _seed(app) -> dict:
    from datetime import date, timedelta

    from service.data import family
    from service.db import db
    from service.models import Case
    from tests.factories import make_case, make_staff

    sam = make_staff(name="Sam Patel", email="sam.sweep@886.example.gov.uk")
    make_staff(name="Rosa Diaz")
    today = date.today()
    make_case(received_on=today - timedelta(days=95), stage="assessing", assigned_caseworker_id=sam.id)
    uploaded = make_case(child_first_name="Amara", child_last_name="Okafor")
    family.add_family_document(db.session.get(Case, uploaded.id), "report.pdf", "application/pdf", 10, "k/sweep")
    db.session.commit()
    return {}


SAM = staff("sam.sweep@886.example.gov.uk")


def _assign_nothing(page) -> None:
    page.get_by_role("button", name="Assign").click()


PAGES = [
    SweepPage("caseload/new-activity", "/staff/cases", data=_seed, sign_in=SAM),
    SweepPage("caseload/bulk-assign-error", "/staff/cases", data=_seed, sign_in=SAM, actions=_assign_nothing),
    SweepPage("caseload/filters-hidden", "/staff/cases?filters=hide&overdue=yes", data=_seed, sign_in=SAM),
    SweepPage("caseload/reviews-due-filters-hidden", "/staff/reviews-due?filters=hide", data=_seed, sign_in=SAM),
]
