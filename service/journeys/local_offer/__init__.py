"""Councils' local inclusion plan pages: public, no sign-in. Each published page shows the council's
local inclusion partnership, its offer and the settings in its area with what each provides for."""

from flask import Blueprint

bp = Blueprint("local_offer", __name__)

# The pages register their routes on `bp`.
from service.journeys.local_offer import routes  # noqa: E402, F401
