"""Advice as data: its schema, its items, what it needs before it is sent, and adding it to a plan."""

from datetime import date

from service.domain.ehcp import advice as advice_document
from service.domain.ehcp import document as plan_document


def _provision(item_id="provision-1", **values):
    row = {
        "id": item_id,
        "section": "f",
        "what": "Speech and language therapy using a visual timetable",
        "who": "Speech and language therapist",
        "qualification": "HCPC registered",
        "ratio": {"staff": 1, "children": 1},
        "frequency": {"times": 2, "per": "week"},
        "minutes": 30,
        "need_ids": ["need-1"],
        "outcome_ids": ["outcome-1"],
    }
    return {**row, **values}


def _written():
    advice = advice_document.empty_advice()
    advice = advice_document.put_item(
        advice,
        "needs",
        {"id": "need-1", "area": "communication_interaction", "description": "Finds words hard", "impact": ""},
    )
    advice = advice_document.put_item(
        advice,
        "outcomes",
        {"id": "outcome-1", "statement": "Asks for help", "measure": "Seen", "by_when": "July", "need_ids": ["need-1"]},
    )
    return advice_document.put_item(advice, "provision", _provision())


def test_empty_advice_is_valid_and_has_nothing_to_send():
    advice = advice_document.empty_advice()
    assert advice_document.validation_errors(advice) == []
    assert [p.message for p in advice_document.problems(advice)] == ["Add at least one need, outcome or provision"]


def test_written_advice_is_valid_and_complete():
    advice = _written()
    assert advice_document.validation_errors(advice) == []
    assert advice_document.problems(advice) == []
    assert "no_identified_needs" not in advice and "personal_budget" not in advice


def test_provision_without_its_five_elements_is_a_problem():
    advice = advice_document.put_item(
        _written(), "provision", _provision("provision-2", who="", ratio=None, frequency=None, minutes=None)
    )
    messages = [p.message for p in advice_document.problems(advice)]
    assert messages == [
        "Provision 2 does not say who will provide it",
        "Provision 2 does not give the staff-to-child ratio",
        "Provision 2 does not say how often it happens",
        "Provision 2 does not say how long each session lasts",
    ]
    assert advice_document.validation_errors(advice) == []


def test_vague_wording_is_a_hint_not_a_problem():
    advice = advice_document.put_item(_written(), "provision", _provision(what="Access to regular support"))
    assert advice_document.problems(advice) == []
    assert any("regular" in hint.message for hint in advice_document.hints(advice))


def test_the_schema_is_strict():
    advice = {**_written(), "extra": 1}
    assert advice_document.validation_errors(advice)
    bad = advice_document.put_item(_written(), "provision", _provision(minutes=0))
    assert any("minutes" in line for line in advice_document.validation_errors(bad))


def test_removing_a_need_drops_its_links():
    advice = advice_document.remove_item(_written(), "needs", "need-1")
    assert advice["needs"] == []
    assert advice["outcomes"][0]["need_ids"] == [] and advice["provision"][0]["need_ids"] == []
    assert "personal_budget" not in advice


def test_signed_advice_says_who_and_when():
    signed = advice_document.signed(
        _written(),
        organisation="River Primary School",
        kind="setting",
        adviser="Sam",
        role="SENCO",
        on=date(2026, 12, 1),
    )
    assert signed["from"]["submitted_on"] == "2026-12-01"
    assert advice_document.validation_errors(signed) == []


def test_pull_into_plan_gives_fresh_ids_and_keeps_links():
    plan = plan_document.empty_document("ABC", "Kent")
    plan["no_identified_needs"] = ["communication_interaction", "semh"]
    plan = plan_document.put_item(
        plan, "needs", {"id": "need-1", "area": "cognition_learning", "description": "x", "impact": ""}
    )
    plan = plan_document.put_item(plan, "provision", _provision("provision-4", need_ids=["need-1"], outcome_ids=[]))
    changed, added = advice_document.pull_into_plan(plan, _written(), "River Primary School")
    assert [n["id"] for n in changed["needs"]] == ["need-1", "need-2"]
    assert changed["no_identified_needs"] == ["semh"]  # the advice's need replaced its area's no-need
    assert changed["outcomes"][0]["id"] == "outcome-1" and changed["outcomes"][0]["need_ids"] == ["need-2"]
    new = changed["provision"][-1]
    assert new["id"] == "provision-5" and new["need_ids"] == ["need-2"] and new["outcome_ids"] == ["outcome-1"]
    assert (added.needs, added.outcomes, added.provision) == (1, 1, 1)
    assert plan_document.validation_errors(changed) == []
    assert plan["needs"][-1]["id"] == "need-1" and len(plan["needs"]) == 1  # the plan given is unchanged
    assert added.sentence("River Primary School") == (
        "Added 1 need, 1 outcome and 1 provision item from River Primary School's advice to the draft plan"
    )


def test_added_sentence_counts():
    added = advice_document.Added(2, 0, 3, {})
    assert added.sentence("X") == "Added 2 needs and 3 provision items from X's advice to the draft plan"
    assert advice_document.Added(0, 0, 0, {}).sentence("X") == "X's advice had nothing to add to the draft plan"
