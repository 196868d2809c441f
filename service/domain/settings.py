"""The register of settings, in plain terms: DfE's Get Information about Schools (GIAS) columns the
loader needs, one GIAS row as a setting's values, the fingerprint that says whether a row changed, the
types of need in plain English, the search filters a person asks for (checked), and distances between
two British National Grid points. Pure: no files, no database, no clock.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

# The GIAS column each loaded value comes from (the names in GIAS's "all establishment data" export).
COLUMNS: Mapping[str, str] = {
    "urn": "URN",
    "la_code": "LA (code)",
    "la_name": "LA (name)",
    "name": "EstablishmentName",
    "type_name": "TypeOfEstablishment (name)",
    "type_group": "EstablishmentTypeGroup (name)",
    "status": "EstablishmentStatus (name)",
    "opened_on": "OpenDate",
    "phase": "PhaseOfEducation (name)",
    "low_age": "StatutoryLowAge",
    "high_age": "StatutoryHighAge",
    "gender": "Gender (name)",
    "boarders": "Boarders (name)",
    "sixth_form": "OfficialSixthForm (name)",
    "capacity": "SchoolCapacity",
    "pupils": "NumberOfPupils",
    "ukprn": "UKPRN",
    "street": "Street",
    "locality": "Locality",
    "address3": "Address3",
    "town": "Town",
    "postcode": "Postcode",
    "website": "SchoolWebsite",
    "telephone": "TelephoneNum",
    "section41": "Section41Approved (name)",
    "resourced_provision": "TypeOfResourcedProvision (name)",
    "rp_on_roll": "ResourcedProvisionOnRoll",
    "rp_capacity": "ResourcedProvisionCapacity",
    "unit_on_roll": "SenUnitOnRoll",
    "unit_capacity": "SenUnitCapacity",
    "ehc_pupils": "SENStat",
    "easting": "Easting",
    "northing": "Northing",
    "last_changed_on": "LastChangedDate",
}
SEN_COLUMNS = tuple(f"SEN{n} (name)" for n in range(1, 14))
REQUIRED_COLUMNS: tuple[str, ...] = (*COLUMNS.values(), *SEN_COLUMNS)

INTS = frozenset(
    {
        "urn",
        "low_age",
        "high_age",
        "capacity",
        "pupils",
        "rp_on_roll",
        "rp_capacity",
        "unit_on_roll",
        "unit_capacity",
        "ehc_pupils",
        "easting",
        "northing",
    }
)
DATES = frozenset({"opened_on", "last_changed_on"})
# The database's limits on text (service/models/setting.py), so an odd row cannot fail the load.
LENGTHS: Mapping[str, int] = {
    "name": 200,
    "la_code": 3,
    "la_name": 100,
    "type_name": 100,
    "type_group": 100,
    "phase": 40,
    "gender": 20,
    "boarders": 60,
    "sixth_form": 60,
    "ukprn": 12,
    "street": 200,
    "locality": 200,
    "address3": 200,
    "town": 100,
    "postcode": 10,
    "website": 300,
    "telephone": 40,
    "resourced_provision": 60,
    "status": 40,
}

# GIAS's SEN codes (the part of "ASD - Autistic Spectrum Disorder" before " - ") in plain English.
NEEDS: Mapping[str, str] = {
    "ASD": "Autistic spectrum disorder",
    "SLCN": "Speech, language and communication needs",
    "SEMH": "Social, emotional and mental health",
    "MLD": "Moderate learning difficulty",
    "SLD": "Severe learning difficulty",
    "PMLD": "Profound and multiple learning difficulty",
    "SpLD": "Specific learning difficulty",
    "HI": "Hearing impairment",
    "VI": "Visual impairment",
    "MSI": "Multi-sensory impairment",
    "PD": "Physical disability",
    "OTH": "Other difficulty or disability",
}
RESOURCED_PROVISION = "Resourced provision"
SEN_UNIT = "SEN unit"
BOTH = "Resourced provision and SEN unit"
PROVISION_TYPES = ("", "Not applicable", RESOURCED_PROVISION, SEN_UNIT, BOTH)
PROVISIONS: Mapping[str, str] = {"resourced": "Resourced provision", "unit": "SEN unit"}
PHASES = (
    "Nursery",
    "Primary",
    "Middle deemed primary",
    "Middle deemed secondary",
    "Secondary",
    "All-through",
    "16 plus",
    "Not applicable",
)
TYPE_GROUPS = (
    "Special schools",
    "Local authority maintained schools",
    "Academies",
    "Free Schools",
    "Independent schools",
    "Colleges",
    "Universities",
    "Other types",
    "Online provider",
    "Welsh schools",
)
MILES = (1, 2, 5, 10, 20)
METRES_PER_MILE = 1609.344
MAX_AGE = 25
MAX_NUMBER = 100_000
CLOSED = "Closed"
# The values a council may correct (and give a setting it adds), besides GIAS's own.
CORRECTABLE = (
    "name",
    "phase",
    "low_age",
    "high_age",
    "sen_needs",
    "resourced_provision",
    "capacity",
    "pupils",
    "rp_capacity",
    "rp_on_roll",
    "unit_capacity",
    "unit_on_roll",
    "section41",
    "telephone",
    "website",
    "local_offer",
)


class MissingColumns(ValueError):
    """A GIAS file whose header lacks columns the loader needs: nothing is loaded."""

    def __init__(self, missing: list[str]) -> None:
        self.missing = missing
        super().__init__(f"The file is missing columns: {', '.join(missing)}")


def check_header(header: Iterable[str]) -> None:
    present = {name.strip().lstrip("\ufeff") for name in header}
    missing = [name for name in REQUIRED_COLUMNS if name not in present]
    if missing:
        raise MissingColumns(missing)


def _int(value: str) -> int | None:
    value = value.strip()
    return int(value) if value.isascii() and value.isdigit() else None


def parse_gias_date(value: str) -> date | None:
    """A GIAS date, dd-mm-yyyy; None when empty or not a real date."""
    parts = value.strip().split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    try:
        return date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        return None


def need_code(gias_name: str) -> str | None:
    """'ASD - Autistic Spectrum Disorder' -> 'ASD'; None for 'Not Applicable' or an unknown code."""
    code = gias_name.split(" - ", 1)[0].strip()
    return code if code in NEEDS else None


def needs_text(codes: Iterable[str]) -> str:
    """The stored form of a set of need codes: |ASD|SLCN| (in NEEDS's order), or '' for none."""
    chosen = set(codes)
    ordered = [code for code in NEEDS if code in chosen]
    return f"|{'|'.join(ordered)}|" if ordered else ""


def needs_of(text: str) -> list[str]:
    return [code for code in text.split("|") if code in NEEDS]


def parse_row(row: Mapping[str, str]) -> dict[str, Any]:
    """One GIAS row as a national Setting's values (fingerprint included)."""
    values: dict[str, Any] = {}
    for key, column in COLUMNS.items():
        raw = (row.get(column) or "").strip()
        if key in INTS:
            values[key] = _int(raw)
        elif key in DATES:
            values[key] = parse_gias_date(raw)
        elif key == "section41":
            values[key] = raw == "Approved"
        else:
            values[key] = raw[: LENGTHS.get(key, 200)]
    values["sen_needs"] = needs_text(c for c in (need_code(row.get(col) or "") for col in SEN_COLUMNS) if c)
    values["fingerprint"] = fingerprint(values)
    return values


def fingerprint(values: Mapping[str, Any]) -> str:
    """SHA-256 of the loaded values (not the fingerprint itself), to tell a changed row from an unchanged one."""
    loaded = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items() if k != "fingerprint"}
    return hashlib.sha256(json.dumps(loaded, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def corrected(national: Mapping[str, Any], fields: Mapping[str, Any]) -> dict[str, Any]:
    """A council's copy: the national values with the council's corrected fields over them."""
    return {**national, **{k: v for k, v in fields.items() if k in CORRECTABLE}}


def distance_miles(easting: int, northing: int, other_easting: int, other_northing: int) -> float:
    """Straight-line distance between two British National Grid points (metres), in miles."""
    return math.hypot(easting - other_easting, northing - other_northing) / METRES_PER_MILE


@dataclass(frozen=True)
class SettingFilters:
    """What a person asked the list of settings for. Empty values mean 'any'."""

    name: str = ""
    urn: int | None = None
    phases: tuple[str, ...] = ()
    age: int | None = None
    type: str = ""
    needs: tuple[str, ...] = ()
    provisions: tuple[str, ...] = ()  # "resourced", "unit": any of them
    min_capacity: int | None = None
    places_free: bool = False
    section41: bool = False
    in_area: bool = False
    near_urn: int | None = None
    within_miles: int | None = None
    include_closed: bool = False
    page: int = 1

    @property
    def is_empty(self) -> bool:
        return self == SettingFilters(page=self.page)


@dataclass(frozen=True)
class FilterError:
    name: str  # the parameter, e.g. "urn"; the page links the error to the input with that id
    text: str


@dataclass
class ParsedFilters:
    filters: SettingFilters
    errors: list[FilterError] = field(default_factory=list)


def _digits(value: str) -> bool:
    return value.isascii() and value.isdigit()


def valid_urn(value: str) -> bool:
    return _digits(value) and 6 <= len(value) <= 7


def _number(args: Any, name: str, label: str, errors: list[FilterError], high: int = MAX_NUMBER) -> int | None:
    raw = str(args.get(name, "") or "").strip()
    if not raw:
        return None
    if not _digits(raw) or int(raw[:7]) > high:
        errors.append(FilterError(name, f"{label} must be a whole number from 0 to {high:,}"))
        return None
    return int(raw)


MAX_PAGE = 10_000


def parse_filters(args: Any, *, default_near: int | None = None) -> ParsedFilters:
    """The filters a query string (`args`: werkzeug's MultiDict, with get and getlist) asks for. A value that cannot be used gets a GOV.UK error and is
    left out; the other filters still apply. `default_near`: the URN to measure from when none is given."""
    errors: list[FilterError] = []
    name = "".join(c for c in str(args.get("name", "") or "") if c.isprintable()).strip()[:100]  # no NUL for SQL
    urn_raw = str(args.get("urn", "") or "").strip()
    urn = None
    if urn_raw:
        if valid_urn(urn_raw):
            urn = int(urn_raw)
        else:
            errors.append(FilterError("urn", "Enter a URN of 6 or 7 digits, like 118393"))
    age_raw = str(args.get("age", "") or "").strip()
    age = None
    if age_raw:
        if _digits(age_raw) and len(age_raw) <= 2 and int(age_raw) <= MAX_AGE:
            age = int(age_raw)
        else:
            errors.append(FilterError("age", f"Enter an age from 0 to {MAX_AGE}"))
    near_raw = str(args.get("near", "") or "").strip()
    near = None if "near" in args and not near_raw else default_near  # near= (empty): no distance at all
    if near_raw:
        if valid_urn(near_raw):
            near = int(near_raw)
        else:
            errors.append(FilterError("near", "Enter the URN of the setting to measure from, 6 or 7 digits"))
            near = None
    miles_raw = str(args.get("miles", "") or "").strip()
    miles = None
    if miles_raw:
        if _digits(miles_raw) and len(miles_raw) <= 3 and int(miles_raw) in MILES:
            miles = int(miles_raw)
        else:
            errors.append(FilterError("miles", "Select a distance from the list"))
    if miles is not None and near is None and not near_raw:
        errors.append(FilterError("near", "Enter the URN of the setting to measure the distance from"))
    setting_type = str(args.get("type", "") or "").strip()
    page_raw = str(args.get("page", "") or "").strip()
    page = min(int(page_raw[:6]), MAX_PAGE) if _digits(page_raw) and page_raw[:6] != "0" * len(page_raw[:6]) else 1
    filters = SettingFilters(
        name=name,
        urn=urn,
        phases=tuple(p for p in PHASES if p in set(args.getlist("phase"))),
        age=age,
        type=setting_type if setting_type in TYPE_GROUPS else "",
        needs=tuple(c for c in NEEDS if c in set(args.getlist("need"))),
        provisions=tuple(p for p in PROVISIONS if p in set(args.getlist("provision"))),
        min_capacity=_number(args, "capacity", "Minimum capacity", errors),
        places_free=args.get("places_free") == "yes",
        section41=args.get("s41") == "yes",
        in_area=args.get("area") == "yes",
        near_urn=near,
        within_miles=miles,
        include_closed=args.get("closed") == "yes",
        page=max(page, 1),
    )
    return ParsedFilters(filters, errors)
