"""Ceasing a plan: the age-25 limit (reg 46), the grounds under 18 (reg 29), the family's appeal window by 5pm
(a family window, never the council's duty), and the plan's end only after it or a cease_upheld order."""

from datetime import date

from service.domain.clock import (
    FAMILY_WINDOWS,
    CeaseReason,
    MilestoneState,
    PlanFacts,
    Rules,
    appeal_deadline,
    cease_milestones,
    cease_problem,
    cease_warnings,
    end_problem,
    max_age_end,
    max_age_near,
    next_council_due,
    plan_timeline,
)


def test_max_age_is_the_end_of_the_academic_year_they_turn_25():
    assert max_age_end(date(2002, 3, 1)) == date(2027, 7, 31)  # 25 in March 2027
    assert max_age_end(date(2002, 7, 31)) == date(2027, 7, 31)
    assert max_age_end(date(2002, 8, 1)) == date(2028, 7, 31)  # 25 in August: the next academic year
    assert max_age_end(date(2004, 2, 29)) == date(2029, 7, 31)
    assert max_age_end(date(2002, 3, 1), Rules(academic_year_end_month=8, academic_year_end_day=31)) == date(
        2027, 8, 31
    )


def test_the_age_limit_is_shown_only_within_12_months():
    assert max_age_near(date(2002, 3, 1), date(2026, 12, 1)) == date(2027, 7, 31)
    assert max_age_near(date(2003, 3, 1), date(2026, 12, 1)) is None
    assert max_age_near(None, date(2026, 12, 1)) is None


def test_under_18_only_no_longer_necessary_or_no_longer_responsible():
    born, on = date(2012, 5, 1), date(2026, 12, 1)
    for reason in (CeaseReason.NEEDS_MET, CeaseReason.TRANSFERRED, CeaseReason.LEFT_ENGLAND, CeaseReason.DECEASED):
        assert cease_problem(reason, born, on) is None
    for reason in (CeaseReason.HIGHER_EDUCATION, CeaseReason.EMPLOYMENT, CeaseReason.NO_ENGAGEMENT, CeaseReason.OTHER):
        assert cease_problem(reason, born, on).startswith("The child is under 18")
    assert cease_problem(CeaseReason.EMPLOYMENT, date(2007, 5, 1), on) is None  # 19


def test_max_age_reason_needs_the_last_academic_year():
    assert cease_problem(CeaseReason.MAX_AGE, date(2002, 3, 1), date(2026, 12, 1)) is None
    assert "age limit" in cease_problem(CeaseReason.MAX_AGE, date(2004, 3, 1), date(2026, 12, 1))


def test_18_plus_no_engagement_warns_to_review_first():
    assert "regulation 30" in cease_warnings(CeaseReason.NO_ENGAGEMENT, date(2006, 1, 1), date(2026, 12, 1))[0]
    assert cease_warnings(CeaseReason.NEEDS_MET, date(2006, 1, 1), date(2026, 12, 1)) == []


def test_the_appeal_window_says_by_5pm_and_is_the_familys():
    notice, today = date(2026, 11, 20), date(2026, 12, 1)
    (item,) = cease_milestones(notice, notice, None, today)
    assert item.key == "cease_appeal" and item.key in FAMILY_WINDOWS
    assert item.due == appeal_deadline(notice, None)
    assert f"by 5pm on {item.due.day} " in item.family_text and "keeps the plan" in item.family_text
    assert next_council_due([item]) is None
    assert cease_milestones(None, None, None, today) == ()


def test_the_window_closes_as_met_not_overdue():
    notice = date(2026, 1, 5)
    (item,) = cease_milestones(notice, notice, None, date(2026, 12, 1))
    assert item.state == MilestoneState.MET


def test_plan_timeline_has_the_cease_window_and_stops_the_duties_once_ended():
    facts = PlanFacts(
        issued_on=date(2025, 1, 10), cease_decision_on=date(2026, 11, 20), cease_notice_sent_on=date(2026, 11, 20)
    )
    keys = {m.key: m for m in plan_timeline(facts, date(2026, 12, 1))}
    assert "cease_appeal" in keys and keys["annual_review"].state != MilestoneState.NOT_APPLICABLE
    ended = PlanFacts(issued_on=date(2025, 1, 10), cease_decision_on=date(2026, 1, 5),
                      cease_notice_sent_on=date(2026, 1, 5), ceased_on=date(2026, 4, 1))  # fmt: skip
    timeline = plan_timeline(ended, date(2026, 12, 1))
    assert next_council_due(timeline) is None
    window = {m.key: m for m in timeline}["cease_appeal"]
    assert window.state == MilestoneState.MET and window.done == window.due  # closed, not late


def test_the_plan_ends_only_after_the_window_or_an_upheld_order():
    decided = notice = date(2026, 9, 1)
    deadline = appeal_deadline(notice, None)
    today = date(2026, 12, 1)
    assert "5pm on" in end_problem(decided, notice, deadline, today)
    after = date.fromordinal(deadline.toordinal() + 1)
    assert end_problem(decided, notice, after, today) is None
    assert end_problem(decided, notice, date(2026, 10, 1), today, upheld_on=date(2026, 10, 1)) is None
    assert "Tribunal" in end_problem(decided, notice, date(2026, 9, 30), today, upheld_on=date(2026, 10, 1))
    assert "appealed" in end_problem(decided, notice, after, today, appealed_on=date(2026, 10, 15))
    assert end_problem(decided, notice, date(2026, 12, 2), today).startswith("The date the plan ended must be today")
    assert end_problem(decided, notice, date(2026, 8, 31), today, upheld_on=date(2026, 8, 1)).startswith(
        "The date the plan ended must be on or after the decision"
    )
