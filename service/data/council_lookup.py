"""The shipped postcode-and-town to council lookup (data/council-lookup.json), read once per process."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from service.config import REPO_ROOT
from service.domain.council_lookup import CouncilLookup, Found, find_councils, find_for_address

LOOKUP_FILE = REPO_ROOT / "data" / "council-lookup.json"


@cache
def council_lookup(path: Path = LOOKUP_FILE) -> CouncilLookup:
    data = json.loads(path.read_text(encoding="utf-8"))
    return CouncilLookup(districts=data["districts"], sectors=data["sectors"], towns=data["towns"])


def councils_for_place(place: str) -> Found:
    return find_councils(council_lookup(), place)


def councils_for_address(postcode: str, town: str) -> Found:
    return find_for_address(council_lookup(), postcode, town)


def councils_named(codes: tuple[str, ...]) -> list[tuple[str, str]]:
    """(id, the name it is known by) of each council with these DfE codes, in the order given."""
    from service.data.local_authorities import by_old_codes

    return [(str(la.id), la.display_name) for la in by_old_codes(codes)]
