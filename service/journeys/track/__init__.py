"""Families sign in and see where each of their cases is, against the statutory clock."""

from flask import Blueprint

bp = Blueprint("track", __name__)

# The pages register their routes on `bp`.
from service.journeys.track import data_download, people, placement, plan, routes  # noqa: E402, F401
