"""Plan quality: what the editor flags before a plan is issued.

Provision is specific or it is not provision (L v Clarke and Somerset CC [1998] ELR 129; SEND Code of
Practice 9.69). Every provision item must say what the support is, who gives it (with their
qualification), the staff-to-child ratio, how often and for how long, and name the needs and outcomes
it serves. Wording that courts and tribunals have found too vague is flagged. So are outcomes with no
provision and needs with no outcome or provision. A flag is advice, not a bar: staff can issue anyway,
giving a reason that is kept with the version (the courts allow flexibility where it is needed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from service.domain.ehcp.document import Document, label_of, word_count
from service.domain.ehcp.template import PlanTemplate, VaguePhrase, template_of


@dataclass(frozen=True, slots=True)
class Flag:
    section: str  # the template section key the flag belongs to
    item_id: str  # the need, outcome or provision it is about, or "" for the section
    code: str
    message: str


MISSING_ELEMENTS = (
    ("what", "missing_what", "does not say what the support is"),
    ("who", "missing_who", "does not say who will provide it"),
    ("ratio", "missing_ratio", "does not give the staff-to-child ratio"),
    ("frequency", "missing_frequency", "does not say how often it happens"),
    ("minutes", "missing_duration", "does not say how long each session lasts"),
)


@cache
def _vague_pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(phrase)}\b", re.IGNORECASE)


def vague_phrases_in(text: str, phrases: tuple[VaguePhrase, ...]) -> list[VaguePhrase]:
    """The vague phrases the text uses, longest first so 'regularly' is not also reported as 'regular'."""
    found: list[VaguePhrase] = []
    claimed: list[tuple[int, int]] = []
    for phrase in sorted(phrases, key=lambda p: -len(p.pattern)):
        for match in _vague_pattern(phrase.pattern).finditer(text or ""):
            span = match.span()
            if any(start < span[1] and span[0] < end for start, end in claimed):
                continue
            claimed.append(span)
            if phrase not in found:
                found.append(phrase)
    return found


def provision_flags(row: dict[str, Any], template: PlanTemplate) -> list[Flag]:
    section, item_id, name = row["section"], row["id"], label_of(row["id"])
    flags = []
    for key, code, problem in MISSING_ELEMENTS:
        value = row.get(key)
        if value in (None, "") or (isinstance(value, str) and not value.strip()):
            flags.append(Flag(section, item_id, code, f"{name} {problem}"))
    for phrase in vague_phrases_in(f"{row.get('what', '')}\n{row.get('who', '')}", template.vague_phrases):
        flags.append(
            Flag(section, item_id, "vague_wording", f"{name} says \u201c{phrase.pattern}\u201d, which {phrase.why}")
        )
    if not row["need_ids"]:
        flags.append(Flag(section, item_id, "provision_without_need", f"{name} is not linked to a need"))
    if not row["outcome_ids"]:
        flags.append(Flag(section, item_id, "provision_without_outcome", f"{name} is not linked to an outcome"))
    return flags


def quality_flags(document: Document, template: PlanTemplate | None = None) -> list[Flag]:
    """Every flag on the plan, in plan order."""
    template = template or template_of(document)
    flags: list[Flag] = []
    a = document["section_a"]
    words = word_count(a["history"], a["communication"])
    if words > template.a1_max_words:
        flags.append(
            Flag(
                "a1",
                "",
                "a1_too_long",
                f"Section A1 has {words} words: it must be {template.a1_max_words} words or fewer",
            )
        )
    served_needs = {need_id for row in document["provision"] for need_id in row["need_ids"]}
    answered_needs = {need_id for row in document["outcomes"] for need_id in row["need_ids"]}
    for section_key in template.need_sections:
        areas = template.areas_in(section_key)
        for area in areas:
            has_needs = any(need["area"] == area.key for need in document["needs"])
            if not has_needs and area.key not in document["no_identified_needs"]:
                flags.append(
                    Flag(
                        section_key,
                        "",
                        "area_not_completed",
                        f"{area.title}: add a need or say there are no identified needs in this area",
                    )
                )
    for need in document["needs"]:
        section_key = template.area(need["area"]).section
        name = label_of(need["id"])
        if need["id"] not in answered_needs:
            flags.append(Flag(section_key, need["id"], "need_without_outcome", f"{name} has no outcome linked to it"))
        if need["id"] not in served_needs:
            flags.append(
                Flag(section_key, need["id"], "need_without_provision", f"{name} has no provision linked to it")
            )
    provided = {outcome_id for row in document["provision"] for outcome_id in row["outcome_ids"]}
    for outcome in document["outcomes"]:
        name = label_of(outcome["id"])
        if outcome["id"] not in provided:
            flags.append(Flag("e", outcome["id"], "outcome_without_provision", f"{name} has no provision linked to it"))
        if not outcome["need_ids"]:
            flags.append(Flag("e", outcome["id"], "outcome_without_need", f"{name} is not linked to a need"))
    for row in document["provision"]:
        flags.extend(provision_flags(row, template))
    return flags


def final_problems(document: Document) -> list[Flag]:
    """What a final plan cannot be issued without (not flags: these cannot be overridden)."""
    problems = []
    placement = document["placement"]
    if not (placement["name"].strip() or placement["type"].strip()):
        problems.append(
            Flag("i", "", "placement_missing", "Enter the name or the type of the school or other setting in section I")
        )
    if not document["personal_details"]["name"].strip():
        problems.append(Flag("personal_details", "", "name_missing", "Enter the child or young person's name"))
    return problems
