"""Reg 15(2): the old council transfers the plan within 15 working days "beginning with the day on which it
did become aware" of the move, so that day is day 1 when it is a working day; or on the day of the move, when
it was aware at least 15 working days before it, counted the same way."""

from datetime import date

from service.domain.clock import PlanFacts, add_working_days, is_working_day, plan_timeline, transfer_due


def test_awareness_on_a_working_day_is_day_1():
    aware = date(2027, 6, 1)  # a Tuesday
    assert transfer_due(aware) == date(2027, 6, 21)  # Monday 21 June 2027 is day 15
    assert transfer_due(aware) == add_working_days(aware, 14)


def test_awareness_on_a_saturday_counts_from_the_monday():
    assert transfer_due(date(2027, 6, 5)) == date(2027, 6, 25)  # Monday 7 June is day 1
    assert transfer_due(date(2027, 6, 6)) == transfer_due(date(2027, 6, 7)) == date(2027, 6, 25)


def test_the_august_bank_holiday_is_not_counted():
    assert not is_working_day(date(2027, 8, 30))
    assert transfer_due(date(2027, 8, 20)) == date(2027, 9, 10)  # Friday 20 August is day 1, Monday 30 skipped
    assert transfer_due(date(2027, 8, 30)) == date(2027, 9, 20)  # aware on the bank holiday: 31 August is day 1


def test_christmas_and_new_year_are_not_counted():
    # 27 and 28 December 2027 (Christmas and Boxing Day, observed) and 3 January 2028 (New Year's Day, observed)
    assert transfer_due(date(2027, 12, 20)) == date(2028, 1, 12)
    assert transfer_due(date(2027, 12, 25)) == date(2028, 1, 19)  # Wednesday 29 December is day 1


def test_aware_15_working_days_before_the_move_the_plan_transfers_on_the_day_of_the_move():
    move = date(2027, 6, 22)  # the day after the 15 working days beginning with Tuesday 1 June
    assert transfer_due(date(2027, 6, 1), move) == move
    # aware a day later: only 14 working days before the move, so within 15 working days of that day
    assert transfer_due(date(2027, 6, 2), move) == date(2027, 6, 22)
    assert transfer_due(date(2027, 6, 3), move) == date(2027, 6, 23)
    # a move on the 15th working day itself is not 15 working days before it
    assert transfer_due(date(2027, 6, 1), date(2027, 6, 21)) == date(2027, 6, 21)
    # a move long after awareness: the day of the move, however far away
    assert transfer_due(date(2027, 6, 1), date(2027, 9, 1)) == date(2027, 9, 1)


def test_the_timeline_shows_the_transfer_and_the_new_councils_notice():
    facts = PlanFacts(issued_on=date(2026, 9, 1), old_la_aware_of_move_on=date(2027, 6, 1))
    milestone = {m.key: m for m in plan_timeline(facts, date(2027, 6, 2))}["transfer_to_new_la"]
    assert milestone.due == date(2027, 6, 21)
    assert "21 June 2027" in milestone.family_text
