"""Pages everyone can see: the start page, the service's legal pages and the health check."""

import json

from flask import Response, current_app, jsonify, render_template, request
from werkzeug.wrappers import Response as ResponseBase

from service.auth.access import public
from service.auth.family import FAMILY_IDLE_SECONDS
from service.auth.staff import STAFF_IDLE_SECONDS
from service.data.health import database_is_up, database_takes_writes, queue_is_up
from service.domain.ehcp.review import REVIEW_SCHEMA
from service.domain.ehcp.schemas import ADVICE_SCHEMA, PLAN_SCHEMA
from service.journeys.common import bp
from service.links import external_url
from service.wording import accessibility as statement


@bp.get("/")
@public
def start():
    return render_template("common/start.html")


@bp.get("/accessibility-statement")
@public
def accessibility():
    return render_template(
        "common/accessibility.html",
        contact_email=current_app.config["ACCESSIBILITY_EMAIL"],
        prepared_on=statement.STATEMENT_PREPARED_ON,
        reviewed_on=statement.STATEMENT_REVIEWED_ON,
        tested_on=statement.LAST_TESTED_ON,
        axe_tags=statement.AXE_TAGS,
        eass_url=statement.EASS_URL,
        regulations=statement.EHRC_REGULATIONS,
        staff_idle_minutes=STAFF_IDLE_SECONDS // 60,
        family_idle_hours=FAMILY_IDLE_SECONDS // 3600,
    )


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
    """Each dependency by name, "up" or "down"; 503 when any is down (the load balancer stops sending
    traffic). The queue is "in-process" when there is no Redis (development)."""
    checks = {}
    if not database_is_up():
        checks["database"] = "down"
    else:
        checks["database"] = "up" if database_takes_writes() else "read-only"
    queue = queue_is_up(current_app.config.get("REDIS_URL"))
    checks["queue"] = "in-process" if queue is None else ("up" if queue else "down")
    healthy = checks["database"] == "up" and checks["queue"] != "down"
    down = sorted(name for name, state in checks.items() if state in ("down", "read-only"))
    body = {"status": "ok" if healthy else "unavailable", **checks}
    if down:
        body["down"] = down
    return jsonify(body), 200 if healthy else 503


def _published_schema(schema: dict, endpoint: str) -> ResponseBase:
    """A published JSON Schema at its stable address, its "$id" that address, built from SERVICE_URL (never
    from the request's Host header); cacheable and readable from any origin (suppliers' tools fetch it)."""
    schema["$id"] = external_url(endpoint)
    response = Response(json.dumps(schema, indent=2, ensure_ascii=False), mimetype="application/schema+json")
    response.headers["Cache-Control"] = "public, max-age=86400"
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/schemas/ehc-plan/1.json")
@public
def plan_schema():
    """The JSON Schema (draft 2020-12) of a plan document."""
    return _published_schema(PLAN_SCHEMA.parsed(), "common.plan_schema")


@bp.get("/schemas/advice/1.json")
@public
def advice_schema():
    """The JSON Schema (draft 2020-12) of advice given for an EHC needs assessment."""
    return _published_schema(ADVICE_SCHEMA.parsed(), "common.advice_schema")


@bp.get("/schemas/review/1.json")
@public
def review_schema():
    """The JSON Schema (draft 2020-12) of an annual review report."""
    return _published_schema(REVIEW_SCHEMA.parsed(), "common.review_schema")
