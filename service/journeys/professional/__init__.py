"""Professionals outside the council, under /professional: people at a setting, an educational psychology
service, a health provider or a social care team sign in, see the work asked of their organisation
(advice requests, consultations) and do it. Every query is scoped to the signed-in person's organisation."""

from flask import Blueprint

bp = Blueprint("professional", __name__, url_prefix="/professional")

# The pages register their routes on `bp`.
from service.journeys.professional import advice, colleagues, consultations, invitations, reviews, routes  # noqa: E402, F401
