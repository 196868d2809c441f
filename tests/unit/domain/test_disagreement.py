"""Mediation, certificates, agreements and appeal deadlines."""

from datetime import date

from service.domain.clock import (
    AgreedAction,
    DecisionKind,
    DisagreementFacts,
    MilestoneState,
    OrderKind,
    Rules,
    TribunalOrder,
    appeal_deadline,
    certificate_due,
    contact_is_late,
    disagreement_timeline,
    earliest_mediation_date,
    latest_mediation_notice,
    mediation_due,
    order_due,
    section_i_only,
)

DECIDED = date(2027, 3, 1)
NO_MOVES = Rules(
    appeal_august_moves_to_september=False,
    appeal_christmas_moves_to_next_working_day=False,
    appeal_non_working_day_moves_to_next_working_day=False,
)


def by_key(facts, today):
    return {m.key: m for m in disagreement_timeline(facts, today)}


def test_reg_33_contact_the_mediation_adviser_within_2_months_of_the_decision():
    m = by_key(DisagreementFacts(DecisionKind.NOT_TO_ASSESS, DECIDED), DECIDED)["contact_mediation_adviser"]
    assert m.due == date(2027, 5, 1)


def test_reg_33_a_late_contact_is_accepted_and_flagged():
    facts = DisagreementFacts(DecisionKind.NOT_TO_ASSESS, DECIDED, adviser_contacted_on=date(2027, 5, 3))
    assert contact_is_late(facts)
    assert by_key(facts, date(2027, 5, 3))["contact_mediation_adviser"].state == MilestoneState.MET_LATE


def test_reg_34_certificate_only_within_3_working_days_of_contact():
    facts = DisagreementFacts(
        DecisionKind.NOT_TO_ASSESS, DECIDED, adviser_contacted_on=date(2027, 3, 25), wants_mediation=False
    )
    assert certificate_due(facts, date(2027, 3, 25)) == date(2027, 4, 1)  # Good Friday and Easter Monday skipped


def test_mediation_within_30_days_and_certificate_3_working_days_after_it_ends():
    facts = DisagreementFacts(
        DecisionKind.PLAN_CONTENTS,
        DECIDED,
        frozenset({"F"}),
        adviser_contacted_on=date(2027, 3, 10),
        wants_mediation=True,
        mediation_held_on=date(2027, 4, 2),
        mediation_ended_on=date(2027, 4, 2),
    )
    assert mediation_due(facts) == date(2027, 4, 9)
    assert certificate_due(facts, date(2027, 4, 2)) == date(2027, 4, 7)


def test_mediation_not_held_in_30_days_makes_the_certificate_due_3_working_days_later():
    facts = DisagreementFacts(
        DecisionKind.NOT_TO_ASSESS, DECIDED, adviser_contacted_on=date(2027, 3, 10), wants_mediation=True
    )
    assert certificate_due(facts, date(2027, 4, 9)) is None
    assert certificate_due(facts, date(2027, 4, 10)) == date(2027, 4, 14)
    assert by_key(facts, date(2027, 4, 10))["mediation_held"].state == MilestoneState.OVERDUE


def test_at_least_5_working_days_notice_of_mediation():
    assert earliest_mediation_date(date(2027, 3, 24)) == date(2027, 4, 2)  # Good Friday and Easter Monday skipped


def test_tpr_rule_20_appeal_is_the_later_of_2_months_from_decision_and_1_month_from_certificate():
    assert appeal_deadline(DECIDED, date(2027, 4, 20)) == date(2027, 5, 20)
    # 2 months from 1 March 2027 is Saturday 1 May; Monday 3 May is a bank holiday (r.12(2) moves it on)
    assert appeal_deadline(DECIDED, date(2027, 3, 10)) == date(2027, 5, 4)
    assert appeal_deadline(DECIDED, date(2027, 3, 10), rules=NO_MOVES) == date(2027, 5, 1)


def test_hesc_rule_12_2_an_appeal_deadline_on_a_weekend_or_bank_holiday_moves_to_the_next_working_day():
    assert appeal_deadline(date(2027, 2, 1), None) == date(2027, 4, 1)  # a Thursday: stays
    # Good Friday 26 March 2027, then the weekend and Easter Monday: Tuesday 30 March
    assert appeal_deadline(date(2027, 1, 26), None) == date(2027, 3, 30)
    assert appeal_deadline(date(2027, 1, 29), None) == date(2027, 3, 30)
    assert appeal_deadline(date(2027, 1, 26), None, rules=NO_MOVES) == date(2027, 3, 26)


def test_section_i_only_needs_no_certificate_and_the_service_says_so():
    facts = DisagreementFacts(DecisionKind.PLAN_CONTENTS, DECIDED, frozenset({"I"}))
    assert section_i_only(facts)
    timeline = by_key(facts, DECIDED)
    assert timeline["contact_mediation_adviser"].state == MilestoneState.NOT_APPLICABLE
    assert "do not need a mediation certificate" in timeline["appeal_deadline"].family_text
    assert timeline["appeal_deadline"].due == date(2027, 5, 4)  # Saturday 1 May, bank holiday 3 May
    # a certificate, even if one were issued, does not extend a Section I only appeal (CFA s55)
    assert appeal_deadline(DECIDED, date(2027, 4, 20), section_i_only=True) == date(2027, 5, 4)


def test_unconfirmed_august_rule_moves_the_appeal_deadline_to_september_and_can_be_switched_off():
    assert appeal_deadline(date(2027, 6, 10), None) == date(2027, 9, 1)
    assert appeal_deadline(date(2027, 6, 10), None, rules=Rules(appeal_august_moves_to_september=False)) == date(
        2027, 8, 10
    )


def test_unconfirmed_christmas_rule_moves_the_appeal_deadline_to_the_next_working_day():
    assert appeal_deadline(date(2027, 10, 27), None) == date(2028, 1, 4)  # 2 and 3 January 2028 are a weekend


def test_reg_42_agreements_2_weeks_for_other_matters_and_reg_44_deadlines_for_appealable_ones():
    agreed = date(2027, 4, 2)
    assert order_due(OrderKind.NOT_APPEALABLE, agreed) == date(2027, 4, 16)
    assert order_due(OrderKind.AMEND_CONTENTS, agreed) == date(2027, 5, 7)
    assert order_due(OrderKind.MAKE_PLAN_FINAL, agreed) == date(2027, 6, 18)
    facts = DisagreementFacts(
        DecisionKind.PLAN_CONTENTS,
        DECIDED,
        frozenset({"F"}),
        agreed_actions=(
            AgreedAction("add 2 hours of speech and language therapy a week", OrderKind.AMEND_CONTENTS, agreed),
        ),
    )
    m = by_key(facts, date(2027, 5, 10))["agreed_action:0"]
    assert m.state == MilestoneState.OVERDUE and m.source.endswith("reg 44")


def test_reg_44_tribunal_order_deadlines():
    order = date(2027, 1, 4)
    assert [
        order_due(k, order) for k in (OrderKind.ASSESS_NOTIFY, OrderKind.ASSESS_NO_PLAN, OrderKind.ASSESS_FINAL)
    ] == [
        date(2027, 1, 18),
        date(2027, 3, 15),
        date(2027, 4, 12),
    ]
    assert order_due(OrderKind.MAKE_PLAN_DRAFT, order) == date(2027, 2, 8)
    assert order_due(OrderKind.SECTION_I_ONLY, order) == date(2027, 1, 18)
    assert order_due(OrderKind.CEASE_UPHELD, order) == order


def test_the_30_days_run_from_the_day_the_la_is_told_when_that_is_recorded():
    facts = DisagreementFacts(
        DecisionKind.NOT_TO_ASSESS,
        DECIDED,
        adviser_contacted_on=date(2027, 3, 10),
        wants_mediation=True,
        la_told_on=date(2027, 3, 12),
    )
    assert mediation_due(facts) == date(2027, 4, 11)
    assert mediation_due(DisagreementFacts(DecisionKind.NOT_TO_ASSESS, DECIDED, wants_mediation=True)) is None


def test_five_working_days_notice_of_the_mediation_date_is_a_milestone_when_it_is_arranged():
    # back over Easter Monday and Good Friday; the inverse of earliest_mediation_date
    assert latest_mediation_notice(date(2027, 4, 1)) == date(2027, 3, 23)
    assert earliest_mediation_date(date(2027, 3, 23)) == date(2027, 4, 1)
    facts = DisagreementFacts(
        DecisionKind.NOT_TO_ASSESS,
        DECIDED,
        adviser_contacted_on=date(2027, 3, 10),
        wants_mediation=True,
        mediation_arranged_on=date(2027, 3, 26),
        mediation_held_on=date(2027, 4, 1),
    )
    notice = by_key(facts, date(2027, 4, 1))["mediation_notice"]
    assert notice.due == date(2027, 3, 23) and notice.state == MilestoneState.MET_LATE and notice.days_late == 3


def test_the_la_tells_the_icb_about_health_issues_within_3_working_days():
    facts = DisagreementFacts(
        DecisionKind.PLAN_CONTENTS,
        DECIDED,
        frozenset({"F"}),
        adviser_contacted_on=date(2027, 3, 24),
        wants_mediation=True,
        health_issues=True,
    )
    m = by_key(facts, date(2027, 3, 24))["health_notice"]
    assert m.due == date(2027, 3, 31) and m.state == MilestoneState.DUE_SOON
    assert "health_notice" not in by_key(DisagreementFacts(DecisionKind.NOT_TO_ASSESS, DECIDED), DECIDED)


def test_reg_42_a_written_agreement_ends_mediation_and_the_certificate_follows_in_3_working_days():
    facts = DisagreementFacts(
        DecisionKind.PLAN_CONTENTS,
        DECIDED,
        frozenset({"F"}),
        adviser_contacted_on=date(2027, 3, 10),
        wants_mediation=True,
        mediation_held_on=date(2027, 4, 1),
        agreement_on=date(2027, 4, 1),
    )
    assert certificate_due(facts, date(2027, 4, 1)) == date(2027, 4, 6)


def test_reg_44_2_tribunal_orders_are_milestones_and_cease_upheld_is_due_the_same_day():
    ordered = date(2027, 1, 4)
    facts = DisagreementFacts(
        DecisionKind.NOT_TO_ASSESS,
        DECIDED,
        tribunal_orders=(
            TribunalOrder(OrderKind.ASSESS_NOTIFY, ordered, date(2027, 1, 15)),
            TribunalOrder(OrderKind.ASSESS_FINAL, ordered),
            TribunalOrder(OrderKind.CEASE_UPHELD, ordered),
        ),
    )
    timeline = by_key(facts, date(2027, 1, 20))
    assert timeline["tribunal_order:0:assess_notify"].state == MilestoneState.MET
    final = timeline["tribunal_order:1:assess_final"]
    assert final.due == date(2027, 4, 12) and final.source == "SEND Regulations 2014, reg 44(2)"
    assert "issue the final plan after the assessment by 12 April 2027" in final.family_text
    assert timeline["tribunal_order:2:cease_upheld"].due == ordered


def test_a_passed_appeal_deadline_is_closed_for_the_family_never_overdue_for_the_council():
    facts = DisagreementFacts(DecisionKind.PLAN_CONTENTS, DECIDED, frozenset({"I"}))
    m = by_key(facts, date(2027, 6, 1))["appeal_deadline"]
    assert m.state == MilestoneState.MET and m.days_late == 0


def test_hesc_rule_12_a_deadline_moved_off_a_weekend_can_land_between_christmas_and_new_year():
    # 2 months from 23 October 2028 ends on Saturday 23 December: r.12(2) gives the next working day,
    # Wednesday 27 December (r.12(3)(a) moves only deadlines that END on 25 December-1 January)
    assert appeal_deadline(date(2028, 10, 23), None) == date(2028, 12, 27)


def test_the_family_is_told_to_appeal_by_5pm_on_the_last_day():
    """HESC Rules r.12(1): an appeal must reach the Tribunal by 5pm on the last day."""
    from service.domain.disagreement import DecisionKind, DisagreementFacts, disagreement_timeline
    from service.wording.steps import appeal_rights

    notice = date(2027, 4, 6)
    facts = DisagreementFacts(
        DecisionKind.NOT_TO_ASSESS,
        notice,
        adviser_contacted_on=notice,
        wants_mediation=False,
        certificate_issued_on=date(2027, 4, 8),
    )
    (m,) = [m for m in disagreement_timeline(facts, notice) if m.key == "appeal_deadline"]
    assert m.family_text == "You can appeal to the SEND Tribunal by 5pm on 7 June 2027"
    assert "r.12(1)" in m.source
    assert "You can appeal by 5pm on 7 June 2027" in appeal_rights(notice)
