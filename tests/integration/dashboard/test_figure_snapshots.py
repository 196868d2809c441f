"""The refresh's snapshot counts (active plans by age band, and plans past their review date), worked out
for all snapshot days in one pass, equal the definition applied day by day here: a plan is active on a
day when issued on or before it, not withdrawn and not ceased by then; it is overdue when its latest
completed review meeting on or before the day (or, with none, its issue) is more than 12 months before."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from service.data.figures import YEARS_BACK, figures_for, months, refresh
from service.db import db
from service.domain.dates import add_months
from service.domain.figures import Measure
from service.domain.sen2.codes import CENSUS_DATES
from service.models import Case, PlanReview, utcnow
from tests.factories import KENT, LEEDS, council, make_case

TODAY = date(2026, 6, 1)
BANDS = (("under-5", 5), ("5-10", 11), ("11-15", 16), ("16-19", 20))

# (issued, ceased, born, completed review meetings, other reviews' meetings)
PLANS = [
    (date(2023, 1, 10), None, date(2016, 1, 1), [], []),  # never reviewed: overdue from January 2024
    (date(2023, 3, 1), None, date(2021, 7, 15), [date(2024, 2, 20), date(2025, 5, 2)], []),  # turns 5 in 2026
    (date(2023, 3, 1), None, date(2010, 6, 30), [date(2024, 2, 20), date(2024, 2, 20)], [date(2025, 2, 1)]),
    (date(2022, 9, 5), date(2025, 4, 30), date(2008, 4, 1), [date(2023, 8, 1)], []),  # ceased: gone after April
    (date(2024, 6, 3), None, date(2007, 12, 31), [date(2025, 6, 30)], [date(2026, 5, 1)]),  # turns 16 and 18
    (date(2025, 11, 28), None, date(2019, 2, 28), [], []),  # new: not overdue yet
    (date(2021, 5, 4), None, date(2000, 1, 1), [date(2022, 4, 1), date(2023, 4, 20), date(2024, 9, 9)], []),
]


def _snapshot_days() -> list[tuple[str, date]]:
    days = []
    for month in months(TODAY):
        start = date(int(month[:4]), int(month[5:]), 1)
        days.append((month, min(add_months(start, 1) - timedelta(days=1), TODAY)))
    first_year = TODAY.year - YEARS_BACK + 1
    return days + [(str(y), on) for y, on in CENSUS_DATES.items() if y >= first_year and on <= TODAY]


def _band(born: date, on: date) -> str:
    for name, next_low in BANDS:
        if born > add_months(on, -12 * next_low):
            return name
    return "20-25"


@pytest.fixture
def kent(app_context):
    for issued, ceased, born, complete, other in PLANS:
        case = make_case(
            KENT, issued - timedelta(days=130), "final_issued", today=TODAY, final_issued_on=issued,
            decision_to_assess_on=issued - timedelta(days=80), child_date_of_birth=born, ceased_on=ceased,
        )  # fmt: skip
        for met in complete:
            db.session.add(
                PlanReview(case_id=case.id, local_authority_id=case.local_authority_id, meeting_on=met,
                           status="complete", decision="maintain", decision_on=met + timedelta(days=10))
            )  # fmt: skip
        for met in other:
            db.session.add(PlanReview(case_id=case.id, local_authority_id=case.local_authority_id, meeting_on=met))
    # another council's plan and its review: never in Kent's counts
    leeds = make_case(LEEDS, date(2022, 1, 3), "final_issued", today=TODAY, final_issued_on=date(2022, 6, 1),
                      decision_to_assess_on=date(2022, 2, 1))  # fmt: skip
    db.session.add(PlanReview(case_id=leeds.id, local_authority_id=leeds.local_authority_id,
                              meeting_on=date(2023, 5, 1), status="complete"))  # fmt: skip
    db.session.commit()
    la = council(KENT).id
    refresh([la], TODAY)
    return la


def test_every_snapshot_day_counts_the_active_and_overdue_plans_as_defined(kent):
    days = _snapshot_days()
    assert len(days) == 39  # 36 month ends and the census days of 2024, 2025 and 2026
    overdue_seen, bands_seen = 0, set()
    for period, on in days:
        active = [p for p in PLANS if p[0] <= on and (p[1] is None or p[1] > on)]
        overdue = sum(
            1 for issued, _, _, complete, _ in active
            if max([m for m in complete if m <= on], default=issued) < add_months(on, -12)
        )  # fmt: skip
        bands = Counter(_band(p[2], on) for p in active)
        row = figures_for(kent, Measure.ACTIVE_PLANS, period)
        assert (row.numerator if row else 0) == len(active), period
        late = figures_for(kent, Measure.REVIEWS_OVERDUE, period)
        found = (late.numerator, late.denominator) if late else (0, None)
        assert found == (overdue, len(active) or None), period
        for name, n in bands.items():
            by_age = figures_for(kent, Measure.ACTIVE_PLANS, period, f"age:{name}")
            assert by_age is not None and by_age.numerator == n, (period, name)
        overdue_seen += overdue
        bands_seen |= set(bands)
    # the data exercise what they are meant to: plans overdue on some days, and most of the age bands
    assert overdue_seen > 20 and bands_seen >= {"under-5", "5-10", "11-15", "16-19", "20-25"}


def test_a_changed_only_refresh_recomputes_only_the_council_whose_cases_changed(kent):
    refresh(None, TODAY)
    db.session.commit()
    unchanged = refresh(None, TODAY, force=False)
    assert len(unchanged) == 153 and all(r.skipped for r in unchanged)
    case = db.session.execute(select(Case).where(Case.local_authority_id == kent).limit(1)).scalar_one()
    case.updated_at = utcnow() + timedelta(minutes=1)
    db.session.commit()
    results = refresh(None, TODAY, force=False)
    assert [r.local_authority_id for r in results if not r.skipped] == [kent]
    assert len(results) == 153
