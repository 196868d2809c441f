"""The dashboard's measures, settings, age bands and needs in words (issue 17). The names themselves live
in service.domain.figures; the pages, charts and CSV files take their words from here."""

from __future__ import annotations

from service.domain.figures import Measure

# (title, is a rate, what the summary sentence says a council did)
MEASURES: dict[Measure, tuple[str, bool, str]] = {
    Measure.REQUESTS_RECEIVED: ("Requests for an assessment received", False, "received {value} requests"),
    Measure.REQUEST_DECISIONS: ("Decisions on whether to assess", False, "made {value} decisions on whether to assess"),
    Measure.DECISIONS_WITHIN_6_WEEKS: (
        "Decisions on whether to assess made within 6 weeks",
        True,
        "made {value} of decisions on whether to assess within 6 weeks",
    ),
    Measure.REFUSALS_TO_ASSESS: ("Requests refused an assessment", True, "refused {value} of requests an assessment"),
    Measure.PLANS_ISSUED: ("New EHC plans issued", False, "issued {value} new plans"),
    Measure.PLANS_WITHIN_20_WEEKS: (
        "New plans issued within 20 weeks, including exceptions",
        True,
        "issued {value} of plans within 20 weeks",
    ),
    Measure.PLANS_WITHIN_20_WEEKS_EXCL_EXCEPTIONS: (
        "New plans issued within 20 weeks, excluding exceptions",
        True,
        "issued {value} of plans without an exception within 20 weeks",
    ),
    Measure.REVIEWS_COMPLETED: ("Annual reviews completed", False, "completed {value} annual reviews"),
    Measure.REVIEWS_WITHIN_12_WEEKS: (
        "Annual review decisions made on time",
        True,
        "made {value} of review decisions on time",
    ),
    Measure.REVIEWS_OVERDUE: ("Active plans with an overdue annual review", True, "had {value} of reviews overdue"),
    Measure.PHASE_TRANSFERS_DUE: ("Phase transfers due", False, "had {value} phase transfers due"),
    Measure.PHASE_TRANSFERS_ON_TIME: (
        "Phase transfers reviewed and amended on time",
        True,
        "completed {value} of phase transfers on time",
    ),
    Measure.MEDIATIONS: ("Decisions that went to mediation", True, "saw {value} of decisions go to mediation"),
    Measure.APPEALS: ("Decisions appealed to the Tribunal", True, "saw {value} of decisions appealed"),
    Measure.PROVISION_DELIVERED: ("Provision delivered as planned", True, "delivered {value} of provision as planned"),
    Measure.ACTIVE_PLANS: ("Active EHC plans", False, "maintained {value} plans"),
}

REVIEWS_PUBLISHED_NOTE = (
    "DfE publishes annual review decisions made within 4 weeks of the review meeting; the service's figure is "
    "the same rule."
)

SETTINGS = {
    "mainstream": "Mainstream school or college",
    "resourced": "Resourced provision or SEN unit",
    "special": "Special school",
    "independent": "Independent or non-maintained",
    "other": "Other or not known",
}
AGE_BANDS = {"under 5": "Under 5", "5-10": "5 to 10", "11-15": "11 to 15", "16-19": "16 to 19", "20-25": "20 to 25"}
NEEDS = {
    "ASD": "Autistic spectrum disorder",
    "HI": "Hearing impairment",
    "MLD": "Moderate learning difficulty",
    "MSI": "Multi-sensory impairment",
    "OTH": "Other difficulty or disability",
    "PD": "Physical disability",
    "PMLD": "Profound and multiple learning difficulty",
    "SEMH": "Social, emotional and mental health",
    "SLCN": "Speech, language and communication needs",
    "SLD": "Severe learning difficulty",
    "SPLD": "Specific learning difficulty",
    "VI": "Visual impairment",
    "NSA": "Not known",
}
SIMILAR_COUNCILS = "Similar councils"
SIMILAR_EXPLANATION = (
    "Similar councils are the 10 councils in the same region with the nearest number of EHC plans in January "
    "2025 (their median is shown). They are worked out by this service, not DfE's statistical neighbours."
)
SUPPRESSION_EXPLANATION = (
    "[c] means a count from 1 to 4, or a figure that would reveal one, is not shown, so that no child can be "
    "identified."
)


def measure_title(measure: str) -> str:
    return MEASURES[Measure(measure)][0]


def is_rate(measure: str) -> bool:
    return MEASURES[Measure(measure)][1]
