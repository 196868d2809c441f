"""Invented but plausible CouncilFigure rows for the accessibility sweep's council dashboard (issue 17): 36
months of every measure, sized from the council's published plans, so the page is swept with every chart
full. The demo's figures are the worker's, from its cases (service.data.figures.refresh in service.demo)."""

from __future__ import annotations

import random
from datetime import date

from sqlmodel import select

from service.db import db
from service.domain.figures import Measure
from service.domain.ladder import previous_months
from service.models import CouncilFigure, FigureRefresh, LocalAuthority

_RATES = {  # measure: (denominator measure's typical monthly size as a share of plans, typical rate)
    Measure.DECISIONS_WITHIN_6_WEEKS: (0.012, 0.85),
    Measure.REFUSALS_TO_ASSESS: (0.012, 0.25),
    Measure.PLANS_WITHIN_20_WEEKS: (0.008, 0.40),
    Measure.PLANS_WITHIN_20_WEEKS_EXCL_EXCEPTIONS: (0.007, 0.42),
    Measure.REVIEWS_WITHIN_12_WEEKS: (0.06, 0.45),
    Measure.REVIEWS_OVERDUE: (1.0, 0.22),
    Measure.PHASE_TRANSFERS_ON_TIME: (0.01, 0.7),
    Measure.MEDIATIONS: (0.01, 0.08),
    Measure.APPEALS: (0.01, 0.05),
}
_COUNTS = {
    Measure.REQUESTS_RECEIVED: 0.018,
    Measure.REQUEST_DECISIONS: 0.016,
    Measure.PLANS_ISSUED: 0.008,
    Measure.REVIEWS_COMPLETED: 0.06,
    Measure.PHASE_TRANSFERS_DUE: 0.01,
}
_NEEDS = {
    "ASD": 0.46,
    "SEMH": 0.19,
    "SLCN": 0.17,
    "MLD": 0.05,
    "SLD": 0.04,
    "PD": 0.03,
    "SPLD": 0.02,
    "PMLD": 0.02,
    "HI": 0.01,
    "VI": 0.004,
    "MSI": 0.001,
    "OTH": 0.0002,
}
_AGES = {"under 5": 0.03, "5-10": 0.31, "11-15": 0.40, "16-19": 0.22, "20-25": 0.04}
_SETTINGS = {"mainstream": 0.30, "resourced": 0.05, "special": 0.31, "independent": 0.09, "other": 0.25}


def placeholder_figures(la: LocalAuthority, today: date, seed: int = 17) -> list[CouncilFigure]:
    """36 months of invented but plausible monthly figures for one council, sized from its published plans."""
    assert la.id is not None
    rng = random.Random(f"{seed}:{la.old_la_code}")
    plans = la.ehc_plans_january_2025 or 3000
    months = previous_months(f"{today.year:04d}-{today.month:02d}", 36)
    rows = []
    for i, month in enumerate(months):
        size = plans * (0.9 + 0.1 * i / 35)
        for measure, share in _COUNTS.items():
            rows.append(
                CouncilFigure(
                    local_authority_id=la.id,
                    measure=measure,
                    period=month,
                    numerator=round(size * share * rng.uniform(0.8, 1.2)),
                )
            )
        for measure, (share, rate) in _RATES.items():
            denominator = max(round(size * share * rng.uniform(0.8, 1.2)), 1)
            numerator = min(denominator, round(denominator * min(max(rate + rng.uniform(-0.12, 0.12), 0), 1)))
            rows.append(
                CouncilFigure(
                    local_authority_id=la.id,
                    measure=measure,
                    period=month,
                    numerator=numerator,
                    denominator=denominator,
                )
            )
        rows.append(
            CouncilFigure(local_authority_id=la.id, measure=Measure.ACTIVE_PLANS, period=month, numerator=round(size))
        )
    last = months[-1]
    for prefix, shares in (("need", _NEEDS), ("age", _AGES), ("setting", _SETTINGS)):
        for key, share in shares.items():
            rows.append(
                CouncilFigure(
                    local_authority_id=la.id,
                    measure=Measure.ACTIVE_PLANS,
                    period=last,
                    breakdown=f"{prefix}:{key}",
                    numerator=round(size * share * rng.uniform(0.9, 1.1)),
                )
            )
    return rows


def seed_placeholder_council_figures(councils: list[LocalAuthority], today: date) -> list[str]:
    """Placeholder CouncilFigure rows (see the module docstring) for councils that have none yet."""
    lines = []
    for la in councils:
        assert la.id is not None
        if db.session.exec(select(CouncilFigure.id).where(CouncilFigure.local_authority_id == la.id)).first() is None:
            rows = placeholder_figures(la, today)
            db.session.add_all(rows)
            db.session.merge(FigureRefresh(local_authority_id=la.id, figure_count=len(rows)))
            lines.append(f"Dashboard: placeholder figures for {la.name}")
    return lines
