"""What a file really is, from its first bytes: the extension must match the content.

Allowed: PDF, DOCX, JPG and PNG. A DOCX is a zip; it is opened to check it is a Word document and
not a zip bomb (too many entries, or entries that expand far beyond the file's own size).
"""

from __future__ import annotations

import zipfile
from typing import BinaryIO

ALLOWED = {"pdf": "application/pdf", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png"}  # fmt: skip
MAGIC = {"pdf": (b"%PDF-",), "docx": (b"PK\x03\x04",), "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",), "png": (b"\x89PNG\r\n\x1a\n",)}  # fmt: skip
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_RATIO = 100
MAX_ZIP_EXPANDED = 500 * 1024 * 1024


class FileProblem(ValueError):
    """The file is not acceptable; the message is written for the person who uploaded it."""


def extension_of(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def check_file(filename: str, stream: BinaryIO, size: int, max_bytes: int) -> str:
    """Return the content type to store, or raise FileProblem with a GOV.UK error message."""
    if size == 0:
        raise FileProblem("The selected file is empty")
    if size > max_bytes:
        raise FileProblem(f"The selected file must be smaller than {max_bytes // (1024 * 1024)}MB")
    extension = extension_of(filename)
    if extension not in ALLOWED:
        raise FileProblem("The selected file must be a PDF, DOCX, JPG or PNG")
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    if not any(head.startswith(magic) for magic in MAGIC[extension]):
        raise FileProblem(f"The selected file is not a real {extension.upper()} file: check the file and try again")
    if extension == "docx":
        _check_docx(stream, size)
    return ALLOWED[extension]


def _check_docx(stream: BinaryIO, size: int) -> None:
    try:
        with zipfile.ZipFile(stream) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            expanded = sum(entry.file_size for entry in entries)
    except zipfile.BadZipFile:
        raise FileProblem("The selected file is not a real DOCX file: check the file and try again") from None
    finally:
        stream.seek(0)
    if "word/document.xml" not in names:
        raise FileProblem("The selected file is not a real DOCX file: check the file and try again")
    if len(entries) > MAX_ZIP_ENTRIES or expanded > MAX_ZIP_EXPANDED or expanded > size * MAX_ZIP_RATIO:
        raise FileProblem("The selected file cannot be checked: save it again as a PDF and upload that")
