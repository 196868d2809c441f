"""Arranging mediation: at least 5 working days' notice; after the 30-day duty allowed but late; when no
mediation is held within 30 days the certificate falls due 3 working days later."""

from datetime import date

from service.domain.clock import (
    DecisionKind,
    DisagreementFacts,
    certificate_due,
    earliest_mediation_date,
    mediation_date_problem,
    mediation_due,
    mediation_is_late,
)

FACTS = DisagreementFacts(
    DecisionKind.NOT_TO_ASSESS,
    date(2027, 3, 1),
    adviser_contacted_on=date(2027, 3, 8),  # a Monday
    wants_mediation=True,
)


def test_five_working_days_notice_skips_the_weekend():
    told = date(2027, 3, 10)  # Wednesday
    assert earliest_mediation_date(told) == date(2027, 3, 17)
    assert mediation_date_problem(FACTS, date(2027, 3, 16), told) == (
        "The mediation must be at least 5 working days after the family is told, so on or after 17 March 2027"
    )
    assert mediation_date_problem(FACTS, date(2027, 3, 17), told) is None


def test_notice_counts_bank_holidays_out():
    told = date(2027, 3, 24)  # Wednesday before Easter 2027 (Good Friday 26 March, Easter Monday 29 March)
    assert earliest_mediation_date(told) == date(2027, 4, 2)
    assert mediation_date_problem(FACTS, date(2027, 4, 1), told) is not None


def test_a_date_after_the_30_day_duty_is_allowed_but_late():
    due = mediation_due(FACTS)
    assert due == date(2027, 4, 7)
    assert not mediation_is_late(FACTS, due)
    assert mediation_is_late(FACTS, date(2027, 4, 8))
    assert mediation_date_problem(FACTS, date(2027, 4, 30), date(2027, 3, 10)) is None
    certificate_only = DisagreementFacts(DecisionKind.NOT_TO_ASSESS, date(2027, 3, 1), wants_mediation=False)
    assert not mediation_is_late(certificate_only, date(2027, 12, 1))


def test_no_mediation_within_30_days_makes_the_certificate_due_3_working_days_later():
    assert certificate_due(FACTS, date(2027, 4, 7)) is None
    assert certificate_due(FACTS, date(2027, 4, 8)) == date(2027, 4, 12)  # 7 April (the 30th day) + 3 working days
