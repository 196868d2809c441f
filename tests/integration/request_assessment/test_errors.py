"""Every question page's errors: GOV.UK messages, linked from the error summary, nothing typed lost."""

import gc
import io
import warnings
import zipfile
from datetime import date

import pytest

from tests.integration.request_assessment.journey import answer_everything, csrf, error_texts, post
from tests.pages import check_page


@pytest.fixture
def started(client):
    client.get("/request")
    post(client, "/request/who", {"role": "parent"})
    return client


@pytest.mark.parametrize(
    "slug, data, expected",
    [
        ("who", {}, ["Select who is making the request"]),
        ("child-name", {}, ["Enter their first name", "Enter their last name"]),
        (
            "child-address",
            {"postcode": "NOT A CODE"},
            [
                "Enter address line 1, typically the building and street",
                "Enter town or city",
                "Enter a real postcode, like AA1 1AA",
            ],
        ),
        ("local-authority", {}, ["Enter their postcode or town"]),  # no address yet: it asks for one first
        (
            "setting",
            {"setting_type": "school", "upn": "123"},
            [
                "Enter the name of the school, nursery or college",
                "Enter a UPN in the correct format, like A123456789012",
            ],
        ),
        ("your-details", {}, ["Enter your full name", "Enter your relationship to the child or young person"]),
        (
            "contact",
            {"email": "not-an-email", "mobile": "12345", "preference": "post"},
            [
                "Enter an email address in the correct format, like name@example.com",
                "Enter a UK mobile number, like 07700 900 982 or +44 7700 900 982",
                "Enter your postal address to get letters",
            ],
        ),
        ("contact", {"email": "a@example.com", "preference": "sms"}, ["Enter a UK mobile number to get text messages"]),
        (
            "communication",
            {"needs": ["interpreter", "other"]},
            ["Enter the language you need an interpreter for", "Enter the other help you need"],
        ),
        (
            "communication",
            {"needs": ["none", "large_print"]},
            ["Select the help you need, or select 'No, I do not need any help' only"],
        ),
        (
            "needs",
            {"needs": "x" * 2001},
            [
                "What are their needs? must be 2000 characters or fewer",
                "Enter the support they get now",
                "Enter what has been tried",
            ],
        ),
        ("hopes", {}, ["Enter what you hope an assessment will lead to"]),
    ],
)
def test_question_page_errors(started, slug, data, expected):
    response = post(started, f"/request/{slug}", data)
    page = check_page(response)
    assert page.title.get_text().startswith("Error: ")
    assert error_texts(response) == expected
    for name, value in data.items():
        if isinstance(value, str) and value and name not in ("setting_type", "preference"):
            field = page.find(attrs={"name": name})
            kept = field.get("value") if field.name == "input" else field.get_text()
            assert kept == value, f"{name} was not kept after the error"


@pytest.mark.parametrize(
    "parts, message, target",
    [
        (("", "", ""), "Enter the date of birth", "date_of_birth-day"),
        (("14", "", "2017"), "Date of birth must include a month", "date_of_birth-month"),
        (("31", "2", "2017"), "Date of birth must be a real date", "date_of_birth-day"),
        (("1", "1", "17"), "Date of birth must be a real date", "date_of_birth-year"),
        (("1", "1", str(date.today().year + 1)), "Date of birth must be in the past", "date_of_birth-day"),
        (
            ("1", "1", str(date.today().year - 30)),
            "The child or young person must be 25 or younger",
            "date_of_birth-day",
        ),
    ],
)
def test_date_of_birth_errors_name_the_part_that_is_wrong(started, parts, message, target):
    day, month, year = parts
    response = post(
        started,
        "/request/child-date-of-birth",
        {"date_of_birth-day": day, "date_of_birth-month": month, "date_of_birth-year": year},
    )
    page = check_page(response)
    link = page.select_one(".govuk-error-summary a")
    assert link.get_text() == message and link["href"] == f"#{target}"
    assert page.find(id="date_of_birth-year")["value"] == year


def test_the_professional_must_confirm_the_family_agrees(client):
    client.get("/request")
    response = post(client, "/request/who", {"role": "professional"})
    assert response.location.endswith("/request/your-setting")
    response = post(client, "/request/your-setting", {"setting_name": "Oak Primary"})
    assert error_texts(response) == ["Confirm that the family knows about this request and agrees to it"]


def test_consent_and_declaration_are_required(client, app):
    answer_everything(client, app)
    response = post(client, "/request/consent", {})
    assert error_texts(response) == [
        "Confirm that the council can share the information",
        "Confirm that the information you have given is correct",
    ]


def test_an_expired_form_keeps_the_answers(started):
    response = started.post("/request/child-name", data={"first_name": "Amara", "last_name": "Okafor"})
    assert check_page(response, status=400).h1.get_text(strip=True) == "This page has expired"
    page = check_page(started.get("/request/child-name"))
    assert page.find("input", attrs={"name": "first_name"})["value"] == "Amara"


def _docx(extra: bytes = b"") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>" + extra.decode())
    return buffer.getvalue()


def _upload(client, files):
    page = check_page(client.get("/request/evidence"))
    data = {"csrf_token": csrf(page), "action": "upload", "files": [(io.BytesIO(body), name) for name, body in files]}
    response = client.post("/request/evidence", data=data, content_type="multipart/form-data")
    # Werkzeug's test client spools a large multipart body to a temporary file it never closes;
    # collect it here so its ResourceWarning is not blamed on a later test.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()
    return response


@pytest.mark.parametrize(
    "name, body, message",
    [
        ("report.pdf", b"", "The selected file is empty"),
        ("report.exe", b"MZ....", "The selected file must be a PDF, DOCX, JPG or PNG"),
        (
            "report.pdf",
            b"\x89PNG\r\n\x1a\nnot a pdf",
            "The selected file is not a real PDF file: check the file and try again",
        ),
        ("report.docx", b"PK\x03\x04broken", "The selected file is not a real DOCX file: check the file and try again"),
        ("big.pdf", b"%PDF-" + b"0" * (20 * 1024 * 1024), "The selected file must be smaller than 20MB"),
    ],
)
def test_upload_errors(started, name, body, message):
    response = _upload(started, [(name, body)])
    page = check_page(response, status=400)
    assert page.select_one(".govuk-error-summary a").get_text() == message
    assert page.select_one(".govuk-error-summary a")["href"] == "#files"


def test_uploads_are_listed_waiting_or_checked_and_can_be_removed(started, app):
    response = _upload(
        started, [("report.pdf", b"%PDF-1.7 report"), ("letter.docx", _docx()), ("photo.png", b"\x89PNG\r\n\x1a\nxx")]
    )
    assert response.status_code == 302
    page = check_page(started.get("/request/evidence"))
    assert _banner_first(page) == "3 files uploaded"
    names = [dt.get_text(strip=True) for dt in page.select(".govuk-summary-list__key")]
    assert names == ["report.pdf", "letter.docx", "photo.png"]
    assert "Checked" in page.get_text()  # SCANNER=none in tests' make-run defaults: checked in-process
    remove = page.select_one("button[name=remove]")["value"]
    started.post("/request/evidence", data={"csrf_token": csrf(page), "remove": remove})
    page = check_page(started.get("/request/evidence"))
    assert _banner_first(page) == "report.pdf removed"
    assert len(page.select(".govuk-summary-list__key")) == 2
    assert check_page(started.get("/request/evidence")).select(".govuk-notification-banner") == []  # shown once


def _banner_first(page) -> str:
    """The success banner's message, asserting it comes before the h1 (read first without JavaScript)."""
    banner = page.select_one("main .govuk-notification-banner--success")
    assert banner is not None and banner["role"] == "alert"
    assert banner.find_next("h1") is page.h1
    return banner.select_one(".govuk-notification-banner__heading").get_text(strip=True)


def test_adding_and_removing_a_professional_is_announced(started):
    page = check_page(started.get("/request/professionals"))
    person = {"name": "Dr Ada Mensah", "role": "Paediatrician", "organisation": "Kent Community Health"}
    started.post("/request/professionals", data={**person, "action": "add", "csrf_token": csrf(page)})
    page = check_page(started.get("/request/professionals"))
    assert _banner_first(page) == "Dr Ada Mensah added"
    started.post("/request/professionals", data={"remove": "0", "csrf_token": csrf(page)})
    page = check_page(started.get("/request/professionals"))
    assert _banner_first(page) == "Dr Ada Mensah removed"
    assert "You have not added anyone yet." in page.get_text()


def test_more_than_10_files_are_refused(started):
    assert _upload(started, [(f"r{i}.pdf", b"%PDF-1") for i in range(10)]).status_code == 302
    response = _upload(started, [("r11.pdf", b"%PDF-1")])
    assert error_texts(response) == ["You can upload up to 10 files. Remove a file to add another"]
