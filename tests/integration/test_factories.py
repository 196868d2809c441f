"""The test factories build what they say, through the service's own clock and data functions."""

from datetime import date, timedelta

import pytest

from service.auth.passwords import verify_password
from tests.factories import LEEDS, PASSWORD, STAGE_FACTS, make_case, make_disagreement, make_family, make_staff

TODAY = date.today()


@pytest.mark.parametrize("stage", list(STAGE_FACTS))
def test_make_case_reaches_each_stage_through_the_clock(app_context, stage):
    case = make_case(stage=stage)
    assert case.id and case.stage == stage and case.received_on == TODAY - timedelta(weeks=1)


def test_make_case_dates_undated_steps_from_the_next_dated_one(app_context):
    served = TODAY - timedelta(days=5)
    case = make_case(stage="draft_issued", received_on=TODAY - timedelta(days=100), draft_served_on=served)
    assert case.decision_to_assess_on == case.decision_to_issue_on == served
    overdue = make_case(received_on=TODAY - timedelta(days=50))
    assert overdue.next_due_key == "decision_to_assess" and overdue.next_due_on < TODAY


def test_make_staff_signs_in_with_the_factory_password(app_context):
    user = make_staff("manager", LEEDS)
    assert user.role == "manager" and verify_password(user.password_hash, PASSWORD)
    assert make_staff().email != user.email


def test_make_family_and_make_disagreement(app_context):
    family = make_family({"child_first_name": "Ada"}, {"child_first_name": "Ben", "stage": "not_to_assess"})
    assert [c.requester_email for c in family.cases] == [family.email] * 2
    disagreement = make_disagreement(family.case("Ben"))
    assert disagreement.case_id == family.case("Ben").id and disagreement.wants_mediation
    assert disagreement.decision_kind == "not_to_assess" and not disagreement.late
    assert make_disagreement().case_id != disagreement.case_id
