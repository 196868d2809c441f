"""The inclusion dashboard's measures (issue 17): one list of names shared by the worker that computes
them (service.data.figures), the SEN2 return that must agree with them, the dashboard pages, the national
view and the ladder of intervention. Wording for people lives with the pages, not here."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Measure(StrEnum):
    # Monthly ("YYYY-MM", the month of the event) and yearly ("YYYY", calendar year as SEN2 counts it).
    REQUESTS_RECEIVED = "requests_received"  # count, by ReceivedDate
    REQUEST_DECISIONS = "request_decisions"  # count of Y/N request outcomes, by RequestOutcomeDate
    DECISIONS_WITHIN_6_WEEKS = "decisions_within_6_weeks"  # numerator; denominator = decisions that month
    REFUSALS_TO_ASSESS = "refusals_to_assess"  # numerator: N outcomes; denominator = decisions
    PLANS_ISSUED = "plans_issued"  # count of new final plans, by issue date (AssessmentOutcomeDate, Y)
    PLANS_WITHIN_20_WEEKS = "plans_within_20_weeks"  # including exceptions; denominator = plans issued
    PLANS_WITHIN_20_WEEKS_EXCL_EXCEPTIONS = "plans_within_20_weeks_excl_exceptions"  # denominator: no exception
    REVIEWS_COMPLETED = "reviews_completed"  # annual review decisions, by decision date
    REVIEWS_WITHIN_12_WEEKS = "reviews_within_12_weeks"  # decision within 4 weeks of a meeting held on time
    REVIEWS_OVERDUE = "reviews_overdue"  # numerator: active plans past their review date; denominator: active
    PHASE_TRANSFERS_DUE = "phase_transfers_due"  # count, by the reg 18 deadline
    PHASE_TRANSFERS_ON_TIME = "phase_transfers_on_time"  # numerator; denominator = transfers due
    MEDIATIONS = "mediations"  # numerator: mediation cases; denominator = appealable decisions
    APPEALS = "appeals"  # numerator: Tribunal appeals; denominator = appealable decisions
    PROVISION_DELIVERED = "provision_delivered"  # once the service records delivery
    ACTIVE_PLANS = "active_plans"  # snapshot count at the period's end, breakdowns: need, age, setting


# Breakdown prefixes of CouncilFigure.breakdown ("" is the total).
BREAKDOWN_NEED = "need"  # SEN2 SENtype of the primary need, e.g. "need:ASD"
BREAKDOWN_AGE = "age"  # DfE's age bands: under 5, 5-10, 11-15, 16-19, 20-25 ("age:5-10")
BREAKDOWN_SETTING = "setting"  # mainstream, resourced (resourced provision or SEN unit), special, independent, other


@dataclass(frozen=True)
class Threshold:
    code: str
    measure: Measure
    direction: str  # "below" or "above"
    level: float  # a share, 0 to 1
    months: int
    explanation: str


# Defaults of the ladder of intervention; InterventionThreshold rows override them. Levels are the
# service's starting suggestion, for a national user to set; they are not DfE policy.
DEFAULT_THRESHOLDS = (
    Threshold(
        "twenty_week_timeliness",
        Measure.PLANS_WITHIN_20_WEEKS,
        "below",
        0.5,
        3,
        "Fewer than half of new plans issued within 20 weeks, including exceptions, for 3 months running.",
    ),
    Threshold(
        "reviews_overdue",
        Measure.REVIEWS_OVERDUE,
        "above",
        0.2,
        3,
        "More than a fifth of active plans past their annual review date, for 3 months running.",
    ),
    Threshold(
        "six_week_decisions",
        Measure.DECISIONS_WITHIN_6_WEEKS,
        "below",
        0.8,
        3,
        "Fewer than 8 in 10 decisions on whether to assess made within 6 weeks, for 3 months running.",
    ),
)

SUPPRESS_BELOW = 5  # statistical disclosure control: live counts under 5 are not shown
