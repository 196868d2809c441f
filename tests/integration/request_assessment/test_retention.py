"""Saved requests are kept 28 days; families are reminded 7 days before, with a fresh link."""

import io
import json
from datetime import timedelta

from sqlmodel import select

from service.models import Document, OutboxMessage, RequestDraft, utcnow
from workers.schedules import draft_reminders_and_expiry


def test_reminder_7_days_before_deletion_with_a_working_link_then_deletion_with_uploads(app, client):
    from service.clients.storage import storage
    from service.db import db

    with app.app_context():
        old = RequestDraft(answers=json.dumps({"who": {"role": "parent"}}), resume_email="parent@example.com")
        old.updated_at = utcnow() - timedelta(days=22)
        expired = RequestDraft(answers="{}", resume_email="gone@example.com")
        expired.updated_at = utcnow() - timedelta(days=29)
        db.session.add_all([old, expired])
        db.session.flush()
        storage().put_quarantine("abandoned-upload", io.BytesIO(b"%PDF-1"), "application/pdf")
        db.session.add(
            Document(
                draft_id=expired.id,
                filename="r.pdf",
                content_type="application/pdf",
                size_bytes=6,
                storage_key="abandoned-upload",
                uploaded_by="family",
            )
        )
        db.session.commit()
        assert draft_reminders_and_expiry() == (1, 1)
        assert draft_reminders_and_expiry() == (0, 0)  # reminded once only
        message = db.session.exec(select(OutboxMessage).where(OutboxMessage.template == "draft_expiry_reminder")).one()
        values = json.loads(message.personalisation)
        assert message.recipient == "parent@example.com"
        assert db.session.exec(select(RequestDraft)).one().id == old.id
        assert db.session.exec(select(Document)).first() is None
        link = values["link"]
    assert link.startswith(app.config["SERVICE_URL"] + "/request/resume/")
    response = client.get(link.split(app.config["SERVICE_URL"], 1)[1])
    assert response.status_code == 302 and response.location.endswith("/request/child-name")
