"""The family sees every issued version and what changed between any two, the same comparison staff see."""

from __future__ import annotations

from service.domain.ehcp import document as plan_document
from tests.integration.plan_family.helpers import FAMILY, links, sign_in_family
from tests.integration.plan_family.plans import edit, issue, planned_case
from tests.pages import check_page


def _reword_need_and_add_outcome(document):
    need = {**plan_document.item(document, "needs", "need-2"), "description": "Leo's reading is three years behind."}
    document = plan_document.put_item(document, "needs", need)
    return plan_document.put_item(
        document,
        "outcomes",
        {"id": "outcome-4", "statement": "Leo will write three sentences unaided.", "measure": "Work samples",
         "by_when": "July 2028", "need_ids": ["need-2"]},
    )  # fmt: skip


def test_every_version_is_listed_and_any_two_compare(client, app):
    with app.app_context():
        case, staff, _ = planned_case(email=FAMILY)
        edit(case, staff, "b", _reword_need_and_add_outcome)
        issue(case, staff, "draft")
        issue(case, staff, "final")
    sign_in_family(client, app)
    page = check_page(client.get(f"/your-cases/{case.id}/plan/versions"))
    rows = [[cell.get_text(strip=True) for cell in row.select("th, td")] for row in page.select("tbody tr")]
    assert [row[:2] for row in rows] == [["Final", "Final"], ["Draft 2", "Draft"], ["Draft 1", "Draft"]]
    assert links(page)["Draft 1"] == f"/your-cases/{case.id}/plan/versions/1"
    assert page.select_one("select[name=from] option[selected]")["value"] == "2"
    assert page.select_one("select[name=to] option[selected]")["value"] == "3"

    changed = check_page(client.get(f"/your-cases/{case.id}/plan/compare?from=1&to=2"))
    assert changed.h1.get_text(strip=True) == "What changed from Draft 1 to Draft 2"
    main = changed.select_one("main")
    assert "Section B: Special educational needs" in [h.get_text(strip=True) for h in main.select("h2")]
    added = [i.get_text() for i in main.select("ins")]
    removed = [d.get_text() for d in main.select("del")]
    assert "[added: three]" in added and "[added: Leo will write three sentences unaided.]" in added
    assert any(text.startswith("[removed: ") and "spelling" in text for text in removed)
    outcome = next(h for h in main.select("h3") if h.get_text(strip=True).startswith("Outcome 4"))
    assert "Added" in outcome.get_text()

    final = check_page(client.get(f"/your-cases/{case.id}/plan/compare?from=2&to=3"))
    assert "Oak Primary School" in final.select_one("main").get_text()  # the final names the setting

    # the same version compared with itself, or a new draft with nothing changed: nothing changed
    for query in ("from=2&to=2", "from=3&to=3"):
        same = check_page(client.get(f"/your-cases/{case.id}/plan/compare?{query}"))
        assert "Nothing changed between these versions." in same.get_text()


def test_compare_with_versions_that_are_not_this_cases_is_404(client, app):
    with app.app_context():
        case, staff, _ = planned_case(email=FAMILY)
        theirs, _, _ = planned_case(email="other.family@example.com", final=True)
    sign_in_family(client, app)
    assert client.get(f"/your-cases/{case.id}/plan/compare?from=1&to=1").status_code == 200
    for query in ("from=1&to=2", "from=2&to=1", "from=1", "to=1", "from=x&to=1", "from=-1&to=1", "from=1&to=1e3",
                  "from=%EF%BC%91&to=1", "from=1&to=99999999999"):  # fmt: skip
        assert client.get(f"/your-cases/{case.id}/plan/compare?{query}").status_code == 404, query
    assert client.get(f"/your-cases/{theirs.id}/plan/compare?from=1&to=2").status_code == 404


def test_one_version_has_nothing_to_compare_yet(client, app):
    with app.app_context():
        case, _, _ = planned_case(email=FAMILY)
    sign_in_family(client, app)
    page = check_page(client.get(f"/your-cases/{case.id}/plan/versions"))
    assert "There is only one version so far" in page.get_text() and not page.select("select")
