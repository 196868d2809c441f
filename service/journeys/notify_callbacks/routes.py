"""GOV.UK Notify delivery-status callbacks.

Notify POSTs JSON with the notification id, our `reference` (the outbox row id) and the status,
with `Authorization: Bearer <NOTIFY_CALLBACK_TOKEN>`. Updates are idempotent: a replayed callback
changes nothing. The body holds the recipient, so nothing from it is logged.
"""

from __future__ import annotations

import hmac

from flask import current_app, jsonify, request

from service.auth.access import declare_access
from service.data.jobs import update_delivery_status
from service.extensions import csrf
from service.journeys.notify_callbacks import bp

STATUSES = {"delivered", "permanent-failure", "temporary-failure", "technical-failure", "sending", "sent", "created"}


def _token_ok() -> bool:
    expected = current_app.config.get("NOTIFY_CALLBACK_TOKEN")
    given = request.headers.get("Authorization", "")
    return bool(expected) and hmac.compare_digest(given.encode(), f"Bearer {expected}".encode())


@bp.post("/delivery-status")
@csrf.exempt
def delivery_status():
    if not _token_ok():
        return jsonify(error="Unauthorised"), 401
    body = request.get_json(silent=True) or {}
    reference, status = body.get("reference"), body.get("status")
    if not isinstance(reference, str) or status not in STATUSES:
        return jsonify(error="reference and a known status are required"), 400
    changed = update_delivery_status(reference, body.get("id"), status)
    return jsonify(result="updated" if changed else "unchanged"), 200


declare_access(delivery_status, "notify-callback-token")
