"""The national view, /national (issue 17): every council's published and live figures on one page, sorted
on the server, and the ladder of intervention (which councils cross each threshold). For DfE's national
role and a region's role (its own region's councils), read-only and aggregate only: never a child, and
no case page admits these roles (they are not council roles). A national user changes a threshold."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from service.auth.staff import NATIONAL, aggregate_required, current_staff
from service.charts import Table, Value, format_value
from service.data import audit
from service.data import dashboard as data
from service.domain.figures import Measure, Threshold
from service.domain.ladder import LEVEL_MAX, LEVEL_MIN, MONTHS_MAX, MONTHS_MIN, crossing, effective_thresholds
from service.domain.published import published
from service.formatting import govuk_datetime
from service.forms.fields import GovForm
from service.journeys.dashboard import build
from service.journeys.dashboard.cache import app_cache
from service.web import client_ip, today_in_london
from service.wording import figures as words

bp = Blueprint("national", __name__, url_prefix="/national")

COLUMNS = {
    "name": "Council",
    "region": "Region",
    "plans": "EHC plans, January 2025 (published)",
    "published_20": "Plans within 20 weeks, 2024 (published)",
    "live_20": "Plans within 20 weeks, last 12 months (live)",
    "overdue": "Reviews overdue, latest month (live)",
    "crossed": "Thresholds crossed",
}
NUMERIC = {"plans", "published_20", "live_20", "overdue", "crossed"}


@dataclass
class CouncilRow:
    name: str
    region: str
    values: dict[str, Value] = field(default_factory=dict)
    crossed: list[str] = field(default_factory=list)


def _sort_key(column: str):
    def key(row: CouncilRow):
        if column == "name":
            return (0, row.name.lower())
        if column == "region":
            return (0, row.region.lower(), row.name.lower())
        v = len(row.crossed) if column == "crossed" else row.values.get(column)
        # Figures not shown sort last either way round.
        return (0, float(v)) if isinstance(v, (int, float)) else (1, 0.0)

    return key


NATIONAL_CACHED = 16  # the ladder's and the councils' figures, per region and state of the refreshes


def _view(user, region_filter: str):
    """Every council shown (all, or a region's) with its figures and the thresholds it crosses; the newest
    refresh; the thresholds (and who changed each). The figures are worked out once per state of the shown
    councils' refreshes (cache.py), and only when every shown council has one."""
    today = today_in_london()
    refreshes = data.refresh_times()  # first: see cache.py
    councils = data.councils()
    regions = sorted({la.region for la in councils})
    region = user.region if user.role != NATIONAL else (region_filter if region_filter in regions else "")
    shown = [la for la in councils if not region or la.region == region]
    stored, changed = data.stored_thresholds_and_changes()
    thresholds = effective_thresholds(stored)
    months = build.months_to(today, max([12, *(t.months for t in thresholds)]))
    if all(la.id in refreshes for la in shown):
        key = (
            region,
            tuple((la.id, la.name, la.region, la.old_la_code, refreshes[la.id]) for la in shown),
            tuple(thresholds),
            months[0],
            months[-1],
        )
        rows, crossing_names = app_cache("national", NATIONAL_CACHED).get_or_make(
            key, lambda: _figures(shown, region, thresholds, months)
        )
    else:
        rows, crossing_names = _figures(shown, region, thresholds, months)
    latest = max(refreshes.values(), default=None)
    return list(rows), thresholds, crossing_names, regions, region, months[-1], latest, changed


def _figures(shown: list[data.Council], region: str, thresholds: list[Threshold], months: list[str]):
    measures = {t.measure for t in thresholds} | {Measure.PLANS_WITHIN_20_WEEKS, Measure.REVIEWS_OVERDUE}
    series = data.national_series(measures, months[0], months[-1], [la.id for la in shown] if region else None)
    figures = published()
    last_month, last_year = months[-1], months[-12:]
    crossing_names: dict[str, list[str]] = {t.code: [] for t in thresholds}
    out = []
    for la in shown:
        row = CouncilRow(la.name, la.region)
        row.values["plans"] = figures.value(Measure.ACTIVE_PLANS, la.old_la_code, 2025)
        row.values["published_20"] = figures.value(Measure.PLANS_WITHIN_20_WEEKS, la.old_la_code, 2024)
        timely = series.get((la.id, Measure.PLANS_WITHIN_20_WEEKS), {})
        row.values["live_20"] = build.pooled(timely, last_year, True)
        overdue = series.get((la.id, Measure.REVIEWS_OVERDUE), {})
        latest = max(overdue) if overdue else None
        row.values["overdue"] = build.pooled(overdue, [latest], True) if latest else None
        for t in thresholds:
            council_months = series.get((la.id, t.measure), {})
            if council_months and crossing(council_months, t, last_month).crossed:
                row.crossed.append(t.code)
                crossing_names[t.code].append(la.name)
        out.append(row)
    return tuple(out), crossing_names


def _table(rows: list[CouncilRow], thresholds: list[Threshold]) -> Table:
    titles = {t.code: t.explanation for t in thresholds}
    body = []
    for r in rows:
        cells = [r.name, r.region]
        for column in ("plans", "published_20", "live_20", "overdue"):
            cells.append(format_value(r.values.get(column), column != "plans"))
        cells.append("; ".join(titles.get(c, c) for c in r.crossed) or "None")
        body.append(cells)
    return Table("councils", "Every council's figures", list(COLUMNS.values()), body)


@bp.get("/")
@aggregate_required()
def index():
    user = current_staff()
    rows, thresholds, crossing_names, regions, region, last_month, refreshed, changed = _view(
        user, request.args.get("region", "")
    )
    sort = request.args.get("sort", "name")
    sort = sort if sort in COLUMNS else "name"
    order = request.args.get("order", "descending" if sort in NUMERIC else "ascending")
    order = order if order in ("ascending", "descending") else "ascending"
    key = _sort_key(sort)
    known = sorted((r for r in rows if key(r)[0] == 0), key=key, reverse=order == "descending")
    rows = known + sorted((r for r in rows if key(r)[0] == 1), key=lambda r: r.name)  # not shown: last
    return render_template(
        "national/index.html",
        user=user,
        page_title="Councils’ figures" if not region else f"Councils’ figures: {region}",
        rows=rows,
        columns=COLUMNS,
        numeric=NUMERIC,
        sort=sort,
        order=order,
        region=region,
        regions=regions,
        thresholds=thresholds,
        crossing_names=crossing_names,
        changed={k: (name, govuk_datetime(at)) for k, (name, at) in changed.items()},
        measure_title=words.measure_title,
        refreshed=govuk_datetime(refreshed) if refreshed else "",
        last_month=build.month_in_words(last_month),
        format_value=format_value,
        can_edit=user.role == NATIONAL,
        words=words,
    )


@bp.get("/councils.csv")
@aggregate_required()
def councils_csv():
    user = current_staff()
    rows, thresholds, *_ = _view(user, request.args.get("region", ""))
    audit.record(user.id, None, "national.export", None, detail=request.args.get("region", ""), ip_address=client_ip())
    return Response(
        _table(rows, thresholds).csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="Councils figures.csv"'},
    )


class Percent:
    def __call__(self, form, field) -> None:
        text = (field.data or "").strip().removesuffix("%").strip()
        try:
            value = float(text)
        except ValueError:
            raise ValidationError("Level must be a number, like 50") from None
        if not LEVEL_MIN * 100 <= value <= LEVEL_MAX * 100:
            raise ValidationError("Level must be between 0% and 100%")
        field.share = value / 100


class Months:
    def __call__(self, form, field) -> None:
        text = (field.data or "").strip()
        if not text.isdigit():
            raise ValidationError("Number of months must be a whole number, like 3")
        if not MONTHS_MIN <= int(text) <= MONTHS_MAX:
            raise ValidationError(f"Number of months must be between {MONTHS_MIN} and {MONTHS_MAX}")


class ThresholdForm(GovForm):
    level = StringField(
        "Level, as a percentage",
        validators=[DataRequired("Enter the level, as a percentage"), Percent()],
        widget=GovTextInput(),
    )
    months = StringField(
        "Number of months running",
        validators=[DataRequired("Enter the number of months"), Months()],
        widget=GovTextInput(),
    )
    explanation = TextAreaField(
        "Explanation",
        validators=[
            DataRequired("Enter an explanation of the threshold"),
            Length(max=500, message="Explanation must be 500 characters or fewer"),
        ],
        widget=GovTextArea(),
    )
    submit = SubmitField("Save the threshold", widget=GovSubmitInput())


def _describe(t: Threshold) -> str:
    return f"{t.direction} {t.level * 100:g}% for {t.months} months"


@bp.route("/thresholds/<code>", methods=["GET", "POST"])
@aggregate_required(NATIONAL)
def threshold(code: str):
    user = current_staff()
    current = next((t for t in effective_thresholds(data.stored_thresholds()) if t.code == code), None)
    if current is None:
        abort(404)
    form = ThresholdForm()
    if request.method == "GET":
        form.level.data = f"{current.level * 100:g}"
        form.months.data = str(current.months)
        form.explanation.data = current.explanation
    if form.validate_on_submit():
        changed = Threshold(
            current.code,
            current.measure,
            current.direction,
            form.level.share,
            int(form.months.data),
            form.explanation.data.strip(),
        )
        data.save_threshold(changed, user.name)
        audit.record(
            user.id,
            None,
            "threshold.change",
            None,
            detail=f"{code}: {_describe(current)} -> {_describe(changed)}",
            ip_address=client_ip(),
        )
        flash("Threshold saved")
        return redirect(url_for(".index") + "#ladder")
    return render_template(
        "national/threshold.html",
        user=user,
        page_title="Change a threshold",
        form=form,
        threshold=current,
        measure_title=words.measure_title(current.measure),
    )
