"""The dashboard's per-process caches (service/journeys/dashboard/cache.py, issue 17's speed): a council's
live charts and the national view's figures are worked out once per refresh of the figures and never
shared between councils; a chart's HTML is reused only for the same chart."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flask import render_template_string
from sqlmodel import select

from service.charts import Series, line_chart
from service.domain.figures import Measure
from service.domain.ladder import previous_months
from service.journeys.dashboard.cache import Lru
from service.journeys.dashboard.render import chart_html
from tests.factories import KENT, LEEDS, council, make_aggregate_user, make_figures, make_staff
from tests.integration.staff.helpers import sign_in
from tests.pages import check_page

TODAY = date.today()
MONTHS = previous_months(f"{TODAY.year:04d}-{TODAY.month:02d}", 36)
AT = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def _refreshed(code: str, at: datetime) -> None:
    """The worker's refresh time of the council's figures (the figures themselves are made by make_figures)."""
    from service.db import db
    from service.models import FigureRefresh

    la_id = council(code).id
    row = db.session.get(FigureRefresh, la_id) or FigureRefresh(local_authority_id=la_id)
    row.refreshed_at = at
    db.session.add(row)
    db.session.commit()


def _replace_figures(code: str, measure: Measure, values: dict[str, tuple[int, int | None]]) -> None:
    """What a refresh does to the rows (without the refresh time, which the caller sets or not)."""
    from service.db import db
    from service.models import CouncilFigure

    la_id = council(code).id
    for row in db.session.exec(
        select(CouncilFigure).where(CouncilFigure.local_authority_id == la_id, CouncilFigure.measure == measure)
    ):
        db.session.delete(row)
    db.session.commit()
    make_figures(code, measure, values)


def _first_month(client) -> list[str]:
    chart = check_page(client.get("/staff/dashboard")).select_one("#live-plans-within-20-weeks")
    return [td.get_text(strip=True) for td in chart.select("tbody tr:first-child td")]


def test_live_charts_are_read_once_per_refresh_and_again_after_the_next(client, app):
    with app.app_context():
        make_figures(KENT, Measure.PLANS_WITHIN_20_WEEKS, dict.fromkeys(MONTHS, (30, 60)))
        _refreshed(KENT, AT)
        manager = make_staff("manager", KENT)
    sign_in(client, app, manager)
    assert _first_month(client) == ["50.0%"]
    with app.app_context():  # rows changed without a refresh: the page keeps the refresh's figures
        _replace_figures(KENT, Measure.PLANS_WITHIN_20_WEEKS, dict.fromkeys(MONTHS, (60, 60)))
    assert _first_month(client) == ["50.0%"]
    with app.app_context():
        _refreshed(KENT, AT + timedelta(minutes=5))
    assert _first_month(client) == ["100.0%"]
    # The CSV is the same table as the page.
    csv = client.get("/staff/dashboard/live-plans-within-20-weeks.csv").get_data(as_text=True)
    assert csv.lstrip("\ufeff").splitlines()[1].endswith(",100.0%")


def test_councils_refreshed_at_the_same_moment_never_see_each_others_figures(client, app):
    with app.app_context():
        make_figures(KENT, Measure.PLANS_WITHIN_20_WEEKS, dict.fromkeys(MONTHS, (30, 60)))
        make_figures(LEEDS, Measure.PLANS_WITHIN_20_WEEKS, dict.fromkeys(MONTHS, (15, 60)))
        _refreshed(KENT, AT)
        _refreshed(LEEDS, AT)
        kent, leeds = make_staff("manager", KENT), make_staff("manager", LEEDS)
    sign_in(client, app, kent)
    assert _first_month(client) == ["50.0%"]
    other = app.test_client()
    sign_in(other, app, leeds)
    page = check_page(other.get("/staff/dashboard"))
    assert page.select_one(".govuk-caption-l").get_text(strip=True) == "Leeds"
    chart = page.select_one("#live-plans-within-20-weeks")
    assert [td.get_text(strip=True) for td in chart.select("tbody tr:first-child td")] == ["25.0%"]
    assert [th.get_text(strip=True) for th in chart.select("thead th")] == ["Month", "Leeds"]


def test_national_view_works_out_the_ladder_once_per_state_of_every_refresh(client, app):
    from service.db import db
    from service.models import FigureRefresh, LocalAuthority

    with app.app_context():
        make_figures(KENT, Measure.PLANS_WITHIN_20_WEEKS, dict.fromkeys(MONTHS[-3:], (20, 60)))
        db.session.add_all(
            FigureRefresh(local_authority_id=la.id, refreshed_at=AT) for la in db.session.exec(select(LocalAuthority))
        )
        db.session.commit()
        analyst = make_aggregate_user("national")
    sign_in(client, app, analyst)
    assert "1 council crosses it: Kent." in check_page(client.get("/national/")).get_text(" ")
    with app.app_context():  # Leeds's refresh: its new figures count at once
        make_figures(LEEDS, Measure.PLANS_WITHIN_20_WEEKS, dict.fromkeys(MONTHS[-3:], (10, 60)))
        _refreshed(LEEDS, AT + timedelta(minutes=5))
    assert "2 councils cross it: Kent, Leeds." in check_page(client.get("/national/")).get_text(" ")
    # A changed threshold counts at once too (no refresh).
    path = "/national/thresholds/twenty_week_timeliness"
    token = check_page(client.get(path)).find("input", attrs={"name": "csrf_token"})["value"]
    client.post(path, data={"csrf_token": token, "level": "30", "months": "3", "explanation": "Below 30%."})
    assert "1 council crosses it: Leeds." in check_page(client.get("/national/")).get_text(" ")
    # A regional user's view is its own region's, whatever the national user's view holds.
    with app.app_context():
        regional = make_aggregate_user("regional", region="Yorkshire and The Humber")
    other = app.test_client()
    sign_in(other, app, regional)
    names = [r.th.get_text(strip=True) for r in check_page(other.get("/national/")).select("table tbody tr")]
    assert "Leeds" in names and "Kent" not in names


def test_a_charts_html_is_reused_only_for_the_same_chart(app):
    def chart(value: float):
        return line_chart("c", "Title", "Summary.", ["Jan", "Feb"], [Series("Kent", [0.5, value])], percent=True)

    with app.test_request_context():
        first, again = chart_html(chart(0.25), "/a.csv"), chart_html(chart(0.25), "/a.csv")
        other = chart_html(chart(0.75), "/a.csv")
        elsewhere = chart_html(chart(0.25), "/b.csv")
        assert first is again  # the cached HTML
        assert "25.0%" in first and "75.0%" in other and "25.0%" not in other.split("<table")[1]
        assert 'href="/b.csv"' in elsewhere and 'href="/a.csv"' not in elsewhere
        # The table's params as objects render exactly what govukTable renders from the dicts it documents.
        table = chart(0.25).table
        params = {
            "caption": table.caption,
            "captionClasses": "govuk-table__caption--s",
            "firstCellIsHeader": True,
            "head": [{"text": table.head[0]}, {"text": table.head[1], "format": "numeric"}],
            "rows": [[{"text": r[0]}, {"text": r[1], "format": "numeric"}] for r in table.rows],
        }
        macro = '{% from "govuk_frontend_jinja/components/table/macro.html" import govukTable %}{{ govukTable(p) }}'
        as_dicts = render_template_string(macro, p=params)
        as_objects = render_template_string(macro, p=table.govuk("govuk-table__caption--s"))
        assert as_objects == as_dicts and "govuk-table__cell--numeric" in as_objects


def test_lru_keeps_the_most_recently_used():
    cache = Lru(2)
    made = []

    def make(v):
        return lambda: made.append(v) or v

    assert cache.get_or_make("a", make("A")) == "A"
    cache.get_or_make("b", make("B"))
    assert cache.get_or_make("a", make("A2")) == "A"  # a hit, and now the most recent
    cache.get_or_make("c", make("C"))  # evicts b
    assert cache.get_or_make("b", make("B2")) == "B2"
    assert made == ["A", "B", "C", "B2"] and len(cache) == 2
