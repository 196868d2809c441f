"""A plan document read section by section, as labelled text: what the web page, the PDF and the
comparison of two versions all show. Each section is a list of entries (the section's own fields, or
one need, outcome or provision item), each entry a list of (label, text) fields, in template order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from service.domain.dates import format_govuk_date
from service.domain.ehcp.document import (
    Document,
    describe_frequency,
    describe_minutes,
    describe_ratio,
    label_of,
    needs_in,
    provision_in,
)
from service.domain.ehcp.template import PlanTemplate, Section, template_of

NOT_GIVEN = ""
Reader = Callable[[Document, PlanTemplate], list["Entry"]]


@dataclass(frozen=True, slots=True)
class Entry:
    key: str  # stable across versions: a field group's name, or an item id
    title: str
    fields: tuple[tuple[str, str], ...]
    item_id: str = ""  # the need, outcome or provision id, when the entry is one


@dataclass(frozen=True, slots=True)
class SectionView:
    section: Section
    entries: tuple[Entry, ...]


def _date(value: str | None) -> str:
    return format_govuk_date(date.fromisoformat(value)) if value else NOT_GIVEN


def _yes_no(value: bool | None) -> str:
    if value is None:
        return NOT_GIVEN
    return "Yes" if value else "No"


def _names(document: Document, ids: list[str]) -> str:
    return ", ".join(label_of(item_id) for item_id in ids)


def _personal(document: Document, template: PlanTemplate) -> list[Entry]:
    p = document["personal_details"]
    entries = [
        Entry(
            "details",
            "The child or young person",
            (
                ("Name", p["name"]),
                ("Preferred name", p["preferred_name"]),
                ("Date of birth", _date(p["date_of_birth"])),
                ("Sex", p["sex"]),
                ("Ethnicity", p["ethnicity"]),
                ("First language or method of communication", p["first_language"]),
                ("Parent or carer's first language", p["parent_first_language"]),
                ("NHS number", p["nhs_number"]),
                ("Unique pupil number (UPN)", p["upn"]),
            ),
        )
    ]
    for index, contact in enumerate(p["contacts"], start=1):
        title = "Main contact" if contact["main_contact"] else f"Contact {index}"
        entries.append(
            Entry(
                f"contact-{index}",
                title,
                (
                    ("Name", contact["name"]),
                    ("Relationship", contact["relationship"]),
                    ("Email", contact["email"]),
                    ("Telephone", contact["telephone"]),
                    ("Address", contact["address"]),
                ),
            )
        )
    return entries


def _services(document: Document, template: PlanTemplate) -> list[Entry]:
    s = document["services"]
    setting = s["setting"] + (f" (URN {s['setting_urn']})" if s["setting_urn"] else "")
    return [
        Entry(
            "services",
            "Services involved",
            (
                ("Education setting", setting),
                ("GP or key health professional", s["health"]),
                ("Known to social care", _yes_no(s["known_to_social_care"])),
                ("Other professionals involved", "\n".join(s["other_professionals"])),
                ("Looked after now", _yes_no(s["looked_after"])),
                ("Looked after before", _yes_no(s["previously_looked_after"])),
                ("Moved in with a plan from another council", s["moved_from_local_authority"]),
            ),
        )
    ]


def _a1(document: Document, template: PlanTemplate) -> list[Entry]:
    a = document["section_a"]
    return [
        Entry(
            "a1", "History and communication", (("History", a["history"]), ("How to communicate", a["communication"]))
        )
    ]


def _a2(document: Document, template: PlanTemplate) -> list[Entry]:
    a = document["section_a"]
    return [
        Entry(
            "a2",
            "Views, interests, strengths and aspirations",
            (
                ("The child or young person's views", a["child_views"]),
                ("The family's views", a["family_views"]),
                ("Interests", a["interests"]),
                ("Strengths", a["strengths"]),
                ("Aspirations", a["aspirations"]),
                ("How these views were gathered", a["how_gathered"]),
            ),
        )
    ]


def _needs(section_key: str) -> Reader:
    def entries(document: Document, template: PlanTemplate) -> list[Entry]:
        found = []
        needs = needs_in(document, template, section_key)
        for area in template.areas_in(section_key):
            if area.key in document["no_identified_needs"]:
                found.append(Entry(f"no-need-{area.key}", area.title, (("Needs", area.no_need),)))
            for need in (n for n in needs if n["area"] == area.key):
                found.append(
                    Entry(
                        need["id"],
                        f"{label_of(need['id'])}: {area.title}",
                        (("Need", need["description"]), ("Impact", need["impact"])),
                        item_id=need["id"],
                    )
                )
        return found

    return entries


def _outcomes(document: Document, template: PlanTemplate) -> list[Entry]:
    return [
        Entry(
            outcome["id"],
            label_of(outcome["id"]),
            (
                ("Outcome", outcome["statement"]),
                ("How we will know", outcome["measure"]),
                ("By when", outcome["by_when"]),
                ("Needs it answers", _names(document, outcome["need_ids"])),
            ),
            item_id=outcome["id"],
        )
        for outcome in document["outcomes"]
    ]


def provision_fields(document: Document, row: dict[str, Any], template: PlanTemplate) -> tuple[tuple[str, str], ...]:
    who = row["who"] + (f" ({row['qualification']})" if row["qualification"] else "")
    fields = [
        ("What the support is", row["what"]),
        ("Who provides it", who),
        ("Staff to child ratio", describe_ratio(row["ratio"])),
        ("How often", describe_frequency(row["frequency"], template)),
        ("How long each time", describe_minutes(row["minutes"])),
    ]
    if row["section"] == "g":
        fields.append(("Agreed by", row.get("agreed_by", "")))
    fields += [
        ("Needs it meets", _names(document, row["need_ids"])),
        ("Outcomes it supports", _names(document, row["outcome_ids"])),
    ]
    return tuple(fields)


def _provision(section_key: str) -> Reader:
    def entries(document: Document, template: PlanTemplate) -> list[Entry]:
        return [
            Entry(row["id"], label_of(row["id"]), provision_fields(document, row, template), item_id=row["id"])
            for row in provision_in(document, section_key)
        ]

    return entries


def _placement(document: Document, template: PlanTemplate) -> list[Entry]:
    p = document["placement"]
    if document["plan"]["status"] == "draft":
        return [
            Entry("placement", "Placement", (("Setting", "A draft plan does not name a school or other setting."),))
        ]
    name = p["name"] + (f" (URN {p['urn']})" if p["urn"] else "")
    return [
        Entry(
            "placement",
            "Placement",
            (
                ("Name of the setting", name),
                ("Type of setting", p["type"]),
                ("Attendance", template.attendance_labels.get(p["attendance"], "")),
            ),
        )
    ]


def _budget(document: Document, template: PlanTemplate) -> list[Entry]:
    j = document["personal_budget"]
    return [
        Entry(
            "personal_budget",
            "Personal budget",
            (
                ("Details", j["details"]),
                ("Arrangements for direct payments", j["arrangements"]),
                ("Needs it meets", _names(document, j["need_ids"])),
                ("Outcomes it supports", _names(document, j["outcome_ids"])),
            ),
        )
    ]


def _advice(document: Document, template: PlanTemplate) -> list[Entry]:
    return [
        Entry(
            f"advice-{index}",
            template.advice_label(row["kind"]),
            (
                ("Who from", row["who"]),
                ("Date requested", _date(row["requested_on"])),
                ("Date received", _date(row["received_on"]) or "Not received yet"),
                ("Appended", "Yes" if row["appended"] else "No"),
            ),
        )
        for index, row in enumerate(document["advice"], start=1)
    ]


def _sign_off(document: Document, template: PlanTemplate) -> list[Entry]:
    s = document["sign_off"]
    return [Entry("sign_off", "Sign-off", (("Council officer", s["officer"]), ("Date", _date(s["date"]))))]


READERS = {
    "personal_details": _personal,
    "services": _services,
    "a1": _a1,
    "a2": _a2,
    "b": _needs("b"),
    "c": _needs("c"),
    "d": _needs("d"),
    "e": _outcomes,
    "f": _provision("f"),
    "g": _provision("g"),
    "h1": _provision("h1"),
    "h2": _provision("h2"),
    "i": _placement,
    "j": _budget,
    "k": _advice,
    "sign_off": _sign_off,
}


def section_view(document: Document, section_key: str, template: PlanTemplate | None = None) -> SectionView:
    template = template or template_of(document)
    return SectionView(template.section(section_key), tuple(READERS[section_key](document, template)))


def plan_sections(document: Document) -> list[SectionView]:
    """Every section of the plan in template order (the template the plan was written in)."""
    template = template_of(document)
    return [section_view(document, section.key, template) for section in template.sections]
