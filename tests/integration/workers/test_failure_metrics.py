"""The Notify failure counters on /metrics' registry (issue 19 item 5): a send Notify refuses, a transient
failure, and a delivery failure Notify reports later by callback (counted once, however often replayed)."""

from __future__ import annotations

from prometheus_client import REGISTRY

from service import create_app
from service.data.outbox import add_message
from service.db import db
from tests.conftest import make_config
from workers.notifications import send_message

CALLBACK_TOKEN = "callback-token-for-tests-0123456789"
NOTIFY_ID = "11111111-1111-4111-8111-111111111111"


def sends_failed(kind: str) -> float:
    return REGISTRY.get_sample_value("ehcp_notify_send_failures_total", {"kind": kind}) or 0.0


def deliveries_failed(status: str) -> float:
    return REGISTRY.get_sample_value("ehcp_notify_delivery_failures_total", {"status": status}) or 0.0


def new_message() -> str:
    message = add_message("email", "draft_resume_link", "parent@example.com", {"link": "l", "expires": "e"})
    db.session.commit()
    return message.id


def test_refused_and_transient_sends_are_counted(worker_context, notify):
    permanent, transient = sends_failed("permanent"), sends_failed("transient")
    notify.fail_next(400)
    assert send_message(new_message()) == "failed"
    notify.fail_next(500)
    assert send_message(new_message()) == "pending"
    assert send_message(new_message()) == "sent"
    assert sends_failed("permanent") == permanent + 1
    assert sends_failed("transient") == transient + 1


def test_a_delivery_failure_callback_is_counted_once(migrated_database):
    app = create_app(make_config(migrated_database, NOTIFY_CALLBACK_TOKEN=CALLBACK_TOKEN))
    with app.app_context():
        message = add_message("email", "draft_resume_link", "parent@example.com", {"link": "l", "expires": "e"})
        message.status, message.notify_id = "sent", NOTIFY_ID
        db.session.commit()
        db.session.info.clear()
        message_id = message.id
    before, delivered_before = deliveries_failed("permanent-failure"), deliveries_failed("delivered")
    client = app.test_client()
    body = {"id": NOTIFY_ID, "reference": message_id, "status": "permanent-failure", "notification_type": "email"}
    for _ in range(3):
        response = client.post(
            "/notify/delivery-status", json=body, headers={"Authorization": f"Bearer {CALLBACK_TOKEN}"}
        )
        assert response.status_code == 200
    assert deliveries_failed("permanent-failure") == before + 1
    assert deliveries_failed("delivered") == delivered_before == 0
