"""Build a family's "download your data" file: a ZIP of JSON and PDF files in the clean bucket.

The job takes only the export's id and does nothing unless the export is still pending, so a retry or the
sweeper's replay builds one file. The ZIP is written to a temporary file (never held whole in memory):

    README.txt                              what each file is
    messages.json                           every message we sent this person (no sign-in codes or links)
    <reference>/request.json                the request's answers and any response to a draft plan
    <reference>/documents.json              each document: name, who sent it, when, size and scan status
    <reference>/documents/<n> <name>        the clean files themselves, up to MAX_FILES_BYTES in all
    <reference>/timeline.json               what has happened, as the case page shows it
    <reference>/plan/<n> <label>.json       each issued version of the plan (the published plan schema)
    <reference>/plan/<n> <label>.pdf        its PDF, once the PDF worker has made it

The file is ours, so it is not scanned: quarantine then clean at once, under a random key. Then, in one
commit, the export is ready for 24 hours and the family's email is in the outbox. If storage is down the
job raises and the export stays pending: the sweeper (workers.schedules.sweep_data_exports) replays it.
Any other failure marks the export failed, so the page offers to try again instead of waiting for ever.
"""

from __future__ import annotations

import io
import json
import logging
import shutil
import tempfile
import uuid
import zipfile

from service.clients.storage import StorageUnavailable, safe_filename, storage
from service.data import data_export, notifications
from service.data import family as family_data
from service.db import db
from service.formatting import govuk_time_on_date
from service.jobs import BUILD_DATA_EXPORT
from service.links import external_url
from service.models import utcnow

log = logging.getLogger(__name__)
MAX_FILES_BYTES = 200 * 1024 * 1024  # the documents themselves; past this they are listed, not copied
README = """Your data from the Education, health and care plans service

This file holds what the service keeps about the requests and plans you can see, on the day you asked:

messages.json - every message we sent you (sign-in codes and links are taken out)

One folder for each request, named by its reference:
  request.json - the answers in the request, and any response you sent to a draft plan
  documents.json - each document: its name, who sent it, when, its size and whether it passed the virus check
  documents - the documents themselves, for files that passed the virus check
  timeline.json - what has happened, as your case page shows it
  plan - each version of the plan the council issued, as JSON and, where it has one, as a PDF

The JSON plan files follow the published schema named in each file's "$schema".
Dates are in the form YYYY-MM-DD; times are in UTC.

If something is missing or wrong, contact the council's SEND team.
"""


@BUILD_DATA_EXPORT.runs
def build_data_export(export_id: str) -> str:
    export = data_export.pending_export(export_id)
    if export is None:
        db.session.rollback()
        return "done"
    key = uuid.uuid4().hex
    store = storage()
    try:
        with tempfile.TemporaryFile() as file:
            _write_zip(file, export.email)
            size = file.tell()
            file.seek(0)
            store.put_quarantine(key, file, "application/zip")  # StorageUnavailable: the job fails, replayed
        store.promote(key)
    except StorageUnavailable:
        db.session.rollback()
        raise
    except Exception:
        db.session.rollback()
        data_export.mark_failed(export_id)
        db.session.commit()
        log.exception("Data export %s failed", export_id)
        raise
    now = utcnow()
    data_export.mark_ready(export, object_key=key, size_bytes=size, now=now)
    notifications.send_data_export_ready(
        to=export.email,
        expires=govuk_time_on_date(export.expires_at),
        link=external_url("track.data_download"),
    )
    db.session.commit()
    log.info("Data export %s ready (%s bytes)", export_id, size)
    return "ready"


def _write_zip(file, email: str) -> None:
    cases = family_data.cases_for_family(email)
    budget = MAX_FILES_BYTES
    with zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README)
        _json(archive, "messages.json", data_export.messages(email, cases))
        for case in cases:
            folder = safe_filename(case.reference)
            _json(archive, f"{folder}/request.json", data_export.answers(case))
            _json(archive, f"{folder}/timeline.json", data_export.timeline(case))
            plan_pdfs = set()
            for version in data_export.plan_versions(case):
                name = f"{folder}/plan/{version.number} {safe_filename(version.label)}"
                _json(archive, f"{name}.json", data_export.plan_document(version))
                pdf = data_export.plan_pdf(version)
                if pdf is not None:
                    plan_pdfs.add(pdf.id)
                    try:
                        _copy(archive, f"{name}.pdf", pdf.storage_key)
                    except (StorageUnavailable, OSError):
                        log.warning("Data export: a plan PDF could not be copied (%s)", pdf.id)
            listed = []
            for number, document in enumerate(data_export.documents(case), start=1):
                path = None
                if document.status == "clean" and document.id not in plan_pdfs and document.size_bytes <= budget:
                    path = f"{folder}/documents/{number} {safe_filename(document.filename)}"
                    try:
                        budget -= _copy(archive, path, document.storage_key)
                    except (StorageUnavailable, OSError):
                        # one file storage cannot give (it is gone): listed, not copied; the rest still goes
                        log.warning("Data export: a document could not be copied (%s)", document.id)
                        path = None
                listed.append(data_export.document_entry(document, path.split("/", 1)[1] if path else None))
            _json(archive, f"{folder}/documents.json", listed)


def _json(archive: zipfile.ZipFile, name: str, value) -> None:
    archive.writestr(name, json.dumps(value, indent=2, ensure_ascii=False, default=str))


def _copy(archive: zipfile.ZipFile, name: str, key: str) -> int:
    """Stream a clean stored file into the ZIP; the bytes copied."""
    stream = storage().open_clean(key)
    try:
        with archive.open(name, "w", force_zip64=True) as target:
            counter = _Counting(target)
            shutil.copyfileobj(stream, counter, 1024 * 1024)
            return counter.count
    finally:
        stream.close()


class _Counting(io.RawIOBase):
    def __init__(self, target) -> None:
        self.target, self.count = target, 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.target.write(data)
        self.count += len(data)
        return len(data)
