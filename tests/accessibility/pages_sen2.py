"""The managers' SEN2 return, for the sweep: choosing a year, a year's return with its validation report
(the demo data's year), a year with no cases (the empty state) and a year DfE has no census day for (the
error state)."""

from __future__ import annotations

from datetime import date

from tests.accessibility.pages_staff import MANAGER, _seed
from tests.accessibility.registry import SweepPage


def _years(app) -> dict:
    from service.domain.sen2.codes import CENSUS_DATES

    data = _seed(app)
    # the demo's cases are dated from today: the collection that reports this calendar year
    return data | {"year": min(max(CENSUS_DATES), date.today().year + 1), "empty": min(CENSUS_DATES)}


PAGES = [
    SweepPage("staff/sen2", "/staff/sen2", data=_seed, sign_in=MANAGER),
    SweepPage("staff/sen2/return", "/staff/sen2?year={year}", data=_years, sign_in=MANAGER),
    SweepPage("staff/sen2/empty", "/staff/sen2?year={empty}", data=_years, sign_in=MANAGER),
    SweepPage("staff/sen2/error", "/staff/sen2?year=2030", data=_seed, sign_in=MANAGER),
]
