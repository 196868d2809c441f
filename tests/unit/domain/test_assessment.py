"""The assessment clock, one test per rule, named for its regulation."""

from datetime import date

from service.domain.clock import (
    AdviceRequest,
    AssessmentFacts,
    ExceptionGround,
    ExceptionPhase,
    MilestoneState,
    TimeLimitException,
    assessment_timeline,
    exceptions_apply,
    next_due,
)

RECEIVED = date(2027, 1, 11)  # a Monday


def by_key(facts, today):
    return {m.key: m for m in assessment_timeline(facts, today)}


def test_reg_5_1_decision_whether_to_assess_within_6_weeks_of_the_request():
    m = by_key(AssessmentFacts(received_on=RECEIVED), RECEIVED)["decision_to_assess"]
    assert m.due == date(2027, 2, 22)
    assert m.source == "SEND Regulations 2014, reg 5(1)"
    assert m.family_text == "The council must tell you whether it will carry out an assessment by 22 February 2027"
    assert m.state == MilestoneState.UPCOMING


def test_reg_5_1_a_request_received_on_christmas_day_still_runs_from_that_day():
    m = by_key(AssessmentFacts(received_on=date(2026, 12, 25)), date(2026, 12, 25))["decision_to_assess"]
    assert m.due == date(2027, 2, 5)


def test_reg_5_1_decision_on_the_last_day_is_met_and_a_day_later_is_met_late():
    on_time = AssessmentFacts(received_on=RECEIVED, decided_to_assess=True, decision_to_assess_on=date(2027, 2, 22))
    late = AssessmentFacts(received_on=RECEIVED, decided_to_assess=True, decision_to_assess_on=date(2027, 2, 23))
    assert by_key(on_time, date(2027, 3, 1))["decision_to_assess"].state == MilestoneState.MET
    m = by_key(late, date(2027, 3, 1))["decision_to_assess"]
    assert m.state == MilestoneState.MET_LATE and m.days_late == 1


def test_an_undecided_request_past_6_weeks_is_overdue_by_the_days_passed():
    m = by_key(AssessmentFacts(received_on=RECEIVED), date(2027, 3, 1))["decision_to_assess"]
    assert m.state == MilestoneState.OVERDUE and m.days_late == 7


def test_due_within_5_working_days_is_due_soon():
    m = by_key(AssessmentFacts(received_on=RECEIVED), date(2027, 2, 15))["decision_to_assess"]
    assert m.state == MilestoneState.DUE_SOON


def test_reg_8_1_advice_within_6_weeks_of_being_asked():
    facts = AssessmentFacts(
        received_on=RECEIVED,
        decided_to_assess=True,
        decision_to_assess_on=date(2027, 2, 1),
        advice_requests=(AdviceRequest("educational_psychology", date(2027, 2, 2)),),
    )
    m = by_key(facts, date(2027, 2, 3))["advice:0:educational_psychology"]
    assert m.due == date(2027, 3, 16) and m.source.endswith("reg 8(1)")


def test_reg_10_notice_of_a_decision_not_to_issue_within_16_weeks():
    facts = AssessmentFacts(
        received_on=RECEIVED,
        decided_to_assess=True,
        decision_to_assess_on=date(2027, 2, 1),
        decided_to_issue=False,
        decision_to_issue_on=date(2027, 5, 4),
    )
    timeline = by_key(facts, date(2027, 5, 10))
    assert timeline["decision_to_issue"].due == date(2027, 5, 3)
    assert timeline["decision_to_issue"].state == MilestoneState.MET_LATE
    assert timeline["final_plan"].state == MilestoneState.NOT_APPLICABLE


def test_reg_13_1_draft_comment_window_is_15_days_beginning_with_service():
    facts = AssessmentFacts(
        received_on=RECEIVED,
        decided_to_assess=True,
        decision_to_assess_on=date(2027, 2, 1),
        decided_to_issue=True,
        decision_to_issue_on=date(2027, 4, 1),
        draft_served_on=date(2027, 4, 5),
    )
    m = by_key(facts, date(2027, 4, 5))["draft_comments"]
    assert m.due == date(2027, 4, 19)
    assert "until 19 April 2027" in m.family_text


def test_reg_13_2_final_plan_within_20_weeks_of_the_request_not_the_decision():
    facts = AssessmentFacts(received_on=RECEIVED, decided_to_assess=True, decision_to_assess_on=date(2027, 2, 20))
    assert by_key(facts, date(2027, 2, 21))["final_plan"].due == date(2027, 5, 31)


def test_reg_13_3_an_exception_is_recorded_but_never_moves_the_20_week_date():
    exception = TimeLimitException(
        ExceptionPhase.FINAL_PLAN, ExceptionGround.ABSENT_FROM_AREA, date(2027, 3, 1), date(2027, 4, 15)
    )
    facts = AssessmentFacts(received_on=RECEIVED, exceptions=(exception,))
    m = by_key(facts, date(2027, 6, 10))["final_plan"]
    assert m.due == date(2027, 5, 31)
    assert m.state == MilestoneState.OVERDUE and m.exception_applies
    assert exceptions_apply(facts)


def test_reg_5_4_exception_flag_is_per_phase():
    exception = TimeLimitException(
        ExceptionPhase.DECISION_TO_ASSESS, ExceptionGround.SCHOOL_CLOSURE, date(2027, 1, 20), date(2027, 3, 1)
    )
    timeline = by_key(AssessmentFacts(received_on=RECEIVED, exceptions=(exception,)), date(2027, 3, 2))
    assert timeline["decision_to_assess"].exception_applies
    assert not timeline["final_plan"].exception_applies


def test_a_decision_not_to_assess_closes_the_later_steps():
    facts = AssessmentFacts(received_on=RECEIVED, decided_to_assess=False, decision_to_assess_on=date(2027, 2, 1))
    timeline = by_key(facts, date(2027, 2, 2))
    assert timeline["final_plan"].state == MilestoneState.NOT_APPLICABLE
    assert next_due(tuple(timeline.values())) is None


def test_withdrawn_requests_have_nothing_outstanding():
    facts = AssessmentFacts(received_on=RECEIVED, withdrawn_on=date(2027, 1, 20))
    assert next_due(assessment_timeline(facts, date(2027, 3, 1))) is None


def test_next_due_is_the_earliest_outstanding_date():
    facts = AssessmentFacts(
        received_on=RECEIVED,
        decided_to_assess=True,
        decision_to_assess_on=date(2027, 2, 1),
        advice_requests=(AdviceRequest("health", date(2027, 2, 2)), AdviceRequest("social_care", date(2027, 2, 1))),
    )
    m = next_due(assessment_timeline(facts, date(2027, 2, 3)))
    assert m.key == "advice:1:social_care" and m.due == date(2027, 3, 15)
