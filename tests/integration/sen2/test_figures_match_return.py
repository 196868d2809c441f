"""THE test of issue 17: for the same council and year, the dashboard's yearly figures (CouncilFigure rows
for "2025", and the census snapshot "2026") equal the counts derived from Kent's SEN2 return for 2026."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from service.data.figures import figures_for, refresh
from service.data.sen2 import sen2_return
from service.domain.figures import Measure
from service.models import utcnow
from tests.factories import KENT, council
from tests.integration.sen2.helpers import TODAY, seed_every_outcome


def _days(later: str, earlier: str) -> int:
    return (date.fromisoformat(later) - date.fromisoformat(earlier)).days


def _figure(la_id: int, measure: Measure, period: str, breakdown: str = "") -> tuple[int, int | None]:
    row = figures_for(la_id, measure, period, breakdown)
    return (row.numerator, row.denominator) if row else (0, None)


@pytest.fixture
def kent_return(app_context):
    seed_every_outcome()
    kent = council(KENT).id
    refresh([kent], TODAY)
    return kent, sen2_return(kent, 2026, utcnow())


def test_the_dashboards_yearly_figures_equal_the_sen2_returns_counts(kent_return):
    kent, result = kent_return
    requests = result.modules["requests"]
    by_request = {r["RequestID"]: r for r in requests}
    assessments = result.modules["assessment"]
    in_2025 = [r for r in requests if r["ReceivedDate"].startswith("2025") and r["RequestOutcome"] != "H"]
    decisions = [r for r in requests if r["RequestOutcome"] in ("Y", "N")]
    issued = [a for a in assessments if a["AssessmentOutcome"] == "Y" and a["AssessmentOutcomeDate"]]

    def received(a: dict) -> str:
        return by_request[a["RequestID"]]["ReceivedDate"]

    def undisputed(a: dict) -> bool:
        request = by_request[a["RequestID"]]
        return "1" not in (request["RequestMediation"], request["RequestTribunal"], a["AssessmentMediation"],
                           a["AssessmentTribunal"])  # fmt: skip

    measured = [a for a in issued if undisputed(a)]
    no_exception = [a for a in measured if a["Week20"] == "0"]
    within = [a for a in measured if _days(a["AssessmentOutcomeDate"], received(a)) <= 140]
    within_excl = [a for a in no_exception if _days(a["AssessmentOutcomeDate"], received(a)) <= 140]
    quick = [r for r in decisions if _days(r["RequestOutcomeDate"], r["ReceivedDate"]) <= 42]
    refused = [r for r in decisions if r["RequestOutcome"] == "N"]
    active = [p for p in result.modules["namedplan"] if not p["CeaseDate"]]
    active_plans = {p["NamedPlanID"][1:] for p in active}  # IDs are the case reference after a letter
    primary = Counter(
        n["SENtype"]
        for n in result.modules["senneed"]
        if n["SENtypeRank"] == "1" and n["ActivePlansID"][1:] in active_plans
    )

    # the factory data's own numbers, so the comparison cannot pass on two empty sides
    assert (len(in_2025), len(decisions), len(refused), len(issued), len(measured), len(active)) == (
        12, 10, 3, 4, 3, 6,
    )  # fmt: skip
    assert _figure(kent, Measure.REQUESTS_RECEIVED, "2025") == (len(in_2025), None)
    assert _figure(kent, Measure.REQUEST_DECISIONS, "2025") == (len(decisions), None)
    assert _figure(kent, Measure.DECISIONS_WITHIN_6_WEEKS, "2025") == (len(quick), len(decisions))
    assert _figure(kent, Measure.REFUSALS_TO_ASSESS, "2025") == (len(refused), len(decisions))
    assert _figure(kent, Measure.PLANS_ISSUED, "2025") == (len(issued), None)
    assert _figure(kent, Measure.PLANS_WITHIN_20_WEEKS, "2025") == (len(within), len(measured))
    assert _figure(kent, Measure.PLANS_WITHIN_20_WEEKS_EXCL_EXCEPTIONS, "2025") == (len(within_excl), len(no_exception))
    assert _figure(kent, Measure.ACTIVE_PLANS, "2026") == (len(active), None)
    assert primary == {"ASD": 3, "SEMH": 1, "HI": 1}
    assert _figure(kent, Measure.ACTIVE_PLANS, "2026", "need:unknown") == (1, None)  # recorded as a G6 failure
    for need, n in primary.items():
        assert _figure(kent, Measure.ACTIVE_PLANS, "2026", f"need:{need}") == (n, None)
    # the monthly rows add up to the year
    monthly = sum(_figure(kent, Measure.REQUESTS_RECEIVED, f"2025-{m:02d}")[0] for m in range(1, 13))
    assert monthly == len(in_2025)


def test_the_return_keeps_refusals_flags_transfers_and_the_actual_end(kent_return):
    _, result = kent_return
    requests = {r["RequestID"]: r for r in result.modules["requests"]}
    assert not any("Leedsonly" in p["Surname"] for p in result.modules["person"])  # another council's child
    outcomes = Counter(r["RequestOutcome"] for r in requests.values())
    assert outcomes == {"Y": 7, "N": 3, "A": 1, "W": 1, "H": 3}
    reversed_refusal = [r for r in requests.values() if r["RequestTribunal"] == "1"]
    assert len(reversed_refusal) == 1
    assert reversed_refusal[0]["RequestOutcome"] == "N" and reversed_refusal[0]["RequestMediation"] == "1"
    assert reversed_refusal[0]["RequestOutcomeDate"] == "2025-06-02"
    refused_slow = [r for r in requests.values() if r["ReceivedDate"] == "2025-03-03" and r["RequestOutcome"] == "N"]
    assert refused_slow[0]["RequestOutcomeDate"] == "2025-05-06"  # the day the family was told
    transferred = [p for p in result.modules["activeplans"] if p["TransferLA"]]
    assert [p["TransferLA"] for p in transferred] == ["383"]
    assert requests[transferred[0]["RequestID"]]["RequestOutcome"] == "H"
    ceased = [p for p in result.modules["namedplan"] if p["CeaseDate"]]
    assert [(p["CeaseDate"], p["CeaseReason"]) for p in ceased] == [("2025-09-01", "2")]  # not the decision's date
    assessment = Counter(a["AssessmentOutcome"] for a in result.modules["assessment"])
    assert assessment == {"Y": 5, "N": 1, "A": 1, "H": 3}
    blank_y = [
        a for a in result.modules["assessment"] if a["AssessmentOutcome"] == "Y" and not a["AssessmentOutcomeDate"]
    ]
    assert len(blank_y) == 1  # the draft: decided, no plan issued yet
    # every case with a plan is in the return even with facts missing; its failures are listed
    assert len(result.modules["namedplan"]) == 7
    historical = [p for p in result.modules["person"] if p["UPN"] == "A123456789012"][0]["PersonID"][1:]
    no_need = [f for f in result.failures if f.module == "SENneed"]
    assert [(f.rule, f.reference, f.field) for f in no_need] == [("G6", historical, "SENtype")]
    assert not result.modules["senneed"] or historical not in {n["SENneedID"][1:-2] for n in result.modules["senneed"]}
    assert {f.rule for f in result.failures} >= {"G6", "G7", "G9"}
