"""A council's disagreement figures, for the dashboard and SEN2: counts by SQL, and timeliness against
the 30-day mediation and 3-working-day certificate duties from the clock's milestone states."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, and_, func
from sqlmodel import col, select

from service.data.facts import disagreement_facts
from service.data.mediation import actions_for_council
from service.db import db
from service.domain.clock import MilestoneState, disagreement_timeline
from service.models import Disagreement


@dataclass
class Timeliness:
    on_time: int = 0
    late: int = 0
    not_yet_due: int = 0


@dataclass
class Figures:
    total: int = 0
    by_decision: dict[str, int] = field(default_factory=dict)
    mediation: int = 0
    certificate_only: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)  # agreement, partial, none, and "" for none recorded
    appealed: int = 0
    certificates_issued: int = 0
    mediation_timeliness: Timeliness = field(default_factory=Timeliness)
    certificate_timeliness: Timeliness = field(default_factory=Timeliness)


def _timeliness(counts: Timeliness, state: MilestoneState | None, late_already: bool = False) -> None:
    if state == MilestoneState.MET:
        counts.on_time += 1
    elif state in (MilestoneState.MET_LATE, MilestoneState.OVERDUE) or (late_already and state is not None):
        counts.late += 1
    elif state is not None:
        counts.not_yet_due += 1


def figure_years(local_authority_id: int) -> list[int]:
    """The calendar years in which the council's disagreements began (the family's contact), newest first."""
    dates = db.session.exec(
        select(col(Disagreement.contacted_on)).where(col(Disagreement.local_authority_id) == local_authority_id)
    )
    return sorted({d.year for d in dates}, reverse=True)


def figures(local_authority_id: int, today: date, year: int | None = None) -> Figures:
    """The council's disagreement figures, for every disagreement or those begun in `year` (the family's
    contact, as SEN2 counts a calendar year): counts by SQL; timeliness against the 30-day mediation and
    the 3-working-day certificate duties from the clock's milestone states (met on time, late or overdue)."""
    result = Figures()
    mine: ColumnElement[bool] = col(Disagreement.local_authority_id) == local_authority_id
    if year is not None:
        mine = and_(mine, col(Disagreement.contacted_on).between(date(year, 1, 1), date(year, 12, 31)))
    for kind, n in db.session.exec(
        select(Disagreement.decision_kind, func.count()).where(mine).group_by(col(Disagreement.decision_kind))
    ):
        result.by_decision[kind] = n
        result.total += n
    for wants, n in db.session.exec(
        select(Disagreement.wants_mediation, func.count()).where(mine).group_by(col(Disagreement.wants_mediation))
    ):
        if wants:
            result.mediation += n
        else:
            result.certificate_only += n
    held = select(Disagreement.outcome, func.count()).where(mine, col(Disagreement.wants_mediation).is_(True))
    for outcome, n in db.session.exec(held.group_by(col(Disagreement.outcome))):
        result.outcomes[outcome] = n
    appealed = select(func.count()).where(mine, col(Disagreement.appealed_on).is_not(None))
    result.appealed = db.session.exec(appealed).one()
    issued = select(func.count()).where(mine, col(Disagreement.certificate_issued_on).is_not(None))
    result.certificates_issued = db.session.exec(issued).one()
    actions = actions_for_council(local_authority_id)
    for d in db.session.exec(select(Disagreement).where(mine)):
        timeline = {m.key: m for m in disagreement_timeline(disagreement_facts(d, actions.get(d.id or 0, [])), today)}
        if "mediation_held" in timeline:
            _timeliness(result.mediation_timeliness, timeline["mediation_held"].state, d.mediation_late)
        if "mediation_certificate" in timeline:
            _timeliness(result.certificate_timeliness, timeline["mediation_certificate"].state)
    return result
