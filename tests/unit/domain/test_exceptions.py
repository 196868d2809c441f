"""Exceptions to the time limits (regs 5(4), 8(2), 10(4), 13(3), 27(3)) and SEN2's 20-week figures."""

from dataclasses import replace
from datetime import date

from service.domain.clock import (
    AdviceRequest,
    AssessmentFacts,
    ExceptionGround,
    ExceptionPhase,
    MilestoneState,
    Rules,
    TimeLimitException,
    assessment_timeline,
    check_exception,
    exception_applies,
    exceptions_apply,
    twenty_week_outcome,
    twenty_week_rates,
)

RECEIVED = date(2027, 1, 4)  # a Monday: 6 weeks = 15 February, 16 weeks = 26 April, 20 weeks = 24 May
PERSONAL = ExceptionGround.EXCEPTIONAL_PERSONAL_CIRCUMSTANCES


def by_key(facts, today):
    return {m.key: m for m in assessment_timeline(facts, today)}


def test_reg_13_3_a_late_final_plan_stays_late_and_says_an_exception_applies():
    exception = TimeLimitException(ExceptionPhase.FINAL_PLAN, ExceptionGround.ABSENT_FROM_AREA, date(2027, 4, 1))
    facts = AssessmentFacts(
        RECEIVED, date(2027, 2, 10), True, exceptions=(exception,), final_issued_on=date(2027, 6, 7)
    )
    final = by_key(facts, date(2027, 6, 7))["final_plan"]
    assert final.due == date(2027, 5, 24)
    assert final.state == MilestoneState.MET_LATE and final.days_late == 14
    assert final.exception_applies and not final.late_without_exception


def test_reg_5_4_an_exception_that_began_after_the_due_date_does_not_apply():
    late_start = TimeLimitException(ExceptionPhase.DECISION_TO_ASSESS, PERSONAL, date(2027, 2, 16))
    facts = AssessmentFacts(RECEIVED, exceptions=(late_start,))
    decision = by_key(facts, date(2027, 3, 1))["decision_to_assess"]
    assert decision.state == MilestoneState.OVERDUE and not decision.exception_applies
    on_the_day = replace(facts, exceptions=(replace(late_start, starts_on=date(2027, 2, 15)),))
    assert by_key(on_the_day, date(2027, 3, 1))["decision_to_assess"].exception_applies


def test_reg_5_4_an_exception_that_ended_before_the_request_does_not_apply():
    ended = TimeLimitException(ExceptionPhase.DECISION_TO_ASSESS, PERSONAL, date(2026, 11, 1), date(2027, 1, 3))
    assert not exception_applies((ended,), ExceptionPhase.DECISION_TO_ASSESS, RECEIVED, date(2027, 2, 15))
    assert exception_applies((replace(ended, ends_on=RECEIVED),), ExceptionPhase.DECISION_TO_ASSESS, RECEIVED, None)


def test_the_overlap_reading_is_unconfirmed_and_can_be_switched_off():
    late_start = TimeLimitException(ExceptionPhase.FINAL_PLAN, PERSONAL, date(2027, 9, 1))
    facts = AssessmentFacts(RECEIVED, exceptions=(late_start,))
    assert not exceptions_apply(facts)
    assert exceptions_apply(facts, Rules(exception_must_overlap_period=False))


def test_reg_8_2_an_advice_exception_can_name_the_advice_it_concerns():
    asked = date(2027, 2, 10)
    missed = TimeLimitException(
        ExceptionPhase.ADVICE, ExceptionGround.MISSED_APPOINTMENT, date(2027, 3, 1), advice_kind="health"
    )
    facts = AssessmentFacts(
        RECEIVED,
        asked,
        True,
        advice_requests=(AdviceRequest("health", asked), AdviceRequest("educational_psychology", asked)),
        exceptions=(missed,),
    )
    timeline = by_key(facts, date(2027, 4, 1))
    assert timeline["advice:0:health"].exception_applies
    assert not timeline["advice:1:educational_psychology"].exception_applies
    assert timeline["advice:1:educational_psychology"].state == MilestoneState.OVERDUE


def test_an_exception_for_one_phase_does_not_touch_another():
    facts = AssessmentFacts(RECEIVED, exceptions=(TimeLimitException(ExceptionPhase.NOT_TO_ISSUE, PERSONAL, RECEIVED),))
    timeline = by_key(facts, date(2027, 3, 1))
    assert not timeline["decision_to_assess"].exception_applies
    assert not timeline["final_plan"].exception_applies
    assert timeline["decision_to_issue"].exception_applies


def test_check_exception_allows_only_the_grounds_in_the_regulation():
    assert (
        check_exception(
            TimeLimitException(ExceptionPhase.ADVICE, ExceptionGround.MISSED_APPOINTMENT, RECEIVED, evidence="letter")
        )
        is None
    )
    reason = check_exception(
        TimeLimitException(ExceptionPhase.FINAL_PLAN, ExceptionGround.MISSED_APPOINTMENT, RECEIVED, evidence="letter")
    )
    assert reason == (
        "'An appointment was missed' is not a reason the law allows for this time limit "
        "(SEND Regulations 2014, reg 13(3))"
    )
    # reg 8(2) has no closure grounds: they belong to the LA's own decision limits (reg 5(4)(a), (b))
    assert check_exception(
        TimeLimitException(ExceptionPhase.ADVICE, ExceptionGround.SCHOOL_CLOSURE, RECEIVED, evidence="closure notice")
    )


def test_check_exception_wants_evidence_and_sensible_dates():
    base = TimeLimitException(ExceptionPhase.FINAL_PLAN, PERSONAL, date(2027, 3, 1), evidence="hospital letter")
    assert check_exception(base, RECEIVED) is None
    assert check_exception(replace(base, evidence="  ")) == "Enter the evidence for the exception"
    assert check_exception(replace(base, ends_on=date(2027, 2, 1))) == (
        "The date the exception ended must be the same as or after the date it started"
    )
    early = replace(base, starts_on=date(2026, 11, 1), ends_on=date(2026, 12, 1))
    assert (
        check_exception(early, RECEIVED) == "The exception must not end before the request was received, 4 January 2027"
    )
    assert check_exception(replace(base, advice_kind="health")) == (
        "Only an exception to the time limit for advice can name a kind of advice"
    )


def test_sen2_week20_outcome_and_rates_count_exceptions_both_ways():
    exception = TimeLimitException(ExceptionPhase.FINAL_PLAN, PERSONAL, date(2027, 3, 1))
    on_time = AssessmentFacts(RECEIVED, final_issued_on=date(2027, 5, 24))  # the last day of the 20 weeks
    late = AssessmentFacts(RECEIVED, final_issued_on=date(2027, 5, 25))
    late_with_exception = replace(late, exceptions=(exception,))
    on_time_with_exception = replace(on_time, exceptions=(exception,))
    outcome = twenty_week_outcome(on_time)
    assert outcome.within_20_weeks and not outcome.exceptions_apply and outcome.days_taken == 140
    assert not twenty_week_outcome(late).within_20_weeks
    assert twenty_week_outcome(AssessmentFacts(RECEIVED)) is None
    rates = twenty_week_rates(
        twenty_week_outcome(f)
        for f in (on_time, late, late_with_exception, on_time_with_exception, AssessmentFacts(RECEIVED))
    )
    assert (rates.plans, rates.within, rates.plans_without_exceptions, rates.within_without_exceptions) == (4, 2, 2, 1)
    assert rates.percent_including_exceptions == 50.0
    assert rates.percent_excluding_exceptions == 50.0
    assert twenty_week_rates([]).percent_including_exceptions is None
    assert twenty_week_rates([]).percent_excluding_exceptions is None
