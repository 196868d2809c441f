"""Sign a professional in through the real sign-in, reading the emailed code from the outbox."""

from __future__ import annotations

import json

from sqlmodel import col, select

from service.models import OutboxMessage
from tests.integration.staff.helpers import csrf_of


def last_code(app, email: str) -> str:
    with app.app_context():
        from service.db import db

        message = db.session.exec(
            select(OutboxMessage)
            .where(OutboxMessage.recipient == email, OutboxMessage.template == "professional_sign_in_code")
            .order_by(col(OutboxMessage.created_at).desc())
        ).first()
        assert message is not None, f"no sign-in code was sent to {email}"
        return json.loads(message.personalisation)["code"]


def sign_in_professional(client, app, email: str):
    """Ask for a code for `email`, then enter the code the outbox holds; returns the code page's response."""
    client.post("/professional/sign-in", data={"csrf_token": csrf_of(client, "/professional/sign-in"), "email": email})
    code = last_code(app, email)
    token = csrf_of(client, "/professional/sign-in/code")
    return client.post("/professional/sign-in/code", data={"csrf_token": token, "code": code})
