"""What every view asks of the request it serves: the day in London, the client's address, and the
change context a staff change carries into service.data (built here, once per request).

The clock is read here (and by the worker and CLI boundaries), never in service.data or the domain:
both take `today` as an argument.
"""

from __future__ import annotations

from datetime import date

from flask import request

from service.auth.staff import current_staff
from service.data.context import ChangeContext
from service.domain.clock import london_date
from service.models import utcnow


def today_in_london() -> date:
    """Today's date in England, which every statutory time limit counts in."""
    return london_date(utcnow())


def client_ip() -> str:
    # Behind the load balancer, ProxyFix (service/__init__.py) puts the client's address in remote_addr.
    return request.remote_addr or ""


def staff_change(version: int | str | None = None) -> ChangeContext:
    """The signed-in staff member's change context: who, from where, today, and the case version their
    form showed, if any. A view builds it once and passes it to every data function of its change."""
    user = current_staff()
    if user is None:
        raise RuntimeError("staff_change needs a signed-in staff member (use @staff_required)")
    return ChangeContext(user=user, ip=client_ip(), today=today_in_london(), version=_version(version))


def _version(value: int | str | None) -> int | None:
    """The version a form carried; a value that is not a number is one no case has (so it is refused)."""
    if value is None or isinstance(value, int):
        return value
    return int(value) if value.strip().isdigit() else -1
