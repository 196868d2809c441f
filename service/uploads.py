"""The one path every upload takes: the family's evidence with a request, the family's documents on
their case, and the council's documents (and plans) on a case.

A file is measured, its name cleaned and its content checked (service.clients.filetypes); a good file
goes to quarantine storage under a key the server chooses, its row is added by the caller's `record`
(a service.data function), and the virus scan is queued to run after the commit. Nobody can open it
until the document worker has scanned it clean.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO, Protocol

from flask import current_app
from werkzeug.datastructures import FileStorage

from service.clients.filetypes import FileProblem, check_file, clean_filename
from service.clients.storage import storage
from service.jobs import SCAN_DOCUMENT, enqueue_after_commit


class Row(Protocol):
    id: str


# record(filename, content_type, size in bytes, storage key) adds the document's row and returns it.
Record = Callable[[str, str, int, str], Row]


@dataclass(frozen=True)
class CheckedFile:
    name: str
    stream: IO[bytes]
    size: int
    content_type: str


def chosen(files: Iterable[FileStorage | None]) -> list[FileStorage]:
    """The files actually chosen (a browser sends an empty part for an empty file input)."""
    return [f for f in files if f and f.filename]


def check_upload(upload: FileStorage) -> CheckedFile:
    """Measure the file, clean its name and check its content; raise FileProblem in GOV.UK words."""
    stream = upload.stream
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    name = clean_filename(upload.filename or "")
    content_type = check_file(name, stream, size, current_app.config["MAX_UPLOAD_BYTES"])
    return CheckedFile(name, stream, size, content_type)


def quarantine(checked: CheckedFile, record: Record) -> Row:
    """Put a checked file in quarantine, add its row and queue its virus scan for after the commit."""
    key = str(uuid.uuid4())
    storage().put_quarantine(key, checked.stream, checked.content_type)
    row = record(checked.name, checked.content_type, checked.size, key)
    enqueue_after_commit(SCAN_DOCUMENT, row.id)
    return row


def store_upload(upload: FileStorage | None, record: Record) -> str | None:
    """One file: quarantined and recorded, or the problem in GOV.UK words. The caller commits."""
    if upload is None or not upload.filename:
        return "Select a file"
    try:
        checked = check_upload(upload)
    except FileProblem as problem:
        return str(problem)
    quarantine(checked, record)
    return None


def check_uploads(files: list[FileStorage]) -> tuple[list[CheckedFile], list[dict]]:
    """Every file checked: the good ones, and an error-summary item for each bad one (named when
    there are several), pointing at the file input `#files`."""
    good, errors = [], []
    for upload in files:
        try:
            good.append(check_upload(upload))
        except FileProblem as problem:
            name = clean_filename(upload.filename or "")
            errors.append({"text": f"{name}: {problem}" if len(files) > 1 else str(problem), "href": "#files"})
    return good, errors
