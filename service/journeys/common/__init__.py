"""Pages everyone can see: the start page, the service's legal pages and the health check."""

from flask import Blueprint

bp = Blueprint("common", __name__)

# The pages register their routes on `bp`.
from service.journeys.common import feedback, metrics, performance, routes  # noqa: E402, F401
