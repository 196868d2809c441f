"""/metrics for Prometheus: 404 unless METRICS_TOKEN is set, 401 without that bearer token (what it
exposes: service.observability.metrics and docs/operations/observability.md). Not a page: not in the
accessibility sweep."""

from flask import Response

from service.auth.access import declare_access
from service.journeys.common import bp
from service.observability.metrics import metrics_view


@bp.get("/metrics")
def metrics() -> Response:
    return metrics_view()


declare_access(metrics, "metrics-token")
