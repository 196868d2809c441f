"""What a file really is, from its first bytes: the extension must match the content.

Allowed: PDF, DOCX, JPG and PNG. A DOCX is a zip; it is opened to check it is a Word document and
not a zip bomb (too many entries, or entries that expand far beyond the file's own size). A PDF must
not carry active content: JavaScript, a launch action or an attached file (the family's and the
council's readers open these files).
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from typing import IO

from service.text import without_control_characters

ALLOWED = {"pdf": "application/pdf", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png"}  # fmt: skip
MAGIC = {"pdf": (b"%PDF-",), "docx": (b"PK\x03\x04",), "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",), "png": (b"\x89PNG\r\n\x1a\n",)}  # fmt: skip
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_RATIO = 100
MAX_ZIP_EXPANDED = 500 * 1024 * 1024
MAX_FILENAME = 200
# Characters a stored filename keeps besides letters and digits (any script).
FILENAME_PUNCTUATION = set(" ._-()[],&'+")


class FileProblem(ValueError):
    """The file is not acceptable; the message is written for the person who uploaded it."""


def extension_of(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def clean_filename(filename: str, max_length: int = MAX_FILENAME) -> str:
    """The name to store and show for an uploaded file: its last path part, without control characters
    or bidirectional overrides (which can disguise "evil\u202efdp.exe" as "evilexe.pdf"), letters,
    digits and a few punctuation marks only, shortened before its extension (which is kept whole)."""
    name = unicodedata.normalize("NFC", filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in without_control_characters(name) if c.isalnum() or c in FILENAME_PUNCTUATION)
    name = " ".join(name.split())
    stem, dot, extension = name.rpartition(".")
    if not dot or not extension.isalnum() or len(extension) > 10:
        stem, extension = name, ""
    stem = stem.strip(" .")[: max(max_length - len(extension) - 1, 1)].rstrip(" .") or "document"
    return f"{stem}.{extension}" if extension else stem


def check_file(filename: str, stream: IO[bytes], size: int, max_bytes: int) -> str:
    """Return the content type to store, or raise FileProblem with a GOV.UK error message.
    The extension is checked first, on the whole name."""
    extension = extension_of(filename)
    if extension not in ALLOWED:
        raise FileProblem("The selected file must be a PDF, DOCX, JPG or PNG")
    if size == 0:
        raise FileProblem("The selected file is empty")
    if size > max_bytes:
        raise FileProblem(f"The selected file must be smaller than {max_bytes // (1024 * 1024)}MB")
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    if not any(head.startswith(magic) for magic in MAGIC[extension]):
        raise FileProblem(f"The selected file is not a real {extension.upper()} file: check the file and try again")
    if extension == "docx":
        _check_docx(stream, size)
    if extension == "pdf":
        _check_pdf(stream)
    return ALLOWED[extension]


# PDF names that run something or carry another file; /OpenAction and /AA only matter with /JS or /Launch.
ACTIVE_PDF_NAMES = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFiles?)(?=[\s/<>\[\]()%{}]|$)")
PDF_STREAM = re.compile(rb"stream\r?\n")
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
MAX_PDF_INFLATED = 50 * 1024 * 1024
ACTIVE_PDF = (
    "The selected file contains JavaScript, an action that runs when it opens or an attached file. "
    "Print it to a new PDF and upload that"
)


def pdf_has_active_content(data: bytes) -> bool:
    """True when the PDF's dictionaries name JavaScript (/JavaScript, /JS), a /Launch action or an
    embedded file, including dictionaries inside compressed object streams and names spelt with
    #xx escapes. Other streams (page content, images) are skipped: they are not dictionaries."""
    budget = MAX_PDF_INFLATED
    position = 0
    while True:
        start = PDF_STREAM.search(data, position)
        outside = data[position : start.start() if start else len(data)]
        if ACTIVE_PDF_NAMES.search(PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), outside)):
            return True
        if start is None:
            return False
        end = data.find(b"endstream", start.end())
        end = len(data) if end == -1 else end
        if b"/ObjStm" in outside[-1024:] and budget > 0:
            inflated = _inflate(data[start.end() : end], budget)
            budget -= len(inflated)
            if pdf_has_active_content(inflated.replace(b"stream", b"")):
                return True
        position = end + len(b"endstream")


def _inflate(body: bytes, limit: int) -> bytes:
    import zlib

    try:
        return zlib.decompressobj().decompress(body, limit)
    except zlib.error:
        return b""


def _check_pdf(stream: IO[bytes]) -> None:
    try:
        data = stream.read()
    finally:
        stream.seek(0)
    if pdf_has_active_content(data):
        raise FileProblem(ACTIVE_PDF)


def _check_docx(stream: IO[bytes], size: int) -> None:
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
