"""The preview: what the family would receive if the plan were issued now, from the same reading of the
document (plan_sections and the golden thread) the family's page and the PDF use."""

from sqlmodel import select

from service.models import AuditEvent
from tests.integration.plan_staff.helpers import (
    PROVISION,
    date_fields,
    days_ago,
    issuing_case,
    item,
    post,
    section,
    signed_in,
    start,
)
from tests.integration.staff.helpers import url
from tests.pages import check_page


def test_the_preview_is_the_next_draft_without_the_placement_and_with_the_golden_thread(client, app):
    signed_in(client, app)
    case_id = issuing_case(app, decision_to_issue_on=days_ago(30))
    start(client, app, case_id)
    need = {"area": "cognition_learning", "description": "Reads well below age-related expectations"}
    assert post(client, item(app, case_id, "b"), need).status_code == 302
    assert post(client, item(app, case_id, "f"), {**PROVISION, "need_ids": ["need-1"]}).status_code == 302
    assert post(client, section(app, case_id, "i"), {"name": "Birch Special School"}).status_code == 302
    path = url(app, "staff.plan_preview", case_id=case_id)
    page = check_page(client.get(path))
    assert page.h1.get_text(strip=True) == "Preview: Draft 1"
    text = page.get_text(" ", strip=True)
    assert "This is a preview of exactly what the family will see" in text and "It has not been issued" in text
    assert "Birch Special School" not in text and "A draft plan does not name a school or other setting." in text
    assert page.find(id="golden-thread") and "Reads well below age-related expectations" in text
    assert client.get(path, query_string={"as": "final"}).status_code == 200  # the final, once a draft is issued
    assert client.get(path, query_string={"as": "other"}).status_code == 404
    draft = {**date_fields("on", days_ago(20)), "override_reason": "x"}
    assert post(client, url(app, "staff.plan_issue", case_id=case_id, kind="draft"), draft).status_code == 302
    page = check_page(client.get(path))
    assert page.h1.get_text(strip=True) == "Preview: Final"
    assert "Birch Special School" in page.get_text()
    with app.app_context():
        from service.db import db

        actions = [e.action for e in db.session.exec(select(AuditEvent).where(AuditEvent.case_id == case_id))]
        assert actions.count("plan.preview") == 3
