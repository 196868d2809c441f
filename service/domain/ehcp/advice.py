"""Advice for an EHC needs assessment (reg 6) as data: one JSON value (advice-1.schema.json) written in
the shape of the plan, so its needs, outcomes and provision can be added to the draft plan in one step.

The item helpers are the plan document's (service.domain.ehcp.document): an advice document has the same
needs, outcomes and provision collections. Functions return new documents; they never change the one
they are given.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from typing import Any

from service.domain.ehcp import document as plan_document
from service.domain.ehcp.document import Document, label_of
from service.domain.ehcp.quality import provision_flags
from service.domain.ehcp.schemas import ADVICE_SCHEMA
from service.domain.ehcp.sections import Entry, provision_fields
from service.domain.ehcp.template import CURRENT_TEMPLATE_ID, CURRENT_TEMPLATE_VERSION, PlanTemplate, template_of

SCHEMA_VERSION = "1"
COLLECTIONS = ("needs", "outcomes", "provision")
PROVISION_SECTIONS = plan_document.PROVISION_SECTIONS
MISSING_CODES = ("missing_what", "missing_who", "missing_ratio", "missing_frequency", "missing_duration")

# What the plan document's helpers expect besides the three collections (not part of advice).
_PLAN_ONLY = {"no_identified_needs": [], "personal_budget": {"need_ids": [], "outcome_ids": []}}


def schema_text() -> str:
    return ADVICE_SCHEMA.text


def schema() -> dict[str, Any]:
    """The published JSON Schema (draft 2020-12) every advice document validates against."""
    return ADVICE_SCHEMA.parsed()


def validation_errors(advice: Document) -> list[str]:
    """Where the advice breaks the schema, as 'path: message' lines (empty when it is valid)."""
    return ADVICE_SCHEMA.errors(advice)


def empty_advice() -> Document:
    """Advice with nothing written yet, in the current plan template's areas of need."""
    return {
        "schema_version": SCHEMA_VERSION,
        "template": {"id": CURRENT_TEMPLATE_ID, "version": CURRENT_TEMPLATE_VERSION},
        "summary": "",
        "needs": [],
        "outcomes": [],
        "provision": [],
        "from": {"organisation": "", "organisation_kind": "", "adviser": "", "role": "", "submitted_on": None},
    }


def next_id(advice: Document, collection: str) -> str:
    return plan_document.next_id(advice, collection)


def item(advice: Document, collection: str, item_id: str) -> dict[str, Any] | None:
    return plan_document.item(advice, collection, item_id)


def _as_advice(changed: Document) -> Document:
    for key in _PLAN_ONLY:
        changed.pop(key, None)
    return changed


def put_item(advice: Document, collection: str, values: dict[str, Any]) -> Document:
    """A copy with the item added (or replaced, matched by id)."""
    return _as_advice(plan_document.put_item({**advice, **copy.deepcopy(_PLAN_ONLY)}, collection, values))


def remove_item(advice: Document, collection: str, item_id: str) -> Document:
    """A copy without the item and without every link to it."""
    return _as_advice(plan_document.remove_item({**advice, **copy.deepcopy(_PLAN_ONLY)}, collection, item_id))


def with_summary(advice: Document, summary: str) -> Document:
    changed = copy.deepcopy(advice)
    changed["summary"] = summary
    return changed


def signed(advice: Document, *, organisation: str, kind: str, adviser: str, role: str, on: date) -> Document:
    """The advice as sent: who gave it and the day."""
    changed = copy.deepcopy(advice)
    changed["from"] = {
        "organisation": organisation,
        "organisation_kind": kind,
        "adviser": adviser,
        "role": role,
        "submitted_on": on.isoformat(),
    }
    return changed


@dataclass(frozen=True, slots=True)
class Problem:
    item_id: str  # the item it is about, or "" for the advice as a whole
    message: str


def problems(advice: Document, template: PlanTemplate | None = None) -> list[Problem]:
    """What must be put right before the advice can be sent: it must say something (a need, an outcome
    or provision) and every provision item must state all five elements."""
    template = template or template_of(advice)
    found = []
    if not any(advice[collection] for collection in COLLECTIONS):
        found.append(Problem("", "Add at least one need, outcome or provision"))
    for row in advice["provision"]:
        found.extend(
            Problem(row["id"], flag.message) for flag in provision_flags(row, template) if flag.code in MISSING_CODES
        )
    return found


def hints(advice: Document, template: PlanTemplate | None = None) -> list[Problem]:
    """Advice, not a bar: wording courts have found too vague, and provision not linked to a need."""
    template = template or template_of(advice)
    return [
        Problem(row["id"], flag.message)
        for row in advice["provision"]
        for flag in provision_flags(row, template)
        if flag.code in ("vague_wording", "provision_without_need")
    ]


@dataclass(frozen=True, slots=True)
class Added:
    needs: int
    outcomes: int
    provision: int
    ids: dict[str, str]  # advice id -> new plan id

    def sentence(self, source: str) -> str:
        """'Added 2 needs, 1 outcome and 3 provision items from River Primary School's advice to the draft plan'"""
        parts = [
            _count(self.needs, "need", "needs"),
            _count(self.outcomes, "outcome", "outcomes"),
            _count(self.provision, "provision item", "provision items"),
        ]
        said = [part for part in parts if part]
        if not said:
            return f"{source}'s advice had nothing to add to the draft plan"
        listed = said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]
        return f"Added {listed} from {source}'s advice to the draft plan"


def _count(number: int, one: str, many: str) -> str:
    if not number:
        return ""
    return f"1 {one}" if number == 1 else f"{number} {many}"


def pull_into_plan(plan: Document, advice: Document, source_label: str = "") -> tuple[Document, Added]:
    """The plan with the advice's needs, outcomes and provision added under fresh plan ids, every link
    between them kept (remapped to the new ids). A need replaces its area's "no identified needs"
    statement, as adding it in the editor does. Links to items the advice does not hold are dropped."""
    changed = copy.deepcopy(plan)
    ids: dict[str, str] = {}
    for need in advice["needs"]:
        new_id = plan_document.next_id(changed, "needs")
        ids[need["id"]] = new_id
        changed = plan_document.put_item(changed, "needs", {**need, "id": new_id})
    for outcome in advice["outcomes"]:
        new_id = plan_document.next_id(changed, "outcomes")
        ids[outcome["id"]] = new_id
        need_ids = [ids[n] for n in outcome["need_ids"] if n in ids]
        changed = plan_document.put_item(changed, "outcomes", {**outcome, "id": new_id, "need_ids": need_ids})
    for row in advice["provision"]:
        new_id = plan_document.next_id(changed, "provision")
        ids[row["id"]] = new_id
        values = {
            **row,
            "id": new_id,
            "need_ids": [ids[n] for n in row["need_ids"] if n in ids],
            "outcome_ids": [ids[o] for o in row["outcome_ids"] if o in ids],
        }
        changed = plan_document.put_item(changed, "provision", values)
    added = Added(len(advice["needs"]), len(advice["outcomes"]), len(advice["provision"]), ids)
    return changed, added


# --- Reading it ---------------------------------------------------------------------------------------


SECTION_NAMES = {
    "f": "Special educational provision (section F)",
    "g": "Health care provision (section G)",
    "h1": "Social care provision (section H1)",
    "h2": "Other social care provision (section H2)",
}


def entries(advice: Document, collection: str, template: PlanTemplate | None = None) -> list[Entry]:
    """The items of one collection as the plan shows them: a title and (label, text) fields."""
    template = template or template_of(advice)
    names = {row["id"]: label_of(row["id"]) for name in COLLECTIONS for row in advice[name]}

    def linked(ids: list[str]) -> str:
        return ", ".join(names.get(item_id, item_id) for item_id in ids)

    if collection == "needs":
        return [
            Entry(
                need["id"],
                f"{label_of(need['id'])}: {template.area(need['area']).title}",
                (("Need", need["description"]), ("Impact", need["impact"])),
                item_id=need["id"],
            )
            for need in advice["needs"]
        ]
    if collection == "outcomes":
        return [
            Entry(
                outcome["id"],
                label_of(outcome["id"]),
                (
                    ("Outcome", outcome["statement"]),
                    ("How it will be measured", outcome["measure"]),
                    ("By when", outcome["by_when"]),
                    ("Needs it meets", linked(outcome["need_ids"])),
                ),
                item_id=outcome["id"],
            )
            for outcome in advice["outcomes"]
        ]
    return [
        Entry(
            row["id"],
            f"{label_of(row['id'])}: {SECTION_NAMES[row['section']]}",
            tuple(
                (label, linked(row["need_ids"]) if label == "Needs it meets" else text)
                for label, text in provision_fields(advice, row, template)
                if label not in ("Outcomes it supports", "Agreed by")
            )
            + (("Outcomes it supports", linked(row["outcome_ids"])),),
            item_id=row["id"],
        )
        for row in advice["provision"]
    ]
