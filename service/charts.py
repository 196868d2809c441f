"""Charts people can read (issue 17): server-rendered SVG, no JavaScript, each with a title, a summary
sentence the page computes from the data, and its data as a table (shown in a details component beside the
chart, and downloadable as CSV).

Series differ by more than colour: a line has its own dash style and marker shape, a bar its own fill
pattern, and the legend repeats both. The SVG has role="img" with its <title> and <desc> named by
aria-labelledby; its viewBox scales it to the width of the page, down to 320 px (app.css caps the width).

A value is a number, None (not available: not published, or no figure yet) or a mark string such as
"[c]" (suppressed by disclosure control); only numbers are drawn."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape

Value = float | int | str | None
NOT_AVAILABLE = "not available"

WIDTH = 400
FONT = 13
COLOURS = ("#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#505a5f")  # GOV.UK blue, red, green, purple, grey
DASHES = ("", "8 4", "2 4", "12 4 3 4", "4 2")
MARKERS = ("circle", "square", "triangle", "diamond", "cross")
PATTERNS = ("solid", "hatch", "dots", "cross", "outline")
PATTERN_NAMES = {
    "solid": "solid",
    "hatch": "diagonal lines",
    "dots": "dots",
    "cross": "cross-hatch",
    "outline": "outline only",
}
MARKER_NAMES = {
    "circle": "circles",
    "square": "squares",
    "triangle": "triangles",
    "diamond": "diamonds",
    "cross": "crosses",
}


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Value]


@dataclass(slots=True)
class Cell:
    """A cell of govukTable's params. Every key the macro reads is an attribute (None when unused): Jinja
    reads an attribute at once, where a key missing from a dict costs it two failed lookups."""

    text: str
    format: str | None = None
    html: None = None
    classes: None = None
    colspan: None = None
    rowspan: None = None
    attributes: None = None


@dataclass(slots=True)
class GovukTableParams:
    """govukTable's params (the keys of its Nunjucks macro, hence the camel case)."""

    caption: str
    captionClasses: str  # noqa: N815
    head: list[Cell]
    rows: list[list[Cell]]
    firstCellIsHeader: bool = True  # noqa: N815
    classes: None = None
    attributes: None = None


@dataclass
class Table:
    """A chart's data: the first column labels the rows, one column per series."""

    id: str
    caption: str
    head: list[str]
    rows: list[list[str]]

    def govuk(self, caption_classes: str) -> GovukTableParams:
        """The table as govukTable's params: the first column row headers, the series' columns numeric."""
        return GovukTableParams(
            self.caption,
            caption_classes,
            [Cell(self.head[0]), *[Cell(name, "numeric") for name in self.head[1:]]],
            [[Cell(row[0]), *[Cell(cell, "numeric") for cell in row[1:]]] for row in self.rows],
        )

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(self.head)
        for row in self.rows:
            writer.writerow([_csv_safe(c) for c in row])
        return "\ufeff" + out.getvalue()  # Excel reads UTF-8


@dataclass
class Chart:
    id: str
    title: str
    summary: str
    svg: Markup
    legend: list[tuple[str, Markup]]  # (series name, swatch)
    table: Table
    notes: list[str] = field(default_factory=list)


def _csv_safe(cell: str) -> str:
    """A spreadsheet must not run a cell as a formula."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@") and not _is_number(cell) else cell


def _is_number(text: str) -> bool:
    try:
        float(text.rstrip("%"))
    except ValueError:
        return False
    return True


def is_number(value: Value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def format_value(value: Value, percent: bool) -> str:
    """A value as the table shows it: 45.9%, 1,234, [c] or "not available"."""
    if isinstance(value, str):
        return value
    if value is None or not is_number(value):
        return NOT_AVAILABLE
    if percent:
        return f"{value * 100:.1f}%"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def nice_maximum(largest: float) -> float:
    """The top of a count axis: 1, 2, 2.5 or 5 times a power of ten, at or above `largest`."""
    if largest <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(largest))
    for step in (1, 2, 2.5, 5, 10):
        if largest <= step * power:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def _ticks(top: float, count: int = 4) -> list[float]:
    return [top * k / count for k in range(count + 1)]


def _axis_label(value: float, percent: bool) -> str:
    if percent:
        return f"{value * 100:.0f}%"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    r = 4.0
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{colour}"/>'
    if shape == "square":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r}" height="{2 * r}" fill="{colour}"/>'
    if shape == "triangle":
        return f'<path d="M{x:.1f},{y - r - 1:.1f} L{x + r + 1:.1f},{y + r:.1f} L{x - r - 1:.1f},{y + r:.1f} Z" fill="{colour}"/>'
    if shape == "diamond":
        return f'<path d="M{x:.1f},{y - r - 1:.1f} L{x + r + 1:.1f},{y:.1f} L{x:.1f},{y + r + 1:.1f} L{x - r - 1:.1f},{y:.1f} Z" fill="{colour}"/>'
    return (
        f'<path d="M{x - r:.1f},{y - r:.1f} L{x + r:.1f},{y + r:.1f} M{x + r:.1f},{y - r:.1f} L{x - r:.1f},{y + r:.1f}" '
        f'stroke="{colour}" stroke-width="2"/>'
    )


def _pattern_def(pattern_id: str, pattern: str, colour: str) -> str:
    if pattern == "solid":
        return ""
    if pattern == "hatch":
        body = f'<rect width="6" height="6" fill="#fff"/><path d="M0,6 L6,0 M-1,1 L1,-1 M5,7 L7,5" stroke="{colour}" stroke-width="2"/>'
    elif pattern == "dots":
        body = f'<rect width="6" height="6" fill="#fff"/><circle cx="3" cy="3" r="1.6" fill="{colour}"/>'
    elif pattern == "cross":
        body = f'<rect width="6" height="6" fill="#fff"/><path d="M0,0 L6,6 M6,0 L0,6" stroke="{colour}" stroke-width="1.2"/>'
    else:
        body = '<rect width="6" height="6" fill="#fff"/>'
    return f'<pattern id="{pattern_id}" width="6" height="6" patternUnits="userSpaceOnUse">{body}</pattern>'


def _fill(chart_id: str, index: int) -> tuple[str, str]:
    """(the <pattern> definition, the fill attribute value) of series `index`."""
    pattern = PATTERNS[index % len(PATTERNS)]
    colour = COLOURS[index % len(COLOURS)]
    if pattern == "solid":
        return "", colour
    pattern_id = f"{chart_id}-pattern-{index}"
    return _pattern_def(pattern_id, pattern, colour), f"url(#{pattern_id})"


def _svg(chart_id: str, height: float, title: str, desc: str, body: str) -> Markup:
    return Markup(  # noqa: S704 - colours and numbers of ours; every text is escaped
        f'<svg class="app-chart__svg" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="GDS Transport, arial, sans-serif" font-size="{FONT}">'
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(desc)}</desc>'
        f"{body}</svg>"
    )


def _line_swatch(index: int) -> Markup:
    colour = COLOURS[index % len(COLOURS)]
    dash = DASHES[index % len(DASHES)]
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return Markup(  # noqa: S704 - colours and numbers of ours; every text is escaped
        f'<svg class="app-chart__swatch" viewBox="0 0 32 12" width="32" height="12" aria-hidden="true" focusable="false">'
        f'<line x1="0" y1="6" x2="32" y2="6" stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
        f"{_marker(MARKERS[index % len(MARKERS)], 16, 6, colour)}</svg>"
    )


def _bar_swatch(chart_id: str, index: int) -> Markup:
    definition, fill = _fill(f"{chart_id}-key", index)
    colour = COLOURS[index % len(COLOURS)]
    return Markup(  # noqa: S704 - colours and numbers of ours; every text is escaped
        f'<svg class="app-chart__swatch" viewBox="0 0 24 14" width="24" height="14" aria-hidden="true" focusable="false">'
        f'<defs>{definition}</defs><rect x="1" y="1" width="22" height="12" fill="{fill}" stroke="{colour}" stroke-width="1.5"/></svg>'
    )


def line_chart(
    chart_id: str,
    title: str,
    summary: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    percent: bool,
    label_heading: str = "Month",
    notes: Sequence[str] = (),
) -> Chart:
    """A line per series over `labels` (months or years, oldest first). Gaps where a value is not a number."""
    left, right, top, bottom = 52.0, 12.0, 12.0, 40.0
    height = 240.0
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    numbers = [float(v) for s in series for v in s.values if is_number(v)]  # type: ignore[arg-type]
    top_value = 1.0 if percent else nice_maximum(max(numbers, default=0.0))
    n = len(labels)

    def x_of(i: int) -> float:
        return left + (plot_w / 2 if n <= 1 else plot_w * i / (n - 1))

    def y_of(v: float) -> float:
        return top + plot_h * (1 - min(max(v / top_value, 0.0), 1.0))

    parts = []
    for tick in _ticks(top_value):
        y = y_of(tick)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" stroke="#b1b4b6" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#0b0c0c">{_axis_label(tick, percent)}</text>'
        )
    step = max(1, math.ceil(n / 4))
    for i, label in enumerate(labels):
        if i % step == 0 or i == n - 1 and n - 1 - (n - 1) // step * step >= step / 2:
            parts.append(
                f'<text x="{x_of(i):.1f}" y="{height - bottom + 18}" text-anchor="middle" fill="#0b0c0c">{escape(label)}</text>'
            )
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{WIDTH - right}" y2="{top + plot_h}" stroke="#0b0c0c"/>')
    for index, s in enumerate(series):
        colour, dash = COLOURS[index % len(COLOURS)], DASHES[index % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        runs: list[list[tuple[float, float]]] = [[]]
        for i, v in enumerate(s.values[:n]):
            if is_number(v):
                runs[-1].append((x_of(i), y_of(float(v))))  # type: ignore[arg-type]
            elif runs[-1]:
                runs.append([])
        for run in runs:
            if len(run) > 1:
                points = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                parts.append(
                    f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
                )
            for x, y in run:
                parts.append(_marker(MARKERS[index % len(MARKERS)], x, y, colour))
    if not numbers:
        parts.append(
            f'<text x="{WIDTH / 2}" y="{top + plot_h / 2}" text-anchor="middle" fill="#505a5f">No figures to show</text>'
        )
    desc = (
        summary
        + " "
        + "; ".join(f"{s.name}: line with {MARKER_NAMES[MARKERS[i % len(MARKERS)]]}" for i, s in enumerate(series))
    )
    head = [label_heading, *[s.name for s in series]]
    rows = [
        [label, *[format_value(s.values[i] if i < len(s.values) else None, percent) for s in series]]
        for i, label in enumerate(labels)
    ]
    return Chart(
        id=chart_id,
        title=title,
        summary=summary,
        svg=_svg(chart_id, height, title, desc, "".join(parts)),
        legend=[(s.name, _line_swatch(i)) for i, s in enumerate(series)],
        table=Table(chart_id, title, head, rows),
        notes=list(notes),
    )


def bar_chart(
    chart_id: str,
    title: str,
    summary: str,
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    percent: bool,
    label_heading: str = "Category",
    notes: Sequence[str] = (),
) -> Chart:
    """Horizontal bars: a group per category (its name above the bars), a bar per series, its value at its end."""
    left, right, top = 4.0, 64.0, 6.0
    bar_h, gap, label_h = 11.0, 10.0, 18.0
    plot_w = WIDTH - left - right
    numbers = [float(v) for s in series for v in s.values if is_number(v)]  # type: ignore[arg-type]
    top_value = 1.0 if percent and max(numbers, default=0.0) > 0.5 else nice_maximum(max(numbers, default=0.0))
    if percent and top_value > 1:
        top_value = 1.0
    group_h = label_h + bar_h * len(series) + gap
    height = top + group_h * max(len(categories), 1) + 4
    defs, parts = [], []
    fills = []
    for index in range(len(series)):
        definition, fill = _fill(chart_id, index)
        defs.append(definition)
        fills.append(fill)
    for c, category in enumerate(categories):
        y0 = top + c * group_h
        parts.append(f'<text x="{left}" y="{y0 + 13:.1f}" fill="#0b0c0c" font-weight="bold">{escape(category)}</text>')
        for index, s in enumerate(series):
            v = s.values[c] if c < len(s.values) else None
            y = y0 + label_h + index * bar_h
            colour = COLOURS[index % len(COLOURS)]
            if is_number(v):
                w = plot_w * min(max(float(v) / top_value, 0.0), 1.0)  # type: ignore[arg-type]
                parts.append(
                    f'<rect x="{left}" y="{y:.1f}" width="{max(w, 1.5):.1f}" height="{bar_h - 2}" fill="{fills[index]}" '
                    f'stroke="{colour}" stroke-width="1"/>'
                )
                text, x_text = format_value(v, percent), left + w + 4
            else:
                text, x_text = format_value(v, percent), left
            parts.append(
                f'<text x="{x_text:.1f}" y="{y + bar_h - 3:.1f}" font-size="11" fill="#0b0c0c">{escape(text)}</text>'
            )
    if not numbers:
        parts.append(
            f'<text x="{WIDTH / 2}" y="{height / 2}" text-anchor="middle" fill="#505a5f">No figures to show</text>'
        )
    desc = (
        summary
        + " "
        + "; ".join(
            f"{s.name}: bars filled with {PATTERN_NAMES[PATTERNS[i % len(PATTERNS)]]}" for i, s in enumerate(series)
        )
    )
    head = [label_heading, *[s.name for s in series]]
    rows = [
        [category, *[format_value(s.values[c] if c < len(s.values) else None, percent) for s in series]]
        for c, category in enumerate(categories)
    ]
    return Chart(
        id=chart_id,
        title=title,
        summary=summary,
        svg=_svg(chart_id, height, title, desc, f"<defs>{''.join(defs)}</defs>{''.join(parts)}"),
        legend=[(s.name, _bar_swatch(chart_id, i)) for i, s in enumerate(series)],
        table=Table(chart_id, title, head, rows),
        notes=list(notes),
    )


def compare_sentence(
    subject: str, verb: Callable[[str], str], value: Value, others: Sequence[tuple[str, Value]], percent: bool
) -> str:
    """ "Kent issued 32.3% of plans within 20 weeks in 2024, England 45.9%": `verb` words the subject's
    value; others follow by name; values not available are said so."""
    first = verb(format_value(value, percent))
    rest = ", ".join(f"{name} {format_value(v, percent)}" for name, v in others)
    return f"{subject} {first}" + (f", {rest}." if rest else ".")
