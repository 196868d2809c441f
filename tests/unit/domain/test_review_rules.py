"""The review rules added for issue 15: under-5s every 6 months, the next review after a meeting, the
checks on a meeting's date and notice, the amended plan held back by the family's 15 days, and the
staff next due that never shows a family's window as the council's duty."""

from datetime import date

from service.domain.clock import (
    FAMILY_WINDOWS,
    AssessmentFacts,
    PlanFacts,
    Rules,
    amended_plan_problem,
    annual_review_due,
    assessment_timeline,
    next_council_due,
    next_due,
    next_review_due,
    review_meeting_problem,
    short_notice,
)


def test_a_child_under_5_when_the_plan_is_issued_is_reviewed_within_6_months():
    facts = PlanFacts(issued_on=date(2027, 1, 10), child_born_on=date(2023, 3, 1))
    assert annual_review_due(facts) == date(2027, 7, 10)


def test_the_under_5_rule_looks_at_the_age_when_the_period_starts():
    # 5 on 1 March 2028: a review held on 28 February 2028 starts a 6-month period, one on 1 March 12 months
    born = date(2023, 3, 1)
    before = PlanFacts(issued_on=date(2027, 1, 10), child_born_on=born, last_review_meeting_on=date(2028, 2, 28))
    on_fifth_birthday = PlanFacts(
        issued_on=date(2027, 1, 10), child_born_on=born, last_review_meeting_on=date(2028, 3, 1)
    )
    assert annual_review_due(before) == date(2028, 8, 28)
    assert annual_review_due(on_fifth_birthday) == date(2029, 3, 1)


def test_the_under_5_period_is_a_rule_a_council_can_change():
    facts = PlanFacts(issued_on=date(2027, 1, 10), child_born_on=date(2023, 3, 1))
    assert annual_review_due(facts, Rules(under_5_review_months=3)) == date(2027, 4, 10)


def test_a_child_of_5_or_more_is_reviewed_within_12_months():
    assert annual_review_due(PlanFacts(issued_on=date(2027, 1, 10), child_born_on=date(2015, 6, 1))) == date(
        2028, 1, 10
    )


def test_the_next_review_runs_from_a_meeting_once_it_is_held():
    facts = PlanFacts(issued_on=date(2026, 1, 10), review_meeting_on=date(2026, 12, 15))
    assert next_review_due(facts, today=date(2026, 12, 1)) == date(2027, 1, 10)  # not held yet
    assert next_review_due(facts, today=date(2026, 12, 15)) == date(2027, 12, 15)


def test_a_meeting_cannot_be_arranged_in_the_past_but_today_is_allowed():
    today = date(2026, 12, 1)
    assert review_meeting_problem(date(2026, 11, 30), today) == (
        "The date of the review meeting must be today or in the future"
    )
    assert review_meeting_problem(today, today) is None


def test_reg_20_two_weeks_notice_is_14_days_or_more():
    sent = date(2027, 3, 1)
    assert short_notice(sent, date(2027, 3, 14))
    assert not short_notice(sent, date(2027, 3, 15))


def test_reg_22_the_amended_plan_waits_for_the_15_days_beginning_with_the_day_sent():
    sent = date(2027, 3, 1)
    assert amended_plan_problem(sent, date(2027, 3, 15)) == (
        "The family has until 15 March 2027 to comment on the proposed amendments. "
        "The amended plan can be issued from the day after"
    )
    assert amended_plan_problem(sent, date(2027, 3, 16)) is None


def test_staff_next_due_is_the_final_plan_while_the_family_comments_on_the_draft():
    facts = AssessmentFacts(
        received_on=date(2027, 1, 4),
        decision_to_assess_on=date(2027, 2, 1),
        decided_to_assess=True,
        decision_to_issue_on=date(2027, 4, 1),
        decided_to_issue=True,
        draft_served_on=date(2027, 4, 5),
    )
    timeline = assessment_timeline(facts, date(2027, 4, 6))
    assert next_due(timeline).key == "draft_comments"  # the family's window is the earliest date
    council = next_council_due(timeline)
    assert council.key == "final_plan" and council.due == date(2027, 5, 24)
    assert "draft_comments" in FAMILY_WINDOWS
