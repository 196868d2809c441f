"""The context a staff change carries into the data layer (built once per request by service.web)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from service.models import StaffUser


@dataclass(frozen=True, slots=True)
class ChangeContext:
    """Who makes the change (a staff account), from where (their IP address, for the audit trail), the
    day it is made (London time, as the statutory clock counts) and the case version their form showed
    (None when the change does not check it)."""

    user: StaffUser
    ip: str
    today: date
    version: int | None = None
