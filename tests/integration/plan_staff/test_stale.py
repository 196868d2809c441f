"""Two caseworkers editing the plan at once: a save to a section someone else saved since the page was
opened is refused (409) with what changed (who, what, when) and what was typed kept; edits to other
sections since are accepted."""

from tests.integration.plan_staff.helpers import (
    PROVISION,
    form_of,
    issuing_case,
    item,
    post,
    section,
    signed_in,
    start,
    working,
)
from tests.pages import check_page


def _two_caseworkers(client, app):
    other = app.test_client()
    signed_in(client, app, name="Asha Patel")
    signed_in(other, app, name="Ben Jones")
    case_id = issuing_case(app)
    start(client, app, case_id)
    return other, case_id


def test_the_same_section_saved_since_is_refused_with_what_changed(client, app):
    other, case_id = _two_caseworkers(client, app)
    path = section(app, case_id, "a1")
    mine = form_of(client, path)  # Asha opens section A1
    assert post(other, path, {"history": "Ben's history"}).status_code == 302  # Ben saves it first
    response = client.post(path, data={**mine, "history": "Asha's history", "communication": "Use short sentences"})
    page = check_page(response, status=409)
    assert (
        page.select_one(".govuk-error-summary a")
        .get_text(strip=True)
        .startswith("This section changed since you opened the page")
    )
    changes = page.select_one("#changes").get_text(" ", strip=True)
    assert "Section A1 changed" in changes and "Ben Jones (council)" in changes
    assert page.find("textarea", attrs={"name": "history"}).get_text().strip() == "Asha's history"
    assert working(app, case_id)["section_a"]["history"] == "Ben's history"
    # Having read what changed, saving again from the warning is accepted.
    again = {name: page.find("input", attrs={"name": name})["value"] for name in ("csrf_token", "opened_version")}
    assert client.post(path, data={**again, "history": "Asha's history"}).status_code == 302
    assert working(app, case_id)["section_a"]["history"] == "Asha's history"


def test_edits_to_other_sections_since_the_page_was_opened_are_kept(client, app):
    other, case_id = _two_caseworkers(client, app)
    mine = form_of(client, section(app, case_id, "a2"))
    assert post(other, section(app, case_id, "a1"), {"history": "Ben's history"}).status_code == 302
    assert client.post(section(app, case_id, "a2"), data={**mine, "interests": "Trains"}).status_code == 302
    section_a = working(app, case_id)["section_a"]
    assert section_a["history"] == "Ben's history" and section_a["interests"] == "Trains"


def test_an_item_changed_by_someone_else_is_not_overwritten(client, app):
    other, case_id = _two_caseworkers(client, app)
    data = {"area": "cognition_learning", "description": "Reads below age-related expectations"}
    assert post(client, item(app, case_id, "b"), data).status_code == 302
    path = item(app, case_id, "b", "need-1")
    mine = form_of(client, path)
    assert post(other, path, {**data, "description": "Reading age of 6"}).status_code == 302
    page = check_page(client.post(path, data={**mine, **data, "description": "Mine"}), status=409)
    assert "Need 1 changed" in page.select_one("#changes").get_text()
    assert working(app, case_id)["needs"][0]["description"] == "Reading age of 6"
    provision = item(app, case_id, "f")
    opened = form_of(client, provision)
    assert post(other, item(app, case_id, "f"), PROVISION).status_code == 302
    assert client.post(provision, data={**opened, **PROVISION}).status_code == 409
