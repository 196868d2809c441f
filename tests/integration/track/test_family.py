"""Families sign in with a link or code and see their own cases against the statutory clock."""

import json
import re
from datetime import date, timedelta

from sqlmodel import select

from service.models import Case, OutboxMessage
from tests.factories import Family, make_case, make_family, make_staff
from tests.integration.staff.helpers import csrf_of, seed, sign_in, url
from tests.pages import check_page

FAMILY = "parent@example.com"
TODAY = date.today()


def _family(app) -> Family:
    """A family with three children's cases in Kent (one overdue, one with a draft plan, one refused), and
    another family's case."""
    with app.app_context():
        family = make_family(
            {"child_first_name": "Amara", "received_on": TODAY - timedelta(days=50)},  # the decision is overdue
            {"child_first_name": "Leo", "stage": "draft_issued", "draft_served_on": TODAY - timedelta(days=5)},
            {"child_first_name": "Maya", "stage": "not_to_assess"},
            email=FAMILY,
            child_last_name="Okafor",
        )
        make_case(child_first_name="Oliver", child_last_name="Brown", requester_email="brown.family@example.com")
        return family


def _ask(client, email=FAMILY):
    return client.post("/sign-in", data={"csrf_token": csrf_of(client, "/sign-in"), "email": email})


def _message(app, email=FAMILY):
    from service.db import db

    with app.app_context():
        rows = db.session.exec(
            select(OutboxMessage)
            .where(OutboxMessage.recipient == email, OutboxMessage.template == "family_sign_in_link")
            # oldest first, so [-1] is the newest link (outbox ids are UUIDs: without an order, any row can
            # come last, and a second sign-in in one test used the first, spent link)
            .order_by(OutboxMessage.created_at)
        ).all()
        return [json.loads(r.personalisation) for r in rows]


def _sign_in_by_link(client, app):
    _ask(client)
    link = _message(app)[-1]["link"]
    return client.get(link.split("localhost", 1)[1])


def _signed_in(client, app):
    """The demo family, signed in (the mediation and documents tests still read the demo data)."""
    seed(app)
    return _sign_in_by_link(client, app)


def _family_signed_in(client, app):
    _family(app)
    return _sign_in_by_link(client, app)


def test_a_link_signs_the_family_in_once_in_the_browser_that_asked(client, app):
    response = _family_signed_in(client, app)
    assert response.status_code == 302 and response.location.endswith("/your-cases")
    page = check_page(client.get("/your-cases"))
    assert {h.get_text(strip=True).split(":")[0] for h in page.select(".govuk-summary-card__title")} == {
        "Amara Okafor",
        "Leo Okafor",
        "Maya Okafor",
    }
    assert client.get("/your-cases").headers["Cache-Control"] == "no-store"


def test_a_link_used_twice_or_in_another_browser_is_refused(client, app):
    _family(app)
    _ask(client)
    path = _message(app)[-1]["link"].split("localhost", 1)[1]
    other = app.test_client()
    assert (
        check_page(other.get(path), status=400).h1.get_text(strip=True)
        == "This sign-in link has expired or has been used"
    )
    assert client.get(path).status_code == 302
    assert client.get(path).status_code == 400


def test_the_code_can_be_pasted_with_spaces(client, app):
    _family(app)
    _ask(client)
    code = _message(app)[-1]["code"]
    response = client.post(
        "/sign-in/check-email",
        data={"csrf_token": csrf_of(client, "/sign-in/check-email"), "code": f" {code[:3]} {code[3:]}"},
    )
    assert response.location.endswith("/your-cases")


def test_a_wrong_code_says_so_and_five_wrong_codes_use_the_code_up(client, app):
    _family(app)
    _ask(client)
    for _ in range(5):
        response = client.post(
            "/sign-in/check-email", data={"csrf_token": csrf_of(client, "/sign-in/check-email"), "code": "999999x"}
        )
    code = _message(app)[-1]["code"]
    response = client.post(
        "/sign-in/check-email", data={"csrf_token": csrf_of(client, "/sign-in/check-email"), "code": code}
    )
    assert response.status_code == 400


def test_the_page_is_the_same_whether_or_not_the_address_has_a_case(client, app):
    _family(app)
    known = check_page(client.get(_ask(client).location))
    stranger = app.test_client()
    unknown = check_page(stranger.get(_ask(stranger, "nobody@example.com").location))
    assert known.select_one("main").get_text() == unknown.select_one("main").get_text()
    assert _message(app, "nobody@example.com") == []


def test_another_familys_case_is_404_on_every_family_route_with_an_id(client, app):
    _family_signed_in(client, app)
    from service.db import db

    with app.app_context():
        stranger_case = db.session.exec(select(Case).where(Case.requester_email != FAMILY)).first().id
    routes = [r for r in app.url_map.iter_rules() if r.rule.startswith("/your-") and r.arguments]
    assert routes
    with app.app_context():
        from service.models import Document

        stranger_document = Document(case_id=stranger_case, filename="a.pdf", content_type="application/pdf",
                                     size_bytes=6, storage_key="x", uploaded_by="family", status="clean")  # fmt: skip
        db.session.add(stranger_document)
        db.session.commit()
        stranger_document = stranger_document.id
        from uuid import uuid4

        from service.models import DataExport, utcnow

        # another family's "download your data" file, ready and in its 24 hours (issue 16)
        stranger_export = DataExport(id=str(uuid4()), email="brown.family@example.com", status="ready",
                                     object_key="x", size_bytes=6, ready_at=utcnow(),
                                     expires_at=utcnow() + timedelta(hours=24))  # fmt: skip
        db.session.add(stranger_export)
        db.session.commit()
        stranger_export = stranger_export.id
    # the plan's version number, section and item (tests/integration/plan_family walks them on a stranger's real plan)
    ids = {"case_id": str(stranger_case), "document_id": stranger_document, "number": "1", "section": "b",
           "item_id": "need-1", "export_id": stranger_export}  # fmt: skip
    assert {a for r in routes for a in r.arguments} <= set(ids), "a new family route takes an id this test cannot fill"
    for rule in routes:
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: ids[m.group(1)], rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            data = {"csrf_token": csrf_of(client, "/your-cases")} if method == "POST" else None
            assert client.open(path, method=method, data=data).status_code == 404, (method, rule.rule)


def test_the_family_and_the_caseworker_see_the_same_legal_date(client, app):
    _family_signed_in(client, app)
    from service.db import db

    with app.app_context():
        case = db.session.exec(select(Case).where(Case.child_first_name == "Amara")).one()
        caseworker = make_staff()
    family_page = check_page(client.get(url(app, "track.case_page", case_id=case.id)))
    warning = family_page.select_one(".govuk-warning-text").get_text(" ", strip=True)
    assert "The council must tell you whether it will carry out an assessment by" in warning
    assert "days late" in warning
    family_date = re.search(r"by (\d{1,2} \w+ \d{4})", warning).group(1)
    staff = app.test_client()
    sign_in(staff, app, caseworker)
    summary = check_page(staff.get(url(app, "staff.case_record", case_id=case.id)))
    assert f"due {family_date}" in summary.select_one(".govuk-inset-text").get_text(" ", strip=True)
    timeline = check_page(staff.get(f"/staff/cases/{case.id}/timeline"))
    first_row = timeline.select_one("tbody tr")
    assert first_row.select("td")[1].get_text(strip=True) == family_date


def test_the_family_responds_to_a_draft_plan_in_its_window_and_staff_see_it(client, app):
    _family_signed_in(client, app)
    from service.db import db

    with app.app_context():
        leo = db.session.exec(select(Case).where(Case.child_first_name == "Leo")).one()
        amara = db.session.exec(select(Case).where(Case.child_first_name == "Amara")).one()
        caseworker = make_staff()
    path = url(app, "track.draft_plan", case_id=leo.id)
    page = check_page(client.get(path))
    assert "You have until" in page.get_text()
    empty = client.post(path, data={"csrf_token": csrf_of(client, path)})
    assert (
        check_page(empty).select_one(".govuk-error-summary a").get_text()
        == "Enter your comments, a setting you want named, or ask for a meeting"
    )
    sent = client.post(
        path,
        data={
            "csrf_token": csrf_of(client, path),
            "comments": "Section F needs hours of speech therapy",
            "wants_meeting": "y",
        },
    )
    assert sent.location.endswith(f"/your-cases/{leo.id}")
    assert "Your response has been sent to the council" in check_page(client.get(sent.location)).get_text()
    assert client.get(f"/your-cases/{amara.id}/draft-plan").status_code == 404  # no draft on that case
    staff = app.test_client()
    sign_in(staff, app, caseworker)
    staff_page = check_page(staff.get(url(app, "staff.case_record", case_id=leo.id))).get_text()
    assert "Section F needs hours of speech therapy" in staff_page and "Asks for a meeting." in staff_page
