"""Public pages of DfE's published figures (issue 17): /council-performance (England) and
/council-performance/<council> (by its name as in the address, or its DfE or ONS code), with the same charts
as the council dashboard and a CSV of every table, so families can see how their council performs."""

from __future__ import annotations

import re

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for

from service.auth.access import public
from service.charts import Chart
from service.data.local_authorities import all_local_authorities
from service.journeys.dashboard import build
from service.journeys.dashboard.render import chart_html
from service.wording import figures as words

bp = Blueprint("performance", __name__, url_prefix="/council-performance")
bp.add_app_template_global(chart_html, "chart_html")  # every dashboard page's charts (render.py)


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _council(key: str):
    key = key.lower()
    for la in all_local_authorities():
        if key in (slug(la.name), la.old_la_code, la.new_la_code.lower()):
            return la
    return None


def _england_charts() -> tuple[Chart, ...]:
    return build.published_for(None, "england-")


def _council_charts(la) -> tuple[Chart, ...]:
    return build.published_for(la.old_la_code, "council-")


def _csv(table, filename: str) -> Response:
    return Response(
        table.csv(), mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'}
    )


@bp.get("")
@public
def england():
    councils = all_local_authorities()
    chosen = request.args.get("council", "")
    if chosen:
        la = _council(chosen)
        if la is not None:
            return redirect(url_for(".council", key=slug(la.name)))
    return render_template(
        "performance/england.html",
        page_title="How councils perform on EHC plans",
        charts=_england_charts(),
        councils=[(slug(la.name), la.name) for la in sorted(councils, key=lambda la: la.name)],
        error_list=[{"text": "Select your council", "href": "#council"}] if "council" in request.args else [],
        words=words,
    )


@bp.get("/<table_id>.csv")
@public
def england_csv(table_id: str):
    table = build.chart_table(_england_charts(), table_id)
    if table is None:
        abort(404)
    return _csv(table, f"England {table.caption}".replace(",", ""))


@bp.get("/<key>")
@public
def council(key: str):
    la = _council(key)
    if la is None:
        abort(404)
    if key != slug(la.name):
        return redirect(url_for(".council", key=slug(la.name)))
    return render_template(
        "performance/council.html",
        page_title=f"How {la.display_name} performs on EHC plans",
        la=la,
        key=key,
        charts=_council_charts(la),
        words=words,
    )


@bp.get("/<key>/<table_id>.csv")
@public
def council_csv(key: str, table_id: str):
    la = _council(key)
    table = build.chart_table(_council_charts(la), table_id) if la is not None else None
    if la is None or table is None:
        abort(404)
    return _csv(table, f"{la.name} {table.caption}".replace(",", ""))
