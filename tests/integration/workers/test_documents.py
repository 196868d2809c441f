"""Documents: quarantine in S3 (moto's server over HTTP), scan with a real clamd, promote, download."""

from __future__ import annotations

import io
import uuid
from urllib.parse import parse_qs, urlparse

import pytest
import requests

from service import create_app
from service.clients.storage import storage
from service.db import db
from service.models import Document
from tests.conftest import make_config
from tests.services.clamd import ClamdServer
from tests.services.s3 import CLEAN, QUARANTINE, S3Server
from workers.documents import scan_document

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(scope="module")
def s3_server():
    server = S3Server()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def clamd_server():
    server = ClamdServer()
    server.start()
    yield server
    server.close()


@pytest.fixture(scope="module")
def documents_app(migrated_database, s3_server, clamd_server):
    return create_app(
        make_config(
            migrated_database,
            STORAGE="s3",
            S3_ENDPOINT_URL=s3_server.url,
            S3_QUARANTINE_BUCKET=QUARANTINE,
            S3_CLEAN_BUCKET=CLEAN,
            SCANNER="clamd",
            CLAMD_PORT=clamd_server.port,
        )
    )


@pytest.fixture
def ctx(documents_app):
    with documents_app.app_context():
        yield documents_app


def upload(content: bytes, filename: str = "report.pdf") -> str:
    key = str(uuid.uuid4())
    storage().put_quarantine(key, io.BytesIO(content), "application/pdf")
    document = Document(filename=filename, content_type="application/pdf", size_bytes=len(content), storage_key=key,
                        uploaded_by="family")  # fmt: skip
    db.session.add(document)
    db.session.commit()
    return document.id


def reload(document_id: str) -> Document:
    db.session.expire_all()
    return db.session.get(Document, document_id)


def test_a_clean_pdf_is_promoted_and_downloadable(ctx):
    document_id = upload(PDF, 'Evidence "letter"\r\n.pdf')
    assert scan_document(document_id) == "clean"
    document = reload(document_id)
    assert storage().open_clean(document.storage_key).read() == PDF
    url = storage().download_url(document.storage_key, document.filename)
    response = requests.get(url, timeout=5)
    assert response.content == PDF
    assert response.headers["Content-Disposition"] == 'attachment; filename="Evidence letter.pdf"'
    assert scan_document(document_id) == "clean"  # replay does nothing


def test_eicar_is_found_and_kept_in_quarantine(ctx):
    document_id = upload(PDF + EICAR)
    assert scan_document(document_id) == "infected"
    document = reload(document_id)
    assert "virus" in document.status_reason
    with pytest.raises(Exception):  # noqa: B017, PT011 - not in clean storage at all
        storage().open_clean(document.storage_key).read()


def test_a_file_whose_content_does_not_match_its_extension_is_rejected(ctx):
    document_id = upload(b"MZ\x90\x00 not a pdf", "report.pdf")
    assert scan_document(document_id) == "rejected"
    assert "not a real PDF" in reload(document_id).status_reason


def test_scanner_and_s3_outages_leave_files_waiting_then_clean(ctx, s3_server, clamd_server):
    document_id = upload(PDF)
    clamd_server.stop()
    assert scan_document(document_id) == "waiting"
    assert "scanner unavailable" in reload(document_id).status_reason
    clamd_server.start()
    s3_server.stop()
    assert scan_document(document_id) == "waiting"
    s3_server.restart()
    assert scan_document(document_id) == "clean"
    assert requests.get(storage().download_url(reload(document_id).storage_key, "a.pdf"), timeout=5).content == PDF


def test_presigned_urls_expire_within_five_minutes_and_are_signed(ctx):
    url = storage().download_url("some-key", "a.pdf", expires=3600)
    query = parse_qs(urlparse(url).query)
    assert query["X-Amz-Expires"] == ["300"]
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert "response-content-disposition" in query
    assert len(query["X-Amz-Signature"][0]) == 64


def test_the_security_alert_for_an_infected_file_names_the_case_by_its_reference(ctx, monkeypatch):
    import json

    from sqlmodel import select

    from service.models import Case, OutboxMessage
    from tests.integration.staff.helpers import seed

    seed(ctx)
    case = db.session.exec(select(Case)).first()
    monkeypatch.setitem(ctx.config, "SECURITY_ALERT_EMAIL", "security@example.gov.uk")
    document_id = upload(PDF + EICAR)
    document = reload(document_id)
    document.case_id = case.id
    db.session.commit()
    assert scan_document(document_id) == "infected"
    alert = db.session.exec(select(OutboxMessage).where(OutboxMessage.template == "document_infected")).one()
    values = json.loads(alert.personalisation)
    assert alert.recipient == "security@example.gov.uk" and alert.case_id == case.id
    assert values["reference"] == case.reference != str(case.id)
    assert values["filename"] == "a file"
