"""The plan as data: the template, the document and its schema, plan quality, the sections reading and the
comparison of two versions (service.domain.ehcp)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from service.domain.ehcp import diff, document, quality, sections, template


def _need(doc, area="cognition_learning", description="Reads about two years below age expectations", impact=""):
    need = {"id": document.next_id(doc, "needs"), "area": area, "description": description, "impact": impact}
    return document.put_item(doc, "needs", need), need["id"]


def _outcome(doc, need_ids, statement="By July 2027 Leo will read 40 common words"):
    outcome = {
        "id": document.next_id(doc, "outcomes"),
        "statement": statement,
        "measure": "Termly word check",
        "by_when": "July 2027",
        "need_ids": list(need_ids),
    }
    return document.put_item(doc, "outcomes", outcome), outcome["id"]


def _provision(doc, need_ids, outcome_ids, **overrides):
    row = {
        "id": document.next_id(doc, "provision"),
        "section": "f",
        "what": "A structured synthetic phonics programme (Read Write Inc.)",
        "who": "Teaching assistant",
        "qualification": "trained in the programme by the SENCO",
        "ratio": {"staff": 1, "children": 1},
        "frequency": {"times": 3, "per": "week"},
        "minutes": 20,
        "need_ids": list(need_ids),
        "outcome_ids": list(outcome_ids),
    }
    row.update(overrides)
    return document.put_item(doc, "provision", row), row["id"]


def threaded_plan():
    """A small plan with a complete golden thread and every area accounted for."""
    doc = document.empty_document("AB12-CD34", "Kent County Council")
    doc, need = _need(doc)
    doc, outcome = _outcome(doc, [need])
    doc, _ = _provision(doc, [need], [outcome])
    doc["no_identified_needs"] = ["communication_interaction", "semh", "sensory_physical", "health", "social_care"]
    return doc


# --- The template --------------------------------------------------------------------------------------


def test_the_template_holds_every_section_of_regulation_12_in_order():
    t = template.plan_template()
    assert [s.letter for s in t.sections if s.letter] == [
        "A1",
        "A2",
        "B",
        "C",
        "D",
        "E",
        "F",
        "G",
        "H1",
        "H2",
        "I",
        "J",
        "K",
    ]
    assert t.section("h1").heading.startswith("Section H1: ")
    assert [a.key for a in t.areas_in("b")] == [
        "communication_interaction",
        "cognition_learning",
        "semh",
        "sensory_physical",
    ]
    assert t.need_sections == ("b", "c", "d")


def test_a_plan_names_the_template_it_was_written_in_and_an_unknown_one_is_refused():
    doc = document.empty_document()
    assert doc["template"] == {"id": "dfe-change-programme", "version": "1"}
    assert template.template_of(doc) == template.plan_template()
    with pytest.raises(KeyError):
        template.template_of({"template": {"id": "dfe-change-programme", "version": "99"}})


def test_the_template_and_the_schema_agree_on_areas_periods_and_provision_sections():
    t = template.plan_template()
    defs = document.schema()["$defs"]
    assert set(defs["area"]["enum"]) == {a.key for a in t.areas}
    provision = document.schema()["properties"]["provision"]["items"]["properties"]
    assert set(provision["section"]["enum"]) == set(t.provision_sections) == set(document.PROVISION_SECTIONS)
    periods = provision["frequency"]["oneOf"][1]["properties"]["per"]["enum"]
    assert periods == [c.key for c in t.frequency_periods]
    attendance = document.schema()["properties"]["placement"]["properties"]["attendance"]["enum"]
    assert attendance == [""] + [c.key for c in t.attendance_patterns]


# --- The document and its schema ------------------------------------------------------------------------


def test_the_published_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(document.schema())
    assert document.schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_an_empty_and_a_written_plan_validate_and_a_broken_one_says_where():
    assert document.validation_errors(document.empty_document()) == []
    assert document.validation_errors(threaded_plan()) == []
    broken = threaded_plan()
    broken["provision"][0]["frequency"] = {"times": 0, "per": "fortnightly"}
    broken["personal_details"]["date_of_birth"] = "2019-02-30"
    errors = document.validation_errors(broken)
    assert any(e.startswith("provision/0/frequency") for e in errors)
    assert any(e.startswith("personal_details/date_of_birth") for e in errors)


def test_item_ids_are_never_reused_and_removing_a_need_removes_every_link_to_it():
    doc = threaded_plan()
    doc, second = _need(doc, "semh", "Finds changes of routine very hard")
    doc = document.remove_item(doc, "needs", "need-1")
    assert document.next_id(doc, "needs") == "need-3"
    assert doc["outcomes"][0]["need_ids"] == []
    assert doc["provision"][0]["need_ids"] == []
    assert [n["id"] for n in doc["needs"]] == [second]


def test_changing_a_document_returns_a_copy():
    doc = threaded_plan()
    before = json.dumps(doc, sort_keys=True)
    document.put_item(doc, "needs", {**doc["needs"][0], "description": "changed"})
    document.replace_part(doc, "section_a", {"history": "changed"})
    document.remove_item(doc, "outcomes", "outcome-1")
    assert json.dumps(doc, sort_keys=True) == before


def test_a_draft_never_names_a_setting_and_a_final_plan_is_signed_off():
    doc = threaded_plan()
    doc["placement"] = {
        "name": "Oak Tree Primary School",
        "urn": "118000",
        "type": "Mainstream primary",
        "attendance": "day",
    }
    draft = document.as_issued(
        doc, status="draft", version=1, label="Draft 1", issued_on=date(2027, 1, 4), officer="Sam Patel"
    )
    assert draft["placement"] == {"name": "", "urn": "", "type": "", "attendance": ""}
    assert draft["sign_off"] == {"officer": "", "date": None}
    final = document.as_issued(
        doc, status="final", version=2, label="Final", issued_on=date(2027, 2, 1), officer="Sam Patel"
    )
    assert final["placement"]["name"] == "Oak Tree Primary School"
    assert final["sign_off"] == {"officer": "Sam Patel", "date": "2027-02-01"}
    assert final["plan"]["label"] == "Final" and final["plan"]["issued_on"] == "2027-02-01"
    assert document.validation_errors(draft) == document.validation_errors(final) == []


def test_the_golden_thread_gives_each_need_its_outcomes_and_provision():
    doc = threaded_plan()
    doc, lonely = _need(doc, "health", "Daily medication for epilepsy must be given at school")
    threads = document.golden_thread(doc)
    assert [t.need["id"] for t in threads] == ["need-1", lonely]
    assert [o["id"] for o in threads[0].outcomes] == ["outcome-1"]
    assert [p["id"] for p in threads[0].provision] == ["provision-1"]
    assert threads[1].outcomes == threads[1].provision == ()


def test_provision_reads_aloud_in_plain_words():
    t = template.plan_template()
    assert document.describe_ratio({"staff": 1, "children": 6}) == "1:6 (1 adult to 6 children)"
    assert document.describe_frequency({"times": 1, "per": "half_term"}, t) == "Once a half term"
    assert document.describe_frequency({"times": 3, "per": "week"}, t) == "3 times a week"
    assert document.describe_minutes(90) == "1 hour 30 minutes"
    assert document.describe_minutes(None) == ""


# --- Plan quality ------------------------------------------------------------------------------------------


def codes(doc):
    return [(f.item_id, f.code) for f in quality.quality_flags(doc)]


def test_a_threaded_specific_plan_has_no_flags():
    assert quality.quality_flags(threaded_plan()) == []


@pytest.mark.parametrize(
    ("key", "empty", "code", "words"),
    [
        ("what", "", "missing_what", "does not say what the support is"),
        ("who", " ", "missing_who", "does not say who will provide it"),
        ("ratio", None, "missing_ratio", "does not give the staff-to-child ratio"),
        ("frequency", None, "missing_frequency", "does not say how often it happens"),
        ("minutes", None, "missing_duration", "does not say how long each session lasts"),
    ],
)
def test_each_missing_element_of_provision_is_flagged(key, empty, code, words):
    doc = threaded_plan()
    doc = document.put_item(doc, "provision", {**doc["provision"][0], key: empty})
    flags = quality.quality_flags(doc)
    assert [(f.section, f.item_id, f.code) for f in flags] == [("f", "provision-1", code)]
    assert flags[0].message == f"Provision 1 {words}"


@pytest.mark.parametrize(
    "what",
    [
        "Access to a speech and language therapist",
        "Regular check-ins with a key adult",
        "Sensory breaks as required",
        "Opportunities for small group work",
        "Up to 10 hours of support",
        "Support to be determined by the school",
    ],
)
def test_vague_wording_courts_have_criticised_is_flagged(what):
    doc = threaded_plan()
    doc = document.put_item(doc, "provision", {**doc["provision"][0], "what": what})
    assert codes(doc) == [("provision-1", "vague_wording")]


def test_vague_wording_is_matched_as_whole_words_once_per_phrase():
    phrases = template.plan_template().vague_phrases
    assert quality.vague_phrases_in("Irregular attendance; a popup timer", phrases) == []
    found = quality.vague_phrases_in("Regularly, and regularly again", phrases)
    assert [p.pattern for p in found] == ["regularly"]


def test_gaps_in_the_golden_thread_are_flagged():
    doc = threaded_plan()
    doc, need = _need(doc, "semh", "Becomes very anxious at transitions between lessons")
    doc, outcome = _outcome(doc, [], "By July 2027 Leo will move between lessons calmly")
    doc, provision = _provision(doc, [], [])
    assert codes(doc) == [
        (need, "need_without_outcome"),
        (need, "need_without_provision"),
        (outcome, "outcome_without_provision"),
        (outcome, "outcome_without_need"),
        (provision, "provision_without_need"),
        (provision, "provision_without_outcome"),
    ]


def test_an_area_with_neither_a_need_nor_the_no_need_statement_is_flagged():
    doc = threaded_plan()
    doc["no_identified_needs"].remove("social_care")
    flags = quality.quality_flags(doc)
    assert [(f.section, f.code) for f in flags] == [("d", "area_not_completed")]
    assert flags[0].message.startswith("Social care needs: ")


def test_section_a1_over_500_words_is_flagged():
    doc = threaded_plan()
    doc["section_a"]["history"] = "word " * 300
    doc["section_a"]["communication"] = "word " * 201
    flags = quality.quality_flags(doc)
    assert [(f.section, f.code) for f in flags] == [("a1", "a1_too_long")]
    assert "501 words" in flags[0].message


def test_a_final_plan_needs_a_placement_and_a_name():
    doc = document.empty_document()
    assert [p.code for p in quality.final_problems(doc)] == ["placement_missing", "name_missing"]
    doc["placement"]["type"] = "Special school for children with autism (primary)"
    doc["personal_details"]["name"] = "Leo Okafor"
    assert quality.final_problems(doc) == []


# --- Sections and the comparison ----------------------------------------------------------------------------


def test_every_section_reads_as_labelled_text_in_template_order():
    views = sections.plan_sections(threaded_plan())
    assert [v.section.key for v in views] == [s.key for s in template.plan_template().sections]
    b = next(v for v in views if v.section.key == "b")
    assert [e.key for e in b.entries] == [
        "no-need-communication_interaction",
        "need-1",
        "no-need-semh",
        "no-need-sensory_physical",
    ]
    f = next(v for v in views if v.section.key == "f")
    fields = dict(f.entries[0].fields)
    assert fields["How often"] == "3 times a week"
    assert fields["Who provides it"] == "Teaching assistant (trained in the programme by the SENCO)"
    assert fields["Needs it meets"] == "Need 1"


def test_the_comparison_of_a_version_with_itself_is_empty():
    assert diff.compare(threaded_plan(), threaded_plan()) == []


def test_the_comparison_marks_changed_words_and_added_and_removed_items():
    old = threaded_plan()
    new = document.put_item(
        old, "needs", {**old["needs"][0], "description": "Reads about three years below age expectations"}
    )
    new, added = _need(new, "semh", "Finds noisy rooms overwhelming")
    new = document.remove_item(new, "provision", "provision-1")
    changes = {c.section.key: c for c in diff.compare(old, new)}
    b = {e.key: e for e in changes["b"].entries}
    assert b["need-1"].status == "changed"
    need_field = next(f for f in b["need-1"].fields if f.label == "Need")
    assert ("deleted", "two") in need_field.pieces and ("inserted", "three") in need_field.pieces
    assert b[added].status == "added"
    assert b["no-need-semh"].status == "removed"  # a need in an area replaces its no-need sentence
    assert [e.status for e in changes["f"].entries] == ["removed"]
    assert "e" not in changes  # outcome 1 is unchanged: provision links to outcomes, not the other way


def test_word_diff_keeps_the_new_text_when_deletions_are_dropped():
    pieces = diff.word_diff("three sessions a week", "two sessions each week")
    assert "".join(t for op, t in pieces if op != "deleted") == "two sessions each week"
    assert "".join(t for op, t in pieces if op != "inserted") == "three sessions a week"


texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=60)


@settings(max_examples=200, deadline=None)
@given(texts, texts)
def test_word_diff_always_rebuilds_both_texts(old, new):
    pieces = diff.word_diff(old, new)
    assert "".join(t for op, t in pieces if op != "deleted") == new
    assert "".join(t for op, t in pieces if op != "inserted") == old
