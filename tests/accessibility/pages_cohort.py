"""Phase transfers and reviews due, for the sweep: the cohort view (with plans, a year with none, a year that
is not a number), the reviews due (with plans, a filter with none), and a case's phase transfer (normal, and
the error of a post-16 move without its date)."""

from __future__ import annotations

from datetime import date, timedelta

from tests.accessibility.pages_staff import CASEWORKER, _seed
from tests.accessibility.registry import SweepPage


def _plans(app) -> dict:
    """The demo data, and three Kent plans: moving to secondary school next September (one with a review
    arranged), and moving to post-16 with its review overdue."""
    from service.data import phase_transfers
    from service.data.caseload import forget_all_counts
    from service.data.reviews_due import forget_review_counts
    from service.db import db
    from service.domain.dates import add_months
    from service.domain.phase import next_september
    from service.models import PlanReview
    from tests.factories import make_case

    _seed(app)
    today = date.today()
    year = next_september(today)
    made = []
    for name, born, issued in [
        ("Ava Stone", date(year - 12, 10, 3), add_months(today, -9)),
        ("Ben Hale", date(year - 12, 2, 14), add_months(today, -7)),
        ("Cal Price", date(year - 17, 11, 20), add_months(today, -13)),
    ]:
        first, last = name.split()
        made.append(
            make_case(
                "886",
                issued - timedelta(days=150),
                "final_issued",
                final_issued_on=issued,
                child_first_name=first,
                child_last_name=last,
                child_date_of_birth=born,
                current_setting_name="Oak Primary School" if born.year == year - 12 else "Hill Academy",
            )  # fmt: skip
        )
    phase_transfers.fill_expected(made[0].local_authority_id, today)
    db.session.add(
        PlanReview(
            case_id=made[1].id, local_authority_id=made[1].local_authority_id, meeting_on=today + timedelta(days=20)
        )
    )
    db.session.commit()
    phase_transfers.forget_cohort()
    forget_review_counts()
    forget_all_counts()
    return {"case": made[0].id, "year": year, "empty": year + 2}


def _post_16_without_a_date(page) -> None:
    page.get_by_role("radio", name="Post-16 to another post-16 institution").check()
    page.get_by_role("button", name="Save").click()


def _staff(name: str, path: str, **kwargs) -> SweepPage:
    return SweepPage(f"cohort/{name}", path, data=_plans, sign_in=CASEWORKER, **kwargs)


PAGES = [
    _staff("phase-transfers", "/staff/phase-transfers?year={year}"),
    _staff("phase-transfers/empty", "/staff/phase-transfers?year={empty}"),
    _staff("phase-transfers/error", "/staff/phase-transfers?year=next", status=400),
    _staff("reviews-due", "/staff/reviews-due"),
    _staff("reviews-due/empty", "/staff/reviews-due?when=next_month&caseworker=none&page=9"),
    _staff("phase-transfer", "/staff/cases/{case}/phase-transfer"),
    _staff("phase-transfer/error", "/staff/cases/{case}/phase-transfer", actions=_post_16_without_a_date),
]
