"""DfE's published figures (data/dfe-ehcp-2025, "Education, health and care plans", reporting year 2025,
Open Government Licence v3.0), read once per process: the comparators of the council dashboard (England,
the council's region, similar councils), the national view's published columns and the public pages.

Every value is a float or None: DfE's codes ("x" unavailable, "z" not applicable, and any other
non-number) are None, "not available", never zero. Rates are shares from 0 to 1. Years are calendar years:
activity "in 2024"; snapshot counts "at January 2025" (DfE's academic year 2024/25) are year 2025.

Areas are keyed "E92000001" (England), a region code ("E12000008") or a council's DfE code ("886")."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from service.domain.figures import Measure

DATA = Path(__file__).resolve().parents[2] / "data" / "dfe-ehcp-2025"
ENGLAND = "E92000001"
SIMILAR_COUNT = 10

# Published measures: the live Measure where one matches, else a name of its own.
ACTIVE_PLANS_SETTING = "active_plans_setting"
ACTIVE_PLANS_AGE = "active_plans_age"
ACTIVE_PLANS_NEED = "active_plans_need"

SETTINGS = ("mainstream", "resourced", "special", "independent", "other")
AGE_BANDS = ("under 5", "5-10", "11-15", "16-19", "20-25")
NEEDS = ("ASD", "HI", "MLD", "MSI", "OTH", "PD", "PMLD", "SEMH", "SLCN", "SLD", "SPLD", "VI", "NSA")
_RESOURCED = (
    "mainstream_la_maintained_resourced_provision",
    "mainstream_la_maintained_senunit",
    "mainstream_academy_resourced_provision",
    "mainstream_academy_senunit",
    "mainstream_free_school_resourced_provision",
    "mainstream_free_school_senunit",
)


def number(cell: str | None) -> float | None:
    """A published cell as a number; DfE's suppression and other codes ("x", "z", "c", "low", "") are None."""
    if cell is None:
        return None
    try:
        value = float(cell.replace(",", ""))
    except ValueError:
        return None
    return value if value == value else None  # NaN is not a figure


def _share(part: float | None, whole: float | None) -> float | None:
    if part is None or whole is None or whole <= 0:
        return None
    return part / whole


def _sum(values: Iterable[float | None]) -> float | None:
    total = 0.0
    for v in values:
        if v is None:
            return None
        total += v
    return total


def _pc(cell: str | None) -> float | None:
    value = number(cell)
    return None if value is None else value / 100


def _year(time_period: str) -> int:
    """Calendar years as they are; an academic year "202425" is its January, 2025."""
    return int(time_period[:4]) + 1 if len(time_period) == 6 else int(time_period)


def age_band(breakdown: str) -> str | None:
    """DfE's single years of age ("under 3", "age 10") in the bands the dashboard shows."""
    if breakdown == "under 3":
        return "under 5"
    age = number(breakdown.removeprefix("age "))
    if age is None:
        return None
    for band, top in (("under 5", 4), ("5-10", 10), ("11-15", 15), ("16-19", 19), ("20-25", 25)):
        if age <= top:
            return band
    return None


@dataclass(frozen=True)
class Area:
    key: str
    name: str
    level: str  # national, regional or la
    region: str = ""  # a council's region name
    new_la_code: str = ""


@dataclass
class Published:
    areas: dict[str, Area] = field(default_factory=dict)
    # (measure, breakdown, area key) -> {year: value}
    values: dict[tuple[str, str, str], dict[int, float | None]] = field(default_factory=dict)

    def put(self, measure: str, breakdown: str, area: str, year: int, value: float | None) -> None:
        self.values.setdefault((measure, breakdown, area), {})[year] = value

    def series(self, measure: str, area: str, breakdown: str = "") -> dict[int, float | None]:
        return self.values.get((measure, breakdown, area), {})

    def value(self, measure: str, area: str, year: int, breakdown: str = "") -> float | None:
        return self.series(measure, area, breakdown).get(year)

    def years(self, measure: str, breakdown: str = "") -> list[int]:
        return sorted(set(self.series(measure, ENGLAND, breakdown)))

    def latest_year(self, measure: str, breakdown: str = "") -> int | None:
        years = self.years(measure, breakdown)
        return years[-1] if years else None

    def region_key(self, region_name: str) -> str | None:
        for area in self.areas.values():
            if area.level == "regional" and area.name == region_name:
                return area.key
        return None

    def councils(self) -> list[Area]:
        return sorted((a for a in self.areas.values() if a.level == "la"), key=lambda a: a.name)

    def similar_councils(self, key: str, count: int = SIMILAR_COUNT) -> list[str]:
        """The `count` councils of the same region whose active plans at January (the latest year) are
        nearest the council's own: "similar councils", transparently derived, not DfE's statistical
        neighbours (which this release does not include)."""
        area = self.areas.get(key)
        year = self.latest_year(Measure.ACTIVE_PLANS)
        if area is None or year is None:
            return []
        own = self.value(Measure.ACTIVE_PLANS, key, year)
        if own is None:
            return []
        candidates = []
        for other in self.councils():
            plans = self.value(Measure.ACTIVE_PLANS, other.key, year)
            if other.key != key and other.region == area.region and plans is not None:
                candidates.append((abs(plans - own), other.name, other.key))
        return [k for _, _, k in sorted(candidates)[:count]]

    def median_of(self, measure: str, keys: list[str], year: int, breakdown: str = "") -> float | None:
        """The median of the councils' values, ignoring those not available; None if none are."""
        known = sorted(v for k in keys if (v := self.value(measure, k, year, breakdown)) is not None)
        if not known:
            return None
        middle = len(known) // 2
        return known[middle] if len(known) % 2 else (known[middle - 1] + known[middle]) / 2


def _rows(name: str, directory: Path) -> list[dict[str, str]]:
    with open(directory / f"{name}.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _key(row: dict[str, str]) -> str | None:
    level = row["geographic_level"]
    if level == "National":
        return ENGLAND
    if level == "Regional":
        return row["region_code"]
    if level == "Local authority":
        return row["old_la_code"]
    return None


def load(directory: Path = DATA) -> Published:
    """Read the published files (once per process through `published()`; tests may load another folder)."""
    out = Published()

    def area(row: dict[str, str]) -> str | None:
        key = _key(row)
        if key is None:
            return None
        level = {"National": "national", "Regional": "regional"}.get(row["geographic_level"], "la")
        name = {"national": "England", "regional": row["region_name"]}.get(level, row["la_name"])
        current = out.areas.get(key)
        # Boundary changes: a code's newest row names it.
        if current is None or level == "la":
            out.areas[key] = Area(key, name, level, row["region_name"] if level == "la" else "", row["new_la_code"])
        return key

    for row in _rows("timeliness_20_week", directory):
        if (key := area(row)) is None:
            continue
        year = _year(row["time_period"])
        out.put(Measure.PLANS_ISSUED, "", key, year, number(row["plans_issued_den"]))
        out.put(Measure.PLANS_WITHIN_20_WEEKS, "", key, year, _pc(row["pc_plans_issued_within_20_weeks"]))
        out.put(Measure.PLANS_WITHIN_20_WEEKS_EXCL_EXCEPTIONS, "", key, year, _pc(row["PC_plans_issued_20_weeks_ex"]))
    for row in _rows("requests", directory):
        if (key := area(row)) is None:
            continue
        year = _year(row["time_period"])
        out.put(Measure.REQUESTS_RECEIVED, "", key, year, number(row["requests_received_in_year"]))
        out.put(Measure.REFUSALS_TO_ASSESS, "", key, year, _pc(row["request_not_assess_pc"]))
        out.put(Measure.DECISIONS_WITHIN_6_WEEKS, "", key, year, _pc(row["request_outcome_six_weeks_pc"]))
    ages: dict[tuple[str, int], dict[str, float | None]] = {}
    totals: dict[tuple[str, int], float | None] = {}
    for row in sorted(_rows("caseload", directory), key=lambda r: r["time_period"]):
        if (key := area(row)) is None:
            continue
        year = _year(row["time_period"])
        if row["breakdown_topic"] == "Child or young persons age":
            band = age_band(row["breakdown"])
            if band is not None:
                bands = ages.setdefault((key, year), dict.fromkeys(AGE_BANDS, 0.0))
                so_far, plans = bands[band], number(row["ehcplans"])
                bands[band] = None if so_far is None or plans is None else so_far + plans
            continue
        plans = number(row["ehcplans"])
        totals[(key, year)] = plans
        out.put(Measure.ACTIVE_PLANS, "", key, year, plans)
        resourced = _sum(number(row[c]) for c in _RESOURCED)
        independent = _sum(
            number(row[c]) for c in ("mainstream_independent", "special_independent", "special_non_maintained")
        )
        mainstream_total, special_total = number(row["mainstream_total"]), number(row["special_total"])
        mainstream = _sum([mainstream_total, -(resourced or 0.0), -(number(row["mainstream_independent"]) or 0.0)])
        special = _sum(
            [
                special_total,
                -(number(row["special_independent"]) or 0.0),
                -(number(row["special_non_maintained"]) or 0.0),
            ]
        )
        if resourced is None or independent is None:
            mainstream = special = None
        parts = {"mainstream": mainstream, "resourced": resourced, "special": special, "independent": independent}
        known = _sum(parts.values())
        parts["other"] = None if known is None or plans is None else plans - known
        for setting, count in parts.items():
            out.put(ACTIVE_PLANS_SETTING, setting, key, year, _share(count, plans))
    for (key, year), bands in ages.items():
        for band, count in bands.items():
            out.put(ACTIVE_PLANS_AGE, band, key, year, _share(count, totals.get((key, year))))
    for row in _rows("sen_needs_all_plans", directory):
        if (key := area(row)) is None:
            continue
        year = _year(row["time_period"])
        plans = number(row["ehc_plans"])
        for need in NEEDS:
            column = "number_need_unknown" if need == "NSA" else f"number_{need.lower()}"
            out.put(ACTIVE_PLANS_NEED, need, key, year, _share(number(row[column]), plans))
    for row in _rows("annual_reviews", directory):
        if (key := area(row)) is None:
            continue
        out.put(Measure.REVIEWS_WITHIN_12_WEEKS, "", key, _year(row["time_period"]), _pc(row["pc_decsion_4weeks"]))
    return out


@cache
def published() -> Published:
    """The shipped release, read once per process."""
    return load()
