"""What changed between two versions of a plan, section by section.

Entries are matched by their stable key (an item id, or a field group's name), so a need that moved or
was reworded shows as changed, not as removed and added. Changed text is compared word by word; each
piece is marked inserted, deleted or unchanged, so a page can show it with <ins> and <del> and words
that say so, never by colour alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from service.domain.ehcp.document import Document
from service.domain.ehcp.sections import Entry, SectionView, plan_sections
from service.domain.ehcp.template import Section

Status = Literal["added", "removed", "changed"]
Op = Literal["same", "inserted", "deleted"]
TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True, slots=True)
class FieldChange:
    label: str
    pieces: tuple[tuple[Op, str], ...]
    changed: bool


@dataclass(frozen=True, slots=True)
class EntryChange:
    key: str
    title: str
    status: Status
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class SectionChange:
    section: Section
    entries: tuple[EntryChange, ...]


def word_diff(old: str, new: str) -> tuple[tuple[Op, str], ...]:
    """The new text as pieces: unchanged, inserted or deleted runs of words (whitespace kept)."""
    if old == new:
        return (("same", new),) if new else ()
    a, b = TOKENS.findall(old), TOKENS.findall(new)
    pieces: list[tuple[Op, str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(("same", "".join(a[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            pieces.append(("deleted", "".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            pieces.append(("inserted", "".join(b[j1:j2])))
    return tuple(piece for piece in pieces if piece[1])


def _whole(entry: Entry, op: Op) -> tuple[FieldChange, ...]:
    return tuple(FieldChange(label, ((op, text),) if text else (), bool(text)) for label, text in entry.fields)


def _entry_change(old: Entry, new: Entry) -> EntryChange | None:
    old_fields = dict(old.fields)
    new_labels = [label for label, _ in new.fields]
    labels = new_labels + [label for label in old_fields if label not in new_labels]
    new_fields = dict(new.fields)
    fields = tuple(
        FieldChange(
            label,
            word_diff(old_fields.get(label, ""), new_fields.get(label, "")),
            old_fields.get(label, "") != new_fields.get(label, ""),
        )
        for label in labels
    )
    if not any(field.changed for field in fields) and old.title == new.title:
        return None
    return EntryChange(new.key, new.title, "changed", fields)


def _section_change(old: SectionView, new: SectionView) -> SectionChange | None:
    old_entries = {entry.key: entry for entry in old.entries}
    new_keys = {entry.key for entry in new.entries}
    changes: list[EntryChange] = []
    for entry in new.entries:
        before = old_entries.get(entry.key)
        if before is None:
            changes.append(EntryChange(entry.key, entry.title, "added", _whole(entry, "inserted")))
        else:
            change = _entry_change(before, entry)
            if change:
                changes.append(change)
    for entry in old.entries:
        if entry.key not in new_keys:
            changes.append(EntryChange(entry.key, entry.title, "removed", _whole(entry, "deleted")))
    return SectionChange(new.section, tuple(changes)) if changes else None


def compare(old: Document, new: Document) -> list[SectionChange]:
    """The sections that changed from old to new, in the newer version's template order. Sections in
    only one of the two (a template change) compare against an empty section."""
    old_sections = {view.section.key: view for view in plan_sections(old)}
    found = []
    for view in plan_sections(new):
        before = old_sections.get(view.section.key, SectionView(view.section, ()))
        change = _section_change(before, view)
        if change:
            found.append(change)
    return found
