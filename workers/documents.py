"""Check an uploaded file and move it from quarantine to clean storage.

The job takes only the document id and does nothing unless the document is still waiting. Type and
size are checked again here (reading at most MAX_UPLOAD_BYTES + 1 bytes, into a temporary file, so
memory stays bounded); then ClamAV scans the bytes over clamd's INSTREAM. A clean file is promoted;
an infected one stays in quarantine, is marked so the uploader is told in plain words, and staff are
alerted. If storage or the scanner is down, the document stays "waiting to be checked" and the
sweeper runs the job again later.
"""

from __future__ import annotations

import logging
import tempfile

from flask import current_app

from service.clients.filetypes import FileProblem, check_file
from service.clients.scanner import ScannerUnavailable, scanner
from service.clients.storage import StorageUnavailable, storage
from service.data import notifications
from service.data.jobs import case_reference, load_document, mark_document, note_document_attempt
from service.db import db
from service.domain.clock import format_govuk_date, london_date
from service.jobs import SCAN_DOCUMENT
from service.models import Document, utcnow
from service.models.document import CLEAN, INFECTED, REJECTED, WAITING

log = logging.getLogger(__name__)
INFECTED_REASON = "This file has a virus in it. It has not been added. Check your files and upload a different one"


@SCAN_DOCUMENT.runs
def scan_document(document_id: str) -> str:
    document = load_document(document_id)
    if document is None or document.status != WAITING:
        return document.status if document else "missing"
    status = _scan(document)
    db.session.commit()  # the job's outcome (clean, infected, rejected, or still waiting) and any alert
    return status


def _scan(document: Document) -> str:
    limit = current_app.config["MAX_UPLOAD_BYTES"]
    store = storage()
    with tempfile.SpooledTemporaryFile(max_size=1024 * 1024) as copy:
        try:
            stream = store.open_quarantine(document.storage_key)
            try:
                size = _copy_at_most(stream, copy, limit + 1)
            finally:
                stream.close()
        except (StorageUnavailable, OSError) as error:
            note_document_attempt(document, "Storage unavailable; will try again")
            log.warning("Document %s: storage unavailable (%s); left waiting", document.id, type(error).__name__)
            return WAITING
        try:
            check_file(document.filename, copy, size, limit)
        except FileProblem as problem:
            mark_document(document, REJECTED, str(problem))
            return REJECTED
        copy.seek(0)
        try:
            verdict = scanner().scan(copy)
        except ScannerUnavailable as error:
            note_document_attempt(document, "Virus scanner unavailable; will try again")
            log.warning("Document %s: scanner unavailable (%s); left waiting", document.id, error)
            return WAITING
    if verdict is not None:
        log.warning("Document %s is infected (%s); kept in quarantine", document.id, verdict)
        mark_document(document, INFECTED, INFECTED_REASON)
        _alert_staff(document)
        return INFECTED
    try:
        store.promote(document.storage_key)
    except StorageUnavailable:
        note_document_attempt(document, "Storage unavailable; will try again")
        return WAITING
    mark_document(document, CLEAN)
    return CLEAN


def _copy_at_most(source, target, limit: int) -> int:
    copied = 0
    while copied < limit:
        chunk = source.read(min(1024 * 1024, limit - copied))
        if not chunk:
            break
        target.write(chunk)
        copied += len(chunk)
    target.seek(0)
    return copied


def _alert_staff(document) -> None:
    """Staff are told through the case timeline when the case exists (the case page shows infected files).

    The alert names the case by its public reference (never the database id) and the file only as
    "a file": a filename can hold a child's name or diagnosis."""
    if document.case_id is None:
        return
    address = current_app.config.get("SECURITY_ALERT_EMAIL")
    if address:
        notifications.send_document_infected(
            to=address,
            reference=case_reference(document.case_id),
            filename="a file",
            found_on=format_govuk_date(london_date(utcnow())),
            case_id=document.case_id,
        )
