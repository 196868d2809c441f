"""Notify delivery-status callbacks: bearer token checked, updates idempotent."""

from __future__ import annotations

import pytest

from service import create_app
from service.data.outbox import add_message
from service.db import db
from service.models import OutboxMessage
from tests.conftest import make_config

TOKEN = "callback-token-for-tests-0123456789"


@pytest.fixture(scope="module")
def callback_app(migrated_database):
    return create_app(make_config(migrated_database, NOTIFY_CALLBACK_TOKEN=TOKEN))


@pytest.fixture
def message_id(callback_app):
    with callback_app.app_context():
        message = add_message("email", "draft_resume_link", "parent@example.com", {"link": "l", "expires": "e"})
        message.status, message.notify_id = "sent", "11111111-1111-4111-8111-111111111111"
        db.session.commit()
        db.session.info.clear()
        return message.id


def post(client, body, token=TOKEN):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post("/notify/delivery-status", json=body, headers=headers)


def callback(message_id, status="delivered"):
    return {"id": "11111111-1111-4111-8111-111111111111", "reference": message_id, "status": status,
            "to": "parent@example.com", "notification_type": "email"}  # fmt: skip


def test_a_callback_replayed_five_times_changes_the_row_once(callback_app, message_id):
    client = callback_app.test_client()
    results = [post(client, callback(message_id)).get_json()["result"] for _ in range(5)]
    assert results == ["updated"] + ["unchanged"] * 4
    with callback_app.app_context():
        assert db.session.get(OutboxMessage, message_id).delivery_status == "delivered"


def test_a_permanent_failure_marks_the_message_failed(callback_app, message_id):
    assert post(callback_app.test_client(), callback(message_id, "permanent-failure")).status_code == 200
    with callback_app.app_context():
        message = db.session.get(OutboxMessage, message_id)
        assert message.status == "failed" and "could not deliver" in message.last_error


@pytest.mark.parametrize("token", [None, "wrong-token", TOKEN + "x"])
def test_a_wrong_or_missing_token_is_refused(callback_app, message_id, token):
    response = post(callback_app.test_client(), callback(message_id), token=token)
    assert response.status_code == 401
    with callback_app.app_context():
        assert db.session.get(OutboxMessage, message_id).delivery_status is None


def test_a_callback_for_another_notification_changes_nothing(callback_app, message_id):
    body = callback(message_id) | {"id": "22222222-2222-4222-8222-222222222222"}
    assert post(callback_app.test_client(), body).get_json()["result"] == "unchanged"


def test_a_malformed_callback_is_a_400(callback_app):
    assert post(callback_app.test_client(), {"reference": "x", "status": "nonsense"}).status_code == 400
