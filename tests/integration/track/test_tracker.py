"""Issue 16 item 1: the step-by-step tracker on the family's case page, from the statutory clock; "What
has happened" dated by the day each step happened; the Overdue tag on the list of cases."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import select

from service.domain.clock import (
    decision_to_assess_due,
    draft_comment_last_day,
    final_plan_due,
    format_govuk_date,
    not_to_issue_due,
)
from tests.factories import make_case, make_staff
from tests.integration.track.helpers16 import sign_in_as, steps
from tests.pages import check_page

TODAY = date.today()
EMAIL = "tracker.family@example.com"


def _days(n: int) -> date:
    return TODAY - timedelta(days=n)


def _case(app, **fields) -> int:
    with app.app_context():
        return make_case(requester_email=EMAIL, child_first_name="Nia", child_last_name="Shah", **fields).id


def test_a_request_in_progress_shows_each_stage_with_its_legal_date_and_the_late_decision(client, app):
    received = _days(50)  # the 6 weeks to decide whether to assess have passed
    case_id = _case(app, received_on=received)
    sign_in_as(client, app, EMAIL)
    page = check_page(client.get(f"/your-cases/{case_id}"))
    found = steps(page)
    assert [(title, status) for title, status, _ in found] == [
        ("Request received", "Done"),
        ("Decision whether to assess", "Now"),
        ("Advice gathered", "Next"),
        ("Decision whether to make a plan", "Later"),
        ("Draft plan and 15 days to comment", "Later"),
        ("Final plan", "Later"),
    ]
    text = {title: words for title, _, words in found}
    assert f"received the request on {format_govuk_date(received)}" in text["Request received"]
    due = decision_to_assess_due(received)
    late = (TODAY - due).days
    assert f"by {format_govuk_date(due)}" in text["Decision whether to assess"]
    assert f"This date has passed: the council is {late} days late" in text["Decision whether to assess"]
    assert "What you can do" in text["Decision whether to assess"]
    assert format_govuk_date(not_to_issue_due(received)) in text["Decision whether to make a plan"]
    assert format_govuk_date(final_plan_due(received)) in text["Final plan"]
    assert "Annual review" not in text  # only once a plan exists

    cases = check_page(client.get("/your-cases"))
    card = cases.select_one(".govuk-summary-card")
    assert card.select_one(".govuk-tag").get_text(strip=True) == "Overdue"
    assert "missed a date the law sets" in card.get_text()


def test_a_case_on_time_has_no_overdue_tag(client, app):
    _case(app, received_on=_days(3))
    sign_in_as(client, app, EMAIL)
    assert "Overdue" not in check_page(client.get("/your-cases")).get_text()


def test_a_draft_plan_is_now_with_its_15_days_and_an_issued_plan_moves_on_to_the_annual_review(client, app):
    served = _days(4)
    draft_id = _case(app, stage="draft_issued", received_on=_days(120), draft_served_on=served)
    with app.app_context():
        plan = make_case(
            stage="final_issued",
            requester_email=EMAIL,
            received_on=_days(200),
            draft_served_on=_days(80),
            final_issued_on=_days(60),
        )
    sign_in_as(client, app, EMAIL)
    draft = {t: (s, words) for t, s, words in steps(check_page(client.get(f"/your-cases/{draft_id}")))}
    assert draft["Draft plan and 15 days to comment"][0] == "Now"
    assert format_govuk_date(draft_comment_last_day(served)) in draft["Draft plan and 15 days to comment"][1]
    assert draft["Final plan"][0] == "Next"

    issued = steps(check_page(client.get(f"/your-cases/{plan.id}")))
    assert [(t, s) for t, s, _ in issued][-2:] == [("Final plan", "Done"), ("Annual review", "Now")]
    assert all(s == "Done" for _, s, _ in issued[:-1])
    assert f"issued the final plan on {format_govuk_date(_days(60))}" in issued[-2][2]
    assert "The council must review the plan by" in issued[-1][2]


def test_a_refusal_ends_the_list_with_the_familys_window_to_disagree(client, app):
    case_id = _case(app, stage="not_to_assess", received_on=_days(30), decision_to_assess_on=_days(2))
    sign_in_as(client, app, EMAIL)
    found = steps(check_page(client.get(f"/your-cases/{case_id}")))
    assert [(t, s) for t, s, _ in found] == [
        ("Request received", "Done"),
        ("Decision whether to assess", "Done"),
        ("If you disagree with the decision", "Now"),
    ]
    assert f"decided not to carry out an assessment on {format_govuk_date(_days(2))}" in found[1][2]
    assert "The request ends here unless the decision changes" in found[2][2]
    assert "mediation adviser" in found[2][2]


def test_a_withdrawn_request_ends_with_the_withdrawal(client, app):
    case_id = _case(app, stage="withdrawn", received_on=_days(20), withdrawn_on=_days(1))
    sign_in_as(client, app, EMAIL)
    found = steps(check_page(client.get(f"/your-cases/{case_id}")))
    assert [(t, s) for t, s, _ in found] == [("Request received", "Done"), ("Request withdrawn", "Done")]
    assert f"withdrawn on {format_govuk_date(_days(1))}" in found[-1][2]


def test_what_has_happened_is_dated_by_the_day_the_step_happened_not_the_day_it_was_typed_in(client, app):
    from service.data.case_changes import record_step
    from service.data.context import ChangeContext
    from service.db import db
    from service.domain.clock import Step
    from service.models import Case, CaseEvent

    case_id = _case(app, received_on=_days(40))
    decided = _days(12)
    with app.app_context():
        user = make_staff()
        case = db.session.get(Case, case_id)
        record_step(ChangeContext(user=user, ip="127.0.0.1", today=TODAY), case, Step.DECIDE_TO_ASSESS, decided)
        db.session.commit()
        query = select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.kind == "decision_to_assess")
        event = db.session.exec(query).one()
        assert event.happened_on == decided
    sign_in_as(client, app, EMAIL)
    page = check_page(client.get(f"/your-cases/{case_id}"))
    timeline = [li.get_text(" ", strip=True) for li in page.select("ol.app-timeline:not([aria-labelledby]) li")]
    decision = next(item for item in timeline if "decided to carry out" in item)
    assert decision.endswith(format_govuk_date(decided)), timeline
    assert decided == TODAY or not decision.endswith(format_govuk_date(TODAY))
