"""Annual reviews, for the sweep. Staff: the case's Reviews tab (no final plan, none started, a review open,
the report sent), starting a review (normal, error), the meeting of a review the council holds, and its
report pages (the report, each part, removing a change, the check page ready to send). The setting: its home
page with reviews, a review (not arranged, report sent), the plan it reviews, the meeting (normal, error,
the short-notice warning and its error), the report and each part (normal and error), changing and removing a
change, and the check page with what stops sending. The report pages share their templates between the two,
so their error states are swept once, on the setting's side."""

from __future__ import annotations

import json
from datetime import date, timedelta

from tests.accessibility import signed_in
from tests.accessibility.pages_staff import CASEWORKER, _seed
from tests.accessibility.registry import SweepPage

SENCO = "senco@river-primary.example.sch.uk"
SETTING = signed_in.professional(SENCO)


def _days(n: int) -> date:
    return date.today() + timedelta(days=n)


def _report(plan: dict, held_on: date, *, complete: bool) -> dict:
    from service.domain.ehcp import review

    report = review.empty_report(plan, held_on)
    report = review.with_meeting(report, held_on, [{"name": "Priya Shah", "role": "SENCO"}])
    report = review.with_views(
        report, child="I like reading with Miss Patel.", family="He is happier at school.", setting=""
    )
    report = review.put_change(
        report,
        None,
        {
            "section": "f",
            "item_id": "provision-1",
            "proposed": "Sessions 4 times a week",
            "reason": "Reading is slower",
        },
    )
    if complete:
        for row in report["outcomes"]:
            report = review.with_progress(report, row["outcome_id"], "on_track", "Seen in class each week")
        report = review.with_recommendation(report, "amend", "")
    return report


def _review(case, school, *, arranged_by: str = "setting", meeting: bool = True, report: str = "") -> int:
    """A review of the case: held by the school (or the council), its meeting today with invitations sent 3
    weeks ago (when `meeting`), its report a draft ('draft'), complete ('complete') or sent ('sent')."""
    from service.data import facts, plans
    from service.db import db
    from service.models import PlanReview

    plan = plans.document_of(plans.latest_version(case))
    held = _days(-5) if report == "sent" else _days(0)
    row = PlanReview(
        case_id=case.id,
        local_authority_id=case.local_authority_id,
        arranged_by=arranged_by,
        organisation_id=school.id if arranged_by == "setting" else None,
        meeting_on=held if meeting else None,
        meeting_time="09:30" if meeting else "",
        meeting_place="The school's meeting room" if meeting else "",
        invitations_sent_on=held - timedelta(weeks=3) if meeting else None,
        invitees=json.dumps(
            ["The child's parents or the young person", "The council's SEN officer"] if meeting else []
        ),
    )
    if report:
        document = json.dumps(_report(plan, held, complete=report != "draft"))
        row.draft_report = document
        if report == "sent":
            row.report, row.report_sent_on = document, _days(0)
    db.session.add(row)
    db.session.flush()
    facts.refresh_clock(case, facts.assessment_facts(case), date.today())
    db.session.commit()
    return row.id


def _data(app) -> dict:
    """The demo data (Noah Evans's final plan, River Primary School and its SENCO) and four more Kent cases
    with a final plan: Noah's review held by the school with a draft report; Ella's report sent; Max's
    review held by the council, its report ready to send; Ava's review not arranged yet; Sam's none."""
    from sqlmodel import select

    from service.db import db
    from service.models import Case, Organisation
    from tests.integration.reviews.helpers import URN, final_case

    data = _seed(app)
    school = db.session.exec(select(Organisation).where(Organisation.urn == URN)).one()
    noah = db.session.exec(select(Case).where(Case.child_first_name == "Noah")).one()
    cases = {
        name: final_case(child_first_name=name, child_last_name=last, current_setting_urn=urn)
        for name, last, urn in (
            ("Ella", "Stone", URN),
            ("Max", "Green", URN),
            ("Ava", "Cole", URN),
            ("Sam", "Reed", None),
        )
    }
    return {
        **data,
        "noah": noah.id,
        "noah_review": _review(noah, school, report="draft"),
        "ella": cases["Ella"].id,
        "ella_review": _review(cases["Ella"], school, report="sent"),
        "max": cases["Max"].id,
        "max_review": _review(cases["Max"], school, arranged_by="council", report="complete"),
        "ava_review": _review(cases["Ava"], school, meeting=False),
        "sam": cases["Sam"].id,
    }


def _press(name: str):
    return lambda page: page.get_by_role("button", name=name, exact=True).click()


def _short_notice(page) -> None:
    today, soon = date.today(), _days(7)
    for prefix, day in (("on", soon), ("invitations_sent_on", today)):
        page.locator(f"#{prefix}-day").fill(str(day.day))
        page.locator(f"#{prefix}-month").fill(str(day.month))
        page.locator(f"#{prefix}-year").fill(str(day.year))
    page.locator("#time").fill("10:00")
    page.locator("#place").fill("The school's meeting room")
    page.get_by_label("The council's SEN officer").check()
    page.get_by_role("button", name="Save", exact=True).click()


def _short_notice_error(page) -> None:
    _short_notice(page)
    page.get_by_role("button", name="Arrange the meeting with short notice", exact=True).click()


STAFF = "/staff/cases/{max}/reviews/{max_review}"
PRO = "/professional/reviews/{noah_review}"

PAGES = [
    # The council's side
    SweepPage("reviews/staff/tab/no-final-plan", "/staff/cases/{draft_case}/reviews", data=_data, sign_in=CASEWORKER),
    SweepPage("reviews/staff/tab/none-started", "/staff/cases/{sam}/reviews", data=_data, sign_in=CASEWORKER),
    SweepPage("reviews/staff/tab/open", "/staff/cases/{noah}/reviews", data=_data, sign_in=CASEWORKER),
    SweepPage("reviews/staff/tab/report-sent", "/staff/cases/{ella}/reviews", data=_data, sign_in=CASEWORKER),
    SweepPage("reviews/staff/start", "/staff/cases/{sam}/reviews/start", data=_data, sign_in=CASEWORKER),
    SweepPage(
        "reviews/staff/start/error",
        "/staff/cases/{sam}/reviews/start",
        data=_data,
        sign_in=CASEWORKER,
        actions=_press("Start the review"),
    ),
    SweepPage("reviews/staff/meeting", STAFF + "/meeting", data=_data, sign_in=CASEWORKER),
    SweepPage("reviews/staff/report", STAFF + "/report", data=_data, sign_in=CASEWORKER),
    SweepPage("reviews/staff/report/meeting", STAFF + "/report/meeting", data=_data, sign_in=CASEWORKER),
    SweepPage("reviews/staff/report/views", STAFF + "/report/views", data=_data, sign_in=CASEWORKER),
    SweepPage("reviews/staff/report/outcome", STAFF + "/report/outcomes/outcome-1", data=_data, sign_in=CASEWORKER),
    SweepPage("reviews/staff/report/change", STAFF + "/report/changes/new", data=_data, sign_in=CASEWORKER),
    SweepPage("reviews/staff/report/change-remove", STAFF + "/report/changes/1/remove", data=_data, sign_in=CASEWORKER),
    SweepPage("reviews/staff/report/recommendation", STAFF + "/report/recommendation", data=_data, sign_in=CASEWORKER),
    SweepPage("reviews/staff/report/check-ready", STAFF + "/report/check", data=_data, sign_in=CASEWORKER),
    # The setting's side
    SweepPage("reviews/professional/home", "/professional/", data=_data, sign_in=SETTING),
    SweepPage(
        "reviews/professional/review/not-arranged", "/professional/reviews/{ava_review}", data=_data, sign_in=SETTING
    ),
    SweepPage(
        "reviews/professional/review/report-sent", "/professional/reviews/{ella_review}", data=_data, sign_in=SETTING
    ),
    SweepPage("reviews/professional/plan", PRO + "/plan", data=_data, sign_in=SETTING),
    SweepPage(
        "reviews/professional/meeting", "/professional/reviews/{ava_review}/meeting", data=_data, sign_in=SETTING
    ),
    SweepPage(
        "reviews/professional/meeting/error",
        "/professional/reviews/{ava_review}/meeting",
        data=_data,
        sign_in=SETTING,
        actions=_press("Save"),
    ),
    SweepPage(
        "reviews/professional/meeting/short-notice",
        "/professional/reviews/{ava_review}/meeting",
        data=_data,
        sign_in=SETTING,
        actions=_short_notice,
    ),
    SweepPage(
        "reviews/professional/meeting/short-notice-error",
        "/professional/reviews/{ava_review}/meeting",
        data=_data,
        sign_in=SETTING,
        actions=_short_notice_error,
    ),
    SweepPage("reviews/professional/report", PRO + "/report", data=_data, sign_in=SETTING),
    SweepPage(
        "reviews/professional/report/meeting-error",
        PRO + "/report/meeting",
        data=_data,
        sign_in=SETTING,
        actions=lambda page: (
            page.locator("#attended").fill(""),
            page.get_by_role("button", name="Save", exact=True).click(),
        ),
    ),
    SweepPage(
        "reviews/professional/report/views-error",
        PRO + "/report/views",
        data=_data,
        sign_in=SETTING,
        actions=lambda page: (
            page.locator("#child").fill(""),
            page.locator("#family").fill(""),
            page.get_by_role("button", name="Save", exact=True).click(),
        ),
    ),
    SweepPage(
        "reviews/professional/report/outcome-error",
        PRO + "/report/outcomes/outcome-1",
        data=_data,
        sign_in=SETTING,
        actions=_press("Save"),
    ),
    SweepPage(
        "reviews/professional/report/change-error",
        PRO + "/report/changes/new",
        data=_data,
        sign_in=SETTING,
        actions=_press("Save"),
    ),
    SweepPage("reviews/professional/report/change-edit", PRO + "/report/changes/1", data=_data, sign_in=SETTING),
    SweepPage(
        "reviews/professional/report/recommendation-error",
        PRO + "/report/recommendation",
        data=_data,
        sign_in=SETTING,
        actions=_press("Save"),
    ),
    SweepPage("reviews/professional/report/check-problems", PRO + "/report/check", data=_data, sign_in=SETTING),
]
