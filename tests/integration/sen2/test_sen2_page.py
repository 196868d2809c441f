"""The managers' SEN2 page: choose a year, read the validation report by rule, download the return and the
report; only the signed-in manager's council (another council's id in the address is a 404); audited."""

from __future__ import annotations

import io
import zipfile

from sqlmodel import select

from service.models import AuditEvent
from tests.factories import KENT, LEEDS, council, make_staff
from tests.integration.sen2.helpers import seed_every_outcome
from tests.integration.staff.helpers import sign_in
from tests.pages import check_page


def _manager(client, app, la: str = KENT, *, seed: bool = True) -> None:
    with app.app_context():
        if seed:
            seed_every_outcome()
        manager = make_staff("manager", la)
    sign_in(client, app, manager)


def test_a_manager_reads_the_validation_report_and_downloads_the_return(client, app):
    _manager(client, app)
    page = check_page(client.get("/staff/sen2?year=2026"))
    text = page.get_text(" ", strip=True)
    assert "The 2026 return" in text and "Census day 15 January 2026" in text
    captions = [c.get_text(" ", strip=True) for c in page.find_all("caption")]
    assert any(c.startswith("G9: A UPN, ULN or the reason there is none (") for c in captions)
    assert any(c.startswith("G6: A plan names its setting and the child's needs") for c in captions)
    assert "Record the primary type of need" in text

    archive = client.get("/staff/sen2/2026/zip")
    assert archive.status_code == 200 and archive.mimetype == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(archive.data)).namelist()
    assert "SEN2-2026-886_requests.csv" in names and len(names) == 9
    requests = zipfile.ZipFile(io.BytesIO(archive.data)).read("SEN2-2026-886_requests.csv").decode()
    assert requests.startswith("RequestID,PersonID,ReceivedDate,RequestSource,")
    document = client.get("/staff/sen2/2026/xml")
    assert document.status_code == 200 and b"<ReferenceDate>2026-01-15</ReferenceDate>" in document.data
    assert b"Leedsonly" not in document.data
    report = client.get("/staff/sen2/2026/validation")
    assert report.status_code == 200 and "Case reference,Module,Field,What is wrong,How to fix it" in report.text
    with app.app_context():
        from service.db import db

        actions = db.session.exec(select(AuditEvent.action, AuditEvent.detail).order_by(AuditEvent.id)).all()
    sen2_events = [(a, d) for a, d in actions if a.startswith("sen2.")]
    assert sen2_events == [("sen2.view", "2026"), ("sen2.download", "2026 zip"), ("sen2.download", "2026 xml"),
                           ("sen2.download", "2026 validation")]  # fmt: skip


def test_another_councils_id_in_the_address_is_404_and_unknown_downloads_are_404(client, app):
    _manager(client, app, LEEDS)
    with app.app_context():
        kent, leeds = council(KENT).id, council(LEEDS).id
    for query in (f"local_authority_id={kent}", "council=886", "la=886", f"lea=886&council={leeds}"):
        assert client.get(f"/staff/sen2/2026/xml?{query}").status_code == 404, query
        assert client.get(f"/staff/sen2?year=2026&{query}").status_code == 404, query
    document = client.get(f"/staff/sen2/2026/xml?local_authority_id={leeds}&council=383")  # its own: fine
    assert b"<LEA>383</LEA>" in document.data and b"Leedsonly" in document.data
    assert b"<LEA>886</LEA>" not in document.data
    assert client.get("/staff/sen2/2030/xml").status_code == 404
    assert client.get("/staff/sen2/2026/pdf").status_code == 404


def test_an_unknown_year_is_an_error_and_a_year_without_cases_is_empty(client, app):
    _manager(client, app)
    page = check_page(client.get("/staff/sen2?year=2030"))
    assert page.title.get_text().startswith("Error: ")
    assert "Select a collection year from the list" in page.find(class_="govuk-error-summary").get_text()
    assert "There are no requests" not in check_page(client.get("/staff/sen2?year=2024")).get_text()
    assert check_page(client.get("/staff/sen2")).find("input", attrs={"name": "year"}) is not None


def test_a_year_without_cases_is_an_empty_state(client, app):
    _manager(client, app, seed=False)
    page = check_page(client.get("/staff/sen2?year=2024"))
    assert "There are no requests, assessments or plans in the 2024 return" in page.get_text()
    assert page.find("a", string=lambda s: s and "Download" in s) is None


def test_only_managers_see_the_sen2_return(client, app):
    with app.app_context():
        caseworker = make_staff()
    sign_in(client, app, caseworker)
    assert client.get("/staff/sen2?year=2026").status_code == 403
    assert client.get("/staff/sen2/2026/zip").status_code == 403
