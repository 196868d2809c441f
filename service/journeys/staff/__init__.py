"""The council staff side, under /staff: sign-in, the caseload, the case record and its steps, the team
and your account. Every query is scoped to the signed-in person's local authority."""

from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff")

# The pages register their routes on `bp`.
from service.journeys.staff import (  # noqa: E402, F401  # noqa: E402, F401
    account,
    advice,
    case_pages,
    cease,
    dashboard,
    oidc_sign_in,
    organisations,
    phase_transfers,
    placement,
    plan,
    plan_edit,
    plan_issue,
    plan_items,
    plan_versions,
    review_decisions,
    reviews,
    reviews_due,
    routes,
    sen2,
    settings,
    steps,
    team,
    transfers,
    tribunal,
)
