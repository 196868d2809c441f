"""The case record's tabs, documents, notes and the managers' audit trail."""

import csv
import io
from datetime import date, timedelta

from sqlmodel import select

from service.models import AuditEvent, CaseEvent, CaseNote, Document
from tests.factories import make_case, make_staff
from tests.integration.staff.helpers import csrf_of, sign_in, url
from tests.pages import check_page

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TODAY = date.today()


def _case(app) -> int:
    """A case with a draft plan, after advice from an educational psychologist and from health."""
    asked = TODAY - timedelta(days=89)
    with app.app_context():
        return make_case(
            received_on=TODAY - timedelta(days=125),
            stage="draft_issued",
            decision_to_assess_on=TODAY - timedelta(days=90),
            decision_to_issue_on=TODAY - timedelta(days=10),
            draft_served_on=TODAY - timedelta(days=5),
            advice=(
                ("educational_psychology", asked, TODAY - timedelta(days=50)),
                ("health", asked, TODAY - timedelta(days=46)),
            ),
            child_first_name="Leo",
            child_last_name="Okafor",
        ).id


def _staff(app, role="caseworker", **fields):
    with app.app_context():
        return make_staff(role, **fields)


def test_every_tab_renders_with_the_sub_navigation_and_is_audited(client, app):
    sign_in(client, app, _staff(app, "manager"))
    case_id = _case(app)
    titles = {"": "Leo Okafor", "/timeline": "Statutory timeline", "/history": "History", "/documents": "Documents"}
    titles |= {"/notes": "Notes", "/audit": "Audit"}
    for suffix, title in titles.items():
        page = check_page(client.get(f"/staff/cases/{case_id}{suffix}"))
        assert page.h1.get_text(strip=True) == title
        current = page.select_one(".moj-sub-navigation a[aria-current=page]")
        assert current.get_text(strip=True) == ("Summary" if suffix == "" else title)
        assert [a.get_text(strip=True) for a in page.select(".moj-sub-navigation a")][-1] == "Audit"
    timeline = check_page(client.get(f"/staff/cases/{case_id}/timeline"))
    assert "Educational psychologist" in timeline.get_text() and "Health" in timeline.get_text()
    assert len(timeline.select("table")[0].select("tbody tr")) >= 3
    history = check_page(client.get(f"/staff/cases/{case_id}/history"))
    assert history.select(".moj-timeline__item")
    with app.app_context():
        from service.db import db

        actions = {e.action for e in db.session.exec(select(AuditEvent).where(AuditEvent.case_id == case_id))}
    assert {"case.view", "case.view_timeline", "case.view_history", "case.view_documents", "case.view_notes"} <= actions


def test_the_audit_trail_is_for_managers_and_exports_as_csv(client, app):
    case_id = _case(app)
    sign_in(client, app, _staff(app, name="Sam Patel"))
    client.get(f"/staff/cases/{case_id}")
    page = check_page(client.get(f"/staff/cases/{case_id}"))
    assert "Audit" not in [a.get_text(strip=True) for a in page.select(".moj-sub-navigation a")]
    check_page(client.get(f"/staff/cases/{case_id}/audit"), status=403)
    assert client.get(f"/staff/cases/{case_id}/audit.csv").status_code == 403
    client.post("/staff/sign-out", data={"csrf_token": csrf_of(client, "/staff/cases")})
    sign_in(client, app, _staff(app, "manager"))
    page = check_page(client.get(f"/staff/cases/{case_id}/audit"))
    assert "Sam Patel" in page.get_text()
    response = client.get(f"/staff/cases/{case_id}/audit.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["When (UTC)", "Staff name", "Staff email", "Case reference", "Action", "Detail", "IP address"]
    assert any(r[1] == "Sam Patel" and r[4] == "case.view" for r in rows[1:])
    # the manager's own view of the trail is recorded as the page commits: it is in the trail from then on
    assert any(r[4] == "case.view_audit" for r in rows[1:])


def test_notes_are_staff_only_and_read_only_staff_cannot_add_them(client, app):
    case_id = _case(app)
    sign_in(client, app, _staff(app))
    path = url(app, "staff.case_notes", case_id=case_id)
    page = check_page(client.post(path, data={"csrf_token": csrf_of(client, path), "text": "  "}), status=400)
    assert page.select_one(".govuk-error-summary a").get_text(strip=True) == "Enter the note"
    response = client.post(
        path, data={"csrf_token": csrf_of(client, path), "text": "Phoned the school about the EP visit"}
    )
    assert response.status_code == 302
    assert "Phoned the school about the EP visit" in check_page(client.get(path)).get_text()
    with app.app_context():
        from service.db import db

        assert db.session.exec(select(CaseNote).where(CaseNote.case_id == case_id)).one().text.startswith("Phoned")
        events = db.session.exec(select(CaseEvent).where(CaseEvent.case_id == case_id)).all()
        assert not any("Phoned" in e.summary for e in events)
    client.post("/staff/sign-out", data={"csrf_token": csrf_of(client, "/staff/cases")})
    sign_in(client, app, _staff(app, "read_only"))
    page = check_page(client.get(path))
    assert page.select_one("textarea") is None
    token = page.find("input", attrs={"name": "csrf_token"})["value"]
    assert client.post(path, data={"csrf_token": token, "text": "x"}).status_code == 403


def test_staff_upload_a_document_which_downloads_only_once_clean(client, app):
    case_id = _case(app)
    sign_in(client, app, _staff(app))
    path = url(app, "staff.case_documents", case_id=case_id)
    page = check_page(client.post(path, data={"csrf_token": csrf_of(client, path), "category": "advice"}), status=400)
    errors = [a.get_text(strip=True) for a in page.select(".govuk-error-summary a")]
    assert "Select whether to share the document with the family" in errors
    response = client.post(
        path,
        data={
            "csrf_token": csrf_of(client, path),
            "category": "decision_letter",
            "shared": "yes",
            "file": (io.BytesIO(PDF), "decision.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    with app.app_context():
        from service.db import db

        document = db.session.exec(select(Document).where(Document.case_id == case_id)).one()
        document_id, status = document.id, document.status
    page = check_page(client.get(path))
    assert "decision.pdf" in page.get_text()
    if status != "clean":
        assert page.find("a", string="decision.pdf") is None
        assert client.get(f"{path}/{document_id}").status_code == 404
        with app.app_context():
            from service.db import db

            db.session.get(Document, document_id).status = "clean"
            db.session.commit()
    with client.get(f"{path}/{document_id}") as download:
        assert download.status_code == 200 and download.data == PDF
    assert check_page(client.get(path)).find("a", string="decision.pdf") is not None
