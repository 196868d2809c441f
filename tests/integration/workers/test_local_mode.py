"""make run: no REDIS_URL, NOTIFY_MODE=outbox, STORAGE=local, SCANNER=none; jobs run in-process after commit."""

from __future__ import annotations

import io
import time
import uuid

import pytest

from service import create_app
from service.clients.storage import storage
from service.data.outbox import add_message
from service.db import db
from service.models import Document, OutboxMessage
from tests.conftest import make_config

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(scope="module")
def local_app(migrated_database, tmp_path_factory):
    return create_app(make_config(migrated_database, STORAGE_LOCAL_DIR=str(tmp_path_factory.mktemp("documents"))))


def test_a_message_is_marked_sent_in_process_once_the_app_context_ends(local_app):
    with local_app.app_context():
        message = add_message("email", "draft_resume_link", "parent@example.com", {"link": "l", "expires": "e"})
        db.session.commit()
        assert db.session.get(OutboxMessage, message.id).status == "pending"  # not inside the transaction
    with local_app.app_context():
        assert db.session.get(OutboxMessage, message.id).status == "sent"


def test_a_document_is_checked_in_process_and_downloadable_through_a_signed_link(local_app):
    from service.jobs import SCAN_DOCUMENT, enqueue_after_commit

    with local_app.test_request_context():
        key = str(uuid.uuid4())
        storage().put_quarantine(key, io.BytesIO(PDF), "application/pdf")
        document = Document(filename="letter.pdf", content_type="application/pdf", size_bytes=len(PDF),
                            storage_key=key, uploaded_by="family")  # fmt: skip
        db.session.add(document)
        enqueue_after_commit(SCAN_DOCUMENT, document.id)
        db.session.commit()
    with local_app.test_request_context():
        assert db.session.get(Document, document.id).status == "clean"
        url = storage().download_url(key, "letter.pdf")
    client = local_app.test_client()
    with client.get(url) as response:
        assert response.status_code == 200 and response.data == PDF
        assert response.headers["Content-Disposition"] == "attachment; filename=letter.pdf"
    assert client.get(url[:-3] + "abc").status_code == 404


def test_an_expired_local_link_is_refused(local_app):
    with local_app.test_request_context():
        key = str(uuid.uuid4())
        storage().put_quarantine(key, io.BytesIO(PDF), "application/pdf")
        storage().promote(key)
        url = storage().download_url(key, "a.pdf", expires=1)
    client = local_app.test_client()
    with client.get(url) as response:
        assert response.status_code == 200
    time.sleep(2.1)
    assert client.get(url).status_code == 404
