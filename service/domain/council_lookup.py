"""Which council a family lives in, from a postcode or a town (issue 16 item 7).

The lookup is built from DfE's register of schools (GIAS): each open establishment's postcode and town,
and the local authority (old DfE code) it belongs to. A postcode district ("ME14") or town that the
register places in more than one council gives each of them, most establishments first, for the family
to choose from; the family always confirms. Nothing here is certain: it is a suggestion, and the full
list of councils is always the fallback.

Lookup data (scripts/build_council_lookup.py writes data/council-lookup.json):
- districts: outward code -> council codes;
- sectors: "ME1 2" -> council codes, only for districts that span councils (a closer answer);
- towns: normalised town -> council codes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# A full UK postcode (the same rule as the request journey's address page), or only its outward code.
FULL_POSTCODE = re.compile(r"^(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})$", re.IGNORECASE)
OUTWARD_CODE = re.compile(r"^[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?$", re.IGNORECASE)
TOWN = re.compile(r"^[^\W\d_][\w .,'’&()-]*$")
MAX_CANDIDATES = 6  # more councils than this (a town such as London) is no help: the full list instead
MAX_PLACE = 100


@dataclass(frozen=True)
class CouncilLookup:
    districts: Mapping[str, Sequence[str]]
    sectors: Mapping[str, Sequence[str]]
    towns: Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class Found:
    """The councils a place may be in, most likely first; `by` says what matched ("postcode" or "town")."""

    codes: tuple[str, ...]
    by: str = ""

    @property
    def single(self) -> str | None:
        return self.codes[0] if len(self.codes) == 1 else None


NOTHING = Found(())


def has_control_characters(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cf") for ch in text)


def looks_like_postcode(text: str) -> bool:
    """Anything with a digit is taken for a postcode (no town in England has a digit in its name)."""
    return any(ch.isdigit() for ch in text)


def place_problem(text: str) -> str | None:
    """Why what the family typed cannot be looked up (None if it can): a GOV.UK error message."""
    value = (text or "").strip()
    if not value:
        return "Enter their postcode or town"
    if has_control_characters(value):
        return "Postcode or town must only include letters, numbers, spaces, hyphens and apostrophes"
    if len(value) > MAX_PLACE:
        return f"Postcode or town must be {MAX_PLACE} characters or fewer"
    if looks_like_postcode(value):
        compact = value.replace(" ", "")
        if not (FULL_POSTCODE.match(value) or FULL_POSTCODE.match(compact) or OUTWARD_CODE.match(compact)):
            return "Enter a real postcode, like ME14 1XX, or the name of their town"
        return None
    if not TOWN.match(value):
        return "Postcode or town must only include letters, numbers, spaces, hyphens and apostrophes"
    return None


def normalise_postcode(text: str) -> tuple[str, str]:
    """(district, sector) of a postcode: "me14 1xx" -> ("ME14", "ME14 1"); an outward code alone has no
    sector."""
    compact = (text or "").replace(" ", "").upper()
    if FULL_POSTCODE.match(compact):
        outward = compact[:-3]
        return outward, f"{outward} {compact[-3]}"
    return compact, ""


def normalise_town(text: str) -> str:
    """Lower case, without accents, dots, apostrophes or hyphens: "St. Helens" -> "st helens"."""
    plain = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    plain = plain.replace("&", " and ")
    plain = re.sub(r"[.'’]", "", plain)
    plain = re.sub(r"[^a-z0-9]+", " ", plain)
    return plain.strip()


def find_councils(lookup: CouncilLookup, place: str) -> Found:
    """The councils a postcode (or outward code) or a town may be in. A postcode is looked up by its sector
    where its district spans councils, then by its district; a town by its name."""
    value = (place or "").strip()
    if not value or place_problem(value) is not None:
        return NOTHING
    if looks_like_postcode(value):
        district, sector = normalise_postcode(value)
        codes = tuple(lookup.sectors.get(sector, ())) or tuple(lookup.districts.get(district, ()))
        return Found(codes, "postcode") if codes else NOTHING
    codes = tuple(lookup.towns.get(normalise_town(value), ()))
    return Found(codes, "town") if codes else NOTHING


def find_for_address(lookup: CouncilLookup, postcode: str, town: str) -> Found:
    """From the child's home address: the postcode first, then the town if the postcode finds nothing."""
    found = find_councils(lookup, postcode)
    return found if found.codes else find_councils(lookup, town)


def usable(found: Found) -> bool:
    """Worth offering: at least one council and not so many that the full list is easier."""
    return 0 < len(found.codes) <= MAX_CANDIDATES
