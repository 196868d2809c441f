"""The review report as data: its published schema, the empty report seeded from the plan's outcomes, the
edits (each returns a new report), the parts a change can be against, the changes grouped under the plan's
own sections with their current text, and what stops a report being sent."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from service.domain.ehcp import document as plan_document
from service.domain.ehcp import review

SCHEMA_FILE = Path(review.__file__).with_name("review-1.schema.json")


def _plan() -> dict:
    document = plan_document.empty_document("KXRT-4M7B", "Kent")
    document = plan_document.put_item(
        document, "needs", {"id": "need-1", "area": "cognition_learning", "description": "Reading", "impact": ""}
    )
    for n, text in ((1, "Reads a short book aloud"), (2, "Writes three sentences")):
        document = plan_document.put_item(
            document,
            "outcomes",
            {"id": f"outcome-{n}", "statement": text, "measure": "", "by_when": "", "need_ids": ["need-1"]},
        )
    return document


def _complete() -> dict:
    report = review.empty_report(_plan(), date(2026, 11, 20))
    report = review.with_views(report, child="I like books", family="", setting="")
    report = review.with_progress(report, "outcome-1", "achieved", "Read to the class")
    report = review.with_progress(report, "outcome-2", "not_yet", "")
    report = review.put_change(
        report, None, {"section": "e", "item_id": "outcome-1", "proposed": "New outcome", "reason": "Achieved"}
    )
    return review.with_recommendation(report, "amend", "")


def test_the_schema_file_is_valid_json_schema_with_its_published_id():
    from jsonschema import Draft202012Validator

    schema = json.loads(SCHEMA_FILE.read_text())
    Draft202012Validator.check_schema(schema)
    assert schema["$id"].endswith("/schemas/review/1.json")


def test_the_empty_report_has_one_row_per_outcome_with_its_text_copied():
    report = review.empty_report(_plan(), date(2026, 11, 20))
    assert review.validation_errors(report) == []
    assert report["schema"] == "review/1"
    assert report["meeting"] == {"held_on": "2026-11-20", "attended": []}
    assert report["outcomes"] == [
        {"outcome_id": "outcome-1", "outcome": "Reads a short book aloud", "progress": "", "evidence": ""},
        {"outcome_id": "outcome-2", "outcome": "Writes three sentences", "progress": "", "evidence": ""},
    ]


def test_a_plan_without_outcomes_gives_a_report_without_rows():
    assert review.empty_report(plan_document.empty_document())["outcomes"] == []


def test_a_complete_report_validates_and_has_no_problems():
    report = _complete()
    assert review.validation_errors(report) == []
    assert review.problems(report) == []


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda r: r["outcomes"][0].update(progress="great"), "outcomes/0/progress"),
        (lambda r: r["changes"][0].update(section="z"), "changes/0/section"),
        (lambda r: r.update(recommendation="keep"), "recommendation"),
        (lambda r: r["meeting"].update(held_on="20 November"), "meeting/held_on"),
        (lambda r: r.update(extra=1), "(document)"),
        (lambda r: r["changes"][0].update(item_id="Need 1"), "changes/0/item_id"),
    ],
)
def test_the_schema_refuses_a_broken_report(change, where):
    report = _complete()
    change(report)
    errors = review.validation_errors(report)
    assert errors and errors[0].startswith(where)


def test_edits_return_new_reports_and_unknown_ids_are_refused():
    report = review.empty_report(_plan())
    changed = review.with_progress(report, "outcome-1", "on_track", "")
    assert report["outcomes"][0]["progress"] == "" and changed["outcomes"][0]["progress"] == "on_track"
    with pytest.raises(KeyError):
        review.with_progress(report, "outcome-9", "on_track", "")
    with pytest.raises(KeyError):
        review.put_change(report, 1, {"section": "b", "item_id": "", "proposed": "x", "reason": "y"})
    added = review.put_change(report, None, {"section": "b", "item_id": "", "proposed": "x", "reason": "y"})
    assert review.remove_change(added, 1)["changes"] == [] and len(added["changes"]) == 1


def test_what_stops_a_report_being_sent():
    report = review.empty_report(_plan())
    parts = [p.part for p in review.problems(report)]
    assert parts == ["meeting", "views", "outcome:outcome-1", "outcome:outcome-2", "recommendation"]
    amend = review.with_recommendation(_complete(), "amend", "")
    amend["changes"] = []
    assert [p.part for p in review.problems(amend)] == ["changes"]


def test_changes_are_grouped_under_the_plans_sections_with_the_current_text():
    plan = _plan()
    report = review.put_change(_complete(), None, {"section": "b", "item_id": "", "proposed": "More", "reason": "Why"})
    grouped = review.changes_by_section(report, plan)
    assert [section.heading for section, _ in grouped] == [
        "Section B: Special educational needs",
        "Section E: Outcomes",
    ]
    outcome_change = grouped[1][1][0]
    assert outcome_change.item_label == "Outcome 1"
    assert [e.item_id for e in outcome_change.current] == ["outcome-1"]
    assert ("Outcome", "Reads a short book aloud") in outcome_change.current[0].fields


def test_the_parts_a_change_can_be_against_are_the_sections_then_their_items():
    values = [value for value, _ in review.parts(_plan())]
    assert values[:3] == ["a1", "a2", "b"]
    assert "b:need-1" in values and "e:outcome-2" in values
    assert values.index("e") < values.index("e:outcome-1") < values.index("f")
    assert review.split_part("e:outcome-1") == ("e", "outcome-1") and review.split_part("k") == ("k", "")
