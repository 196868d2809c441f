"""GOV.UK Notify callbacks: delivery statuses, and letters Royal Mail returned.

Notify POSTs JSON with the notification id, our `reference` (the outbox row id) and the status,
with `Authorization: Bearer <NOTIFY_CALLBACK_TOKEN>`. Letters have their own statuses (accepted,
received, cancelled, ...). A returned letter comes to /notify/returned-letter (Notify's "returned
letter" callback, set up with the same URL base and token) with `notification_id` and `reference`;
the day it arrives is recorded as the day the letter came back. Updates are idempotent: a replayed
callback changes nothing. The bodies hold the recipient, so nothing from them is logged.
"""

from __future__ import annotations

import hmac

from flask import current_app, jsonify, request

from service.auth.access import declare_access
from service.data.jobs import (
    EMAIL_AND_SMS_STATUSES,
    LETTER_STATUSES,
    UNDELIVERED,
    record_returned_letter,
    update_delivery_status,
)
from service.extensions import csrf
from service.journeys.notify_callbacks import bp
from service.observability import metrics
from service.web import today_in_london

STATUSES = EMAIL_AND_SMS_STATUSES | LETTER_STATUSES


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
    if changed and status in UNDELIVERED:
        metrics.delivery_failure(status)
    return jsonify(result="updated" if changed else "unchanged"), 200


declare_access(delivery_status, "notify-callback-token")


@bp.post("/returned-letter")
@csrf.exempt
def returned_letter():
    if not _token_ok():
        return jsonify(error="Unauthorised"), 401
    body = request.get_json(silent=True) or {}
    reference, notify_id = body.get("reference"), body.get("notification_id")
    if not isinstance(notify_id, str) or not (reference is None or isinstance(reference, str)):
        return jsonify(error="notification_id is required"), 400
    changed = record_returned_letter(reference, notify_id, today_in_london())
    return jsonify(result="updated" if changed else "unchanged"), 200


declare_access(returned_letter, "notify-callback-token")
