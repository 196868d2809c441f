"""A family reads each issued version of their plan as a web page and as data; the working copy, another
family's plan and another case's version stay hidden (404)."""

from __future__ import annotations

import json

from sqlmodel import select

from service.data import plans
from service.db import db
from service.domain.ehcp.document import validation_errors
from service.models import Case, Document
from tests.factories import make_case
from tests.integration.plan_family.helpers import FAMILY, links, sign_in_family
from tests.integration.plan_family.plans import edit, issue, planned_case
from tests.pages import check_page

OTHER_FAMILY = "other.family@example.com"


def _texts(page) -> str:
    return page.select_one("main").get_text(" ", strip=True)


def test_a_draft_reads_section_by_section_with_the_golden_thread_and_no_setting(client, app):
    with app.app_context():
        case, staff, _ = planned_case(email=FAMILY)
        edit(case, staff, "a1", lambda d: {**d, "section_a": {**d["section_a"], "history": "Never shown: working"}})
    sign_in_family(client, app)
    page = check_page(client.get(f"/your-cases/{case.id}/plan"))
    text = _texts(page)
    assert page.select_one("h1").get_text(strip=True) == "Leo's EHC plan: Draft 1"
    # every section has its heading, an anchor the contents list links to, and a comment link
    contents = [a["href"] for a in page.select("nav.app-plan-contents a")]
    assert contents[:3] == ["#section-personal_details", "#section-services", "#section-a1"]
    assert "#golden-thread" in contents
    for href in contents:
        assert page.find(id=href[1:]) is not None
    headings = [h.get_text(strip=True) for h in page.select("main h2")]
    assert "Section B: Special educational needs" in headings and "Section F: Special educational provision" in headings
    found = links(page)
    assert found["Comment on this section (Section B: Special educational needs)"] == (
        f"/your-cases/{case.id}/plan/versions/1/sections/b/comment"
    )
    assert found["Comment on this (Need 2: Cognition and learning)"] == (
        f"/your-cases/{case.id}/plan/versions/1/sections/b/items/need-2/comment"
    )
    assert found["Comment on this (Provision 1)"].endswith("/sections/f/items/provision-1/comment")
    assert found["Comment on this (Outcome 3)"].endswith("/sections/e/items/outcome-3/comment")
    # the golden thread: each need with its outcome and provision
    thread = page.select_one("#golden-thread").get_text(" ", strip=True)
    assert "Outcome 2: By the end of Year 4, Leo will read books" in thread
    assert "Provision 2 (section F): A structured phonics" in thread
    # a draft names no setting (s38(5)), even though the working copy does; the working copy never shows
    assert "Oak Primary School" not in page.select_one("#section-i").get_text()
    assert "A draft plan does not name a school or other setting" in text
    assert "Never shown: working" not in text
    assert "You have until" in text and "to comment on this draft plan" in text
    assert found["Download the plan as data (JSON)"] == f"/your-cases/{case.id}/plan/versions/1/plan.json"
    assert "Download the plan as a PDF" not in found  # not made yet


def test_the_final_plan_names_the_setting_and_shows_no_window_and_older_versions_stay_readable(client, app):
    with app.app_context():
        case, staff, final = planned_case(email=FAMILY, final=True)
    sign_in_family(client, app)
    page = check_page(client.get(f"/your-cases/{case.id}/plan"))
    text = _texts(page)
    assert page.select_one("h1").get_text(strip=True) == "Leo's EHC plan: Final"
    assert "Oak Primary School" in page.select_one("#section-i").get_text()
    assert "Council officer" in text and staff.name in page.select_one("#section-sign_off").get_text()
    assert "to comment" not in text and "15 days" not in text
    assert "Tell us which school or other setting you want named" not in links(page)
    assert "Comment on this section (Section E: Outcomes)" in links(page)
    assert links(check_page(client.get(f"/your-cases/{case.id}")))["Read the plan"] == f"/your-cases/{case.id}/plan"
    assert client.get(f"/your-cases/{case.id}/draft-plan").location.endswith(f"/your-cases/{case.id}/plan")

    draft = check_page(client.get(f"/your-cases/{case.id}/plan/versions/1"))
    assert draft.select_one("h1").get_text(strip=True) == "Leo's EHC plan: Draft 1"
    assert "This is not the latest version of the plan" in _texts(draft)
    assert links(draft)["Read the latest version (Final)"] == f"/your-cases/{case.id}/plan"
    assert not [a for a in links(draft) if a.startswith("Comment on this")]  # comments go on the latest
    assert "Oak Primary School" not in draft.select_one("#section-i").get_text()
    assert check_page(client.get(f"/your-cases/{case.id}/plan/versions/2")).select_one("h1").get_text(strip=True) == (
        "Leo's EHC plan: Final"
    )


def test_no_plan_another_familys_case_and_another_cases_version_are_404(client, app):
    with app.app_context():
        mine, _, _ = planned_case(email=FAMILY)
        theirs, _, _ = planned_case(email=OTHER_FAMILY, final=True)
        without = make_case(stage="assessing", requester_email=FAMILY, child_first_name="Maya")
    sign_in_family(client, app)
    assert client.get(f"/your-cases/{without.id}/plan").status_code == 404
    assert client.get(f"/your-cases/{without.id}/plan/versions").status_code == 404
    assert client.get(f"/your-cases/{without.id}/plan/comments").status_code == 404
    for path in ("plan", "plan/versions/1", "plan/versions/1/plan.json", "plan/versions", "plan/comments"):
        assert client.get(f"/your-cases/{theirs.id}/{path}").status_code == 404, path
        assert client.get(f"/your-cases/{mine.id}/{path}").status_code == 200, path
    # their case has a version 2; mine does not: a number is looked up within my case only
    assert client.get(f"/your-cases/{mine.id}/plan/versions/2").status_code == 404
    assert client.get(f"/your-cases/{mine.id}/plan/versions/2/plan.json").status_code == 404
    assert client.get(f"/your-cases/{mine.id}/plan/versions/0").status_code == 404


def test_the_json_export_is_the_issued_document_and_validates(client, app):
    with app.app_context():
        case, staff, final = planned_case(email=FAMILY, final=True)
        expected = {n: plans.document_of(plans.version_for_case(case, n)) for n in (1, 2)}
    sign_in_family(client, app)
    for number in (1, 2):
        response = client.get(f"/your-cases/{case.id}/plan/versions/{number}/plan.json")
        assert response.status_code == 200 and response.mimetype == "application/json"
        assert response.headers["Content-Disposition"] == (
            f'attachment; filename="ehc-plan-{case.reference}-version-{number}.json"'
        )
        document = json.loads(response.get_data(as_text=True))
        assert document == expected[number]
        assert validation_errors(document) == []
        assert document["plan"]["version"] == number
    assert json.loads(client.get(f"/your-cases/{case.id}/plan/versions/1/plan.json").data)["placement"]["name"] == ""


def test_the_pdf_link_appears_once_the_worker_has_made_a_clean_pdf(client, app):
    with app.app_context():
        case, _, version = planned_case(email=FAMILY)
        pdf = Document(
            case_id=case.id, filename="EHC plan - Draft 1.pdf", content_type="application/pdf", size_bytes=10,
            storage_key="plans/draft-1.pdf", status="waiting", uploaded_by="system", shared_with_family=True,
        )  # fmt: skip
        db.session.add(pdf)
        db.session.flush()
        stored = plans.version_for_case(case, 1)
        stored.pdf_document_id = pdf.id
        db.session.commit()
        pdf_id = pdf.id
    sign_in_family(client, app)
    assert "Download the plan as a PDF" not in links(check_page(client.get(f"/your-cases/{case.id}/plan")))
    with app.app_context():
        db.session.get(Document, pdf_id).status = "clean"
        db.session.commit()
    found = links(check_page(client.get(f"/your-cases/{case.id}/plan")))
    assert found["Download the plan as a PDF"] == f"/your-cases/{case.id}/documents/{pdf_id}"


def test_the_case_page_links_to_the_plan_and_the_old_draft_page_hands_over(client, app):
    with app.app_context():
        case, _, _ = planned_case(email=FAMILY)
        uploaded = make_case(stage="draft_issued", requester_email=FAMILY, child_first_name="Maya")
    sign_in_family(client, app)
    found = links(check_page(client.get(f"/your-cases/{case.id}")))
    assert found["Read the draft plan and comment on it"] == f"/your-cases/{case.id}/plan"
    assert "Respond to the draft plan" not in found
    response = client.get(f"/your-cases/{case.id}/draft-plan")
    assert response.status_code == 302 and response.location.endswith(f"/your-cases/{case.id}/plan")
    # a draft that was only an uploaded document keeps the old response page
    found = links(check_page(client.get(f"/your-cases/{uploaded.id}")))
    assert found["Respond to the draft plan"] == f"/your-cases/{uploaded.id}/draft-plan"
    assert "Respond to the draft plan" in check_page(client.get(f"/your-cases/{uploaded.id}/draft-plan")).h1.text


def test_a_second_draft_is_the_latest_and_the_case_page_says_so(client, app):
    with app.app_context():
        case, staff, _ = planned_case(email=FAMILY)
        issue(case, staff, "draft")
    sign_in_family(client, app)
    page = check_page(client.get(f"/your-cases/{case.id}/plan"))
    assert page.select_one("h1").get_text(strip=True) == "Leo's EHC plan: Draft 2"
    assert "Draft 2" in _texts(check_page(client.get(f"/your-cases/{case.id}")))


def test_a_parent_sees_the_young_persons_plan_only_with_their_agreement(client, app):
    from service.data import family as family_data
    from service.models import CaseAccess

    young_person = "leo.young@example.com"
    with app.app_context():
        case, _, _ = planned_case(email=FAMILY)
        make_case(requester_email=FAMILY, child_first_name="Maya")  # so the parent still has a case to sign in to
        family_data.give_young_person_access(db.session.get(Case, case.id), young_person)
        db.session.commit()
    sign_in_family(client, app)
    paths = ("plan", "plan/versions/1", "plan/versions/1/plan.json", "plan/versions/1/sections/b/comment")
    for path in paths:
        assert client.get(f"/your-cases/{case.id}/{path}").status_code == 404, path

    young = app.test_client()
    sign_in_family(young, app, young_person)
    for path in paths:
        assert young.get(f"/your-cases/{case.id}/{path}").status_code == 200, path

    with app.app_context():
        access = db.session.exec(select(CaseAccess).where(CaseAccess.email == FAMILY)).one()
        access.agreed_by_young_person = True
        db.session.commit()
    for path in paths:
        assert client.get(f"/your-cases/{case.id}/{path}").status_code == 200, path


def test_every_plan_route_is_404_for_another_familys_real_plan(client, app):
    """Walks every /your-cases/<case_id>/plan... route, so a new one cannot forget the family's scope."""
    import re

    with app.app_context():
        mine, _, _ = planned_case(email=FAMILY)
        theirs, _, _ = planned_case(email=OTHER_FAMILY)
    sign_in_family(client, app)
    rules = [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/your-cases/<int:case_id>/plan")]
    assert len(rules) >= 9
    token = check_page(client.get(f"/your-cases/{mine.id}/plan/versions/1/meeting")).find(
        "input", attrs={"name": "csrf_token"}
    )["value"]
    values = {"number": "1", "section": "b", "item_id": "need-1"}
    for rule in rules:
        for case_id, expected in ((theirs.id, 404), (mine.id, 200)):
            fill = {**values, "case_id": str(case_id)}
            path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m, fill=fill: fill[m.group(1)], rule.rule)
            query = "?from=1&to=1" if rule.endpoint == "track.plan_compare" else ""
            assert client.get(path + query).status_code == expected, (path, expected)
            if "POST" in rule.methods and expected == 404:
                data = {"csrf_token": token, "kind": "comment", "text": "Not theirs"}
                assert client.post(path, data=data).status_code == 404, path
    with app.app_context():
        from service.models import PlanComment

        assert db.session.exec(select(PlanComment)).all() == []
