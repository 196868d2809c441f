"""The national EHC plan template as versioned reference data.

Each template version is a JSON file beside this module (change-programme-1.json, ...). A plan records
the template id and version it was written in, so when the national areas of need change a new file is
added and every old plan still renders with the template it was written in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

CURRENT_TEMPLATE_ID = "dfe-change-programme"
CURRENT_TEMPLATE_VERSION = "1"
_FILES = {(CURRENT_TEMPLATE_ID, "1"): "change-programme-1.json"}


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    letter: str
    title: str
    summary: str

    @property
    def heading(self) -> str:
        return f"Section {self.letter}: {self.title}" if self.letter else self.title


@dataclass(frozen=True, slots=True)
class Area:
    """An area of need. The four areas of section B, and one area each for sections C and D."""

    key: str
    section: str
    title: str
    descriptor: str
    no_need: str


@dataclass(frozen=True, slots=True)
class Choice:
    key: str
    label: str


@dataclass(frozen=True, slots=True)
class AdviceRow:
    kind: str
    label: str
    regulation: str


@dataclass(frozen=True, slots=True)
class VaguePhrase:
    pattern: str
    why: str


@dataclass(frozen=True, slots=True)
class PlanTemplate:
    id: str
    version: str
    title: str
    a1_max_words: int
    sections: tuple[Section, ...]
    areas: tuple[Area, ...]
    provision_sections: dict[str, tuple[str, ...]]  # provision section -> the need sections it answers
    frequency_periods: tuple[Choice, ...]
    attendance_patterns: tuple[Choice, ...]
    advice_rows: tuple[AdviceRow, ...]
    vague_phrases: tuple[VaguePhrase, ...]

    def section(self, key: str) -> Section:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    def has_section(self, key: str) -> bool:
        return any(section.key == key for section in self.sections)

    def area(self, key: str) -> Area:
        for area in self.areas:
            if area.key == key:
                return area
        raise KeyError(key)

    def areas_in(self, section_key: str) -> tuple[Area, ...]:
        return tuple(area for area in self.areas if area.section == section_key)

    @property
    def need_sections(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(area.section for area in self.areas))

    @property
    def period_labels(self) -> dict[str, str]:
        return {choice.key: choice.label for choice in self.frequency_periods}

    @property
    def attendance_labels(self) -> dict[str, str]:
        return {choice.key: choice.label for choice in self.attendance_patterns}

    def advice_label(self, kind: str) -> str:
        for row in self.advice_rows:
            if row.kind == kind:
                return row.label
        return kind.replace("_", " ").capitalize()


def _choices(rows: list[dict[str, str]]) -> tuple[Choice, ...]:
    return tuple(Choice(row["key"], row["label"]) for row in rows)


def _parse(raw: dict[str, Any]) -> PlanTemplate:
    return PlanTemplate(
        id=raw["id"],
        version=raw["version"],
        title=raw["title"],
        a1_max_words=int(raw["a1_max_words"]),
        sections=tuple(Section(**row) for row in raw["sections"]),
        areas=tuple(Area(**row) for row in raw["areas"]),
        provision_sections={key: tuple(value) for key, value in raw["provision_sections"].items()},
        frequency_periods=_choices(raw["frequency_periods"]),
        attendance_patterns=_choices(raw["attendance_patterns"]),
        advice_rows=tuple(AdviceRow(**row) for row in raw["advice_rows"]),
        vague_phrases=tuple(VaguePhrase(**row) for row in raw["vague_phrases"]),
    )


@cache
def plan_template(template_id: str = CURRENT_TEMPLATE_ID, version: str = CURRENT_TEMPLATE_VERSION) -> PlanTemplate:
    """The template a plan was written in. Raises KeyError for a template this service does not hold."""
    name = _FILES[(template_id, version)]
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return _parse(json.loads(text))


def template_of(document: dict[str, Any]) -> PlanTemplate:
    written_in = document.get("template") or {}
    return plan_template(written_in.get("id", CURRENT_TEMPLATE_ID), written_in.get("version", CURRENT_TEMPLATE_VERSION))
