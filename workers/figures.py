"""Recompute one council's dashboard figures (service.data.figures): its CouncilFigure rows replaced and
its FigureRefresh row written in one transaction. The job takes the council's id; without `force` it does
nothing when the council's cases have not changed since the last refresh, so a duplicate enqueue (the
scheduler's 5-minute check, or a retry) costs one cheap query."""

from __future__ import annotations

import logging

from service.data.figures import refresh
from service.db import db
from service.domain.clock import london_date
from service.jobs import REFRESH_FIGURES
from service.models import utcnow

log = logging.getLogger(__name__)


@REFRESH_FIGURES.runs
def refresh_figures(local_authority_id: int, force: bool = False) -> int:
    """The number of figures written (0 when skipped)."""
    (result,) = refresh([local_authority_id], london_date(utcnow()), force=force)
    db.session.commit()
    if not result.skipped:
        log.info("Figures of council %s: %s rows in %s ms", local_authority_id, result.figures, result.duration_ms)
    return result.figures
