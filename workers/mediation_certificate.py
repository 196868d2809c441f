"""Make a mediation certificate's PDF once the council has issued it (reg 34), and store it for the family.

The job takes only the disagreement id and does nothing once the certificate has its PDF, so a retry or the
sweeper makes one file. The PDF says what service.data.mediation_certificate says on the council's
confirmation page, dated the day the certificate was issued (not the day the job runs). The file is
written to storage first (the service made it, so it is not scanned: quarantine then clean at once), then
the document row and the disagreement's link commit together. If storage is down the job raises, RQ
records it as failed, and workers.schedules.sweep_mediation_certificates enqueues it again.
"""

from __future__ import annotations

import io
import logging
import uuid

from service.clients.storage import storage
from service.data.mediation_certificate import certificate_content, certificate_pdf
from service.data.mediation_changes import store_certificate
from service.db import db
from service.jobs import RENDER_MEDIATION_CERTIFICATE
from service.models import Case, Disagreement

log = logging.getLogger(__name__)


@RENDER_MEDIATION_CERTIFICATE.runs
def render_mediation_certificate(disagreement_id: int) -> str:
    d = db.session.get(Disagreement, disagreement_id)
    case = db.session.get(Case, d.case_id) if d is not None else None
    if d is None or case is None or d.certificate_issued_on is None:
        return "missing"
    if d.certificate_document_id is not None:
        return "done"
    data = certificate_pdf(certificate_content(d, case, d.certificate_issued_on))
    key = str(uuid.uuid4())
    store = storage()
    store.put_quarantine(key, io.BytesIO(data), "application/pdf")  # StorageUnavailable: the job fails, retried
    store.promote(key)
    if store_certificate(d, case, key, len(data)) is None:  # another run linked its certificate first
        db.session.rollback()
        store.delete(key)
        return "done"
    db.session.commit()
    log.info("Disagreement %s: mediation certificate stored (%s bytes)", disagreement_id, len(data))
    return "made"
