"""Tribunal orders (reg 44(2)), unopposed appeals (reg 45) and the ICB's week after a health agreement
(reg 42(4)): one function builds the orders' milestones for a disagreement and for a case."""

from datetime import date

from service.domain.clock import (
    AgreedAction,
    DecisionKind,
    DisagreementFacts,
    OrderKind,
    Rules,
    TribunalOrder,
    add_weeks,
    add_working_days,
    council_duties,
    disagreement_timeline,
    icb_agreement_milestones,
    tribunal_order_milestones,
)

TODAY = date(2026, 12, 1)


def test_orders_have_their_reg_44_deadlines():
    orders = (TribunalOrder(OrderKind.AMEND_CONTENTS, date(2026, 11, 2)), TribunalOrder(OrderKind.CEASE_UPHELD, TODAY))
    amend, cease = tribunal_order_milestones(orders, TODAY)
    assert amend.due == add_weeks(date(2026, 11, 2), 5) and amend.source == "SEND Regulations 2014, reg 44(2)"
    assert cease.due == TODAY
    assert amend.key == "tribunal_order:0:amend_contents"


def test_unopposed_appeals_run_from_the_day_the_council_told_the_tribunal():
    (item,) = tribunal_order_milestones(
        (TribunalOrder(OrderKind.SECTION_I_ONLY, date(2026, 11, 20), unopposed=True, ref="7"),), TODAY
    )
    assert item.key == "tribunal_order:7:section_i_only" and item.due == add_weeks(date(2026, 11, 20), 2)
    assert "reg 45" in item.source and item.family_text.startswith("The council did not oppose your appeal")
    off = Rules(unopposed_runs_from_notice=False)
    assert (
        tribunal_order_milestones((TribunalOrder(OrderKind.SECTION_I_ONLY, TODAY, unopposed=True),), TODAY, off) == ()
    )


def test_the_disagreement_timeline_uses_the_same_order_milestones():
    orders = (TribunalOrder(OrderKind.MAKE_PLAN_DRAFT, date(2026, 11, 1)),)
    facts = DisagreementFacts(DecisionKind.NOT_TO_ISSUE, date(2026, 9, 1), tribunal_orders=orders)
    from_timeline = [m for m in disagreement_timeline(facts, TODAY) if m.key.startswith("tribunal_order:")]
    assert from_timeline == list(tribunal_order_milestones(orders, TODAY))


def test_the_icb_has_a_week_after_a_health_agreement_and_it_is_not_the_councils_duty():
    agreed = date(2026, 11, 25)
    actions = (
        AgreedAction("Speech therapy", OrderKind.NOT_APPEALABLE, agreed, health=True),
        AgreedAction("Transport", OrderKind.NOT_APPEALABLE, agreed),
    )
    (item,) = icb_agreement_milestones(actions, TODAY)
    assert item.key == "icb_agreement_notice" and item.due == add_weeks(agreed, 1) and "42(4)" in item.source
    facts = DisagreementFacts(
        DecisionKind.PLAN_CONTENTS, date(2026, 9, 1), wants_mediation=True, adviser_contacted_on=date(2026, 10, 1),
        mediation_ended_on=agreed, agreed_actions=actions,
    )  # fmt: skip
    timeline = disagreement_timeline(facts, TODAY)
    assert "icb_agreement_notice" in {m.key for m in timeline}
    assert "icb_agreement_notice" not in {m.key for m in council_duties(timeline)}
    told = (AgreedAction("Speech therapy", OrderKind.NOT_APPEALABLE, agreed, health=True, icb_told_council_on=TODAY),)
    assert icb_agreement_milestones(told, TODAY)[0].done == TODAY
    assert icb_agreement_milestones(actions[1:], TODAY) == ()


def test_the_council_tells_the_icb_within_3_working_days():
    facts = DisagreementFacts(
        DecisionKind.PLAN_CONTENTS, date(2026, 9, 1), wants_mediation=True, adviser_contacted_on=date(2026, 11, 27),
        health_issues=True,
    )  # fmt: skip
    by_key = {m.key: m for m in disagreement_timeline(facts, TODAY)}
    assert by_key["health_notice"].due == add_working_days(date(2026, 11, 27), 3)
