"""SEN2's code lists and collection calendar, exactly as /work/shared/domain/SEN2.md gives them (the 2025
guide's lists; the 2026 XSD and validation rules were not available). One home for each list: the
builder, the validation and the dashboard's breakdowns read them from here."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

# Census (reference) day of each collection (SEN2.md section 0). A year not listed is refused: guessing
# a Thursday would put a plan in or out of the return on the wrong day.
CENSUS_DATES = {
    2024: date(2024, 1, 18),
    2025: date(2025, 1, 16),
    2026: date(2026, 1, 15),
    2027: date(2027, 1, 21),
}


class UnknownCollectionYear(ValueError):
    def __init__(self, year: int) -> None:
        known = ", ".join(str(y) for y in sorted(CENSUS_DATES))
        super().__init__(f"There is no SEN2 census date for {year}: the collection years known are {known}")
        self.year = year


def census_date(year: int) -> date:
    """The census day of collection `year`; UnknownCollectionYear for a year SEN2.md does not give."""
    try:
        return CENSUS_DATES[year]
    except KeyError:
        raise UnknownCollectionYear(year) from None


def collection_period(year: int) -> tuple[date, date]:
    """Requests, assessments and ceased plans of collection `year`: the previous calendar year."""
    census_date(year)
    return date(year - 1, 1, 1), date(year - 1, 12, 31)


class Outcome(StrEnum):
    """RequestOutcome and AssessmentOutcome (items 2.x and 3.x)."""

    YES = "Y"  # the council proceeded (assess; issue a plan)
    NO = "N"  # decided not to
    AWAITING = "A"  # decision yet to be made
    WITHDRAWN = "W"  # withdrawn or ceased before the decision
    HISTORICAL = "H"  # decided before the collection period (and every plan transferred in)


class RequestSource(StrEnum):
    PARENT_OR_YOUNG_PERSON = "1"
    EDUCATION_SETTING = "2"
    HEALTH = "3"
    SOCIAL_CARE = "4"
    OTHER = "5"


class ReviewOutcome(StrEnum):
    AMEND = "A"
    CEASE = "C"
    MAINTAIN = "M"


# The service's review decision (PlanReview.decision) -> ReviewOutcome.
REVIEW_OUTCOMES = {"amend": ReviewOutcome.AMEND, "cease": ReviewOutcome.CEASE, "maintain": ReviewOutcome.MAINTAIN}

CEASE_REASONS = frozenset(range(1, 10))  # service.domain.cease.CeaseReason holds their texts
CEASE_REASON_TRANSFERRED = 5

SEN_SETTINGS = {
    "OLA": "LA arrangements under s61 (education otherwise than at school)",
    "OPA": "Parent or young person arrangements under s42(5), excluding home education",
    "EHE": "Elective home education",
    "EYP": "Early years provider with no GIAS URN",
    "OTH": "A type of setting is named but no specific setting",
    "NEET": "Not in education, employment or training, aged 16 to 25",
    "NIEC": "Not in education or training, notice to cease issued",
    "NIEO": "Not in education or training, other reason",
}

SEN_TYPES = {
    "SPLD": "Specific learning difficulty",
    "MLD": "Moderate learning difficulty",
    "SLD": "Severe learning difficulty",
    "PMLD": "Profound and multiple learning difficulty",
    "SEMH": "Social, emotional and mental health",
    "SLCN": "Speech, language and communication needs",
    "HI": "Hearing impairment",
    "VI": "Visual impairment",
    "MSI": "Multi-sensory impairment",
    "PD": "Physical disability",
    "ASD": "Autistic spectrum disorder",
    "DS": "Down syndrome",  # 2025 onwards
    "OTH": "Other difficulty or disability",
}
DS_FROM_YEAR = 2025

SEXES = frozenset({"M", "F"})

# CBDS ethnicity codes (main and extended codes share the first 4 letters; the main ones are enough here).
ETHNICITIES = frozenset(
    {
        "WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH",
        "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
    }
)  # fmt: skip

# Plain words a plan's personal details may hold for sex -> SEN2 Sex. Anything else is a validation failure.
SEX_WORDS = {"m": "M", "male": "M", "boy": "M", "f": "F", "female": "F", "girl": "F"}

# Ages (at the snapshot day) of DfE's published age bands, and the dashboard's breakdown keys.
AGE_BANDS = (("under-5", 0, 4), ("5-10", 5, 10), ("11-15", 11, 15), ("16-19", 16, 19), ("20-25", 20, 25))

# Days a request decision, a plan and a review decision have (6 weeks; 20 weeks; 4 weeks after the meeting).
DECISION_DAYS = 42
PLAN_DAYS = 140
REVIEW_DECISION_DAYS = 28
