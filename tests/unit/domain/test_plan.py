"""After the plan: reviews, amendments, phase transfer, re-assessment, transfer between LAs."""

from datetime import date

from service.domain.clock import (
    ExceptionGround,
    ExceptionPhase,
    MilestoneState,
    PhaseTransfer,
    PlanFacts,
    TimeLimitException,
    add_working_days,
    phase_transfer_due,
    plan_timeline,
    reassessment_may_be_refused,
    transfer_due,
)


def by_key(facts, today):
    return {m.key: m for m in plan_timeline(facts, today)}


def test_cfa_s44_annual_review_within_12_months_of_the_plan_clamped_from_a_leap_day():
    assert by_key(PlanFacts(issued_on=date(2028, 2, 29)), date(2028, 3, 1))["annual_review"].due == date(2029, 2, 28)


def test_cfa_s44_next_review_counts_from_the_last_review():
    facts = PlanFacts(issued_on=date(2025, 3, 1), last_review_meeting_on=date(2026, 2, 10))
    assert by_key(facts, date(2026, 3, 1))["annual_review"].due == date(2027, 2, 10)


def test_reg_20_invitations_2_weeks_before_report_2_weeks_after_decision_4_weeks_after_the_meeting():
    facts = PlanFacts(issued_on=date(2026, 6, 1), review_meeting_on=date(2027, 5, 20))
    timeline = by_key(facts, date(2027, 5, 1))
    assert timeline["review_invitations"].due == date(2027, 5, 6)
    assert timeline["review_report"].due == date(2027, 6, 3)
    assert timeline["review_decision"].due == date(2027, 6, 17)


def test_reg_22_amendments_15_days_to_comment_and_the_amended_plan_within_8_weeks():
    facts = PlanFacts(issued_on=date(2026, 6, 1), amendment_proposals_sent_on=date(2027, 3, 1))
    timeline = by_key(facts, date(2027, 3, 1))
    assert timeline["amendment_comments"].due == date(2027, 3, 15)
    assert timeline["amended_plan"].due == date(2027, 4, 26)


def test_reg_18_phase_transfer_by_15_february_or_31_march_for_post_16():
    school = PlanFacts(
        issued_on=date(2024, 1, 1), phase_transfer=PhaseTransfer.PRIMARY_TO_SECONDARY, phase_transfer_year=2027
    )
    post16 = PlanFacts(
        issued_on=date(2024, 1, 1), phase_transfer=PhaseTransfer.SECONDARY_TO_POST_16, phase_transfer_year=2027
    )
    assert by_key(school, date(2026, 11, 1))["phase_transfer"].due == date(2027, 2, 15)
    assert by_key(post16, date(2026, 11, 1))["phase_transfer"].due == date(2027, 3, 31)


def test_reg_27_reassessment_decision_in_15_days_and_final_plan_14_weeks_after_the_decision():
    facts = PlanFacts(
        issued_on=date(2025, 1, 1),
        reassessment_requested_on=date(2027, 1, 4),
        reassessment_decision_on=date(2027, 1, 15),
    )
    timeline = by_key(facts, date(2027, 1, 20))
    assert timeline["reassessment_decision"].due == date(2027, 1, 19)
    assert timeline["reassessment_decision"].state == MilestoneState.MET
    assert timeline["reassessment_final"].due == date(2027, 4, 23)


def test_reg_15_transfer_in_15_working_days_notice_in_6_weeks_review_by_the_later_date():
    facts = PlanFacts(
        issued_on=date(2026, 1, 10),
        old_la_aware_of_move_on=date(2026, 12, 14),
        transferred_on=date(2026, 12, 20),
    )
    timeline = by_key(facts, date(2026, 12, 21))
    # 14 December is day 1; 25 and 28 December and 1 January are skipped (tests/unit/domain/test_transfer_due.py)
    assert timeline["transfer_to_new_la"].due == date(2027, 1, 6)
    assert timeline["new_la_notice"].due == date(2027, 1, 31)
    assert timeline["annual_review"].due == date(2027, 3, 20)  # 3 months from transfer is later than 12 months


def test_reg_15_2_told_15_working_days_before_the_move_the_plan_transfers_on_the_day_of_the_move():
    move = date(2027, 4, 1)
    assert transfer_due(date(2027, 3, 1), move) == move
    told_exactly = add_working_days(move, -15)  # Good Friday and Easter Monday are not counted
    assert told_exactly == date(2027, 3, 9)
    assert transfer_due(told_exactly, move) == move
    # a day later is too late for the day of the move: 15 working days beginning with the day told instead
    assert transfer_due(date(2027, 3, 10), move) == date(2027, 4, 1)
    assert transfer_due(date(2027, 3, 20), move) == date(2027, 4, 13)
    facts = PlanFacts(issued_on=date(2026, 5, 1), old_la_aware_of_move_on=date(2027, 3, 1), move_on=move)
    assert by_key(facts, date(2027, 3, 2))["transfer_to_new_la"].due == move


def test_reg_18_2_post_16_to_post_16_at_least_5_months_before_the_move():
    assert phase_transfer_due(PhaseTransfer.POST_16_TO_POST_16, 2027, date(2027, 9, 1)) == date(2027, 4, 1)
    assert phase_transfer_due(PhaseTransfer.POST_16_TO_POST_16, 2027, date(2027, 7, 31)) == date(2027, 2, 28)
    waiting = PlanFacts(issued_on=date(2026, 5, 1), phase_transfer=PhaseTransfer.POST_16_TO_POST_16)
    m = by_key(waiting, date(2027, 1, 4))["phase_transfer"]
    assert m.due is None and m.state == MilestoneState.NOT_STARTED and "5 months before the move" in m.family_text
    dated = PlanFacts(
        issued_on=date(2026, 5, 1),
        phase_transfer=PhaseTransfer.POST_16_TO_POST_16,
        phase_transfer_move_on=date(2027, 9, 1),
    )
    m = by_key(dated, date(2027, 4, 2))["phase_transfer"]
    assert m.state == MilestoneState.OVERDUE and m.source == "SEND Regulations 2014, reg 18(2)"


def test_reassessment_may_be_refused_within_6_months_of_the_last_assessment_unconfirmed():
    assert reassessment_may_be_refused(date(2027, 1, 31), date(2027, 7, 30))
    assert not reassessment_may_be_refused(date(2027, 1, 31), date(2027, 7, 31))
    assert not reassessment_may_be_refused(None, date(2027, 7, 30))


def test_reg_27_3_an_exception_to_the_14_weeks_is_flagged_and_moves_nothing():
    exception = TimeLimitException(
        ExceptionPhase.REASSESSMENT_FINAL, ExceptionGround.ABSENT_FROM_AREA, date(2027, 3, 1), date(2027, 4, 1)
    )
    facts = PlanFacts(
        issued_on=date(2025, 3, 1),
        reassessment_requested_on=date(2027, 1, 4),
        reassessment_decision_on=date(2027, 1, 15),
        exceptions=(exception,),
    )
    m = by_key(facts, date(2027, 5, 1))["reassessment_final"]
    assert m.due == date(2027, 4, 23) and m.state == MilestoneState.OVERDUE and m.exception_applies


def test_a_ceased_plan_has_nothing_outstanding():
    facts = PlanFacts(
        issued_on=date(2025, 3, 1),
        review_meeting_on=date(2026, 2, 10),
        amendment_proposals_sent_on=date(2026, 3, 1),
        ceased_on=date(2026, 3, 20),
    )
    assert {m.state for m in plan_timeline(facts, date(2026, 6, 1))} == {MilestoneState.NOT_APPLICABLE}
