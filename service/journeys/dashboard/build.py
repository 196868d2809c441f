"""The dashboard's charts and tables, built from CouncilFigure rows (live, with disclosure control) and DfE's
published figures (service.domain.published). The council dashboard, the national view and the public pages
all build their charts here, so they read the same way."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from service.charts import Chart, Series, Table, Value, bar_chart, compare_sentence, format_value, line_chart
from service.data.dashboard import FigureRow
from service.domain import published as pub
from service.domain.disclosure import SUPPRESSED_MARK, protect_counts, protect_rate
from service.domain.figures import BREAKDOWN_AGE, BREAKDOWN_NEED, BREAKDOWN_SETTING, Measure
from service.domain.ladder import previous_months
from service.wording import figures as words

MONTHS_SHOWN = 36
PUBLISHED_CACHED = 64  # councils' published charts kept per process (a few hundred kB each)
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FULL_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
# The monthly charts, in the issue's order; ACTIVE_PLANS comes with its breakdowns.
MONTHLY = [m for m in words.MEASURES if m != Measure.ACTIVE_PLANS]
# Published yearly comparisons: the live measure's published equivalent.
PUBLISHED = [
    Measure.REQUESTS_RECEIVED,
    Measure.DECISIONS_WITHIN_6_WEEKS,
    Measure.REFUSALS_TO_ASSESS,
    Measure.PLANS_ISSUED,
    Measure.PLANS_WITHIN_20_WEEKS,
    Measure.PLANS_WITHIN_20_WEEKS_EXCL_EXCEPTIONS,
    Measure.REVIEWS_WITHIN_12_WEEKS,
    Measure.ACTIVE_PLANS,
]
BREAKDOWNS = (
    (BREAKDOWN_NEED, pub.ACTIVE_PLANS_NEED, words.NEEDS, "Active plans by primary need", "Primary need"),
    (BREAKDOWN_AGE, pub.ACTIVE_PLANS_AGE, words.AGE_BANDS, "Active plans by age", "Age"),
    (BREAKDOWN_SETTING, pub.ACTIVE_PLANS_SETTING, words.SETTINGS, "Active plans by type of setting", "Type of setting"),
)


def month_label(period: str) -> str:
    return f"{MONTH_NAMES[int(period[5:7]) - 1]} {period[:4]}"


def month_in_words(period: str) -> str:
    return f"{FULL_MONTHS[int(period[5:7]) - 1]} {period[:4]}"


def months_to(today: date, count: int = MONTHS_SHOWN) -> list[str]:
    return previous_months(f"{today.year:04d}-{today.month:02d}", count)


@dataclass
class Comparators:
    """The areas a council is shown beside: its region, similar councils and England."""

    council: pub.Area | None
    region_key: str | None
    region_name: str
    similar: list[str]

    def series(self, data: pub.Published, measure: str, years: list[int], breakdown: str = "") -> list[Series]:
        out = []
        if self.council is not None:
            out.append(Series(self.council.name, [data.value(measure, self.council.key, y, breakdown) for y in years]))
        if self.region_key:
            out.append(Series(self.region_name, [data.value(measure, self.region_key, y, breakdown) for y in years]))
        if self.similar:
            out.append(
                Series(words.SIMILAR_COUNCILS, [data.median_of(measure, self.similar, y, breakdown) for y in years])
            )
        out.append(Series("England", [data.value(measure, pub.ENGLAND, y, breakdown) for y in years]))
        return out


def comparators(data: pub.Published, old_la_code: str | None, region: str = "") -> Comparators:
    council = data.areas.get(old_la_code) if old_la_code else None
    region_name = council.region if council is not None else region
    return Comparators(
        council=council,
        region_key=data.region_key(region_name) if region_name else None,
        region_name=region_name,
        similar=data.similar_councils(council.key) if council is not None else [],
    )


def _published_sentence(measure: str, series: list[Series], year: int) -> str:
    _, rate, verb = words.MEASURES[Measure(measure)]
    subject, *others = series
    period = f"at January {year}" if measure == Measure.ACTIVE_PLANS else f"in {year}"
    return compare_sentence(
        subject.name,
        lambda v: verb.format(value=v) + f" {period}",
        subject.values[-1],
        [(s.name, s.values[-1]) for s in others],
        rate,
    )


def published_charts(data: pub.Published, comp: Comparators, prefix: str) -> list[Chart]:
    """A yearly line chart per published measure: the council (when there is one) beside its region,
    similar councils and England."""
    charts = []
    for measure in PUBLISHED:
        years = data.years(measure)
        if not years:
            continue
        series = comp.series(data, measure, years)
        title, rate, _ = words.MEASURES[measure]
        heading = "January" if measure == Measure.ACTIVE_PLANS else "Calendar year"
        notes = [words.REVIEWS_PUBLISHED_NOTE] if measure == Measure.REVIEWS_WITHIN_12_WEEKS else []
        charts.append(
            line_chart(
                f"{prefix}{measure.value.replace('_', '-')}",
                f"{title}, published",
                _published_sentence(measure, series, years[-1]),
                [str(y) for y in years],
                series,
                percent=rate,
                label_heading=heading,
                notes=notes,
            )
        )
    return charts


def published_breakdowns(data: pub.Published, comp: Comparators, prefix: str) -> list[Chart]:
    charts = []
    for _, measure, labels, title, heading in BREAKDOWNS:
        year = data.latest_year(measure, next(iter(labels)))
        if year is None:
            continue
        # comp.series names the areas (one value per year); here each has one value per category.
        series = [
            Series(s.name, [_one(data, comp, s.name, measure, year, b) for b in labels])
            for s in comp.series(data, measure, [year])
        ]
        charts.append(
            bar_chart(
                f"{prefix}{measure.replace('_', '-')}",
                f"{title}, January {year}",
                _largest_sentence(series[0], list(labels.values()), f"at January {year}"),
                list(labels.values()),
                series,
                percent=True,
                label_heading=heading,
            )
        )
    return charts


def _one(data: pub.Published, comp: Comparators, name: str, measure: str, year: int, breakdown: str) -> Value:
    if comp.council is not None and name == comp.council.name:
        return data.value(measure, comp.council.key, year, breakdown)
    if name == comp.region_name and comp.region_key:
        return data.value(measure, comp.region_key, year, breakdown)
    if name == words.SIMILAR_COUNCILS:
        return data.median_of(measure, comp.similar, year, breakdown)
    return data.value(measure, pub.ENGLAND, year, breakdown)


def _largest_sentence(series: Series, labels: list[str], when: str) -> str:
    known = [(float(v), label) for v, label in zip(series.values, labels, strict=False) if isinstance(v, (int, float))]
    if not known:
        return f"{series.name}: no figures available {when}."
    value, label = max(known)
    return f"{series.name}: the largest group {when} was {label.lower()}, {format_value(value, True)} of plans."


# Live figures -------------------------------------------------------------------------------------------


@dataclass
class Live:
    """A council's live figures by (measure, breakdown) then month."""

    months: list[str]
    cells: dict[tuple[str, str], dict[str, tuple[int, int | None]]] = field(default_factory=dict)

    @classmethod
    def of(cls, rows: Sequence[FigureRow], months: list[str]) -> Live:
        cells: dict[tuple[str, str], dict[str, tuple[int, int | None]]] = defaultdict(dict)
        for r in rows:
            cells[(r.measure, r.breakdown)][r.period] = (r.numerator, r.denominator)
        return cls(months, dict(cells))

    @property
    def empty(self) -> bool:
        return not self.cells

    def latest_month(self) -> str | None:
        periods = {p for series in self.cells.values() for p in series}
        return max(periods) if periods else None


def _protected_series(measure: Measure, series: dict[str, tuple[int, int | None]], months: list[str]) -> list[Value]:
    if words.MEASURES[measure][1]:
        out: list[Value] = []
        for m in months:
            if m not in series:
                out.append(None)
                continue
            rate = protect_rate(*series[m])
            out.append(rate.share if rate.share is not None else (SUPPRESSED_MARK if series[m][1] else None))
        return out
    counts = [series.get(m, (0, None))[0] for m in months]
    protected = protect_counts(counts)
    return [
        None if m not in series else (SUPPRESSED_MARK if v is None else v)
        for m, v in zip(months, protected, strict=True)
    ]


def pooled(series: dict[str, tuple[int, int | None]], months: list[str], rate: bool) -> Value:
    """The measure over `months` together (a rate from its summed counts), with disclosure control."""
    present = [series[m] for m in months if m in series]
    if not present:
        return None
    numerator = sum(n for n, _ in present)
    if rate:
        denominator = sum(d or 0 for _, d in present)
        shown = protect_rate(numerator, denominator)
        return shown.share if shown.share is not None else (SUPPRESSED_MARK if denominator else None)
    shown_count = protect_counts([numerator])[0]
    return SUPPRESSED_MARK if shown_count is None else shown_count


def live_charts(live: Live, council_name: str, prefix: str = "live-") -> tuple[list[Chart], list[str]]:
    """A monthly line chart per measure with figures; and the titles of measures with none yet."""
    charts, missing = [], []
    labels = [month_label(m) for m in live.months]
    for measure in [*MONTHLY, Measure.ACTIVE_PLANS]:
        title, rate, verb = words.MEASURES[measure]
        series = live.cells.get((measure, ""))
        if not series:
            missing.append(title)
            continue
        values = _protected_series(measure, series, live.months)
        last12 = live.months[-12:]

        def in_last_year(value: str, verb: str = verb) -> str:
            return verb.format(value=value) + " in the last 12 months"

        summary = compare_sentence(
            council_name,
            in_last_year,
            pooled(series, last12, rate) if measure != Measure.ACTIVE_PLANS else values[-1],
            [],
            rate,
        )
        if measure == Measure.ACTIVE_PLANS:
            summary = f"{council_name} maintained {format_value(values[-1], False)} plans at the end of {month_in_words(live.months[-1])}."
        charts.append(
            line_chart(
                f"{prefix}{measure.value.replace('_', '-')}",
                f"{title}, month by month",
                summary,
                labels,
                [Series(council_name, values)],
                percent=rate,
            )
        )
    return charts, missing


def live_breakdowns(
    live: Live, data: pub.Published, comp: Comparators, council_name: str, prefix: str = "live-"
) -> list[Chart]:
    """Active plans by need, age and setting: the council's latest month (live, shares of the protected
    counts) beside its published figure, its region, similar councils and England (latest January)."""
    charts = []
    for kind, measure, labels, title, heading in BREAKDOWNS:
        keys = list(labels)
        month = max(
            (
                p
                for (m, b), s in live.cells.items()
                if m == Measure.ACTIVE_PLANS and b.startswith(kind + ":")
                for p in s
            ),
            default=None,
        )
        live_values: list[Value] = [None] * len(keys)
        if month is not None:
            counts = [live.cells.get((Measure.ACTIVE_PLANS, f"{kind}:{k}"), {}).get(month, (0, None))[0] for k in keys]
            total = sum(counts)
            shown = protect_counts(counts, total_shown=True)
            live_values = [SUPPRESSED_MARK if v is None else (v / total if total else None) for v in shown]
        year = data.latest_year(measure, keys[0])
        published_series = (
            [
                Series(s.name, [_one(data, comp, s.name, measure, year, k) for k in keys])
                for s in comp.series(data, measure, [year])
            ]
            if year is not None
            else []
        )
        if published_series and comp.council is not None:
            published_series[0] = Series(f"{comp.council.name}, January {year} (published)", published_series[0].values)
        live_name = f"{council_name}, {month_in_words(month)}" if month else f"{council_name}, live"
        series = [Series(live_name, live_values), *published_series]
        when = f"in {month_in_words(month)}" if month else "yet (no live figures)"
        charts.append(
            bar_chart(
                f"{prefix}{measure.replace('_', '-')}",
                title,
                _largest_sentence(series[0], list(labels.values()), when),
                list(labels.values()),
                series,
                percent=True,
                label_heading=heading,
                notes=[f"Published figures are DfE's, at January {year}."] if year else [],
            )
        )
    return charts


@lru_cache(maxsize=PUBLISHED_CACHED)
def published_for(old_la_code: str | None, prefix: str, bars: bool = True) -> tuple[Chart, ...]:
    """DfE's published charts of a council (None: England) from the shipped release, built once per process
    (they hold no live or personal data): the yearly line charts, then (when `bars`) the breakdowns."""
    figures = pub.published()
    comp = comparators(figures, old_la_code)
    charts = published_charts(figures, comp, prefix)
    return (*charts, *(published_breakdowns(figures, comp, prefix) if bars else []))


def chart_table(charts: Sequence[Chart], table_id: str) -> Table | None:
    for chart in charts:
        if chart.table.id == table_id:
            return chart.table
    return None
