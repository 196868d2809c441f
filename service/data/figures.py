"""The dashboard's live figures: every Measure of service.domain.figures per council, per month
("YYYY-MM", 36 months back) and per calendar year ("YYYY"), counted with GROUP BY from the same per-case
facts as the SEN2 return (service.data.sen2.facts_select), and written as CouncilFigure rows.

What each measure counts (numerator / denominator / the period it falls in):
- requests_received: requests received (not plans transferred in), by ReceivedDate.
- request_decisions: decisions whether to assess (SEN2 RequestOutcome Y or N), by RequestOutcomeDate.
- decisions_within_6_weeks: of those, decided within 42 days of the request / all of them.
- refusals_to_assess: decisions not to assess (N) / all decisions, by RequestOutcomeDate.
- plans_issued: new final plans (AssessmentOutcome Y), by the issue date (AssessmentOutcomeDate).
- plans_within_20_weeks: issued within 140 days of the request / plans issued without mediation or a
  Tribunal appeal on the request or assessment (DfE's published measure, EES footnote), exceptions included.
- plans_within_20_weeks_excl_exceptions: the same among plans where no exception applied (Week20 = 0).
- reviews_completed: annual review decisions (PlanReview complete), by decision date.
- reviews_within_12_weeks: review decisions made within 4 weeks of the meeting / reviews completed
  (whether the meeting itself was on time is not checked: the due date of each past review is not kept).
- reviews_overdue: active plans whose last review meeting (or issue) is more than 12 months before the
  snapshot day / active plans; monthly at the month's end (today for this month), yearly at census day.
- phase_transfers_due / phase_transfers_on_time: phase transfers by their reg 18 deadline (due by today);
  amended plan issued by the deadline / transfers due.
- mediations / appeals: disagreements whose mediation took place / that were appealed (or ordered by
  the Tribunal), by the decision notice's date / appealable decisions in the month (refusals to assess
  and to issue, final plans issued and decisions to cease).
- active_plans: plans active on the snapshot day (issued, not ended), with breakdowns by primary need,
  age band and setting type; monthly at the month's end, yearly "YYYY" at the January census day of
  SEN2 collection YYYY (DfE's "plans as at January YYYY"). Other measures' "YYYY" is calendar year YYYY,
  which SEN2 reports in collection YYYY+1.
- provision_delivered: not written; the service does not record delivery yet.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Select,
    Table,
    and_,
    case,
    column,
    exists,
    false,
    func,
    or_,
    select,
    table,
    true,
)

from service.data.sen2 import columns, facts_select
from service.db import db
from service.domain.dates import add_months
from service.domain.figures import BREAKDOWN_AGE, BREAKDOWN_NEED, BREAKDOWN_SETTING, Measure
from service.domain.sen2.codes import AGE_BANDS, CENSUS_DATES, DECISION_DAYS, PLAN_DAYS, REVIEW_DECISION_DAYS
from service.models import (
    Case,
    CouncilFigure,
    Disagreement,
    FigureRefresh,
    LocalAuthority,
    PlanReview,
    Setting,
    TribunalOrderRecord,
    utcnow,
)

CASE_, DISAGREEMENT_, PLANREVIEW_ = columns(Case), columns(Disagreement), columns(PlanReview)
SETTING_, TRIBUNALORDERRECORD_, LOCALAUTHORITY_ = (
    columns(Setting),
    columns(TribunalOrderRecord),
    columns(LocalAuthority),
)
FIGURE_, REFRESH_ = columns(CouncilFigure), columns(FigureRefresh)
FIGURE_TABLE = cast(Table, getattr(CouncilFigure, "__table__"))  # noqa: B009 - SQLModel does not type __table__
FACTS_TABLE, PLANS_TABLE, REVIEWS_TABLE, DAYS_TABLE = "figure_facts", "figure_plans", "figure_reviews", "figure_days"
TEMPORARY_TABLES = (FACTS_TABLE, PLANS_TABLE, REVIEWS_TABLE, DAYS_TABLE)
WORK_MEM = "256MB"
MONTHS_BACK = 36
YEARS_BACK = 4
M = Measure
RESOURCED = ("Resourced provision", "SEN unit", "Resourced provision and SEN unit")

# (numerator, denominator) per (council, measure, period, breakdown)
Counts = dict[tuple[int, str, str, str], list[Any]]


def _pg() -> bool:
    return db.engine.dialect.name == "postgresql"


def _month(column: Any) -> ColumnElement[str]:
    return func.to_char(column, "YYYY-MM") if _pg() else func.strftime("%Y-%m", column)


def _days(later: Any, earlier: Any) -> ColumnElement[Any]:
    return (later - earlier) if _pg() else (func.julianday(later) - func.julianday(earlier))


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.sum(case((condition, 1), else_=0))


@dataclass
class RefreshResult:
    local_authority_id: int
    figures: int
    duration_ms: int
    skipped: bool = False


def _add(
    counts: Counts, la: int, measure: Measure, month: str, numerator: Any, denominator: Any = None, breakdown: str = ""
) -> None:
    slot = counts.setdefault((la, measure.value, month, breakdown), [0, None])
    slot[0] += int(numerator or 0)
    if denominator is not None:
        slot[1] = (slot[1] or 0) + int(denominator or 0)


def _case_measures(counts: Counts, f: Any, today: date) -> None:
    new = f.c.transfer_la == ""
    run = db.session.execute

    month = _month(f.c.received_on)
    for la, m, n in run(
        select(f.c.local_authority_id, month, func.count()).where(new).group_by(f.c.local_authority_id, month)
    ):
        _add(counts, la, M.REQUESTS_RECEIVED, m, n)

    month = _month(f.c.request_outcome_on)
    decided = and_(new, f.c.decided_to_assess.is_not(None), f.c.request_outcome_on.is_not(None))
    within = _days(f.c.request_outcome_on, f.c.received_on) <= DECISION_DAYS
    query: Any = (
        select(
            f.c.local_authority_id, month, func.count(), _count_if(within), _count_if(f.c.decided_to_assess == false())
        )
        .where(decided)
        .group_by(f.c.local_authority_id, month)
    )
    for la, m, n, quick, refused in run(query):
        _add(counts, la, M.REQUEST_DECISIONS, m, n)
        _add(counts, la, M.DECISIONS_WITHIN_6_WEEKS, m, quick, n)
        _add(counts, la, M.REFUSALS_TO_ASSESS, m, refused, n)
        _add(counts, la, M.MEDIATIONS, m, 0, refused)  # refusals are appealable decisions
        _add(counts, la, M.APPEALS, m, 0, refused)

    month = _month(f.c.final_issued_on)
    issued = and_(new, f.c.decided_to_issue == true(), f.c.final_issued_on.is_not(None))
    in_time = _days(f.c.final_issued_on, f.c.received_on) <= PLAN_DAYS
    clean = f.c.disputed == false()
    no_exception = and_(clean, f.c.exceptions_apply == false())
    query = (
        select(
            f.c.local_authority_id,
            month,
            func.count(),
            _count_if(clean),
            _count_if(and_(clean, in_time)),
            _count_if(no_exception),
            _count_if(and_(no_exception, in_time)),
        )  # fmt: skip
        .where(issued)
        .group_by(f.c.local_authority_id, month)
    )
    for la, m, n, base, quick, base_excl, quick_excl in run(query):
        _add(counts, la, M.PLANS_ISSUED, m, n)
        _add(counts, la, M.PLANS_WITHIN_20_WEEKS, m, quick, base)
        _add(counts, la, M.PLANS_WITHIN_20_WEEKS_EXCL_EXCEPTIONS, m, quick_excl, base_excl)
        _add(counts, la, M.MEDIATIONS, m, 0, n)
        _add(counts, la, M.APPEALS, m, 0, n)

    for dated, condition in (
        (f.c.assessment_outcome_on, and_(new, f.c.decided_to_issue == false(), f.c.assessment_outcome_on.is_not(None))),
        (f.c.cease_decision_on, f.c.cease_decision_on.is_not(None)),
    ):
        month = _month(dated)
        query = (
            select(f.c.local_authority_id, month, func.count()).where(condition).group_by(f.c.local_authority_id, month)
        )
        for la, m, n in run(query):
            _add(counts, la, M.MEDIATIONS, m, 0, n)
            _add(counts, la, M.APPEALS, m, 0, n)

    month = _month(f.c.phase_transfer_due_on)
    on_time = and_(
        f.c.phase_transfer_amended_on.is_not(None), f.c.phase_transfer_amended_on <= f.c.phase_transfer_due_on
    )
    query = (
        select(f.c.local_authority_id, month, func.count(), _count_if(on_time))
        .where(f.c.phase_transfer_due_on.is_not(None), f.c.phase_transfer_due_on <= today)
        .group_by(f.c.local_authority_id, month)
    )
    for la, m, n, ok in run(query):
        _add(counts, la, M.PHASE_TRANSFERS_DUE, m, n)
        _add(counts, la, M.PHASE_TRANSFERS_ON_TIME, m, ok, n)


def _scope(column: Any, la_ids: list[int] | None) -> ColumnElement[bool]:
    return true() if la_ids is None else column.in_(la_ids)


def _other_measures(counts: Counts, la_ids: list[int] | None) -> None:
    run = db.session.execute
    month = _month(DISAGREEMENT_.decision_notice_on)
    ordered = exists().where(TRIBUNALORDERRECORD_.disagreement_id == DISAGREEMENT_.id)
    query: Any = (
        select(
            DISAGREEMENT_.local_authority_id,
            month,
            _count_if(DISAGREEMENT_.mediation_held_on.is_not(None)),
            _count_if(or_(DISAGREEMENT_.appealed_on.is_not(None), ordered)),
        )  # fmt: skip
        .where(_scope(DISAGREEMENT_.local_authority_id, la_ids))
        .group_by(DISAGREEMENT_.local_authority_id, month)
    )
    for la, m, mediated, appealed in run(query):
        _add(counts, la, M.MEDIATIONS, m, mediated)
        _add(counts, la, M.APPEALS, m, appealed)

    month = _month(PLANREVIEW_.decision_on)
    quick = _days(PLANREVIEW_.decision_on, PLANREVIEW_.meeting_on) <= REVIEW_DECISION_DAYS
    query = (
        select(
            PLANREVIEW_.local_authority_id,
            month,
            func.count(),
            _count_if(and_(PLANREVIEW_.meeting_on.is_not(None), quick)),
        )
        .where(
            _scope(PLANREVIEW_.local_authority_id, la_ids),
            PLANREVIEW_.status == "complete",
            PLANREVIEW_.decision_on.is_not(None),
        )
        .group_by(PLANREVIEW_.local_authority_id, month)
    )
    for la, m, n, ok in run(query):
        _add(counts, la, M.REVIEWS_COMPLETED, m, n)
        _add(counts, la, M.REVIEWS_WITHIN_12_WEEKS, m, ok, n)


def _years_before(day: date, years: int) -> date:
    return add_months(day, -12 * years)


def _snapshots(counts: Counts, f: Any, la_ids: list[int] | None, days: list[tuple[str, date]]) -> None:
    """Plans active on each snapshot day (period, day), by need, age band and setting type, and those past
    their review date, in one pass (`f`: the facts table): the days are a table of their own with each
    day's cutoffs (12 months back, the age bands' birthdays), joined to the plans, and each plan's latest
    review meeting on or before the day is the review whose meeting is on or before it and whose next
    meeting is after it."""
    if not days:
        return
    plans = _plans(f, min(day for _, day in days), max(day for _, day in days))
    reviews = _reviews(la_ids)
    d = _days_table(days)
    # a child is in a band until the birthday that starts the next one
    whens = [(plans.c.birth_date > d.c[f"band{n}"], name) for n, (name, _low, _high) in enumerate(AGE_BANDS[:-1])]
    band = case(*whens, else_=AGE_BANDS[-1][0])
    overdue = func.coalesce(reviews.c.met, plans.c.final_issued_on) < d.c.cutoff
    active = and_(
        plans.c.final_issued_on <= d.c.on_day, or_(plans.c.ceased_on.is_(None), plans.c.ceased_on > d.c.on_day)
    )
    latest = and_(
        reviews.c.case_id == plans.c.case_id,
        reviews.c.met <= d.c.on_day,
        or_(reviews.c.next_met.is_(None), reviews.c.next_met > d.c.on_day),
    )
    keys = (d.c.period, plans.c.local_authority_id, plans.c.primary_need, band, plans.c.setting_type)
    query: Any = (
        select(*keys, func.count(), _count_if(overdue))
        .select_from(plans.join(d, active).outerjoin(reviews, latest))
        .group_by(*keys)
    )
    # summed here in plain dictionaries (356,000 groups on the national data), then added once
    plans_by: defaultdict[tuple[int, str, str], int] = defaultdict(int)
    late_by: defaultdict[tuple[int, str], int] = defaultdict(int)
    for period, la, need, age, setting, n, late in db.session.execute(query):
        plans_by[la, period, ""] += n
        late_by[la, period] += late
        plans_by[la, period, f"{BREAKDOWN_NEED}:{need or 'unknown'}"] += n
        plans_by[la, period, f"{BREAKDOWN_AGE}:{age}"] += n
        plans_by[la, period, f"{BREAKDOWN_SETTING}:{setting}"] += n
    for (la, period, breakdown), n in plans_by.items():
        _add(counts, la, M.ACTIVE_PLANS, period, n, breakdown=breakdown)
        if not breakdown:
            _add(counts, la, M.REVIEWS_OVERDUE, period, late_by[la, period], n)


def _plans(f: Any, first: date, last: date) -> Any:
    """The plans active on some day from `first` to `last`, each with its setting's type (worked out once,
    not once a day)."""
    setting_type = case(
        (SETTING_.id.is_(None), "other"),
        (SETTING_.resourced_provision.in_(RESOURCED), "resourced"),
        (SETTING_.type_group == "Independent schools", "independent"),
        (or_(SETTING_.type_group == "Special schools", func.lower(SETTING_.type_name).like("%special%")), "special"),
        else_="mainstream",
    )
    query = (
        select(
            f.c.case_id,
            f.c.local_authority_id,
            f.c.primary_need,
            f.c.birth_date,
            f.c.final_issued_on,
            f.c.ceased_on,
            setting_type.label("setting_type"),
        )
        .select_from(f)
        .outerjoin(Setting, and_(SETTING_.urn == f.c.setting_urn, SETTING_.local_authority_id.is_(None)))
        .where(
            f.c.final_issued_on.is_not(None),
            f.c.final_issued_on <= last,
            f.c.withdrawn_on.is_(None),
            or_(f.c.ceased_on.is_(None), f.c.ceased_on > first),
        )
    )
    return _materialise(query, PLANS_TABLE)


def _reviews(la_ids: list[int] | None) -> Any:
    """Each case's completed review meetings, each with the case's next one (None for the latest)."""
    met = (
        select(PLANREVIEW_.case_id.label("case_id"), PLANREVIEW_.meeting_on.label("met"))
        .where(
            _scope(PLANREVIEW_.local_authority_id, la_ids),
            PLANREVIEW_.status == "complete",
            PLANREVIEW_.meeting_on.is_not(None),
        )
        .distinct()
        .subquery()
    )
    next_met = func.lead(met.c.met).over(partition_by=met.c.case_id, order_by=met.c.met)
    return _materialise(select(met.c.case_id, met.c.met, next_met.label("next_met")), REVIEWS_TABLE)


def _days_table(days: list[tuple[str, date]]) -> Any:
    """The snapshot days as a temporary table: period, day, the day 12 months before (a review older than
    that is overdue) and, per age band but the last, the birth date on or before which a child is past it."""
    bands = [f"band{n}" for n in range(len(AGE_BANDS) - 1)]
    connection = db.session.connection()
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {DAYS_TABLE}")
    connection.exec_driver_sql(
        f"CREATE TEMPORARY TABLE {DAYS_TABLE} (period VARCHAR(7), on_day DATE, cutoff DATE, "
        + ", ".join(f"{band} DATE" for band in bands)
        + ")"
    )
    names = ["period", "on_day", "cutoff", *bands]
    days_table = table(DAYS_TABLE, *[column(name) for name in names])
    rows = [
        {
            "period": period,
            "on_day": day,
            "cutoff": add_months(day, -12),
            **{
                band: _years_before(day, next_low)
                for band, (_next, next_low, _) in zip(bands, AGE_BANDS[1:], strict=True)
            },
        }
        for period, day in days
    ]
    db.session.execute(days_table.insert(), rows)
    return days_table.alias("d")


def months(today: date) -> list[str]:
    first = add_months(today.replace(day=1), -(MONTHS_BACK - 1))
    return [add_months(first, n).strftime("%Y-%m") for n in range(MONTHS_BACK)]


def compute(la_ids: list[int] | None, today: date) -> Counts:
    """Every measure of the councils given (None: all), monthly and yearly."""
    monthly: Counts = {}
    if _pg():
        # the snapshots group 39 days x every active plan (23 million rows on the national data, 790,000 cases):
        # hashed in memory, not spilled to disk in 128 batches; JIT compiling costs more than it saves here
        db.session.connection().exec_driver_sql(f"SET LOCAL work_mem = '{WORK_MEM}'")
        db.session.connection().exec_driver_sql("SET LOCAL jit = off")
    f = _materialise(facts_select(la_ids), FACTS_TABLE)
    try:
        _compute(monthly, f, la_ids, today)
        return _periods(monthly, f, la_ids, today)
    finally:
        connection = db.session.connection()
        for name in TEMPORARY_TABLES:
            connection.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")


def _materialise(query: Select[Any], name: str) -> Any:
    """A query's rows, once, into temporary table `name` (the facts: every count below reads them, not the
    cases and their correlated subqueries again, 45 passes over 790,000 cases)."""
    connection = db.session.connection()
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
    compiled = query.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.params
    if compiled.positional:
        params = tuple(compiled.params[name] for name in compiled.positiontup or ())
    connection.exec_driver_sql(f"CREATE TEMPORARY TABLE {name} AS {compiled}", params)
    if _pg():
        connection.exec_driver_sql(f"ANALYZE {name}")  # no statistics otherwise: nested loops over joins
    return table(name, *[column(str(c.key)) for c in query.selected_columns]).alias(name)


def _compute(monthly: Counts, f: Any, la_ids: list[int] | None, today: date) -> None:
    _case_measures(monthly, f, today)
    _other_measures(monthly, la_ids)


def _periods(monthly: Counts, f: Any, la_ids: list[int] | None, today: date) -> Counts:
    window = set(months(today))
    first_year = today.year - YEARS_BACK + 1
    counts: Counts = {}
    for (la, measure, month, breakdown), (numerator, denominator) in monthly.items():
        if not month:
            continue
        if month in window:
            _add(counts, la, Measure(measure), month, numerator, denominator, breakdown)
        if int(month[:4]) >= first_year and month[:4] <= str(today.year):
            _add(counts, la, Measure(measure), month[:4], numerator, denominator, breakdown)
    days = []
    for month in sorted(window):
        start = date(int(month[:4]), int(month[5:]), 1)
        days.append((month, min(add_months(start, 1) - timedelta(days=1), today)))
    days += [(str(year), census) for year, census in CENSUS_DATES.items() if year >= first_year and census <= today]
    _snapshots(counts, f, la_ids, days)
    return counts


def _write(
    la: int,
    counts: Iterable[tuple[tuple[int, str, str, str], list[Any]]],
    now: datetime,
    changed_at: datetime | None,
    started: float,
) -> int:
    rows = [(la, measure, period, breakdown, num, den, now) for (_, measure, period, breakdown), (num, den) in counts]
    db.session.execute(FIGURE_TABLE.delete().where(FIGURE_.local_authority_id == la))
    if rows:
        _insert(rows)
    refresh = db.session.get(FigureRefresh, la) or FigureRefresh(local_authority_id=la)
    refresh.refreshed_at = now
    refresh.cases_changed_at = changed_at
    refresh.duration_ms = int((time.perf_counter() - started) * 1000)
    refresh.figure_count = len(rows)
    db.session.add(refresh)
    db.session.flush()
    return len(rows)


FIGURE_COLUMNS = ("local_authority_id", "measure", "period", "breakdown", "numerator", "denominator", "refreshed_at")


def _insert(rows: list[tuple[Any, ...]]) -> None:
    """A council's figures (about 1,200 rows), in the session's transaction: PostgreSQL's COPY (an INSERT
    of each row took 15 s of the refresh of all 153 councils; COPY half that, most of it the DELETE and
    the indexes), else an INSERT executed for each row."""
    driver = db.session.connection().connection.driver_connection
    if _pg() and driver is not None:
        copy_sql = f"COPY {FIGURE_TABLE.name} ({', '.join(FIGURE_COLUMNS)}) FROM STDIN"
        with driver.cursor() as cursor, cursor.copy(copy_sql) as copy:
            for row in rows:
                copy.write_row(row)
        return
    # Core statements on the table, not the ORM's bulk path: 15 times faster for a council's thousand rows
    db.session.execute(FIGURE_TABLE.insert(), [dict(zip(FIGURE_COLUMNS, row, strict=True)) for row in rows])


def cases_changed_at(la_ids: list[int] | None = None) -> dict[int, datetime | None]:
    """The newest case change of each council (the incremental refresh's cheap check)."""
    query = select(CASE_.local_authority_id, func.max(CASE_.updated_at)).group_by(CASE_.local_authority_id)
    if la_ids is not None:
        query = query.where(CASE_.local_authority_id.in_(la_ids))
    return dict(db.session.execute(query).all())


def stale_councils() -> list[int]:
    """Councils whose cases changed since their last refresh (or never refreshed)."""
    refreshed = dict(db.session.execute(select(REFRESH_.local_authority_id, REFRESH_.cases_changed_at)).all())
    return [
        la for la, changed in cases_changed_at().items()
        if la not in refreshed or (changed is not None and (refreshed[la] is None or changed > refreshed[la]))
    ]  # fmt: skip


def refresh(
    la_ids: list[int] | None, today: date, *, force: bool = True, commit: Callable[[], None] | None = None
) -> list[RefreshResult]:
    """Recompute and replace the figures of the councils given (None: all 153). Without `force`, a
    council whose cases have not changed since its last refresh is skipped. `commit` (each council's
    rows replaced in one transaction) is called after each council is written."""
    started = time.perf_counter()
    ids = la_ids if la_ids is not None else list(db.session.execute(select(LOCALAUTHORITY_.id)).scalars())
    changed = cases_changed_at(la_ids)
    candidates = ids
    if not force:
        refreshed = {
            r.local_authority_id: r.cases_changed_at
            for r in db.session.execute(select(FigureRefresh).where(REFRESH_.local_authority_id.in_(ids))).scalars()
        }
        ids = [
            la
            for la in ids
            if la not in refreshed
            or (changed.get(la) is not None and (refreshed[la] is None or changed[la] > refreshed[la]))
        ]
    chosen = set(ids)
    results = [RefreshResult(la, 0, 0, skipped=True) for la in candidates if la not in chosen]
    if not ids:
        return results
    counts = compute(None if la_ids is None and force else ids, today)
    by_council: dict[int, list[Any]] = defaultdict(list)
    for key, value in counts.items():
        by_council[key[0]].append((key, value))
    now = utcnow()
    for la in ids:
        written = _write(la, by_council.get(la, []), now, changed.get(la), started)
        if commit is not None:
            commit()
        results.append(RefreshResult(la, written, int((time.perf_counter() - started) * 1000)))
    return results


def figures_for(local_authority_id: int, measure: Measure, period: str, breakdown: str = "") -> CouncilFigure | None:
    return db.session.execute(
        select(CouncilFigure).where(
            FIGURE_.local_authority_id == local_authority_id,
            FIGURE_.measure == measure.value,
            FIGURE_.period == period,
            FIGURE_.breakdown == breakdown,
        )
    ).scalar_one_or_none()
