"""Disagreement: families ask for mediation or a certificate; councils record contacts, arrange mediation,
record outcomes and agreed actions and issue certificates; both see the same appeal deadline, from the
statutory clock. The family's pages are in family.py, the council's in council.py, on this blueprint."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("mediation", __name__)

# The family's pages (family.py) and the council's (council.py) register their routes on `bp`.
from service.journeys.mediation import contacts, council, family  # noqa: E402, F401

# Template globals that read the council's contacts: registered with this blueprint, on the app it joins.
bp.add_app_template_global(contacts.disagreement_extras, "disagreement_extras")
bp.add_app_template_global(contacts.mediation_adviser_contact, "mediation_adviser_contact")
