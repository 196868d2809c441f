"""Compute the statutory timelines of Kent's whole caseload (20,635 cases) and time it.

Prints `name: value unit` lines. Cases are synthetic, with a fixed seed, spread across the stages
(requests, assessments, drafts, final plans with reviews) as in DfE's 2025 release.
"""

import random
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from service.domain.clock import (  # noqa: E402
    AdviceRequest,
    AssessmentFacts,
    PlanFacts,
    assessment_timeline,
    next_due,
    plan_timeline,
)

KENT_CASES = 20_635
TODAY = date(2026, 11, 28)


def synthetic_cases(count: int, seed: int = 2025):
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        received = TODAY - timedelta(days=rng.randint(0, 3 * 365))
        facts = AssessmentFacts(received_on=received)
        roll = rng.random()
        if roll > 0.1:
            decided = received + timedelta(days=rng.randint(20, 60))
            facts = replace(
                facts,
                decided_to_assess=rng.random() > 0.25,
                decision_to_assess_on=min(decided, TODAY),
                advice_requests=(
                    AdviceRequest("educational_psychology", decided, decided + timedelta(days=rng.randint(20, 70))),
                    AdviceRequest("health", decided),
                ),
            )
        plan = None
        if roll > 0.4 and facts.decided_to_assess:
            draft = received + timedelta(days=rng.randint(90, 160))
            final = draft + timedelta(days=rng.randint(16, 60))
            facts = replace(facts, decided_to_issue=True, decision_to_issue_on=draft, draft_served_on=draft)
            if final <= TODAY:
                facts = replace(facts, final_issued_on=final)
                plan = PlanFacts(issued_on=final, review_meeting_on=final + timedelta(days=rng.randint(300, 400)))
        cases.append((facts, plan))
    return cases


def main() -> None:
    cases = synthetic_cases(KENT_CASES)
    assessment_timeline(cases[0][0], TODAY)  # load the bank holiday file outside the timing
    start = time.perf_counter()
    for facts, plan in cases:
        milestones = assessment_timeline(facts, TODAY)
        if plan is not None:
            milestones += plan_timeline(plan, TODAY)
        next_due(milestones)
    elapsed = time.perf_counter() - start
    print(f"clock_kent_{KENT_CASES}_timelines_seconds: {elapsed:.3f} s")
    print(f"clock_timelines_per_second: {KENT_CASES / elapsed:.0f} per_s")


if __name__ == "__main__":
    main()
