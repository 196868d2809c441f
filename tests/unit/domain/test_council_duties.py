"""Which milestones of a disagreement are the council's duties (counted in the staff caseload's next due)."""

from datetime import date

from service.domain.clock import (
    AgreedAction,
    DecisionKind,
    DisagreementFacts,
    OrderKind,
    TribunalOrder,
    add_days,
    council_duties,
    disagreement_timeline,
    next_due,
)

DECIDED = date(2027, 3, 1)
CONTACTED = date(2027, 3, 10)


def keys(facts, today):
    return [m.key for m in council_duties(disagreement_timeline(facts, today))]


def test_before_the_family_gets_in_touch_the_council_has_nothing_to_do():
    facts = DisagreementFacts(DecisionKind.NOT_TO_ASSESS, DECIDED)
    assert [m.key for m in disagreement_timeline(facts, DECIDED)] == ["contact_mediation_adviser", "appeal_deadline"]
    assert keys(facts, DECIDED) == []


def test_mediation_asked_for_the_council_must_arrange_it_and_tell_the_icb_not_the_familys_steps():
    facts = DisagreementFacts(
        DecisionKind.NOT_TO_ASSESS,
        DECIDED,
        adviser_contacted_on=CONTACTED,
        wants_mediation=True,
        health_issues=True,
    )
    duties = council_duties(disagreement_timeline(facts, CONTACTED))
    assert [m.key for m in duties] == ["mediation_held", "health_notice"]
    assert next_due(duties).key == "health_notice"  # 3 working days comes before 30 days
    assert duties[0].due == add_days(CONTACTED, 30)


def test_the_notice_of_the_mediation_is_a_record_not_a_duty_and_the_appeal_deadline_is_the_familys():
    facts = DisagreementFacts(
        DecisionKind.NOT_TO_ASSESS,
        DECIDED,
        adviser_contacted_on=CONTACTED,
        wants_mediation=True,
        mediation_arranged_on=date(2027, 3, 15),
        mediation_held_on=date(2027, 3, 30),
        mediation_ended_on=date(2027, 3, 30),
        certificate_issued_on=date(2027, 3, 31),
    )
    timeline = [m.key for m in disagreement_timeline(facts, date(2027, 4, 1))]
    assert "mediation_notice" in timeline and "appeal_deadline" in timeline
    assert keys(facts, date(2027, 4, 1)) == ["mediation_held", "mediation_certificate"]
    assert next_due(council_duties(disagreement_timeline(facts, date(2027, 4, 1)))) is None  # all done


def test_certificate_agreed_actions_and_tribunal_orders_are_the_councils():
    facts = DisagreementFacts(
        DecisionKind.NOT_TO_ISSUE,
        DECIDED,
        adviser_contacted_on=CONTACTED,
        wants_mediation=False,
        agreed_actions=(AgreedAction("Share the report", OrderKind.NOT_APPEALABLE, date(2027, 3, 20)),),
        tribunal_orders=(TribunalOrder(OrderKind.MAKE_PLAN_DRAFT, date(2027, 6, 1)),),
    )
    assert keys(facts, CONTACTED) == ["mediation_certificate", "agreed_action:0", "tribunal_order:0:make_plan_draft"]
    assert next_due(council_duties(disagreement_timeline(facts, CONTACTED))).key == "mediation_certificate"


def test_a_certificate_issued_without_mediation_ends_the_duty_to_arrange_it_on_the_caseload():
    waited = add_days(CONTACTED, 40)
    facts = DisagreementFacts(DecisionKind.NOT_TO_ASSESS, DECIDED, adviser_contacted_on=CONTACTED, wants_mediation=True)
    assert "mediation_held" in keys(facts, waited)  # overdue until something happens
    certified = DisagreementFacts(
        DecisionKind.NOT_TO_ASSESS,
        DECIDED,
        adviser_contacted_on=CONTACTED,
        wants_mediation=True,
        certificate_issued_on=waited,
    )
    timeline = disagreement_timeline(certified, waited)
    assert any(m.key == "mediation_held" and m.done is None for m in timeline)  # still shown as missed
    assert next_due(council_duties(timeline)) is None
