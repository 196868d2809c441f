"""The caseworker's tailored list of settings for a child: add by URN or by id (scoped to what the
council sees in the register), a duplicate and an unknown URN are clear errors, remove, reasons the
family reads, telling the family; read-only staff read but do not change."""

from __future__ import annotations

from sqlmodel import col, select

from service.db import db
from service.models import AuditEvent, CaseEvent, TailoredSetting
from tests.integration.placement.helpers import OAK, RIVER, add, drafted, errors, messages, post, settings_tab
from tests.integration.plan_staff.helpers import signed_in
from tests.integration.staff.helpers import csrf_of
from tests.pages import check_page


def _entries(app, case_id: int) -> list[TailoredSetting]:
    with app.app_context():
        query = select(TailoredSetting).where(col(TailoredSetting.case_id) == case_id).order_by(col(TailoredSetting.id))
        return list(db.session.exec(query))


def test_the_tab_lists_nothing_then_a_setting_added_by_urn_with_what_it_provides(client, app):
    data = drafted(app, client)
    page = check_page(client.get(settings_tab(data)))
    assert "No settings are on the list yet." in page.get_text()
    assert (
        page.select_one(".moj-sub-navigation__link[aria-current=page]").get_text(strip=True) == "Schools and settings"
    )
    response = add(client, data, urn=f" {RIVER} ", reason="A speech and language unit with a therapist on site.")
    assert response.status_code == 302
    page = check_page(client.get(settings_tab(data)))
    assert "River Primary School added to the list" in page.get_text()
    text = page.select_one("main").get_text(" ", strip=True)
    assert (
        "River Primary School" in text
        and "A speech and language unit" in text
        and "Community school, Maidstone" in text
    )
    [entry] = _entries(app, data["case"])
    assert (entry.urn, entry.setting_id, entry.name) == (RIVER, data["river"], "River Primary School")
    with app.app_context():
        actions = list(db.session.exec(select(AuditEvent.action).where(col(AuditEvent.case_id) == data["case"])))
        assert "placement.list_add" in actions and "placement.view" in actions


def test_a_duplicate_an_unknown_urn_and_a_bad_urn_are_clear_errors(client, app):
    data = drafted(app, client)
    add(client, data, urn=str(RIVER))
    assert errors(add(client, data, urn=str(RIVER))) == ["River Primary School is already on Leo's list"]
    assert errors(add(client, data, urn="123456")) == ["There is no setting with URN 123456 in the list of settings"]
    assert errors(add(client, data, urn="12ab")) == ["Enter a URN of 6 or 7 digits, like 118325"]
    assert errors(add(client, data, urn="")) == ["Enter the setting's URN"]
    assert len(_entries(app, data["case"])) == 1


def test_by_id_another_councils_setting_is_404_and_the_councils_copy_is_what_is_added(client, app):
    data = drafted(app, client)
    assert add(client, data, setting_id=str(data["elm"])).status_code == 404
    assert add(client, data, setting_id="999999999").status_code == 404
    assert add(client, data, urn="118500").status_code == 400  # Leeds's local setting is not in Kent's register
    assert add(client, data, setting_id=str(data["oak"])).status_code == 302
    assert errors(add(client, data, setting_id=str(data["oak"]))) == ["Oak Academy is already on Leo's list"]
    assert [e.urn for e in _entries(app, data["case"])] == [OAK]


def test_remove_and_change_what_it_provides_and_tell_the_family(client, app):
    data = drafted(app, client)
    add(client, data, urn=str(RIVER))
    add(client, data, urn=str(OAK))
    river, oak = _entries(app, data["case"])
    tab = settings_tab(data)
    reason_path = f"{tab}/{river.id}/reason"
    assert check_page(client.get(reason_path)).select_one("label").get_text(strip=True).startswith("What River")
    response = post(client, reason_path, reason_path, {"reason": "Small classes and a sensory room."})
    assert response.status_code == 302
    assert post(client, tab, f"{tab}/{oak.id}/remove", {}).status_code == 302
    [left] = _entries(app, data["case"])
    assert left.reason == "Small classes and a sensory room."
    assert post(client, tab, f"{tab}/ready", {}).status_code == 302
    [update] = [m for m in messages(app, "case_update") if "suggested schools" in m.personalisation]
    assert update.recipient == "leo.family@example.com"
    with app.app_context():
        events = list(db.session.exec(select(CaseEvent).where(col(CaseEvent.case_id) == data["case"])))
        assert any(e.kind == "settings_list_ready" and e.family_visible for e in events)
        assert not any(e.kind == "setting_listed" and e.family_visible for e in events)


def test_another_cases_entry_is_404_and_missing_csrf_is_400(client, app):
    data = drafted(app, client)
    add(client, data, urn=str(RIVER))
    [entry] = _entries(app, data["case"])
    other = drafted(app)
    assert client.post(
        f"{settings_tab(other)}/{entry.id}/remove", data={"csrf_token": csrf_of(client, settings_tab(data))}
    ).status_code in (404,)
    assert client.post(f"{settings_tab(data)}/{entry.id}/remove", data={}).status_code == 400
    assert client.post(f"{settings_tab(data)}/add", data={"urn": str(OAK)}).status_code == 400
    assert len(_entries(app, data["case"])) == 1


def test_read_only_staff_read_the_tab_and_cannot_change_it(client, app):
    data = drafted(app)
    signed_in(client, app, "read_only")
    page = check_page(client.get(settings_tab(data)))
    assert page.find("input", attrs={"name": "urn"}) is None
    token = page.find("input", attrs={"name": "csrf_token"})
    assert (
        client.post(
            f"{settings_tab(data)}/add", data={"csrf_token": token["value"] if token else "", "urn": str(RIVER)}
        ).status_code
        == 403
    )


def test_the_register_search_for_the_case_adds_a_result_to_the_list(client, app):
    data = drafted(app, client)
    tab = check_page(client.get(settings_tab(data)))
    find = f"{settings_tab(data)}/find"
    assert tab.find("a", href=find) is not None
    page = check_page(client.get(f"{find}?q=River"))
    assert page.select_one("h1").get_text(strip=True) == "Find settings for Leo"
    button = next(
        b for b in page.select("form button") if b.get_text(strip=True) == "Add River Primary School to the list"
    )
    form = button.find_parent("form")
    assert form["action"] == f"{settings_tab(data)}/add"
    values = {i["name"]: i.get("value", "") for i in form.select("input[name]")}
    assert values["setting_id"] == str(data["river"])
    assert client.post(form["action"], data=values).status_code == 302
    assert [e.setting_id for e in _entries(app, data["case"])] == [data["river"]]
    with app.app_context():
        actions = list(db.session.exec(select(AuditEvent.action).where(col(AuditEvent.case_id) == data["case"])))
        assert "placement.find" in actions
