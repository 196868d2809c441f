"""The annual review report (CFA 2014 s44; SEND Regulations 2014 regs 18-22) as data: one JSON value
(review-1.schema.json, published at /schemas/review/1.json), written by the child's setting or the council
within 2 weeks of the review meeting, in place of a Word form.

It holds the views of the child, the family and the setting; progress against each outcome of the plan's
section E (ids and text copied from the plan's latest issued version, so the report reads on its own after
the plan changes); and the changes proposed to the plan, each against one of the plan's own sections and,
optionally, one of its items, shown beside that section's current text. Functions return new reports; they
never change the one they are given.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from typing import Any

from service.domain.ehcp.document import Document, label_of
from service.domain.ehcp.schemas import PublishedSchema
from service.domain.ehcp.sections import Entry, section_view
from service.domain.ehcp.template import PlanTemplate, Section, template_of

REVIEW_SCHEMA = PublishedSchema("review-1.schema.json")
SCHEMA_ID = "review/1"
Report = dict[str, Any]

PROGRESS = {
    "achieved": "Achieved",
    "on_track": "On track",
    "some_progress": "Some progress",
    "not_yet": "Not yet",
}
RECOMMENDATIONS = {
    "maintain": "Keep the plan as it is",
    "amend": "Amend the plan",
    "cease": "Stop the plan (cease to maintain it)",
}
# The plan's sections a change can be proposed to (the template's keys, in its order).
CHANGE_SECTIONS = ("a1", "a2", "b", "c", "d", "e", "f", "g", "h1", "h2", "i", "j", "k")


def schema_text() -> str:
    return REVIEW_SCHEMA.text


def schema() -> dict[str, Any]:
    """The published JSON Schema (draft 2020-12) every review report validates against."""
    return REVIEW_SCHEMA.parsed()


def validation_errors(report: Report) -> list[str]:
    """Where the report breaks the schema, as 'path: message' lines (empty when it is valid)."""
    return REVIEW_SCHEMA.errors(report)


def empty_report(plan: Document, held_on: date | None = None) -> Report:
    """A report with nothing written yet: one progress row for each outcome of the plan (its latest issued
    version), the outcome's text copied."""
    return {
        "schema": SCHEMA_ID,
        "meeting": {"held_on": held_on.isoformat() if held_on else None, "attended": []},
        "views": {"child": "", "family": "", "setting": ""},
        "outcomes": [
            {"outcome_id": row["id"], "outcome": row["statement"], "progress": "", "evidence": ""}
            for row in plan.get("outcomes", [])
        ],
        "changes": [],
        "recommendation": "",
        "notes": "",
    }


def with_meeting(report: Report, held_on: date | None, attended: list[dict[str, str]]) -> Report:
    changed = copy.deepcopy(report)
    changed["meeting"] = {"held_on": held_on.isoformat() if held_on else None, "attended": attended}
    return changed


def with_views(report: Report, *, child: str, family: str, setting: str) -> Report:
    changed = copy.deepcopy(report)
    changed["views"] = {"child": child, "family": family, "setting": setting}
    return changed


def outcome_row(report: Report, outcome_id: str) -> dict[str, Any] | None:
    return next((row for row in report["outcomes"] if row["outcome_id"] == outcome_id), None)


def with_progress(report: Report, outcome_id: str, progress: str, evidence: str) -> Report:
    """A copy with the outcome's progress; KeyError for an outcome the report does not hold."""
    changed = copy.deepcopy(report)
    row = outcome_row(changed, outcome_id)
    if row is None:
        raise KeyError(outcome_id)
    row["progress"], row["evidence"] = progress, evidence
    return changed


def change_at(report: Report, number: int) -> dict[str, Any] | None:
    """The proposed change numbered `number` (1 for the first), or None."""
    return report["changes"][number - 1] if 1 <= number <= len(report["changes"]) else None


def put_change(report: Report, number: int | None, values: dict[str, str]) -> Report:
    """A copy with the change added (number None) or replacing change `number`."""
    changed = copy.deepcopy(report)
    row = {key: values[key] for key in ("section", "item_id", "proposed", "reason")}
    if number is None:
        changed["changes"].append(row)
    else:
        if change_at(changed, number) is None:
            raise KeyError(number)
        changed["changes"][number - 1] = row
    return changed


def remove_change(report: Report, number: int) -> Report:
    changed = copy.deepcopy(report)
    if change_at(changed, number) is None:
        raise KeyError(number)
    del changed["changes"][number - 1]
    return changed


def with_recommendation(report: Report, recommendation: str, notes: str) -> Report:
    changed = copy.deepcopy(report)
    changed["recommendation"], changed["notes"] = recommendation, notes
    return changed


# --- The plan's sections and items a change can be against ------------------------------------------


def parts(plan: Document) -> list[tuple[str, str]]:
    """(value, label) for each place a change can be proposed: each section as a whole ("b"), then each of
    its needs, outcomes or provision items ("b:need-1"), in the template's order."""
    template = template_of(plan)
    found = []
    for key in CHANGE_SECTIONS:
        if not template.has_section(key):
            continue
        view = section_view(plan, key, template)
        found.append((key, f"{view.section.heading} (the whole section)"))
        found += [
            (f"{key}:{entry.item_id}", f"{view.section.heading}: {entry.title}")
            for entry in view.entries
            if entry.item_id
        ]
    return found


def split_part(value: str) -> tuple[str, str]:
    section, _, item_id = value.partition(":")
    return section, item_id


def current_entries(plan: Document, section: str, item_id: str, template: PlanTemplate | None = None) -> list[Entry]:
    """What the plan says now where the change is proposed: the item, or the whole section."""
    view = section_view(plan, section, template or template_of(plan))
    if item_id:
        return [entry for entry in view.entries if entry.item_id == item_id]
    return list(view.entries)


@dataclass(frozen=True, slots=True)
class ProposedChange:
    number: int
    item_label: str  # "Need 1", or "" for the whole section
    proposed: str
    reason: str
    current: tuple[Entry, ...]


def changes_by_section(report: Report, plan: Document) -> list[tuple[Section, list[ProposedChange]]]:
    """The proposed changes under the plan's own section headings, in the template's order, each with the
    current text of its section or item beside it."""
    template = template_of(plan)
    grouped: dict[str, list[ProposedChange]] = {}
    for number, row in enumerate(report["changes"], start=1):
        grouped.setdefault(row["section"], []).append(
            ProposedChange(
                number,
                label_of(row["item_id"]) if row["item_id"] else "",
                row["proposed"],
                row["reason"],
                tuple(current_entries(plan, row["section"], row["item_id"], template)),
            )
        )
    return [(template.section(key), grouped[key]) for key in CHANGE_SECTIONS if key in grouped]


# --- Sending it ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Problem:
    part: str  # "meeting", "views", "outcome:<id>" or "recommendation"
    message: str


def problems(report: Report) -> list[Problem]:
    """What must be put right before the report can be sent."""
    found = []
    if not report["meeting"]["held_on"]:
        found.append(Problem("meeting", "Enter the date the review meeting was held"))
    views = report["views"]
    if not (views["child"] or views["family"]):
        found.append(Problem("views", "Enter the child's or the family's views"))
    for row in report["outcomes"]:
        if not row["progress"]:
            found.append(
                Problem(
                    f"outcome:{row['outcome_id']}", f"Select the progress towards {label_of(row['outcome_id']).lower()}"
                )
            )
    if not report["recommendation"]:
        found.append(Problem("recommendation", "Select what the report recommends"))
    elif report["recommendation"] == "amend" and not report["changes"]:
        found.append(Problem("changes", "Add the changes you propose, or recommend keeping the plan as it is"))
    return found
