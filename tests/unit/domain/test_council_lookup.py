"""The postcode-and-town to council lookup (issue 16 item 7): a pure function over a small lookup, and
the shipped file it is built from."""

import csv
import json

import pytest

from service.config import REPO_ROOT
from service.domain.council_lookup import (
    CouncilLookup,
    find_councils,
    find_for_address,
    normalise_postcode,
    normalise_town,
    place_problem,
    usable,
)

LOOKUP = CouncilLookup(
    districts={"ME14": ["886"], "ME1": ["887", "886"], "SE9": ["203", "305"]},
    sectors={"ME1 2": ["887"], "ME1 3": ["887", "886"]},
    towns={"ashford": ["886", "936"], "st helens": ["342"], "london": [str(n) for n in range(201, 214)]},
)


@pytest.mark.parametrize(
    ("place", "codes", "by"),
    [
        ("ME14 1XX", ("886",), "postcode"),
        ("me141xx", ("886",), "postcode"),
        ("ME14", ("886",), "postcode"),  # an outward code alone
        ("ME1 2AB", ("887",), "postcode"),  # the sector settles a district that spans councils
        ("ME1 3AB", ("887", "886"), "postcode"),
        ("ME1 9AB", ("887", "886"), "postcode"),  # a sector not in the lookup: its district
        ("SE9 1AA", ("203", "305"), "postcode"),
        ("Ashford", ("886", "936"), "town"),
        ("St. Helens", ("342",), "town"),
        ("  st helens ", ("342",), "town"),
        ("ZE9 9ZZ", (), ""),
        ("Atlantis", (), ""),
        ("ME99 9ZZZ", (), ""),  # not a postcode at all
    ],
)
def test_find_councils(place, codes, by):
    found = find_councils(LOOKUP, place)
    assert found.codes == codes and found.by == by


def test_the_address_postcode_comes_first_then_its_town():
    assert find_for_address(LOOKUP, "ME14 1XX", "Ashford").codes == ("886",)
    assert find_for_address(LOOKUP, "ZE9 9ZZ", "Ashford").codes == ("886", "936")
    assert find_for_address(LOOKUP, "ZE9 9ZZ", "Atlantis").codes == ()


def test_too_many_councils_is_no_help():
    assert usable(find_councils(LOOKUP, "Ashford"))
    assert not usable(find_councils(LOOKUP, "London"))
    assert not usable(find_councils(LOOKUP, "Atlantis"))


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("ME14 1XX", None),
        ("ME14", None),
        ("Tunbridge Wells", None),
        ("Stoke-on-Trent", None),
        ("", "Enter their postcode or town"),
        ("ME14 1X", "Enter a real postcode, like ME14 1XX, or the name of their town"),
        ("1234", "Enter a real postcode, like ME14 1XX, or the name of their town"),
        ("Leeds\u202e", "Postcode or town must only include letters, numbers, spaces, hyphens and apostrophes"),
        ("<script>", "Postcode or town must only include letters, numbers, spaces, hyphens and apostrophes"),
        ("x" * 101, "Postcode or town must be 100 characters or fewer"),
    ],
)
def test_place_problem(typed, problem):
    assert place_problem(typed) == problem


def test_normalising():
    assert normalise_postcode("me1 2ab") == ("ME1", "ME1 2")
    assert normalise_postcode("ME14") == ("ME14", "")
    assert normalise_town("Stoke-on-Trent") == "stoke on trent"
    assert normalise_town("King’s Lynn") == "kings lynn"


def test_the_shipped_lookup_names_only_the_153_councils_and_finds_kent_and_leeds():
    data = json.loads((REPO_ROOT / "data" / "council-lookup.json").read_text(encoding="utf-8"))
    with (REPO_ROOT / "data" / "local-authorities.csv").open(encoding="utf-8") as handle:
        councils = {row["old_la_code"] for row in csv.DictReader(handle)}
    used = {code for part in ("districts", "sectors", "towns") for codes in data[part].values() for code in codes}
    assert used <= councils and len(used) == 153
    shipped = CouncilLookup(data["districts"], data["sectors"], data["towns"])
    assert find_councils(shipped, "ME14 1XX").codes == ("886",)
    assert find_councils(shipped, "LS1 4AP").codes == ("383",)
    assert "Open Government Licence v3.0" in data["source"]


def test_every_council_has_the_name_it_is_known_by():
    with (REPO_ROOT / "data" / "council-names.csv").open(encoding="utf-8") as handle:
        names = {row["old_la_code"]: row["council_name"] for row in csv.DictReader(handle)}
    assert len(names) == 153
    assert names["886"] == "Kent County Council" and names["383"] == "Leeds City Council"
    assert names["202"] == "London Borough of Camden" and names["203"] == "Royal Borough of Greenwich"
    assert names["908"] == "Cornwall Council" and names["201"] == "City of London Corporation"
    assert all(
        name.endswith(("Council", "Corporation"))
        or name.startswith(("London Borough of", "Royal Borough of", "Council of"))
        for name in names.values()
    )
