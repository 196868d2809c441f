"""Where a case is, and which steps the process allows next."""

from datetime import date

from service.domain.clock import AssessmentFacts, Stage, Step, allowed_moves, apply_step, check_move, stage

RECEIVED = date(2027, 1, 11)
TODAY = date(2027, 6, 1)


def test_a_new_request_is_at_request_received():
    assert stage(AssessmentFacts(received_on=RECEIVED)) == Stage.REQUEST_RECEIVED


def test_the_happy_path_moves_through_every_stage():
    facts = AssessmentFacts(received_on=RECEIVED)
    for step, on, expected in [
        (Step.DECIDE_TO_ASSESS, date(2027, 2, 1), Stage.ASSESSING),
        (Step.DECIDE_TO_ISSUE, date(2027, 4, 1), Stage.ASSESSING),
        (Step.SERVE_DRAFT, date(2027, 4, 5), Stage.DRAFT_ISSUED),
        (Step.ISSUE_FINAL, date(2027, 4, 20), Stage.FINAL_ISSUED),
    ]:
        assert check_move(facts, step, on, TODAY) is None
        facts = apply_step(facts, step, on)
        assert stage(facts) == expected


def test_a_final_plan_before_a_draft_is_refused_with_the_reason():
    facts = apply_step(AssessmentFacts(received_on=RECEIVED), Step.DECIDE_TO_ASSESS, date(2027, 2, 1))
    assert check_move(facts, Step.ISSUE_FINAL, date(2027, 3, 1), TODAY) == (
        "A final plan can only be issued after a draft plan has been served"
    )


def test_a_final_plan_inside_the_15_day_comment_window_is_refused():
    facts = AssessmentFacts(
        received_on=RECEIVED,
        decided_to_assess=True,
        decision_to_assess_on=date(2027, 2, 1),
        decided_to_issue=True,
        decision_to_issue_on=date(2027, 4, 1),
        draft_served_on=date(2027, 4, 5),
    )
    reason = check_move(facts, Step.ISSUE_FINAL, date(2027, 4, 19), TODAY)
    assert reason.startswith("The family has until 19 April 2027 to comment on the draft plan")
    assert check_move(facts, Step.ISSUE_FINAL, date(2027, 4, 20), TODAY) is None


def test_a_decision_dated_before_the_request_or_in_the_future_is_refused():
    facts = AssessmentFacts(received_on=RECEIVED)
    assert "on or after the day the request was received, 11 January 2027" in check_move(
        facts, Step.DECIDE_TO_ASSESS, date(2027, 1, 10), TODAY
    )
    assert check_move(facts, Step.DECIDE_TO_ASSESS, date(2027, 6, 2), TODAY) == "The date must be today or in the past"


def test_a_decision_recorded_twice_is_refused():
    facts = apply_step(AssessmentFacts(received_on=RECEIVED), Step.DECIDE_TO_ASSESS, date(2027, 2, 1))
    assert check_move(facts, Step.DECIDE_NOT_TO_ASSESS, date(2027, 2, 2), TODAY) is not None
    facts = apply_step(facts, Step.DECIDE_TO_ISSUE, date(2027, 3, 1))
    assert check_move(facts, Step.DECIDE_TO_ISSUE, date(2027, 3, 2), TODAY) == (
        "The decision whether to issue a plan has already been recorded"
    )


def test_a_draft_needs_a_decision_to_issue_and_nothing_follows_a_withdrawal():
    facts = apply_step(AssessmentFacts(received_on=RECEIVED), Step.DECIDE_TO_ASSESS, date(2027, 2, 1))
    assert check_move(facts, Step.SERVE_DRAFT, date(2027, 3, 1), TODAY) is not None
    withdrawn = apply_step(facts, Step.WITHDRAW, date(2027, 3, 1))
    assert stage(withdrawn) == Stage.WITHDRAWN
    assert "Withdrawn" in check_move(withdrawn, Step.REQUEST_ADVICE, date(2027, 3, 2), TODAY)


def test_check_move_without_a_date_checks_only_the_order_of_steps():
    facts = AssessmentFacts(date(2027, 1, 4))
    assert check_move(facts, Step.DECIDE_TO_ASSESS) is None
    assert check_move(facts, Step.ISSUE_FINAL) == "A final plan can only be issued after a draft plan has been served"
    assert check_move(facts, Step.SERVE_DRAFT) == "A draft plan can only be served after a decision to issue a plan"


def test_a_step_cannot_be_dated_before_the_step_it_follows():
    facts = AssessmentFacts(date(2027, 1, 4), date(2027, 2, 1), True)
    assert check_move(facts, Step.DECIDE_TO_ISSUE, date(2027, 1, 20), date(2027, 3, 1)) == (
        "The date must be on or after the decision to assess, 1 February 2027"
    )
    issuing = AssessmentFacts(
        date(2027, 1, 4), date(2027, 2, 1), True, decided_to_issue=True, decision_to_issue_on=date(2027, 4, 1)
    )
    assert check_move(issuing, Step.SERVE_DRAFT, date(2027, 3, 30), date(2027, 4, 2)) == (
        "The date must be on or after the decision to issue a plan, 1 April 2027"
    )
    assert check_move(issuing, Step.SERVE_DRAFT, date(2027, 4, 1), date(2027, 4, 2)) is None


def test_allowed_moves_end_at_a_final_plan_a_refusal_or_a_withdrawal():
    assert Step.DECIDE_TO_ASSESS in allowed_moves(Stage.REQUEST_RECEIVED)
    assert Step.ISSUE_FINAL in allowed_moves(Stage.DRAFT_ISSUED)
    for end in (Stage.FINAL_ISSUED, Stage.NOT_TO_ASSESS, Stage.NOT_TO_ISSUE, Stage.WITHDRAWN):
        assert allowed_moves(end) == set()
