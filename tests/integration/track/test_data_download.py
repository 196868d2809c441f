"""Download your data (issue 16 item 8), against a real Redis and moto's S3 server over HTTP: the family asks,
the job goes to the RQ queue and an RQ worker builds the ZIP into the clean bucket; the family is emailed and
downloads it; the ZIP holds the answers, documents (and the clean files), messages without sign-in codes or
links, the family's timeline and each plan version with its PDF. Another family's export id answers 404;
after 24 hours the expiry job deletes the file and the page asks again; with Redis down the request is
still accepted and the export waits for the sweeper."""

from __future__ import annotations

import io
import json
import secrets
import uuid
import zipfile
from datetime import date, timedelta

import pytest
from sqlmodel import select

from service import create_app
from service.clients.storage import storage
from service.data.context import ChangeContext
from service.data.family_messages import send_case_update
from service.data.plan_changes import issue, start_plan
from service.data.plans import attach_pdf
from service.db import db
from service.jobs import BUILD_DATA_EXPORT
from service.models import CaseEvent, DataExport, Document, OutboxMessage, utcnow
from tests import factories
from tests.conftest import make_config
from tests.integration.staff.helpers import csrf_of
from tests.pages import check_page
from tests.services.s3 import CLEAN, QUARANTINE, S3Server
from workers.schedules import expire_data_exports, sweep_data_exports

FAMILY = "parent@example.com"
OTHER = "brown.family@example.com"
EVIDENCE = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PLAN_PDF = b"%PDF-1.7\n% the plan's PDF in this test\n%%EOF\n"


@pytest.fixture(scope="module")
def s3_server():
    server = S3Server()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def export_app(migrated_database, s3_server, redis_url):
    config = make_config(
        migrated_database,
        REDIS_URL=redis_url,
        STORAGE="s3",
        S3_ENDPOINT_URL=s3_server.url,
        S3_QUARANTINE_BUCKET=QUARANTINE,
        S3_CLEAN_BUCKET=CLEAN,
    )
    return create_app(config)


@pytest.fixture
def app(export_app, redis_url):
    from redis import Redis

    Redis.from_url(redis_url).flushdb()
    return export_app


def signed_in(app, email: str = FAMILY):
    """A test client with a family session for `email` (the sign-in pages have their own tests)."""
    from service.auth.family import FAMILY_ABSOLUTE_SECONDS, FAMILY_IDLE_SECONDS
    from service.data.sessions import hash_session_id
    from service.models import WebSession

    sid = secrets.token_urlsafe(32)
    data = {
        "_principal": f"family:{email}",
        "_idle_seconds": FAMILY_IDLE_SECONDS,
        "_absolute_seconds": FAMILY_ABSOLUTE_SECONDS,
    }
    with app.app_context():
        db.session.add(WebSession(id_hash=hash_session_id(sid), data=json.dumps(data), principal=f"family:{email}"))
        db.session.commit()
    client = app.test_client()
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], sid)
    return client


def work_the_queue(app, redis_url) -> None:
    """An RQ worker, as `python -m workers` runs it (each job in an app context), until the queue is empty."""
    from redis import Redis

    from workers.__main__ import AppWorker

    class Worker(AppWorker):
        flask_app = app

    Worker([BUILD_DATA_EXPORT.queue.value], connection=Redis.from_url(redis_url)).work(burst=True)


def _store(key: str, body: bytes) -> None:
    storage().put_quarantine(key, io.BytesIO(body), "application/pdf")
    storage().promote(key)


def seed(app) -> dict:
    """The family's case with a clean and a waiting document, an event staff alone see, a message with a
    sign-in link, and an issued draft plan with its PDF; another family's case."""
    with app.app_context():
        case = factories.make_case(
            stage="draft_issued",
            draft_served_on=date.today() - timedelta(days=1),
            requester_email=FAMILY,
            child_first_name="Amara",
            child_last_name="Okafor",
            needs="Amara finds loud rooms very hard",
        )
        other = factories.make_case(requester_email=OTHER, child_first_name="Oliver", child_last_name="Brown")
        key = uuid.uuid4().hex
        _store(key, EVIDENCE)
        db.session.add(Document(case_id=case.id, filename="school report.pdf", content_type="application/pdf",
                                size_bytes=len(EVIDENCE), storage_key=key, status="clean", uploaded_by="family"))  # fmt: skip
        db.session.add(Document(case_id=case.id, filename="photo.jpg", content_type="image/jpeg", size_bytes=9,
                                storage_key="not-stored", status="waiting", uploaded_by="family"))  # fmt: skip
        db.session.add(Document(case_id=case.id, filename="internal note.pdf", content_type="application/pdf",
                                size_bytes=9, storage_key="x", status="clean", uploaded_by="staff:1",
                                shared_with_family=False))  # fmt: skip
        db.session.add(CaseEvent(case_id=case.id, kind="note", summary="Staff only: the panel met", actor="Staff",
                                 family_visible=False))  # fmt: skip
        db.session.add(CaseEvent(case_id=case.id, kind="family_document", summary="The family sent a document",
                                 actor="The family", happened_on=date(2026, 10, 12)))  # fmt: skip
        send_case_update(case, "The council sent you a draft plan", date.today())
        db.session.add(OutboxMessage(channel="email", template="family_sign_in_link", recipient=FAMILY,
                                     personalisation=json.dumps({"link": "http://localhost/sign-in/link/SECRET-LINK",
                                                                 "code": "918273"})))  # fmt: skip
        staff = factories.make_staff()
        change = ChangeContext(user=staff, ip="127.0.0.1", today=date.today())
        plan = start_plan(change, case)
        version = issue(change, plan, case, status="draft", on=date.today(), opened_version=plan.version)
        db.session.commit()
        pdf_key = uuid.uuid4().hex
        _store(pdf_key, PLAN_PDF)
        attach_pdf(version.id, storage_key=pdf_key, size_bytes=len(PLAN_PDF), generated_at=utcnow())
        db.session.commit()
        return {"case": case.id, "reference": case.reference, "other": other.id}


def _ask(client):
    return client.post("/your-data", data={"csrf_token": csrf_of(client, "/your-data")})


def _export(app, email: str = FAMILY) -> DataExport:
    with app.app_context():
        rows = db.session.exec(select(DataExport).where(DataExport.email == email)).all()
        assert len(rows) == 1
        db.session.expunge_all()
        return rows[0]


def _text(page) -> str:
    return " ".join(page.select_one("main").get_text(" ").split())


def test_the_family_asks_a_worker_builds_the_zip_and_only_they_can_download_it(app, redis_url):
    data = seed(app)
    client = signed_in(app)
    page = check_page(client.get("/your-data"))
    assert "Ask for your data" in _text(page)
    assert _ask(client).status_code == 302
    assert _ask(client).status_code == 302  # asking twice makes one file
    page = check_page(client.get("/your-data"))
    assert "We are preparing your file" in _text(page) and page.find("a", string="Refresh this page")
    export = _export(app)
    assert export.status == "pending"

    work_the_queue(app, redis_url)
    export = _export(app)
    assert export.status == "ready" and export.size_bytes > 0
    assert export.expires_at - export.ready_at == timedelta(hours=24)
    page = check_page(client.get("/your-data"))
    link = page.find("a", string=lambda s: s and s.startswith("Download your data (ZIP,"))
    assert link["href"] == f"/your-data/{export.id}/download"
    assert "available until" in _text(page) and " on " in _text(page)

    with app.app_context():
        email = db.session.exec(select(OutboxMessage).where(OutboxMessage.template == "data_export_ready")).one()
        assert email.recipient == FAMILY
        assert json.loads(email.personalisation)["link"] == "http://localhost/your-data"

    response = client.get(link["href"])
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    response.close()
    folder = data["reference"]
    names = set(archive.namelist())
    assert {"README.txt", "messages.json", f"{folder}/request.json", f"{folder}/timeline.json"} <= names
    assert not any("Brown" in name or "Oliver" in name for name in names)

    answers = json.loads(archive.read(f"{folder}/request.json"))
    assert answers["child_or_young_person"]["first_name"] == "Amara"
    assert answers["needs"] == "Amara finds loud rooms very hard"

    documents = json.loads(archive.read(f"{folder}/documents.json"))
    by_name = {d["name"]: d for d in documents}
    assert set(by_name) == {"school report.pdf", "photo.jpg", "EHC plan - Draft 1.pdf"}  # not the staff's own
    assert by_name["photo.jpg"]["scan_status"] == "waiting" and by_name["photo.jpg"]["file_in_this_download"] is None
    assert archive.read(f"{folder}/" + by_name["school report.pdf"]["file_in_this_download"]) == EVIDENCE

    timeline = json.loads(archive.read(f"{folder}/timeline.json"))
    assert "The family sent a document" in [e["what_happened"] for e in timeline]
    assert {"happened_on": "2026-10-12"}.items() <= next(
        e for e in timeline if e["happened_on"] == "2026-10-12"
    ).items()
    assert not any("Staff only" in e["what_happened"] for e in timeline)

    plan = json.loads(archive.read(f"{folder}/plan/1 Draft 1.json"))
    assert plan["$schema"] == "http://localhost/schemas/ehc-plan/1.json" and plan["plan"]["label"] == "Draft 1"
    assert archive.read(f"{folder}/plan/1 Draft 1.pdf") == PLAN_PDF

    everything = archive.read("messages.json").decode()
    messages = json.loads(everything)
    assert "SECRET-LINK" not in everything and "918273" not in everything
    assert any(m["subject"].startswith("Update on your request") for m in messages)

    # another family, signed in, gets 404 for this export's id; so does a made-up id
    other = signed_in(app, OTHER)
    assert other.get(link["href"]).status_code == 404
    assert "Ask for your data" in _text(check_page(other.get("/your-data")))
    assert client.get(f"/your-data/{uuid.uuid4()}/download").status_code == 404
    assert client.get("/your-data/not-an-id/download").status_code == 404
    signed_out = app.test_client()
    assert signed_out.get(link["href"]).status_code == 302  # to sign in


def test_after_24_hours_the_file_is_deleted_and_the_family_asks_again(app, redis_url):
    seed(app)
    client = signed_in(app)
    _ask(client)
    work_the_queue(app, redis_url)
    export = _export(app)
    with app.app_context():
        assert expire_data_exports() == 0  # not yet
        row = db.session.get(DataExport, export.id)
        row.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    page = check_page(client.get("/your-data"))  # past its 24 hours: no longer offered, before the job runs
    assert "Your file is no longer available" in _text(page)
    assert client.get(f"/your-data/{export.id}/download").status_code == 404
    with app.app_context():
        assert expire_data_exports() == 1
        assert db.session.get(DataExport, export.id).status == "expired"
        listing = storage().client.list_objects_v2(Bucket=CLEAN)
        assert export.object_key not in {item["Key"] for item in listing.get("Contents", [])}
    assert "Ask for a new file" in _text(check_page(client.get("/your-data")))
    _ask(client)
    with app.app_context():
        assert db.session.exec(select(DataExport).where(DataExport.status == "pending")).one().id != export.id


def test_with_redis_down_the_request_is_accepted_and_the_export_waits(app, redis_url, redis_server):
    seed(app)
    client = signed_in(app)
    token = csrf_of(client, "/your-data")
    redis_server.stop()
    try:
        assert client.post("/your-data", data={"csrf_token": token}).status_code == 302
        assert "We are preparing your file" in _text(check_page(client.get("/your-data")))
        with app.app_context():
            assert sweep_data_exports(older_than=timedelta(0)) == 0  # still down: nothing lost, nothing done
    finally:
        redis_server.start()
    assert _export(app).status == "pending"
    with app.app_context():
        assert sweep_data_exports(older_than=timedelta(0)) == 1
    work_the_queue(app, redis_url)
    assert _export(app).status == "ready"


def test_with_storage_down_the_export_stays_pending_then_is_built(app, s3_server, caplog):
    from service.clients.storage import StorageUnavailable
    from workers.data_export import build_data_export

    seed(app)
    client = signed_in(app)
    with caplog.at_level("INFO", logger="service.data.data_export"):
        _ask(client)
    export = _export(app)
    created = [r.getMessage() for r in caplog.records if r.name == "service.data.data_export"]
    assert created == [f"Data export {export.id} asked for"]  # its id only: no email, case or child
    s3_server.stop()
    try:
        with app.app_context(), pytest.raises(StorageUnavailable):
            build_data_export(export.id)
    finally:
        s3_server.restart()
    assert _export(app).status == "pending"  # the sweeper replays it
    with app.app_context():
        assert build_data_export(export.id) == "ready"
        assert build_data_export(export.id) == "done"  # a second run builds nothing
    assert _export(app).status == "ready"
