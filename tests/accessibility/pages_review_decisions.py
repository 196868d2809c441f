"""The council's decision after a review, for the sweep: the decision question (pending, its error, before the
report is sent, and once decided), the dates page to keep the plan (normal, the stale refusal) and to stop
it (its errors), issuing the proposed amendments (with the report's changes), the amended plan refused
inside the family's 15 days, a plan section beside the report's proposed changes; and the family's
proposed amendments (in the window, after it) and the comment form on them."""

from __future__ import annotations

from datetime import date, timedelta

from tests.accessibility.pages_staff import CASEWORKER, _seed
from tests.accessibility.pages_track import _family
from tests.accessibility.registry import SweepPage

EMAIL = "ava.family@example.com"


def _days_ago(n: int) -> date:
    return date.today() - timedelta(days=n)


def _reviewed(app, *, report: bool = True, meeting: int = 40) -> dict:
    from tests.integration.review_decisions.helpers import reviewed_case

    _seed(app)
    case_id, review_id, _ = reviewed_case(email=EMAIL, meeting=meeting, report=meeting - 5 if report else None)
    return {"case": case_id, "review": review_id}


def _no_report(app) -> dict:
    return _reviewed(app, report=False)


def _proposed(app, sent: int) -> dict:
    from service.data import plan_changes, plans
    from service.db import db
    from service.models import Case, StaffUser
    from tests.integration.plan_family.plans import change_of

    data = _reviewed(app, meeting=sent + 10)
    case = db.session.get(Case, data["case"])
    plan = plans.plan_for_case(case)
    staff = db.session.get(StaffUser, plans.versions(plan)[-1].issued_by_id)
    plan_changes.issue(
        change_of(staff),
        plan,
        case,
        status=plan_changes.PROPOSED,
        on=_days_ago(sent),
        opened_version=plan.version,
        override_reason="Tested",
        amendment_reason="The review found more speech therapy is needed.",
        render_pdf=False,
    )
    db.session.commit()
    return data


def _in_window(app) -> dict:
    return _proposed(app, 3)


def _late(app) -> dict:
    return _proposed(app, 20)


def _decided(app) -> dict:
    from service.data import plans, review_decisions
    from service.db import db
    from service.models import Case, PlanReview, StaffUser
    from tests.integration.plan_family.plans import change_of

    data = _reviewed(app)
    case = db.session.get(Case, data["case"])
    review = db.session.get(PlanReview, data["review"])
    staff = db.session.get(StaffUser, plans.versions_for_case(case)[-1].issued_by_id)
    review_decisions.record_decision(
        change_of(staff),
        case,
        review,
        decision="maintain",
        on=_days_ago(5),
        notice_on=None,
        reasons="",
        opened_version=None,
    )
    db.session.commit()
    return data


def _press(name: str):
    return lambda page: page.get_by_role("button", name=name).click()


def _date(page, legend: str, day: date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def _stale(page) -> None:
    _date(page, "Date of the decision", _days_ago(2))
    page.get_by_label("Reasons for the decision").fill("The plan still meets her needs.")
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_text("This review changed since you opened the page").first.wait_for(timeout=5000)


def _amend_too_soon(page) -> None:
    _date(page, "Date of issue", date.today())
    page.get_by_label("Why is the plan being amended?").fill("More speech therapy.")
    flags = page.get_by_label("Why are you issuing the plan with these problems?")
    if flags.count():
        flags.fill("Tested")
    page.get_by_role("button", name="Issue Amended 1").click()
    page.locator(".govuk-error-summary").wait_for(timeout=5000)


def _family_sign_in(page, live, data) -> None:
    _family(page, live, data, EMAIL)


DECISION = "/staff/cases/{case}/reviews/{review}/decision"


def _staff(name: str, path: str, data, **kwargs) -> SweepPage:
    return SweepPage(f"review-decisions-staff/{name}", path, data=data, sign_in=CASEWORKER, **kwargs)


def _family_page(name: str, path: str, data, **kwargs) -> SweepPage:
    return SweepPage(f"review-decisions-family/{name}", path, data=data, sign_in=_family_sign_in, **kwargs)


PAGES = [
    _staff("decision", DECISION, _reviewed),
    _staff("decision/error", DECISION, _reviewed, actions=_press("Continue")),
    _staff("decision/no-report", DECISION, _no_report),
    _staff("decision/decided", DECISION, _decided),
    _staff("maintain", DECISION + "/maintain", _reviewed),
    _staff("maintain/stale", DECISION + "/maintain?version=0", _reviewed, actions=_stale),
    _staff("cease/error", DECISION + "/cease", _reviewed, actions=_press("Record the decision")),
    _staff("proposals", "/staff/cases/{case}/plan/issue/proposals", _reviewed),
    _staff("amended/too-soon", "/staff/cases/{case}/plan/issue/amend", _in_window, actions=_amend_too_soon),
    _staff("section-with-proposed-changes", "/staff/cases/{case}/plan/sections/f", _reviewed),
    _family_page("plan/proposed-in-window", "/your-cases/{case}/plan", _in_window),
    _family_page("plan/proposed-late", "/your-cases/{case}/plan", _late),
    _family_page("comment/proposed", "/your-cases/{case}/plan/versions/3/sections/f/comment", _in_window),
]
