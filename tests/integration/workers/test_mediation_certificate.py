"""The mediation certificate is made by a worker: issuing it records the certificate and its message and
enqueues the job; the worker stores the PDF in S3 (moto's server over HTTP) and links it in one commit; a
second run does nothing; with S3 down the council's request still succeeds, the job fails and writes no row,
and the sweeper enqueues it again."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import g
from sqlmodel import func, select

from service import create_app
from service.clients.storage import StorageUnavailable
from service.data import mediation_changes
from service.data.context import ChangeContext
from service.db import db
from service.jobs import RENDER_MEDIATION_CERTIFICATE, run_in_process_jobs
from service.models import Disagreement, Document, OutboxMessage
from tests import factories
from tests.conftest import make_config
from tests.services.s3 import CLEAN, QUARANTINE, S3Server
from workers.mediation_certificate import render_mediation_certificate
from workers.schedules import sweep_mediation_certificates


@pytest.fixture(scope="module")
def s3_server():
    server = S3Server()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def s3_app(migrated_database, s3_server):
    config = make_config(
        migrated_database,
        STORAGE="s3",
        S3_ENDPOINT_URL=s3_server.url,
        S3_QUARANTINE_BUCKET=QUARANTINE,
        S3_CLEAN_BUCKET=CLEAN,
    )
    return create_app(config)


@pytest.fixture
def ctx(s3_app):
    with s3_app.app_context():
        yield s3_app
        g.pop("jobs_in_process", None)


def issued() -> Disagreement:
    """A family's disagreement with a decision not to assess, and the council issuing the certificate."""
    today = date.today()
    case = factories.make_case(stage="not_to_assess", decision_to_assess_on=today - timedelta(days=20))
    d = mediation_changes.request_mediation(case, [], False, "", "", "", today - timedelta(days=2))
    db.session.commit()
    change = ChangeContext(user=factories.make_staff(), ip="127.0.0.1", today=today)
    mediation_changes.issue_certificate(change, d, case)
    db.session.commit()
    return d


def documents_of(case_id: int) -> int:
    return db.session.exec(select(func.count()).select_from(Document).where(Document.case_id == case_id)).one()


def reload(d_id: int) -> Disagreement:
    db.session.expire_all()
    found = db.session.get(Disagreement, d_id)
    assert found is not None
    return found


def test_issuing_enqueues_the_pdf_and_the_worker_stores_it_once(ctx):
    d = issued()
    assert d.certificate_issued_on == date.today() and d.certificate_document_id is None
    assert (RENDER_MEDIATION_CERTIFICATE, (d.id,)) in g.jobs_in_process  # beside the family's message
    messages = db.session.exec(select(OutboxMessage).where(OutboxMessage.case_id == d.case_id)).all()
    assert any("certificate was issued" in m.personalisation for m in messages)
    run_in_process_jobs()
    d = reload(d.id)
    document = db.session.get(Document, d.certificate_document_id)
    assert document is not None and document.status == "clean" and document.shared_with_family
    assert document.uploaded_by == "service" and document.category == "mediation_certificate"
    assert render_mediation_certificate(d.id) == "done" and documents_of(d.case_id) == 1


def test_with_storage_down_the_job_fails_writes_nothing_and_the_sweeper_replays_it(ctx, s3_server):
    d = issued()
    g.pop("jobs_in_process", None)  # as if Redis lost the job
    s3_server.stop()
    try:
        with pytest.raises(StorageUnavailable):
            render_mediation_certificate(d.id)
    finally:
        s3_server.restart()
    db.session.rollback()
    assert reload(d.id).certificate_document_id is None and documents_of(d.case_id) == 0
    assert sweep_mediation_certificates() == 1
    assert g.jobs_in_process == [(RENDER_MEDIATION_CERTIFICATE, (d.id,))]
    run_in_process_jobs()
    assert reload(d.id).certificate_document_id is not None and documents_of(d.case_id) == 1
    assert sweep_mediation_certificates() == 0
