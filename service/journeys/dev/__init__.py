"""Development-only pages. This blueprint is registered only when APP_ENV is development or test."""

from flask import Blueprint

bp = Blueprint("dev", __name__, url_prefix="/dev")

# The pages register their routes on `bp`.
from service.journeys.dev import routes  # noqa: E402, F401
