"""Request an EHC needs assessment: the question pages (routes.py), their forms and their order (steps.py)."""

from flask import Blueprint

bp = Blueprint("request_assessment", __name__, url_prefix="/request")

# The pages register their routes on `bp`.
from service.journeys.request_assessment import council, routes  # noqa: E402, F401
