"""The council dashboard, /staff/dashboard (issue 17): the council's live figures month by month over 3
years, from CouncilFigure rows the worker refreshes (never the cases), each beside its region, similar
councils and England from DfE's published figures; a CSV of every table. Audited as a council-level read."""

from __future__ import annotations

from flask import Response, abort, render_template

from service.auth.staff import current_local_authority, current_staff, staff_required
from service.data import audit
from service.data import dashboard as data
from service.domain.published import published
from service.formatting import govuk_datetime
from service.journeys.dashboard import build
from service.journeys.dashboard.cache import app_cache
from service.journeys.staff.routes import bp
from service.web import staff_change, today_in_london
from service.wording import figures as words

LIVE_CACHED = 32  # councils' live charts kept per process


def _live(la, months: list[str]):
    live = build.Live.of(data.council_figures(la.id, months[0], months[-1]), months)
    monthly, missing = build.live_charts(live, la.name)
    breakdowns = build.live_breakdowns(live, published(), build.comparators(published(), la.old_la_code), la.name)
    return live, monthly, missing, breakdowns


def _dashboard():
    """The council's charts and when its figures were refreshed. The live charts are built from the
    council's figures once per refresh (cache.py: the refresh time is read first); never without a refresh time."""
    la = current_local_authority()
    months = build.months_to(today_in_london())
    refreshed = data.refreshed_at(la.id)
    if refreshed is None:
        live, monthly, missing, breakdowns = _live(la, months)
    else:
        key = (la.id, la.name, la.old_la_code, refreshed, months[-1])
        live, monthly, missing, breakdowns = app_cache("live_charts", LIVE_CACHED).get_or_make(
            key, lambda: _live(la, months)
        )
    yearly = build.published_for(la.old_la_code, "published-", bars=False)
    return la, refreshed, live, monthly, missing, breakdowns, yearly


@bp.get("/dashboard")
@staff_required()
def dashboard():
    user = current_staff()
    la, refreshed, live, monthly, missing, breakdowns, yearly = _dashboard()
    audit.record(user.id, la.id, "dashboard.view", None, ip_address=staff_change().ip)
    return render_template(
        "staff/dashboard.html",
        user=user,
        la=la,
        page_title="Dashboard",
        live=live,
        monthly=monthly,
        missing=missing,
        breakdowns=breakdowns,
        yearly=yearly,
        refreshed=govuk_datetime(refreshed) if refreshed else "",
        first_month=build.month_in_words(live.months[0]),
        last_month=build.month_in_words(live.months[-1]),
        words=words,
    )


@bp.get("/dashboard/<table_id>.csv")
@staff_required()
def dashboard_csv(table_id: str):
    """One table of the dashboard as CSV (the same disclosure control as the page); audited."""
    user = current_staff()
    la, _, _, monthly, _, breakdowns, yearly = _dashboard()
    table = build.chart_table([*monthly, *breakdowns, *yearly], table_id)
    if table is None:
        abort(404)
    audit.record(user.id, la.id, "dashboard.export", None, detail=table_id, ip_address=staff_change().ip)
    return Response(
        table.csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{la.name} {table.caption}.csv"'.replace(",", "")},
    )
