"""Text rules shared by the forms and the data layer: one way to normalise an email address, and which
characters no answer may hold.

Control characters (NUL above all: PostgreSQL refuses it in text) and Unicode's bidirectional
overrides (which make text display in a different order from how it is stored) are never typed on
purpose; tab and newline are fine where an answer spans lines.
"""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 controls and DEL, plus the bidirectional embedding, override and isolate characters.
_HIDDEN = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(rf"[\x00-\x1f\x7f-\x9f{_HIDDEN}]")
_CONTROL_EXCEPT_LINES = re.compile(rf"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_HIDDEN}]")


def normalise_email(value: str | None) -> str:
    """The one form of an email address the service stores and looks up: trimmed and lowercased."""
    return (value or "").strip().lower()


def has_control_characters(value: str | None, allow_lines: bool = False) -> bool:
    """True when `value` holds a control or bidirectional-override character (tab, CR and LF allowed
    when `allow_lines`)."""
    if not value:
        return False
    return (_CONTROL_EXCEPT_LINES if allow_lines else _CONTROL).search(value) is not None


def without_control_characters(value: str) -> str:
    """`value` with every control, bidirectional-override and other invisible format character removed."""
    return "".join(c for c in value if not _CONTROL.match(c) and unicodedata.category(c) != "Cf")
