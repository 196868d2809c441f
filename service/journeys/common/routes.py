"""Pages everyone can see: the start page, the service's legal pages and the health check."""

from flask import jsonify, render_template

from service.auth.access import public
from service.data.health import database_is_up
from service.journeys.common import bp


@bp.get("/")
@public
def start():
    return render_template("common/start.html")


@bp.get("/accessibility-statement")
@public
def accessibility():
    return render_template("common/accessibility.html")


@bp.get("/cookies")
@public
def cookies():
    return render_template("common/cookies.html")


@bp.get("/privacy")
@public
def privacy():
    return render_template("common/privacy.html")


@bp.get("/contact")
@public
def contact():
    return render_template("common/contact.html")


@bp.get("/healthz")
@public
def healthz():
    if not database_is_up():
        return jsonify(status="unavailable", database="down"), 503
    return jsonify(status="ok", database="up")
