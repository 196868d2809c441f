"""Issue 15's 'done means' in real Chromium, with the keyboard alone and without JavaScript, on the demo data:
Theo Hughes's plan has its annual review due next month and Ryan Clarke's is overdue, both at River Primary
School; the caseworker starts Theo's review, held by the school; the SENCO arranges the meeting (the past
refused, short notice warned), writes the report part by part with one proposed change and the
recommendation to amend, and sends it; the caseworker decides to amend, changes the section in the plan
editor (the report's change beside it) and issues the proposed amendments; the family comments on the changed
provision inside their 15 days; the amended plan is refused inside them, then, the days passed, issued as
Amended 1, which completes the review and moves the next review to 12 months after the meeting."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from tests.accessibility.journey import (
    banner,
    enter_date,
    family_signs_in,
    press,
    professional_signs_in,
    staff_signs_in,
)
from tests.accessibility.keyboard import choose, choose_radio, fill, follow, heading, tab_to

FAMILY = "hughes.family@example.com"
SENCO = "senco@river-primary.example.sch.uk"
CHANGE = "Direct speech and language therapy in school twice a week, not once."
WHY = "Theo's understanding of spoken language is improving more slowly than the therapist expected."


def _seed(live) -> dict:
    from sqlmodel import select

    from service.db import db
    from service.demo import seed_demo
    from service.models import Case

    with live.app.app_context():
        seed_demo(date.today())
        ids = {}
        for first in ("Theo", "Ryan"):
            case = db.session.exec(select(Case).where(Case.child_first_name == first)).one()
            ids[first] = (case.id, case.review_due_on)
        db.session.expunge_all()
        return ids


def _select(page, selector: str, value: str, limit: int = 150) -> None:
    """Choose an option of a <select> as a keyboard user does: Tab to it, then the arrow keys."""
    tab_to(page, selector)
    for _ in range(limit):
        if page.evaluate("() => document.activeElement.value") == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"could not reach the {value!r} option of {selector} with the arrow keys")


def _meeting(page, on: date, sent: date) -> None:
    """Fill in the meeting page (empty: nothing saved yet) and save it."""
    enter_date(page, "on", on)
    fill(page, "#time", "09:30")
    fill(page, "#place", "The school's meeting room")
    enter_date(page, "invitations_sent_on", sent)
    for who in ("family", "setting", "council"):
        choose(page, f'input[name="invited"][value="{who}"]')
    fill(page, "#advice_asked", "The speech and language therapist's latest report")
    press(page, "Save")


def _main(page) -> str:
    return page.locator("main").inner_text()


def _review(live, case_id: int):
    from sqlmodel import col, select

    from service.db import db
    from service.models import PlanReview

    with live.app.app_context():
        review = db.session.exec(
            select(PlanReview).where(PlanReview.case_id == case_id).order_by(col(PlanReview.id).desc())
        ).first()
        db.session.expunge_all()
        return review


def _start_review(council, live, case_id: int) -> None:
    tab = f"/staff/cases/{case_id}/reviews"
    council.goto(live(f"/staff/cases/{case_id}"))
    follow(council, f'a[href="{tab}"]')
    follow(council, f'a[href="{tab}/start"]')
    assert heading(council) == "Start a review"
    choose_radio(council, "arranged_by", "setting")  # the school arranges it (regulation 20)
    assert council.locator("#organisation_id option:checked").inner_text() == "River Primary School"
    press(council, "Start the review")
    assert "Review started. River Primary School will arrange the review meeting" in banner(council)


@pytest.mark.browser
def test_a_review_amends_the_plan_on_the_clock_with_the_keyboard_alone(live, browser):
    from service.domain.clock import days_beginning_with, format_govuk_date

    ids = _seed(live)
    today = date.today()
    (theo, theo_due), (ryan, ryan_due) = ids["Theo"], ids["Ryan"]
    # The demo: Theo's review is due next month, Ryan's is overdue.
    assert 28 <= (theo_due - today).days <= 62
    assert ryan_due < today
    plan = f"/staff/cases/{theo}/plan"
    council_context = browser.new_context(java_script_enabled=False)
    school_context = browser.new_context(java_script_enabled=False)
    family_context = browser.new_context(java_script_enabled=False)
    try:
        council = council_context.new_page()
        staff_signs_in(live, council)
        council.goto(live("/staff/reviews-due?when=overdue"))
        listed = _main(council)
        assert "Ryan Clarke" in listed and "Theo Hughes" not in listed
        council.goto(live("/staff/reviews-due?when=next_month"))
        listed = _main(council)
        assert "Theo Hughes" in listed and "Ryan Clarke" not in listed

        # The caseworker asks the school to hold both reviews.
        _start_review(council, live, ryan)
        _start_review(council, live, theo)
        review_id = _review(live, theo).id
        base = f"/professional/reviews/{review_id}"

        # The SENCO sees Ryan's review overdue and opens Theo's from their home page.
        school = school_context.new_page()
        professional_signs_in(live, school, SENCO)
        row = school.locator("tr", has_text="Annual review for Ryan Clarke").inner_text()
        assert f"Overdue by {(today - ryan_due).days} days" in row
        assert "To do" in school.locator("tr", has_text="Annual review for Theo Hughes").inner_text()
        follow(school, f'a[href="{base}"]')
        assert heading(school) == "Annual review for Theo Hughes"

        # Arranging the meeting: the past is refused, less than 2 weeks' notice is warned, then 15 days' notice.
        follow(school, f'a[href="{base}/meeting"]')
        _meeting(school, today - timedelta(days=1), today - timedelta(days=15))
        assert school.title().startswith("Error: ")
        errors = school.locator(".govuk-error-summary").inner_text()
        assert "The date of the review meeting must be today or in the future" in errors
        enter_date(school, "on", today)
        enter_date(school, "invitations_sent_on", today - timedelta(days=10))
        press(school, "Save")
        assert heading(school) == "The notice is shorter than 2 weeks"
        follow(school, f'a[href="{base}/meeting"]')  # Choose another date: nothing was saved
        _meeting(school, today, today - timedelta(days=15))
        assert f"Review meeting arranged for {format_govuk_date(today)}" in banner(school)

        # The report, part by part.
        follow(school, f'a[href="{base}/report"]')
        follow(school, f'a[href="{base}/report/meeting"]')
        fill(school, "#held_on-day", str(today.day))  # the meeting's date is filled in: held today
        fill(school, "#attended", "Priya Shah, SENCO\nMrs Hughes, Parent\nSam Patel, SEN officer")
        press(school, "Save")
        assert "Meeting details saved" in banner(school)
        follow(school, f'a[href="{base}/report/views"]')
        fill(school, "#child", "I like reading with Miss Shah. Assembly is too noisy.")
        fill(school, "#family", "Theo is happier at school, but still finds it hard to be understood.")
        press(school, "Save")
        outcomes = school.locator(f'a[href^="{base}/report/outcomes/"]')
        hrefs = list(dict.fromkeys(outcomes.nth(i).get_attribute("href") for i in range(outcomes.count())))
        assert len(hrefs) == 7  # every outcome in section E
        for href in hrefs:
            follow(school, f'a[href="{href}"]')
            choose_radio(school, "progress", "some_progress" if href.endswith("outcome-1") else "on_track")
            fill(school, "#evidence", "Seen in class and in the therapist's termly notes.")
            press(school, "Save")
            assert "saved" in banner(school)
        follow(school, f'a[href="{base}/report/changes/new"]')
        _select(school, "#part", "f:provision-1")
        fill(school, "#proposed", CHANGE)
        fill(school, "#reason", WHY)
        press(school, "Save")
        assert "Proposed change saved" in banner(school)
        follow(school, f'a[href="{base}/report/recommendation"]')
        choose_radio(school, "recommendation", "amend")
        press(school, "Save")
        follow(school, f'a[href="{base}/report/check"]')
        assert heading(school) == "Check the review report and send it"
        assert CHANGE in _main(school)
        press(school, "Send the review report")
        assert f"Review report sent on {format_govuk_date(today)}" in banner(school)
        assert heading(school) == "Annual review for Theo Hughes"

        # The caseworker reads the report: the change under the plan's own section heading.
        tab = f"/staff/cases/{theo}/reviews"
        council.goto(live(tab))
        text = _main(council)
        assert "Section F: Special educational provision" in text and CHANGE in text
        assert text.index("Section F: Special educational provision") < text.index(CHANGE)
        follow(council, f'a[href="{tab}/{review_id}/decision"]')
        assert heading(council) == "Record the council's decision after the review"
        choose_radio(council, "decision", "amend")
        press(council, "Continue")
        assert "Write the proposed amendments in the plan's sections" in banner(council)

        # The caseworker changes the provision in the working copy, the report's change beside it.
        follow(council, f'a[href="{plan}/sections/f"]')
        text = _main(council)
        assert "Changes proposed in the review report" in text and CHANGE in text
        follow(council, f'a[href="{plan}/sections/f/items/provision-1"]')
        fill(council, "#what", "Direct speech and language therapy in school, twice a week, following the targets.")
        fill(council, "#times", "2")
        press(council, "Save")
        assert "Saved: Provision 1 changed" in banner(council)
        council.goto(live(plan))
        follow(council, f'a[href="{plan}/issue/proposals"]')
        enter_date(council, "on", today)
        fill(council, "#amendment_reason", "The review found Theo needs speech and language therapy twice a week.")
        if council.locator("#override_reason").count():
            fill(council, "#override_reason", "Agreed at the review meeting.")
        press(council, "Issue Proposed amendments 1")
        last_day = days_beginning_with(today, 15)
        assert (
            f"Proposed amendments 1 issued on {format_govuk_date(today)} with the decision to amend. "
            f"The family has until {format_govuk_date(last_day)} to comment"
        ) in banner(council)
        review = _review(live, theo)
        assert (review.decision, review.decision_on, review.proposals_sent_on) == ("amend", today, today)
        assert (last_day - review.proposals_sent_on).days + 1 == 15  # 15 days beginning with the day sent

        # The family reads the proposals and comments on the changed provision, inside the 15 days.
        parent = family_context.new_page()
        family_signs_in(live, parent, FAMILY)
        follow(parent, f'a[href="/your-cases/{theo}"]')
        follow(parent, f'a[href="/your-cases/{theo}/plan"]')
        text = _main(parent)
        assert "Proposed amendments 1" in text
        assert f"You have until {format_govuk_date(last_day)} to comment on the proposed changes" in text
        with live.app.app_context():
            from service.db import db
            from service.models import PlanVersion

            number = db.session.get(PlanVersion, review.proposals_version_id).number
        comment = f"/your-cases/{theo}/plan/versions/{number}/sections/f/items/provision-1/comment"
        follow(parent, f'a[href="{comment}"]')
        choose_radio(parent, "kind", "change")
        fill(parent, "#text", "Please keep one of the two sessions on a Monday morning.")
        press(parent, "Send comment")
        assert "comment" in banner(parent).lower()
        with live.app.app_context():
            from sqlmodel import select

            from service.models import PlanComment

            saved = db.session.exec(select(PlanComment).where(PlanComment.case_id == theo)).one()
            assert (saved.section, saved.late) == ("f", False)
            assert "Monday morning" in saved.text

        # Inside the 15 days the amended plan is refused, with the clock's error on the date.
        council.goto(live(plan))
        follow(council, f'a[href="{plan}/issue/amend"]')
        enter_date(council, "on", today)
        fill(council, "#amendment_reason", "The review found Theo needs speech and language therapy twice a week.")
        if council.locator("#override_reason").count():
            fill(council, "#override_reason", "Agreed at the review meeting.")
        press(council, "Issue Amended 1")
        assert council.title().startswith("Error: ")
        assert (
            f"The family has until {format_govuk_date(last_day)} to comment on the proposed amendments"
            in council.locator(".govuk-error-summary").inner_text()
        )
        assert "govuk-input--error" in council.locator("#on-day").get_attribute("class")

        # The caseworker answers the family's comment.
        council.goto(live(f"{plan}/comments"))
        links = council.locator(f'a[href^="{plan}/comments/"]')
        (href,) = {links.nth(i).get_attribute("href") for i in range(links.count())}
        follow(council, f'a[href="{href}"]')
        choose_radio(council, "response", "not_changed")
        fill(council, "#reason", "The school sets the therapist's days each term; we have asked it to try Mondays.")
        press(council, "Save response")

        # Time passes. The journey is on the clock: rather than wait 15 days, the test moves the review's and
        # the proposals' dates 16 days back, as if the meeting, the report and the proposals were that long ago.
        back = timedelta(days=16)
        with live.app.app_context():
            from service.models import PlanReview

            row = db.session.get(PlanReview, review.id)
            for name in (
                "proposals_sent_on",
                "decision_on",
                "decision_notice_sent_on",
                "meeting_on",
                "report_sent_on",
                "invitations_sent_on",
            ):
                setattr(row, name, getattr(row, name) - back)
            version = db.session.get(PlanVersion, review.proposals_version_id)
            version.issued_on -= back
            db.session.commit()
        meeting_on, proposals_on = today - back, today - back

        council.goto(live(plan))
        follow(council, f'a[href="{plan}/issue/amend"]')
        enter_date(council, "on", today)
        fill(council, "#amendment_reason", "The review found Theo needs speech and language therapy twice a week.")
        if council.locator("#override_reason").count():
            fill(council, "#override_reason", "Agreed at the review meeting.")
        press(council, "Issue Amended 1")
        assert f"Amended 1 issued on {format_govuk_date(today)}" in banner(council)
        council.goto(live(tab))
        text = _main(council)
        assert f"completed on {format_govuk_date(today)}" in text
    finally:
        council_context.close()
        school_context.close()
        family_context.close()

    with live.app.app_context():
        from service.data.plan_life import plan_facts
        from service.db import db
        from service.domain.clock import MilestoneState, plan_timeline
        from service.domain.dates import add_months, add_weeks
        from service.models import Case, PlanReview, PlanVersion

        review = db.session.get(PlanReview, review.id)
        case = db.session.get(Case, theo)
        amended = db.session.get(PlanVersion, review.amended_version_id)
        assert (amended.label, amended.status, amended.issued_on) == ("Amended 1", "final", today)
        assert (review.status, review.decision, review.amended_issued_on) == ("complete", "amend", today)
        assert review.meeting_on == meeting_on and case.last_review_on == meeting_on
        assert case.review_due_on == add_months(meeting_on, 12)
        assert today <= add_weeks(proposals_on, 8)  # within the 8 weeks
        # the review's milestones on the plan's clock, the amended plan's 8 weeks among them: each met, none late
        states = {m.key: m.state for m in plan_timeline(plan_facts(case, review), today)}
        for key in ("review_invitations", "review_report", "review_decision", "amended_plan"):
            assert states[key] == MilestoneState.MET, (key, states[key])
        provision = next(p for p in json.loads(amended.document)["provision"] if p["id"] == "provision-1")
        assert provision["frequency"] == {"times": 2, "per": "week"}
