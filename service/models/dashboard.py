"""Tables of the inclusion dashboard (issue 17): live figures pre-aggregated per council and month by a
worker from the same per-case facts as the SEN2 return, so a dashboard page reads a few hundred rows,
never the cases, and the dashboard and the return cannot disagree."""

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from service.models.base import utcnow


class CouncilFigure(SQLModel, table=True):
    """One measure of one council for one period: a count (numerator) and, for a rate, its denominator.

    `period` is a calendar month "YYYY-MM" (the month the event fell in) or a calendar year "YYYY" (SEN2's
    collection periods and the January census snapshot counts). `breakdown` splits a measure, e.g. plans by
    primary need ("need:ASD"), age band ("age:5-10") or setting type ("setting:special"); "" is the total.
    Counts are exact here: disclosure control (suppressing counts under 5) happens where figures are shown."""

    __tablename__ = "council_figure"
    __table_args__ = (
        UniqueConstraint("local_authority_id", "measure", "period", "breakdown", name="uq_council_figure"),
        Index("ix_council_figure_measure_period", "measure", "period"),
    )

    id: int | None = Field(default=None, primary_key=True)
    local_authority_id: int = Field(foreign_key="local_authority.id", index=True)
    measure: str = Field(max_length=60, description="a service.domain.figures.Measure value")
    period: str = Field(max_length=7, description="YYYY-MM or YYYY")
    breakdown: str = Field(default="", max_length=60)
    numerator: int = 0
    denominator: int | None = Field(default=None, description="None for a count; the base of a rate")
    refreshed_at: datetime = Field(default_factory=utcnow)


class FigureRefresh(SQLModel, table=True):
    """When a council's figures were last recomputed, and from which state of its cases: the worker's
    incremental refresh skips a council whose cases have not changed since (max Case.updated_at)."""

    __tablename__ = "figure_refresh"

    local_authority_id: int = Field(foreign_key="local_authority.id", primary_key=True)
    refreshed_at: datetime = Field(default_factory=utcnow)
    cases_changed_at: datetime | None = Field(default=None, description="the newest case change the refresh saw")
    duration_ms: int = 0
    figure_count: int = 0


class InterventionThreshold(SQLModel, table=True):
    """One rung of the ladder of intervention (Improvement Plan item 11): a council crosses it when
    `measure` is below (or above) `level` for `months` months running. Editable by national users;
    defaults come from service.domain.figures.DEFAULT_THRESHOLDS."""

    __tablename__ = "intervention_threshold"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True)
    measure: str = Field(max_length=60)
    direction: str = Field(max_length=5, description="below or above")
    level: float = Field(description="a share, 0 to 1")
    months: int = Field(default=3, description="consecutive months, 1 to 24")
    explanation: str = Field(default="", max_length=500)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = Field(default="", max_length=200, description="the national user's name")
