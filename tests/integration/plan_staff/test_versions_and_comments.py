"""Versions (each viewable, compared, exported as JSON that validates against the schema, with the PDF
when the worker made it) and the family's comments with the council's response to each. Another case's
version number or comment id, in the path, the query or a form, is not found."""

import json
from datetime import date

from sqlmodel import select

from service.data.plan_comments import add_comment
from service.domain.ehcp.document import validation_errors
from service.models import AuditEvent, Case, PlanComment, PlanVersion
from tests.factories import LEEDS, make_staff
from tests.integration.plan_staff.helpers import (
    PROVISION,
    date_fields,
    days_ago,
    issuing_case,
    item,
    post,
    signed_in,
    start,
)
from tests.integration.staff.helpers import sign_in, url
from tests.pages import check_page


def _db():
    from service.db import db

    return db


def _two_versions(client, app, **case_fields) -> int:
    """A plan issued as Draft 1, then changed and issued as Draft 2."""
    signed_in(client, app, name="Asha Patel")
    case_id = issuing_case(app, decision_to_issue_on=days_ago(30), **case_fields)
    start(client, app, case_id)
    need = {"area": "communication_interaction", "description": "Speaks in short phrases of two or three words"}
    assert post(client, item(app, case_id, "b"), need).status_code == 302
    draft = {**date_fields("on", days_ago(20)), "override_reason": "The health advice is late"}
    assert post(client, url(app, "staff.plan_issue", case_id=case_id, kind="draft"), draft).status_code == 302
    changed = {**need, "description": "Speaks in short phrases of three or four words"}
    assert post(client, item(app, case_id, "b", "need-1"), changed).status_code == 302
    assert post(client, item(app, case_id, "f"), {**PROVISION, "need_ids": ["need-1"]}).status_code == 302
    again = {**date_fields("on", days_ago(10)), "override_reason": "Still waiting for health"}
    assert post(client, url(app, "staff.plan_issue", case_id=case_id, kind="draft"), again).status_code == 302
    return case_id


def _comment(app, case_id, number=1, late=False, **values) -> int:
    with app.app_context():
        case = _db().session.get(Case, case_id)
        version = (
            _db()
            .session.exec(select(PlanVersion).where(PlanVersion.case_id == case_id, PlanVersion.number == number))
            .one()
        )
        fields = {
            "section": "b",
            "item_id": "need-1",
            "kind": "change",
            "text": "She also finds it hard to ask for help",
            **values,
        }
        comment = add_comment(case, version, author_role="parent", late=late, today=date.today(), **fields)
        _db().session.commit()
        return comment.id


def test_versions_are_listed_viewable_and_compared(client, app):
    case_id = _two_versions(client, app)
    page = check_page(client.get(url(app, "staff.plan_versions", case_id=case_id)))
    cards = page.select(".govuk-summary-card")
    assert [card.select_one(".govuk-summary-card__title").get_text(strip=True) for card in cards] == [
        "Draft 2",
        "Draft 1",
    ]
    newest = cards[0].get_text(" ", strip=True)
    assert "Asha Patel" in newest and "overridden with a reason" in newest
    view = check_page(client.get(url(app, "staff.plan_version", case_id=case_id, number=1)))
    assert "Speaks in short phrases of two or three words" in view.get_text()
    assert "The health advice is late" in view.get_text()
    assert view.find("h2", string="Section B: Special educational needs")
    compare = url(app, "staff.plan_compare", case_id=case_id)
    page = check_page(client.get(compare, query_string={"from": 1, "to": 2}))
    assert page.h1.get_text(strip=True) == "What changed from Draft 1 to Draft 2"
    assert [d.get_text() for d in page.select("del.app-diff-del")][0].startswith("[removed: two")
    assert page.find("strong", string=lambda s: s and "Added" in s)
    page = check_page(client.get(compare))  # the form, with the last two preselected
    assert page.select_one("#from option[selected]")["value"] == "1"
    for bad in ({"from": 1, "to": 3}, {"from": "x", "to": 2}, {"from": 1}, {"from": "-1", "to": 2}):
        assert client.get(compare, query_string=bad).status_code == 404, bad


def test_json_export_is_exactly_the_stored_version_and_validates(client, app):
    case_id = _two_versions(client, app)
    response = client.get(url(app, "staff.plan_version_json", case_id=case_id, number=2))
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="plan-')
    exported = response.get_json()
    assert validation_errors(exported) == []
    with app.app_context():
        version = (
            _db().session.exec(select(PlanVersion).where(PlanVersion.case_id == case_id, PlanVersion.number == 2)).one()
        )
        assert exported == json.loads(version.document)
        audit = [e.action for e in _db().session.exec(select(AuditEvent).where(AuditEvent.case_id == case_id))]
        assert "plan.export_json" in audit
    assert client.get(url(app, "staff.plan_version_json", case_id=case_id, number=9)).status_code == 404


def test_a_version_with_a_pdf_links_the_staff_download(client, app):
    from service.models import Document

    case_id = _two_versions(client, app)
    with app.app_context():
        document = Document(
            case_id=case_id,
            category="draft_plan",
            filename="plan.pdf",
            content_type="application/pdf",
            size_bytes=10,
            storage_key="k",
            status="clean",
            uploaded_by="worker",
        )
        _db().session.add(document)
        _db().session.flush()
        version = (
            _db().session.exec(select(PlanVersion).where(PlanVersion.case_id == case_id, PlanVersion.number == 1)).one()
        )
        version.pdf_document_id = document.id
        _db().session.commit()
        document_id = document.id
    page = check_page(client.get(url(app, "staff.plan_version", case_id=case_id, number=1)))
    link = next(a for a in page.find_all("a") if a.get_text().startswith("Download PDF"))
    assert link["href"] == url(app, "staff.download_document", case_id=case_id, document_id=document_id)
    # version 2's PDF is the one the worker made in-process once its issue committed (no Redis here)
    with app.app_context():
        made = (
            _db().session.exec(select(PlanVersion).where(PlanVersion.case_id == case_id, PlanVersion.number == 2)).one()
        )
        assert made.pdf_document_id not in (None, document_id)
        made_id = made.pdf_document_id
    second = check_page(client.get(url(app, "staff.plan_version", case_id=case_id, number=2)))
    link = next(a for a in second.find_all("a") if a.get_text().startswith("Download PDF"))
    assert link["href"] == url(app, "staff.download_document", case_id=case_id, document_id=made_id)


def test_comments_are_shown_by_section_and_answered(client, app):
    case_id = _two_versions(client, app)
    first = _comment(app, case_id)
    late = _comment(app, case_id, number=2, late=True, section="a2", item_id="", kind="meeting", text="Can we meet?")
    page = check_page(client.get(url(app, "staff.plan", case_id=case_id)))
    assert "2 comments from the family to answer" in page.get_text()
    page = check_page(client.get(url(app, "staff.plan_comments", case_id=case_id)))
    text = page.get_text(" ", strip=True)
    assert "Comment 1: Draft 1, Section B: Special educational needs, Need 1" in text
    assert "Asks for a change" in text and "Asks for a meeting" in text
    assert text.count("Received after the 15-day window") == 1
    respond = url(app, "staff.plan_respond", case_id=case_id, comment_id=late)
    page = check_page(post(client, respond, {}), status=400)
    assert [a.get_text(strip=True) for a in page.select(".govuk-error-summary a")] == [
        "Select whether the plan was changed"
    ]
    page = check_page(post(client, respond, {"response": "not_changed"}), status=400)
    assert [a.get_text(strip=True) for a in page.select(".govuk-error-summary a")] == [
        "Enter why the plan was not changed"
    ]
    assert (
        post(client, respond, {"response": "not_changed", "reason": "A meeting was held on 3 March"}).status_code == 302
    )
    assert (
        post(
            client, url(app, "staff.plan_respond", case_id=case_id, comment_id=first), {"response": "changed"}
        ).status_code
        == 302
    )
    with app.app_context():
        answered = {c.id: (c.response, c.response_reason) for c in _db().session.exec(select(PlanComment))}
        assert answered == {first: ("changed", ""), late: ("not_changed", "A meeting was held on 3 March")}
        details = [e.detail for e in _db().session.exec(select(AuditEvent).where(AuditEvent.action == "plan.respond"))]
        assert details == [f"comment:{late}", f"comment:{first}"]
    text = check_page(client.get(url(app, "staff.plan_comments", case_id=case_id))).get_text(" ", strip=True)
    assert "Not changed: A meeting was held on 3 March" in text and "0 of 2 comments to answer" in text


def test_another_cases_comment_or_version_is_not_found(client, app):
    case_id = _two_versions(client, app)
    mine = _comment(app, case_id)
    other = issuing_case(app, decision_to_issue_on=days_ago(30))
    start(client, app, other)
    # a comment of this council's other case, and another council's case with its own plan and comment
    assert client.get(url(app, "staff.plan_respond", case_id=other, comment_id=mine)).status_code == 404
    assert (
        post(
            client, url(app, "staff.plan_respond", case_id=case_id, comment_id=mine), {"response": "changed"}
        ).status_code
        == 302
    )
    leeds_client = app.test_client()
    with app.app_context():
        leeds = make_staff("caseworker", LEEDS)
    sign_in(leeds_client, app, leeds)
    for path in (
        url(app, "staff.plan_version", case_id=case_id, number=1),
        url(app, "staff.plan_version_json", case_id=case_id, number=1),
        url(app, "staff.plan_respond", case_id=case_id, comment_id=mine),
        url(app, "staff.plan_compare", case_id=case_id) + "?from=1&to=2",
    ):
        assert leeds_client.get(path).status_code == 404, path
    assert client.get(url(app, "staff.plan_version", case_id=other, number=1)).status_code == 404
    assert client.get(url(app, "staff.plan_compare", case_id=other) + "?from=1&to=2").status_code == 404
    # read-only staff read the comments but cannot answer them
    reader = app.test_client()
    with app.app_context():
        read_only = make_staff("read_only")
    sign_in(reader, app, read_only)
    page = check_page(reader.get(url(app, "staff.plan_comments", case_id=case_id)))
    assert not page.find("a", string=lambda s: s and "response" in s.lower())
    token = page.find("input", attrs={"name": "csrf_token"})["value"]
    respond = url(app, "staff.plan_respond", case_id=case_id, comment_id=mine)
    assert reader.post(respond, data={"csrf_token": token, "response": "changed"}).status_code == 403
