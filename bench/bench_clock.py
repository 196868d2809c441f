"""Compute the statutory timelines of Kent's whole caseload (20,635 cases) and time it.

Run from the repository root: python bench/bench_clock.py. Prints `name: value unit` lines.

Cases are synthetic, from a fixed seed, spread across the stages roughly as DfE's 2025 release has them
(about a quarter of requests refused, most assessments ending in a plan, under half of plans on time, some
exceptions, withdrawals, and issued plans with reviews, amendments, phase transfers and moves between LAs).
For each case: assessment_timeline, plan_timeline when a plan exists, and next_due over both.
The first pass is cold (every cache empty but the bank-holiday file, read before timing); its CPU time is
printed too, as other work on a shared machine inflates the wall-clock figure. The warm figure is the best
of three further passes.
"""

import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from service.domain.clock import (  # noqa: E402
    AdviceRequest,
    AssessmentFacts,
    ExceptionGround,
    ExceptionPhase,
    PhaseTransfer,
    PlanFacts,
    TimeLimitException,
    add_working_days,
    assessment_timeline,
    next_due,
    plan_timeline,
)

KENT_CASES = 20_635
TODAY = date(2026, 11, 28)
ADVICE = ("educational_psychology", "health", "social_care", "educational")


def _day(start: date, low: int, high: int, rng: random.Random) -> date:
    return start + timedelta(days=rng.randint(low, high))


def synthetic_case(rng: random.Random) -> tuple[AssessmentFacts, PlanFacts | None]:
    received = TODAY - timedelta(days=rng.randint(0, 6 * 365))
    roll = rng.random()
    if roll < 0.02:
        return AssessmentFacts(received, withdrawn_on=min(_day(received, 5, 60, rng), TODAY)), None
    decided_on = _day(received, 20, 70, rng)
    if decided_on > TODAY:
        return AssessmentFacts(received), None  # still considering
    if rng.random() < 0.25:
        return AssessmentFacts(received, decided_on, False), None  # reg 5: not to assess
    asked = decided_on + timedelta(days=rng.randint(0, 7))
    advice = tuple(
        AdviceRequest(kind, asked, _day(asked, 20, 90, rng) if rng.random() < 0.8 else None)
        for kind in ADVICE[: rng.randint(2, 4)]
    )
    advice = tuple(
        a if a.received_on is None or a.received_on <= TODAY else AdviceRequest(a.kind, asked) for a in advice
    )
    exceptions = ()
    if rng.random() < 0.05:
        exceptions = (
            TimeLimitException(
                ExceptionPhase.FINAL_PLAN,
                ExceptionGround.EXCEPTIONAL_PERSONAL_CIRCUMSTANCES,
                _day(received, 30, 120, rng),
            ),
        )
    facts = AssessmentFacts(received, decided_on, True, advice, exceptions)
    issue_on = _day(received, 90, 200, rng)
    if issue_on > TODAY:
        return facts, None  # assessing
    if rng.random() < 0.06:
        return AssessmentFacts(received, decided_on, True, advice, exceptions, issue_on, False), None
    final_on = _day(issue_on, 16, 120, rng)
    if final_on > TODAY:
        return AssessmentFacts(received, decided_on, True, advice, exceptions, issue_on, True, issue_on), None
    facts = AssessmentFacts(received, decided_on, True, advice, exceptions, issue_on, True, issue_on, final_on)
    years = (TODAY - final_on).days // 365
    last_review = (
        final_on.replace(year=final_on.year + years) if years and final_on.month * 100 + final_on.day != 229 else None
    )
    meeting = _day(last_review or final_on, 300, 400, rng)
    sent = _day(meeting, 14, 40, rng) if rng.random() < 0.4 else None
    plan = PlanFacts(
        issued_on=final_on,
        last_review_meeting_on=last_review,
        review_meeting_on=meeting,
        invitations_sent_on=meeting - timedelta(days=rng.randint(10, 30)),
        review_report_on=_day(meeting, 3, 20, rng) if meeting < TODAY else None,
        review_decision_on=_day(meeting, 10, 40, rng) if meeting < TODAY - timedelta(days=40) else None,
        amendment_proposals_sent_on=sent if sent and sent <= TODAY else None,
        phase_transfer=PhaseTransfer.PRIMARY_TO_SECONDARY if rng.random() < 0.1 else None,
        phase_transfer_year=TODAY.year + 1,
        old_la_aware_of_move_on=_day(final_on, 30, 300, rng) if rng.random() < 0.02 else None,
    )
    return facts, plan


def synthetic_cases(count: int, seed: int = 2025) -> list[tuple[AssessmentFacts, PlanFacts | None]]:
    rng = random.Random(seed)
    return [synthetic_case(rng) for _ in range(count)]


def run(cases) -> tuple[float, int, float]:
    start, cpu = time.perf_counter(), time.process_time()
    milestones = 0
    for facts, plan in cases:
        timeline = assessment_timeline(facts, TODAY)
        if plan is not None:
            timeline += plan_timeline(plan, TODAY)
        next_due(timeline)
        milestones += len(timeline)
    return time.perf_counter() - start, milestones, time.process_time() - cpu


def main() -> None:
    cases = synthetic_cases(KENT_CASES)
    add_working_days(TODAY, 1)  # read the bank-holiday file outside the timing
    cold, milestones, cold_cpu = run(cases)
    warm = min(run(cases)[0] for _ in range(3))
    plans = sum(plan is not None for _, plan in cases)
    print(f"clock_kent_{KENT_CASES}_timelines_seconds: {cold:.3f} s")
    print(f"clock_timelines_per_second: {KENT_CASES / cold:.0f} per_s")
    print(f"clock_kent_{KENT_CASES}_timelines_cpu_seconds: {cold_cpu:.3f} s")
    print(f"clock_kent_{KENT_CASES}_timelines_warm_seconds: {warm:.3f} s")
    print(f"clock_milestones_computed: {milestones} milestones")
    print(f"clock_cases_with_plans: {plans} cases")
    print(f"clock_microseconds_per_case: {1e6 * cold / KENT_CASES:.1f} us")


if __name__ == "__main__":
    main()
