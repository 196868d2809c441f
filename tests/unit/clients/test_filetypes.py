"""File types by magic bytes, sizes, and DOCX zip-bomb checks."""

from __future__ import annotations

import io
import zipfile

import pytest

from service.clients.filetypes import FileProblem, check_file
from service.clients.storage import safe_filename

MB = 1024 * 1024


def docx(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def check(name: str, data: bytes, limit: int = 20 * MB) -> str:
    return check_file(name, io.BytesIO(data), len(data), limit)


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("a.pdf", b"%PDF-1.7\n...", "application/pdf"),
        ("a.PNG", b"\x89PNG\r\n\x1a\n....", "image/png"),
        ("a.jpg", b"\xff\xd8\xff\xe0....", "image/jpeg"),
        ("a.jpeg", b"\xff\xd8\xff\xe1....", "image/jpeg"),
        ("a.docx", docx({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<w/>"}),
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)  # fmt: skip
def test_real_files_are_accepted(name, data, content_type):
    assert check(name, data) == content_type


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.pdf", b"", "The selected file is empty"),
        ("a.exe", b"MZ....", "must be a PDF, DOCX, JPG or PNG"),
        ("a", b"%PDF-1.7", "must be a PDF, DOCX, JPG or PNG"),
        ("a.pdf", b"\x89PNG\r\n\x1a\n", "not a real PDF"),
        ("a.png", b"%PDF-1.7", "not a real PNG"),
        ("a.docx", b"PK\x03\x04 broken zip", "not a real DOCX"),
        ("a.docx", docx({"other.xml": b"<x/>"}), "not a real DOCX"),
    ],
)
def test_wrong_files_are_refused_with_a_message_saying_what_to_do(name, data, message):
    with pytest.raises(FileProblem, match=message):
        check(name, data)


def test_a_file_over_the_limit_is_refused():
    with pytest.raises(FileProblem, match="must be smaller than 20MB"):
        check_file("a.pdf", io.BytesIO(b"%PDF-"), 20 * MB + 1, 20 * MB)


def test_a_docx_zip_bomb_is_refused():
    bomb = docx({"word/document.xml": b"<w/>", "word/padding.xml": b"\0" * (60 * MB)})
    assert len(bomb) < MB
    with pytest.raises(FileProblem, match="cannot be checked"):
        check("a.docx", bomb)


@pytest.mark.parametrize(
    ("given", "safe"),
    [
        ('Report "final"\r\n.pdf', "Report final.pdf"),
        ("../../etc/passwd", "etcpasswd"),
        ("Ünïcode.pdf", "ncode.pdf"),
        ("...", "document"),
    ],
)
def test_download_filenames_are_made_safe(given, safe):
    assert safe_filename(given) == safe
