"""The inclusion dashboard's reads (issue 17): CouncilFigure rows (never the cases), when they were
refreshed, and the ladder of intervention's thresholds. Each read is one indexed query."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func
from sqlalchemy import select as columns_of  # five columns: more than sqlmodel's select is typed for
from sqlmodel import col, select

from service.db import db
from service.domain.figures import Measure, Threshold
from service.models import CouncilFigure, FigureRefresh, InterventionThreshold, LocalAuthority
from service.models.base import utcnow


class FigureRow(NamedTuple):  # a tuple: made for each of a council's ~1,400 rows, ten times faster than a dataclass
    local_authority_id: int
    measure: str
    period: str
    breakdown: str
    numerator: int
    denominator: int | None


def council_figures(local_authority_id: int, first_month: str, last_month: str) -> list[FigureRow]:
    """The council's monthly figures from `first_month` to `last_month` ("YYYY-MM"), every measure and breakdown."""
    query = columns_of(
        col(CouncilFigure.measure),
        col(CouncilFigure.period),
        col(CouncilFigure.breakdown),
        col(CouncilFigure.numerator),
        col(CouncilFigure.denominator),
    ).where(
        col(CouncilFigure.local_authority_id) == local_authority_id,
        col(CouncilFigure.period) >= first_month,
        col(CouncilFigure.period) <= last_month,
        func.length(CouncilFigure.period) == 7,
    )
    return [FigureRow(local_authority_id, *row) for row in db.session.execute(query)]


def refreshed_at(local_authority_id: int) -> datetime | None:
    return db.session.exec(
        select(FigureRefresh.refreshed_at).where(col(FigureRefresh.local_authority_id) == local_authority_id)
    ).first()


@dataclass(frozen=True)
class Council:
    id: int
    name: str
    region: str
    old_la_code: str


def councils() -> list[Council]:
    """Every council by name: the four columns the national view shows (not the ORM rows' twenty)."""
    query = columns_of(
        col(LocalAuthority.id), col(LocalAuthority.name), col(LocalAuthority.region), col(LocalAuthority.old_la_code)
    ).order_by(col(LocalAuthority.name))
    return [Council(*row) for row in db.session.execute(query)]


def refresh_times() -> dict[int, datetime]:
    """Every council's last refresh of its figures, by council id (councils never refreshed are absent)."""
    query = columns_of(col(FigureRefresh.local_authority_id), col(FigureRefresh.refreshed_at))
    return dict(db.session.execute(query).all())


# (council id, measure) -> {month: (numerator, denominator)}
Series = dict[tuple[int, str], dict[str, tuple[int, int | None]]]


def national_series(
    measures: Iterable[Measure], first_month: str, last_month: str, local_authority_ids: Iterable[int] | None = None
) -> Series:
    """Every council's totals (no breakdowns) of `measures`, month by month (ix_council_figure_measure_period),
    grouped by council and measure in one pass over one query; only the councils given, when given (a
    regional user's)."""
    query = columns_of(
        col(CouncilFigure.local_authority_id),
        col(CouncilFigure.measure),
        col(CouncilFigure.period),
        col(CouncilFigure.numerator),
        col(CouncilFigure.denominator),
    ).where(
        col(CouncilFigure.measure).in_([str(m) for m in measures]),
        col(CouncilFigure.period) >= first_month,
        col(CouncilFigure.period) <= last_month,
        func.length(CouncilFigure.period) == 7,
        col(CouncilFigure.breakdown) == "",
    )
    if local_authority_ids is not None:
        query = query.where(col(CouncilFigure.local_authority_id).in_(list(local_authority_ids)))
    series: Series = {}
    for la, measure, period, numerator, denominator in db.session.execute(query):
        months = series.get((la, measure))
        if months is None:
            months = series[(la, measure)] = {}
        months[period] = (numerator, denominator)
    return series


def stored_thresholds() -> list[Threshold]:
    return stored_thresholds_and_changes()[0]


def stored_thresholds_and_changes() -> tuple[list[Threshold], dict[str, tuple[str, datetime]]]:
    """The stored thresholds (by code), and who changed each and when, from one query."""
    rows = list(db.session.exec(select(InterventionThreshold).order_by(col(InterventionThreshold.code))))
    thresholds = [Threshold(r.code, Measure(r.measure), r.direction, r.level, r.months, r.explanation) for r in rows]
    return thresholds, {r.code: (r.updated_by, r.updated_at) for r in rows}


def save_threshold(threshold: Threshold, updated_by: str) -> None:
    """Store the threshold's level, months and explanation (its code's row, made on first change). Flushes."""
    row = db.session.exec(
        select(InterventionThreshold).where(col(InterventionThreshold.code) == threshold.code)
    ).first()
    if row is None:
        row = InterventionThreshold(
            code=threshold.code, measure=str(threshold.measure), direction=threshold.direction, level=threshold.level
        )
    row.level, row.months, row.explanation = threshold.level, threshold.months, threshold.explanation
    row.updated_at, row.updated_by = utcnow(), updated_by
    db.session.add(row)
    db.session.flush()
