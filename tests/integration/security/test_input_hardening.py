"""Issue 12: control characters in answers (M4), email addresses in one form everywhere (M5), and
uploaded files' names and active PDF content (L8). Each test names its finding."""

from __future__ import annotations

import io
import json
import re
from datetime import date

from sqlmodel import col, select

from service.models import Case, CaseNote, Document, OutboxMessage
from tests.integration.request_assessment.journey import error_texts, post
from tests.integration.staff.helpers import csrf_of, seed, sign_in
from tests.integration.track.test_documents_and_messages import _case, _collect_spooled_bodies, _upload
from tests.integration.track.test_family import _signed_in
from tests.pages import check_page

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n"


def _uploaded():
    """The documents people uploaded (not the demo plans' PDFs, which the service makes itself)."""
    return select(Document).where(~col(Document.filename).startswith("EHC plan - "))


def _db():
    from service.db import db

    return db


def _start_request(client) -> str:
    return client.get("/request").location  # the first question


def test_m4_a_nul_in_a_request_answer_is_refused_with_an_error_message_not_stored(client, app):
    """M4: a NUL reached the draft and failed the submission with a 500 on PostgreSQL."""
    _start_request(client)
    response = post(client, "/request/child-name", {"first_name": "Am\x00ara", "last_name": "Okafor"})
    assert response.status_code != 302
    assert error_texts(response)[0] == "First name must not include control characters"
    response = post(client, "/request/child-name", {"first_name": "Amara", "last_name": "\x1b[31mOkafor"})
    assert error_texts(response)[0] == "Last name must not include control characters"


def test_m4_a_right_to_left_override_is_refused_but_new_lines_and_tabs_in_a_text_area_are_kept(client, app):
    """M4: bidirectional overrides display text in another order than it is stored; lines are fine."""
    _start_request(client)
    response = post(client, "/request/child-name", {"first_name": "Amara\u202e", "last_name": "Okafor"})
    assert error_texts(response)[0] == "First name must not include control characters"
    for slug, data in [
        ("child-name", {"first_name": " Amara ", "last_name": "Okafor 😀"}),
        ("needs", {"needs": "Speech\r\n\tand language", "current_support": "SALT", "support_tried": "Groups"}),
    ]:
        assert post(client, f"/request/{slug}", data).status_code == 302, slug
    response = post(client, "/request/needs", {"needs": "Speech\x00", "current_support": "S", "support_tried": "G"})
    assert error_texts(response) == ["Their needs must not include control characters"]


def test_m4_a_staff_note_with_a_nul_is_refused_with_an_error_message(client, app):
    """M4: a NUL in a staff note failed with a 500 on PostgreSQL."""
    seed(app)
    sign_in(client, app, "kent.caseworker@example.gov.uk")
    with app.app_context():
        case_id = _db().session.exec(select(Case).where(Case.child_first_name == "Oliver")).one().id
    path = f"/staff/cases/{case_id}/notes"
    response = client.post(path, data={"csrf_token": csrf_of(client, path), "text": "Phoned\x00 the school"})
    page = check_page(response, status=400)
    assert page.select_one(".govuk-error-summary a").get_text(strip=True) == "Note must not include control characters"
    response = client.post(path, data={"csrf_token": csrf_of(client, path), "text": "  Phoned the school.\nAgreed.  "})
    assert response.status_code == 302
    with app.app_context():
        assert [n.text for n in _db().session.exec(select(CaseNote))] == ["Phoned the school.\nAgreed."]


def test_m4_and_l8_an_uploaded_filename_loses_control_characters_and_overrides(client, app):
    """M4/L8: a NUL in a filename failed with a 500; a right-to-left override disguised the extension."""
    _signed_in(client, app)
    case = _case(app)
    path = f"/your-cases/{case.id}/documents"
    response = _upload(client, path, [("re\x00port\u202efdp.exe.pdf", PDF)])
    assert response.status_code == 302
    with app.app_context():
        assert [d.filename for d in _db().session.exec(_uploaded())] == ["reportfdp.exe.pdf"]


def test_l8_a_long_filename_is_shortened_keeping_its_extension(client, app):
    """L8: a 1,000-character name was cut to 200 before its extension was checked ("must be a PDF...")."""
    _signed_in(client, app)
    case = _case(app)
    path = f"/your-cases/{case.id}/documents"
    assert _upload(client, path, [("a" * 1000 + ".pdf", PDF)]).status_code == 302
    with app.app_context():
        (name,) = [d.filename for d in _db().session.exec(_uploaded())]
    assert name.endswith("a.pdf") and len(name) == 200


def test_l8_a_pdf_with_javascript_is_refused_everywhere_it_can_be_uploaded(client, app):
    """L8: PDFs with /JavaScript, /Launch or embedded files were accepted."""
    message = (
        "The selected file contains JavaScript, an action that runs when it opens or an attached file. "
        "Print it to a new PDF and upload that"
    )
    active = b"%PDF-1.7\n1 0 obj<</Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\n%%EOF"
    _signed_in(client, app)
    case = _case(app)
    path = f"/your-cases/{case.id}/documents"
    page = check_page(_upload(client, path, [("letter.pdf", active)]), status=400)
    assert page.select_one(".govuk-error-summary a").get_text(strip=True) == message
    staff = app.test_client()
    sign_in(staff, app, "kent.caseworker@example.gov.uk")
    staff_path = f"/staff/cases/{case.id}/documents"
    data = {"csrf_token": csrf_of(staff, staff_path), "category": "advice", "shared": "yes"}
    data["file"] = (io.BytesIO(b"%PDF-1.7\n<</Type/Action/S/Launch/F(cmd.exe)>>"), "advice.pdf")
    page = check_page(staff.post(staff_path, data=data, content_type="multipart/form-data"), status=400)
    assert "an action that runs when it opens" in page.select_one(".govuk-error-summary").get_text()
    _collect_spooled_bodies()
    with app.app_context():
        assert _db().session.exec(_uploaded()).all() == []


def test_m5_an_email_address_staff_type_in_capitals_lets_the_family_sign_in(client, app):
    """M5: a staff-typed email kept its capitals, so the family (signing in in lower case) never saw the case."""
    seed(app)
    sign_in(client, app, "kent.caseworker@example.gov.uk")
    path = "/staff/requests/new"
    today = date.today()
    data = {
        "csrf_token": csrf_of(client, path),
        "source": "email",
        "received_on-day": today.day,
        "received_on-month": today.month,
        "received_on-year": today.year,
        "child_first_name": "Zara",
        "child_last_name": "Ali",
        "child_date_of_birth-day": 2,
        "child_date_of_birth-month": 4,
        "child_date_of_birth-year": 2016,
        "requester_role": "parent",
        "requester_name": "Sana Ali",
        "requester_email": " Sana.Ali@Example.COM ",
    }
    assert client.post(path, data=data).status_code == 302
    family = app.test_client()
    family.post("/sign-in", data={"csrf_token": csrf_of(family, "/sign-in"), "email": "sana.ali@example.com"})
    with app.app_context():
        case = _db().session.exec(select(Case).where(Case.child_first_name == "Zara")).one()
        assert case.requester_email == "sana.ali@example.com"
        links = _db().session.exec(select(OutboxMessage).where(OutboxMessage.template == "family_sign_in_link")).all()
        from service.data import family as family_data

        assert [c.id for c in family_data.cases_for_family("SANA.ALI@example.com")] == [case.id]
    assert [m.recipient for m in links] == ["sana.ali@example.com"]
    link = json.loads(links[0].personalisation)["link"]
    assert family.get(re.sub(r"^https?://[^/]+", "", link)).status_code == 302
    assert "Zara" in check_page(family.get("/your-cases")).get_text()
