"""Check an uploaded file and move it from quarantine to clean storage.

The job takes only the document id and does nothing unless the document is still waiting. Type and
size are checked again here; then ClamAV (clamd INSTREAM) scans the bytes. A clean file is promoted;
an infected one stays in quarantine and is marked so the uploader and staff are told. If storage or
the scanner is down the document stays "waiting" and the job raises so it is retried.
"""

from __future__ import annotations

import io
import logging

from flask import current_app

from service.clients.filetypes import FileProblem, check_file
from service.clients.scanner import scanner
from service.clients.storage import storage
from service.data.jobs import load_document, mark_document
from service.models.document import CLEAN, INFECTED, REJECTED, WAITING

log = logging.getLogger(__name__)


def scan_document(document_id: str) -> str:
    document = load_document(document_id)
    if document is None or document.status != WAITING:
        return document.status if document else "missing"
    store = storage()
    with store.open_quarantine(document.storage_key) as stream:
        data = stream.read(current_app.config["MAX_UPLOAD_BYTES"] + 1)
    try:
        check_file(document.filename, io.BytesIO(data), len(data), current_app.config["MAX_UPLOAD_BYTES"])
    except FileProblem as problem:
        mark_document(document, REJECTED, str(problem))
        return REJECTED
    verdict = scanner().scan(io.BytesIO(data))
    if verdict is not None:
        log.warning("Document %s is infected (%s); kept in quarantine", document.id, verdict)
        mark_document(document, INFECTED, "This file contains a virus")
        return INFECTED
    store.promote(document.storage_key)
    mark_document(document, CLEAN)
    return CLEAN
