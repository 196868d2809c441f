"""The settings register's pure rules: the GIAS column contract, one row's values, fingerprints, needs,
the search filters people type, and distances on the British National Grid."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from werkzeug.datastructures import MultiDict

from service.domain import settings as rules

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "gias-sample.csv"


def _row(urn: str = "118393") -> dict[str, str]:
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        return next(row for row in csv.DictReader(handle) if row["URN"] == urn)


def test_a_header_without_needed_columns_names_them_in_file_order():
    header = [c for c in rules.REQUIRED_COLUMNS if c not in ("Easting", "SEN3 (name)")]
    with pytest.raises(rules.MissingColumns) as error:
        rules.check_header(header)
    assert str(error.value) == "The file is missing columns: Easting, SEN3 (name)"
    assert error.value.missing == ["Easting", "SEN3 (name)"]
    rules.check_header(["\ufeffURN", *rules.REQUIRED_COLUMNS[1:], "Extra column"])  # a BOM and extras are fine


def test_a_row_becomes_typed_values():
    values = rules.parse_row(_row())
    assert values["urn"] == 118393 and values["name"] == "River Primary School"
    assert (values["low_age"], values["high_age"], values["capacity"], values["pupils"]) == (4, 11, 427, 394)
    assert values["sen_needs"] == "|SLCN|" and values["resourced_provision"] == "Resourced provision"
    assert values["section41"] is False and values["opened_on"] is None
    assert values["last_changed_on"] == date(2025, 7, 8)
    assert (values["easting"], values["northing"]) == (629160, 143403)
    assert rules.parse_row(_row("147958"))["section41"] is True


def test_several_needs_keep_one_order_and_not_applicable_is_no_need():
    row = {
        **_row(),
        "SEN1 (name)": "SLD - Severe Learning Difficulty",
        "SEN2 (name)": "ASD - Autistic Spectrum Disorder",
    }
    row["SEN3 (name)"] = "Not Applicable"
    assert rules.parse_row(row)["sen_needs"] == "|ASD|SLD|"
    assert rules.needs_of("|ASD|SLD|") == ["ASD", "SLD"]
    assert rules.needs_text([]) == ""
    assert rules.NEEDS["ASD"] == "Autistic spectrum disorder"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18-07-2025", date(2025, 7, 18)),
        ("", None),
        ("31-02-2025", None),
        ("2025-07-18", None),
        ("1-1-2000", date(2000, 1, 1)),
    ],
)
def test_gias_dates_are_day_month_year(text, expected):
    assert rules.parse_gias_date(text) == expected


def test_the_fingerprint_changes_with_any_loaded_value():
    values = rules.parse_row(_row())
    same = rules.parse_row(_row())
    assert values["fingerprint"] == same["fingerprint"] and len(values["fingerprint"]) == 64
    changed = rules.parse_row({**_row(), "ResourcedProvisionOnRoll": "13"})
    assert changed["fingerprint"] != values["fingerprint"]


def test_a_correction_overrides_only_correctable_fields():
    national = rules.parse_row(_row())
    copy = rules.corrected(national, {"rp_capacity": 16, "urn": 1, "la_code": "999"})
    assert copy["rp_capacity"] == 16 and copy["urn"] == 118393 and copy["la_code"] == "886"


def test_distance_in_miles():
    assert rules.distance_miles(0, 0, 3000, 4000) == pytest.approx(5000 / 1609.344)
    assert rules.distance_miles(629160, 143403, 629160, 143403) == 0


def _parse(**args):
    return rules.parse_filters(MultiDict(args))


def test_filters_from_a_query_string():
    parsed = rules.parse_filters(
        MultiDict(
            [
                ("name", "  river "),
                ("urn", "118393"),
                ("phase", "Primary"),
                ("phase", "Nonsense"),
                ("age", "7"),
                ("type", "Special schools"),
                ("need", "ASD"),
                ("need", "XYZ"),
                ("provision", "unit"),
                ("capacity", "10"),
                ("places_free", "yes"),
                ("s41", "yes"),
                ("area", "yes"),
                ("near", "118393"),
                ("miles", "5"),
                ("page", "3"),
            ]
        )
    )
    assert parsed.errors == []
    f = parsed.filters
    assert (f.name, f.urn, f.phases, f.age, f.type, f.needs, f.provisions) == (
        "river",
        118393,
        ("Primary",),
        7,
        "Special schools",
        ("ASD",),
        ("unit",),
    )
    assert (f.min_capacity, f.places_free, f.section41, f.in_area, f.near_urn, f.within_miles, f.page) == (
        10,
        True,
        True,
        True,
        118393,
        5,
        3,
    )
    assert _parse().filters.is_empty and not f.is_empty


@pytest.mark.parametrize(
    ("args", "name", "text"),
    [
        ({"urn": "11839x"}, "urn", "Enter a URN of 6 or 7 digits, like 118393"),
        ({"urn": "12345"}, "urn", "Enter a URN of 6 or 7 digits, like 118393"),
        ({"age": "26"}, "age", "Enter an age from 0 to 25"),
        ({"age": "-1"}, "age", "Enter an age from 0 to 25"),
        ({"miles": "3", "near": "118393"}, "miles", "Select a distance from the list"),
        ({"miles": "5"}, "near", "Enter the URN of the setting to measure the distance from"),
        ({"near": "abc"}, "near", "Enter the URN of the setting to measure from, 6 or 7 digits"),
        ({"capacity": "lots"}, "capacity", "Minimum capacity must be a whole number from 0 to 100,000"),
    ],
)
def test_bad_filter_values_get_an_error_and_are_left_out(args, name, text):
    parsed = _parse(**args, phase="Primary")
    assert [(e.name, e.text) for e in parsed.errors] == [(name, text)]
    assert parsed.filters.phases == ("Primary",)
    assert getattr(parsed.filters, {"urn": "urn", "age": "age", "capacity": "min_capacity"}.get(name, "urn")) is None


def test_a_default_near_urn_is_used_unless_one_is_given():
    assert rules.parse_filters(MultiDict(), default_near=118393).filters.near_urn == 118393
    assert rules.parse_filters(MultiDict({"near": "137795"}), default_near=118393).filters.near_urn == 137795
    assert rules.parse_filters(MultiDict({"near": ""}), default_near=118393).filters.near_urn is None


@pytest.mark.parametrize(("page", "expected"), [("", 1), ("0", 1), ("abc", 1), ("2", 2), ("99999999", rules.MAX_PAGE)])
def test_page_numbers(page, expected):
    assert _parse(page=page).filters.page == expected


def test_a_name_loses_control_characters():
    assert _parse(name="riv\x00er\u202e").filters.name == "river"
