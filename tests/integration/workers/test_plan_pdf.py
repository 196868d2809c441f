"""The plan's PDF: issuing a version enqueues the job, the worker makes a tagged PDF/UA-1 file from the
version's document, stores it in S3 (moto's server over HTTP) and links it in one commit; a second run does
nothing; with S3 down the job raises, writes no row, and the sweeper enqueues it again."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import zlib
from datetime import date, timedelta

import pytest
from flask import g
from sqlmodel import func, select

from service import create_app
from service.clients.storage import StorageUnavailable, storage
from service.data.context import ChangeContext
from service.data.plan_changes import issue, save, start_plan
from service.data.plans import working
from service.db import db
from service.jobs import RENDER_PLAN_PDF, run_in_process_jobs
from service.models import Document, PlanVersion
from service.synthetic_plans import PlanSize, synthetic_document
from tests import factories
from tests.conftest import make_config
from tests.services.s3 import CLEAN, QUARANTINE, S3Server
from workers.plan_pdf import render_plan_pdf
from workers.schedules import sweep_plan_pdfs

NEED = "Difficulty telling the time on an analogue clock, in the demo words of this test"
PROVISION = "Daily clock practice with a geared teaching clock, for the test's plan"


@pytest.fixture(scope="module")
def s3_server():
    server = S3Server()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def pdf_app(migrated_database, s3_server):
    config = make_config(
        migrated_database,
        STORAGE="s3",
        S3_ENDPOINT_URL=s3_server.url,
        S3_QUARANTINE_BUCKET=QUARANTINE,
        S3_CLEAN_BUCKET=CLEAN,
    )
    return create_app(config)


@pytest.fixture
def ctx(pdf_app):
    with pdf_app.app_context():
        yield pdf_app
        g.pop("jobs_in_process", None)  # what a test left queued in-process is not run at teardown


def issued_version() -> PlanVersion:
    """A draft plan issued through the data layer, with a need and a provision item the test looks for."""
    case = factories.make_case(
        stage="draft_issued",
        draft_served_on=date.today() - timedelta(days=1),
        child_first_name="Ava",
        child_last_name="Test",
    )
    staff = factories.make_staff()
    change = ChangeContext(user=staff, ip="127.0.0.1", today=date.today())
    plan = start_plan(change, case)
    document = synthetic_document(random.Random(13), PlanSize(needs=6, outcomes=4, provision=8))
    document["needs"][2]["description"] = NEED
    document["provision"][0]["what"] = PROVISION
    document["provision"][0]["need_ids"] = [document["needs"][2]["id"]]
    document = {**working(plan), **{k: document[k] for k in ("needs", "no_identified_needs", "outcomes", "provision")}}
    save(change, plan, document, section="b", opened_version=plan.version, summary="Needs added")
    version = issue(change, plan, case, status="draft", on=date.today(), opened_version=plan.version)
    db.session.commit()
    return version


def clean_keys() -> set[str]:
    listing = storage().client.list_objects_v2(Bucket=CLEAN)
    return {item["Key"] for item in listing.get("Contents", [])}


def documents_of(case_id: int) -> int:
    return db.session.exec(select(func.count()).select_from(Document).where(Document.case_id == case_id)).one()


def reload(version_id: int) -> PlanVersion:
    db.session.expire_all()
    return db.session.get(PlanVersion, version_id)


def test_issuing_a_version_makes_its_pdf_once_stored_and_linked(ctx):
    version = issued_version()
    assert (RENDER_PLAN_PDF, (version.id,)) in g.jobs_in_process  # enqueued once the issue committed
    run_in_process_jobs()  # what `make run` does after the request (no Redis)
    version = reload(version.id)
    document = db.session.get(Document, version.pdf_document_id)
    assert (document.category, document.status, document.shared_with_family) == ("draft_plan", "clean", True)
    assert document.filename == "EHC plan - Draft 1.pdf" and document.case_id == version.case_id
    assert document.content_type == "application/pdf" and document.uploaded_by == f"staff:{version.issued_by_id}"
    stored = storage().open_clean(document.storage_key).read()
    assert stored.startswith(b"%PDF-1.7") and len(stored) == document.size_bytes
    keys = clean_keys()
    assert render_plan_pdf(version.id) == "done"  # at least once, never twice
    assert reload(version.id).pdf_document_id == document.id
    assert documents_of(version.case_id) == 1 and clean_keys() == keys


def _inflated(pdf: bytes) -> bytes:
    """The PDF's bytes with every Flate stream decompressed (objects live in compressed object streams)."""
    parts = [pdf]
    for match in re.finditer(rb"(?<!end)stream\r?\n", pdf):
        start = match.end()
        try:
            parts.append(zlib.decompressobj().decompress(pdf[start : pdf.index(b"endstream", start)]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def _run(*command: str) -> str:
    assert shutil.which(command[0]), f"{command[0]} is missing: scripts/system-packages.sh installs poppler-utils"
    return subprocess.run(command, capture_output=True, check=True, text=True, timeout=60).stdout


def test_the_pdf_is_tagged_pdf_ua_in_british_english_with_the_plans_words(ctx, tmp_path):
    version = issued_version()
    assert render_plan_pdf(version.id) == "made"
    document = db.session.get(Document, reload(version.id).pdf_document_id)
    pdf = storage().open_clean(document.storage_key).read()
    raw = _inflated(pdf)
    assert b"/StructTreeRoot" in raw
    assert re.search(rb"/MarkInfo\s*<<\s*/Marked\s+true\s*>>", raw)
    assert re.search(rb"/Lang\s*\(en-GB\)", raw)
    assert b'pdfuaid:part="1"' in raw  # the PDF/UA-1 identification in the XMP metadata
    assert re.search(rb"/DisplayDocTitle\s+true", raw)
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    info = _run("pdfinfo", str(path))
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert re.search(r"^Title:\s+Education, health and care plan for Ava Test: Draft 1$", info, re.M)
    structure = _run("pdfinfo", "-struct", str(path))
    for tag in ("Document", "H1", "H2", "H3", "Sect", "L", "LI", "P"):
        assert re.search(rf"^\s*{tag}\b", structure, re.M), tag
    text = re.sub(r"\s+", " ", _run("pdftotext", "-enc", "UTF-8", str(path), "-"))
    assert NEED in text and PROVISION in text
    assert "Section F: Special educational provision" in text and "How each need is met" in text
    assert "A draft plan does not name a school or other setting." in text


def test_with_storage_down_the_job_fails_writes_nothing_and_the_sweeper_replays_it(ctx, s3_server):
    version = issued_version()
    g.pop("jobs_in_process", None)  # as if Redis lost the job
    s3_server.stop()
    try:
        with pytest.raises(StorageUnavailable):
            render_plan_pdf(version.id)
    finally:
        s3_server.restart()
    db.session.rollback()
    assert reload(version.id).pdf_document_id is None and documents_of(version.case_id) == 0
    assert sweep_plan_pdfs() == 0  # issued a moment ago: its job may still be on the queue
    assert sweep_plan_pdfs(older_than=timedelta(0)) == 1
    assert g.jobs_in_process == [(RENDER_PLAN_PDF, (version.id,))]
    run_in_process_jobs()
    assert reload(version.id).pdf_document_id is not None and documents_of(version.case_id) == 1
    assert sweep_plan_pdfs(older_than=timedelta(0)) == 0  # nothing left to replay
