"""The ladder of intervention (Improvement Plan item 11): which thresholds a council crosses, from its
monthly live figures. Pure: the pages pass the rows, the thresholds and the months to judge."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from service.domain.figures import DEFAULT_THRESHOLDS, Measure, Threshold

LEVEL_MIN, LEVEL_MAX = 0.0, 1.0
MONTHS_MIN, MONTHS_MAX = 1, 24


def effective_thresholds(overrides: Iterable[Threshold]) -> list[Threshold]:
    """The defaults, each replaced by its stored override (by code), in the defaults' order; stored
    thresholds with codes of their own follow."""
    stored = {t.code: t for t in overrides}
    out = [stored.pop(d.code, d) for d in DEFAULT_THRESHOLDS]
    return out + sorted(stored.values(), key=lambda t: t.code)


def previous_months(last: str, count: int) -> list[str]:
    """The `count` months "YYYY-MM" ending with `last`, oldest first."""
    year, month = int(last[:4]), int(last[5:7])
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return out[::-1]


@dataclass(frozen=True)
class Crossing:
    crossed: bool
    months_judged: int  # months with a figure among the last `months`
    latest: float | None  # the latest month's share


def crossing(series: Mapping[str, tuple[int, int | None]], threshold: Threshold, last_month: str) -> Crossing:
    """Whether `series` (month -> (numerator, denominator)) is below/above the threshold's level in each of
    the `months` months ending with `last_month`. A month without a denominator cannot be judged, so it
    breaks the run: a council is never said to cross on missing figures."""
    shares: list[float | None] = []
    for month in previous_months(last_month, threshold.months):
        numerator, denominator = series.get(month, (0, None))
        shares.append(numerator / denominator if denominator else None)
    judged = [s for s in shares if s is not None]
    if threshold.direction == "below":
        beyond = [s is not None and s < threshold.level for s in shares]
    else:
        beyond = [s is not None and s > threshold.level for s in shares]
    return Crossing(crossed=all(beyond), months_judged=len(judged), latest=shares[-1])


def measures_of(thresholds: Iterable[Threshold]) -> set[Measure]:
    return {t.measure for t in thresholds}
