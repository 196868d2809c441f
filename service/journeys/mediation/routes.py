"""Disagreement: families ask for mediation or a certificate; councils record contacts, arrange mediation,
record outcomes and agreed actions and issue certificates; both see the same appeal deadline, from the
statutory clock. The family's pages are in family.py, the council's in council.py, on this blueprint."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("mediation", __name__)

# The family's pages (family.py) and the council's (council.py) are registered on the same blueprint.
from service.journeys.mediation import council, family  # noqa: E402, F401
