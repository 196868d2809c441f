"""A chart's HTML (templates/components/chart.html's appChart) rendered once per process and reused while the
chart and its CSV address are the same: DfE's published charts never change, and a council's live charts only
when the worker refreshes its figures. Templates call `chart_html(chart, csv_url)`."""

from __future__ import annotations

from collections.abc import Hashable

from flask import current_app
from markupsafe import Markup

from service.charts import Chart
from service.journeys.dashboard.cache import app_cache

RENDERED_MAX = 600  # a council dashboard shows about 30 charts; a chart's HTML is a few kB


def chart_key(chart: Chart, csv_url: str) -> Hashable:
    """Everything appChart renders from."""
    table = chart.table
    return (
        chart.id,
        chart.title,
        chart.summary,
        str(chart.svg),
        tuple((name, str(swatch)) for name, swatch in chart.legend),
        tuple(chart.notes),
        table.id,
        table.caption,
        tuple(table.head),
        tuple(map(tuple, table.rows)),
        csv_url,
    )


def _render(chart: Chart, csv_url: str) -> Markup:
    macro = current_app.jinja_env.get_template("components/chart.html").module.appChart  # type: ignore[attr-defined]
    return Markup(macro(chart, csv_url))  # noqa: S704 - the component's own rendered (escaped) output


def chart_html(chart: Chart, csv_url: str) -> Markup:
    return app_cache("chart_html", RENDERED_MAX).get_or_make(chart_key(chart, csv_url), lambda: _render(chart, csv_url))  # type: ignore[no-any-return]
