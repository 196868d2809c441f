"""File types by magic bytes, sizes, and DOCX zip-bomb checks."""

from __future__ import annotations

import io
import zipfile
import zlib

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


# Issue 12 L8: filenames and active PDF content.


@pytest.mark.parametrize(
    ("given", "clean"),
    [
        ("report.pdf", "report.pdf"),
        ("C:\\Users\\me\\My report (final).docx", "My report (final).docx"),
        ("../../etc/passwd", "passwd"),
        ("evil\u202efdp.exe", "evilfdp.exe"),
        ("re\x00port\x1b.pdf", "report.pdf"),
        ("<b>alert(1)<i>.png", "balert(1)i.png"),
        ("Ünïcode  name.pdf", "Ünïcode name.pdf"),
        ("😀.png", "document.png"),
        ("...", "document"),
    ],
)
def test_l8_filenames_are_cleaned_to_a_safe_set(given, clean):
    from service.clients.filetypes import clean_filename

    assert clean_filename(given) == clean


def test_l8_a_long_filename_keeps_its_extension_and_is_checked_by_it():
    from service.clients.filetypes import clean_filename

    name = clean_filename("a" * 1000 + ".pdf")
    assert len(name) == 200 and name.endswith(".pdf")
    assert check(name, b"%PDF-1.7 ok") == "application/pdf"


def test_l8_the_extension_is_checked_before_anything_else():
    with pytest.raises(FileProblem, match="must be a PDF, DOCX, JPG or PNG"):
        check_file("a.exe", io.BytesIO(b""), 0, MB)


@pytest.mark.parametrize(
    "body",
    [
        b"<</Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>",
        b"<</AA<</O<</S/JavaScript/JS 5 0 R>>>>>>",
        b"<</S/Launch/F(cmd.exe)>>",
        b"<</Names<</EmbeddedFiles 3 0 R>>>>",
        b"<</Type/EmbeddedFile/Length 4>>",
        b"<</S/J#61vaScript/J#53(x)>>",  # names spelt with #xx escapes
    ],
)
def test_l8_a_pdf_with_active_content_is_refused(body):
    with pytest.raises(FileProblem, match="contains JavaScript"):
        check("a.pdf", b"%PDF-1.7\n1 0 obj" + body + b"endobj\n%%EOF")


def test_l8_active_content_hidden_in_a_compressed_object_stream_is_found():
    hidden = zlib.compress(b"1 0 <</S/JavaScript/JS(app.alert(1))>>")
    pdf = b"%PDF-1.7\n5 0 obj<</Type/ObjStm/N 1/First 4/Filter/FlateDecode>>stream\n" + hidden + b"\nendstream"
    with pytest.raises(FileProblem, match="contains JavaScript"):
        check("a.pdf", pdf)


def test_l8_ordinary_pdf_content_is_not_mistaken_for_active_content():
    image = b"/JS /Launch " * 10  # bytes inside a stream that is not a dictionary
    pdf = b"%PDF-1.7\n1 0 obj<</OpenAction[3 0 R/Fit]/JSX 1>>endobj\n2 0 obj<</Length 5>>stream\n" + image
    assert check("a.pdf", pdf + b"\nendstream\nendobj\n%%EOF") == "application/pdf"
