"""The plan document: one JSON value (see ehc-plan-1.schema.json) holding one version of a plan.

The web page, the PDF and every export are views of this value, so what a family reads, what the PDF
says and what a supplier receives cannot differ. Functions here take a document and return a new one
(or a view of it); they never change the document they are given.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from service.domain.ehcp.schemas import PLAN_SCHEMA
from service.domain.ehcp.template import (
    CURRENT_TEMPLATE_ID,
    CURRENT_TEMPLATE_VERSION,
    PlanTemplate,
)

SCHEMA_VERSION = "1"
ITEM_PREFIXES = {"needs": "need", "outcomes": "outcome", "provision": "provision"}
PROVISION_SECTIONS = ("f", "g", "h1", "h2")

Document = dict[str, Any]


def schema_text() -> str:
    return PLAN_SCHEMA.text


def schema() -> dict[str, Any]:
    """The published JSON Schema (draft 2020-12) every plan document validates against."""
    return PLAN_SCHEMA.parsed()


def validation_errors(document: Document) -> list[str]:
    """Where the plan breaks the schema, as 'path: message' lines (empty when it is valid)."""
    return PLAN_SCHEMA.errors(document)


def empty_document(reference: str = "", local_authority: str = "") -> Document:
    """A plan with nothing written yet, in the current template."""
    return {
        "schema_version": SCHEMA_VERSION,
        "template": {"id": CURRENT_TEMPLATE_ID, "version": CURRENT_TEMPLATE_VERSION},
        "plan": {
            "reference": reference,
            "local_authority": local_authority,
            "status": "working",
            "version": 0,
            "label": "Working copy",
            "issued_on": None,
        },
        "personal_details": {
            "name": "",
            "preferred_name": "",
            "date_of_birth": None,
            "sex": "",
            "ethnicity": "",
            "first_language": "",
            "parent_first_language": "",
            "nhs_number": "",
            "upn": "",
            "contacts": [],
        },
        "services": {
            "setting": "",
            "setting_urn": "",
            "health": "",
            "known_to_social_care": None,
            "other_professionals": [],
            "looked_after": None,
            "previously_looked_after": None,
            "moved_from_local_authority": "",
        },
        "section_a": {
            "history": "",
            "communication": "",
            "child_views": "",
            "family_views": "",
            "interests": "",
            "strengths": "",
            "aspirations": "",
            "how_gathered": "",
        },
        "needs": [],
        "no_identified_needs": [],
        "outcomes": [],
        "provision": [],
        "placement": {"name": "", "urn": "", "type": "", "attendance": ""},
        "personal_budget": {"details": "", "arrangements": "", "need_ids": [], "outcome_ids": []},
        "advice": [],
        "sign_off": {"officer": "", "date": None},
    }


def next_id(document: Document, collection: str) -> str:
    """A new item id for needs, outcomes or provision: never one used before in this document."""
    prefix = ITEM_PREFIXES[collection]
    used = [int(item["id"].split("-")[1]) for item in document[collection] if item["id"].startswith(f"{prefix}-")]
    return f"{prefix}-{max(used, default=0) + 1}"


def item(document: Document, collection: str, item_id: str) -> dict[str, Any] | None:
    return next((row for row in document[collection] if row["id"] == item_id), None)


def put_item(document: Document, collection: str, values: dict[str, Any]) -> Document:
    """A copy of the document with the item added (or replaced, matched by id). A need in an area
    replaces that area's no-need statement."""
    changed = copy.deepcopy(document)
    if collection == "needs":
        changed["no_identified_needs"] = [area for area in changed["no_identified_needs"] if area != values["area"]]
    rows = changed[collection]
    for index, row in enumerate(rows):
        if row["id"] == values["id"]:
            rows[index] = copy.deepcopy(values)
            return changed
    rows.append(copy.deepcopy(values))
    return changed


def remove_item(document: Document, collection: str, item_id: str) -> Document:
    """A copy without the item, and without every link to it (so no thread points at nothing)."""
    changed = copy.deepcopy(document)
    changed[collection] = [row for row in changed[collection] if row["id"] != item_id]
    link = {"needs": "need_ids", "outcomes": "outcome_ids"}.get(collection)
    if link:
        for rows in (changed["outcomes"], changed["provision"], [changed["personal_budget"]]):
            for row in rows:
                if link in row:
                    row[link] = [linked for linked in row[link] if linked != item_id]
    return changed


def replace_part(document: Document, part: str, values: dict[str, Any]) -> Document:
    """A copy with one object part (personal_details, services, section_a, placement, ...) updated."""
    changed = copy.deepcopy(document)
    changed[part] = {**changed[part], **copy.deepcopy(values)}
    return changed


def needs_in(document: Document, template: PlanTemplate, section_key: str) -> list[dict[str, Any]]:
    areas = {area.key for area in template.areas_in(section_key)}
    return [need for need in document["needs"] if need["area"] in areas]


def provision_in(document: Document, section_key: str) -> list[dict[str, Any]]:
    return [row for row in document["provision"] if row["section"] == section_key]


def label_of(item_id: str) -> str:
    """How a plan names an item to a reader: 'Need 3', 'Outcome 2', 'Provision 7'."""
    prefix, _, number = item_id.partition("-")
    return f"{prefix.capitalize()} {number}"


# --- Reading the five elements of a provision item aloud --------------------------------------------


def describe_ratio(ratio: dict[str, int] | None) -> str:
    if not ratio:
        return ""
    staff, children = ratio["staff"], ratio["children"]
    adults = "1 adult" if staff == 1 else f"{staff} adults"
    group = "1 child" if children == 1 else f"{children} children"
    return f"{staff}:{children} ({adults} to {group})"


def describe_frequency(frequency: dict[str, Any] | None, template: PlanTemplate) -> str:
    if not frequency:
        return ""
    times = frequency["times"]
    period = template.period_labels.get(frequency["per"], frequency["per"])
    if times == 1:
        return f"Once a {period}"
    if times == 2:
        return f"Twice a {period}"
    return f"{times} times a {period}"


def describe_minutes(minutes: int | None) -> str:
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append("1 hour" if hours == 1 else f"{hours} hours")
    if rest:
        parts.append("1 minute" if rest == 1 else f"{rest} minutes")
    return " ".join(parts)


# --- The golden thread ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Thread:
    """For one need: the outcomes that answer it and the provision that serves it."""

    need: dict[str, Any]
    outcomes: tuple[dict[str, Any], ...]
    provision: tuple[dict[str, Any], ...]


def golden_thread(document: Document) -> list[Thread]:
    """Each need in plan order with its outcomes and provision, as the family page shows them."""
    return [
        Thread(
            need=need,
            outcomes=tuple(o for o in document["outcomes"] if need["id"] in o["need_ids"]),
            provision=tuple(p for p in document["provision"] if need["id"] in p["need_ids"]),
        )
        for need in document["needs"]
    ]


WORD = re.compile(r"\S+")


def word_count(*texts: str) -> int:
    return sum(len(WORD.findall(text or "")) for text in texts)


# --- Issuing ----------------------------------------------------------------------------------------


def as_issued(
    working: Document, *, status: str, version: int, label: str, issued_on: date, officer: str, reason: str = ""
) -> Document:
    """The document a family receives: the working copy stamped with its status, number, label and date,
    and, once final, signed off. A draft names no setting and no type of setting (CFA 2014 s38(5))."""
    issued = copy.deepcopy(working)
    issued["plan"] = {
        **issued["plan"],
        "status": status,
        "version": version,
        "label": label,
        "issued_on": issued_on.isoformat(),
    }
    if reason:
        issued["plan"]["amendment_reason"] = reason
    else:
        issued["plan"].pop("amendment_reason", None)
    if status == "draft":
        issued["placement"] = {"name": "", "urn": "", "type": "", "attendance": ""}
        issued["sign_off"] = {"officer": "", "date": None}
    else:
        issued["sign_off"] = {"officer": officer, "date": issued_on.isoformat()}
    return issued
