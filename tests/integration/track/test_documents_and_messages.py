"""Families see their own and shared documents, download clean ones, send more evidence, and see what was sent."""

import gc
import io
import re
import warnings

from sqlmodel import select

from service.models import Case, Document, OutboxMessage
from tests.integration.staff.helpers import csrf_of
from tests.integration.track.test_family import FAMILY, _signed_in
from tests.pages import check_page


def _case(app, first_name="Amara"):
    from service.db import db

    with app.app_context():
        return db.session.exec(select(Case).where(Case.child_first_name == first_name)).one()


def _upload(client, path, files):
    data = {"csrf_token": csrf_of(client, path), "files": [(io.BytesIO(body), name) for name, body in files]}
    response = client.post(path, data=data, content_type="multipart/form-data")
    _collect_spooled_bodies()
    return response


def _collect_spooled_bodies():
    # Werkzeug's test client spools a large multipart body to a temporary file it never closes;
    # collect it here so its ResourceWarning is not blamed on a later test.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


def _download(client, url) -> bytes:
    response = client.get(url)
    try:
        assert response.status_code == 200
        return response.data
    finally:
        response.close()


def _add_document(app, case_id, **fields):
    from service.db import db

    with app.app_context():
        document = Document(
            case_id=case_id,
            filename=fields.pop("filename", "letter.pdf"),
            content_type="application/pdf",
            size_bytes=6,
            storage_key=fields.pop("storage_key", "k"),
            **fields,
        )
        db.session.add(document)
        db.session.commit()
        return document.id


def test_the_family_sends_evidence_and_downloads_it_once_it_is_clean(client, app):
    _signed_in(client, app)
    case = _case(app)
    path = f"/your-cases/{case.id}/documents"
    assert "There are no documents yet." in check_page(client.get(path)).get_text()
    sent = _upload(client, path, [("school report.pdf", b"%PDF-1.7 the report")])
    assert sent.status_code == 302 and sent.location.endswith(path)
    assert "1 file sent to the council" in check_page(client.get(path)).get_text()
    from service.db import db

    with app.app_context():
        document = db.session.exec(select(Document).where(Document.case_id == case.id)).one()
        assert document.uploaded_by == "family"
        assert document.status == "clean"  # without Redis the scan job runs in process after the request
        update = db.session.exec(
            select(OutboxMessage).where(OutboxMessage.case_id == case.id, OutboxMessage.template == "case_update")
        ).all()[-1]
        assert "We received the document you sent" in update.personalisation
        assert case.child_last_name not in update.personalisation
    waiting = _add_document(app, case.id, filename="unscanned.pdf", uploaded_by="family", status="waiting")
    page = check_page(client.get(path))
    assert "Being checked for viruses" in page.get_text()
    assert not page.select(f'a[href="{path}/{waiting}"]') and client.get(f"{path}/{waiting}").status_code == 404
    page = check_page(client.get(path))
    link = page.select_one(f'a[href="{path}/{document.id}"]')
    assert link.get_text() == "school report.pdf"
    assert _download(client, link["href"]) == b"%PDF-1.7 the report"
    timeline = check_page(client.get(f"/your-cases/{case.id}")).get_text()
    assert "The family sent a document" in timeline


def test_a_file_that_is_not_what_it_says_is_refused_with_the_request_journeys_message(client, app):
    _signed_in(client, app)
    case = _case(app)
    path = f"/your-cases/{case.id}/documents"
    cases = [
        ([], "Select a file to upload"),
        ([("virus.exe", b"MZ")], "The selected file must be a PDF, DOCX, JPG or PNG"),
        ([("fake.pdf", b"GIF89a")], "The selected file is not a real PDF file: check the file and try again"),
        ([("empty.png", b"")], "The selected file is empty"),
        ([("big.pdf", b"%PDF-" + b"0" * (20 * 1024 * 1024))], "The selected file must be smaller than 20MB"),
    ]
    for files, message in cases:
        response = _upload(client, path, files)
        page = check_page(response, status=400)
        assert page.select_one(".govuk-error-summary a").get_text(strip=True) == message
        assert page.select_one(".govuk-error-summary a")["href"] == "#files"
    del response
    _collect_spooled_bodies()
    from service.db import db

    with app.app_context():
        assert db.session.exec(select(Document).where(Document.case_id == case.id)).all() == []


def test_council_documents_show_only_when_shared_and_other_families_documents_are_404(client, app):
    _signed_in(client, app)
    case = _case(app)
    from service.clients.storage import storage

    with app.app_context():
        storage().put_quarantine("shared-key", io.BytesIO(b"%PDF-letter"), "application/pdf")
        storage().promote("shared-key")
    shared = _add_document(app, case.id, filename="decision letter.pdf", storage_key="shared-key",
                           uploaded_by="staff:1", status="clean")  # fmt: skip
    hidden = _add_document(app, case.id, filename="internal note.pdf", uploaded_by="staff:1", status="clean",
                           shared_with_family=False)  # fmt: skip
    from service.db import db

    with app.app_context():
        other_case = db.session.exec(select(Case).where(Case.requester_email != FAMILY)).first().id
    foreign = _add_document(app, other_case, filename="theirs.pdf", uploaded_by="family", status="clean")
    path = f"/your-cases/{case.id}/documents"
    text = check_page(client.get(path)).get_text()
    assert "decision letter.pdf" in text and "Shared by the council" in text and "internal note.pdf" not in text
    assert _download(client, f"{path}/{shared}") == b"%PDF-letter"
    assert client.get(f"{path}/{hidden}").status_code == 404
    assert client.get(f"{path}/{foreign}").status_code == 404  # a real id, but on someone else's case
    assert client.get(f"/your-cases/{other_case}/documents/{foreign}").status_code == 404
    assert client.get(f"{path}/not-an-id").status_code == 404


def test_the_messages_page_lists_what_was_sent_and_its_delivery_status(client, app):
    _signed_in(client, app)
    from service.db import db

    with app.app_context():
        case = db.session.exec(select(Case).where(Case.child_first_name == "Amara")).one()
        from service.data.family_messages import send_case_update

        [message] = send_case_update(case, "The council decided to carry out an assessment", case.received_on)
        message.delivery_status = "delivered"
        db.session.commit()
    page = check_page(client.get("/your-notifications"))
    items = [card.get_text(" ", strip=True) for card in page.select("main .govuk-summary-card")]
    assert any("Your sign-in link and code" in item and FAMILY in item for item in items)
    assert any(
        "Update on your request for Amara" in item
        and "The council decided to carry out an assessment." in item
        and "delivered" in item
        for item in items
    )


def test_the_message_builder_uses_the_preferred_channel_and_the_clocks_next_step(app):
    from service.data.family_messages import case_update_message

    case = Case(
        reference="EHC-TEST",
        child_first_name="Sam",
        child_last_name="Jones",
        requester_email="a@example.com",
        requester_mobile="07700900123",
        contact_preference="sms",
        received_on=__import__("datetime").date(2027, 1, 4),
    )
    with app.app_context():
        channel, template, recipient, values = case_update_message(case, "Something changed", case.received_on)
    assert (channel, template, recipient) == ("sms", "case_update", "07700900123")
    assert values["child_first_name"] == "Sam" and "Jones" not in str(values)
    assert re.search(r"by \d{1,2} \w+ 2027", values["what_next"])
    case.contact_preference = "email"
    with app.app_context():
        assert case_update_message(case, "x", case.received_on)[0:3] == ("email", "case_update", "a@example.com")
