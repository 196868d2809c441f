"""The family reads the settings the council suggests and states up to three preferences in order, from
the list or another setting (their right said plainly), checks them and sends them; errors for no
first choice, the same setting twice and another setting without a name; another family's case and a
setting not on the list are 404."""

from __future__ import annotations

from sqlmodel import col, select

from service.db import db
from service.models import CaseEvent, SettingPreference
from tests.factories import make_case
from tests.integration.placement.helpers import OAK, RIVER, add, drafted, messages
from tests.integration.plan_family.helpers import sign_in_family
from tests.integration.staff.helpers import csrf_of
from tests.pages import check_page


def _listed(app, client_staff):
    data = drafted(app, client_staff)
    add(client_staff, data, urn=str(RIVER), reason="A speech and language unit.")
    add(client_staff, data, urn=str(OAK))
    return data


def _path(data) -> str:
    return f"/your-cases/{data['case']}/settings"


def _send(client, data, **form):
    return client.post(_path(data), data={"csrf_token": csrf_of(client, _path(data)), **form})


def _errors(response) -> list[str]:
    page = check_page(response, 400)
    return [a.get_text(strip=True) for a in page.select(".govuk-error-summary a")]


def _preferences(app, case_id: int) -> list[SettingPreference]:
    with app.app_context():
        query = select(SettingPreference).where(col(SettingPreference.case_id) == case_id)
        return list(db.session.exec(query.order_by(col(SettingPreference.rank))))


def test_the_family_reads_the_list_and_their_right_and_states_preferences_in_order(client, app):
    data = _listed(app, app.test_client())
    sign_in_family(client, app)
    page = check_page(client.get(_path(data)))
    text = page.select_one("main").get_text(" ", strip=True)
    assert "Settings the council suggests" in text and "A speech and language unit." in text
    assert "You can ask for any state school or college" in text and "sections 38 and 39" in text
    assert "independent school that is not approved under section 41" in text
    response = _send(
        client, data, choice_1=str(data["oak"]), choice_2="other", other_name_2="Hill School, Ashford",
        other_details_2="His sister goes there.", choice_3="none",
    )  # fmt: skip
    assert response.status_code == 302 and response.location.endswith("/settings/check")
    check = check_page(client.get(response.location))
    rows = [row.get_text(" ", strip=True) for row in check.select(".govuk-summary-list__row")]
    assert rows[0].startswith("First choice Oak Academy")
    assert "Hill School, Ashford: another setting, not on the council's list. His sister goes there." in rows[1]
    assert _preferences(app, data["case"]) == []  # nothing is kept until sent
    sent = client.post(response.location, data={"csrf_token": csrf_of(client, response.location)})
    assert sent.status_code == 302 and sent.location.endswith("/settings/sent")
    assert "Preferences sent" in check_page(client.get(sent.location)).get_text()
    first, second = _preferences(app, data["case"])
    assert (first.rank, first.setting_id, first.urn, first.name) == (1, data["oak"], OAK, "Oak Academy")
    assert (second.rank, second.setting_id, second.name, second.other_details) == (
        2, None, "Hill School, Ashford", "His sister goes there.",
    )  # fmt: skip
    assert first.stated_by == "parent"
    assert any("received the settings you prefer" in m.personalisation for m in messages(app, "case_update"))
    with app.app_context():
        kinds = list(db.session.exec(select(CaseEvent.kind).where(col(CaseEvent.case_id) == data["case"])))
        assert "preference_stated" in kinds
    # a new statement replaces the last one
    _send(client, data, choice_1=str(data["river"]))
    client.post(f"{_path(data)}/check", data={"csrf_token": csrf_of(client, f"{_path(data)}/check")})
    assert [p.name for p in _preferences(app, data["case"])] == ["River Primary School"]


def test_errors_no_choice_the_same_twice_and_another_without_a_name(client, app):
    data = _listed(app, app.test_client())
    sign_in_family(client, app)
    assert _errors(_send(client, data)) == ["Select your first choice, or another school, college or setting"]
    assert _errors(_send(client, data, choice_1=str(data["oak"]), choice_2=str(data["oak"]))) == [
        "Your second choice is the same as your first choice: choose a different setting"
    ]
    assert _errors(_send(client, data, choice_1="other", other_name_1="")) == ["Enter the name of your first choice"]
    assert _errors(
        _send(client, data, choice_1="other", other_name_1="Hill", choice_3="other", other_name_3=" hill ")
    ) == ["Your third choice is the same as your first choice: choose a different setting"]
    assert _preferences(app, data["case"]) == []


def test_a_setting_not_on_the_list_another_familys_case_and_no_csrf(client, app):
    data = _listed(app, app.test_client())
    with app.app_context():
        other = make_case(stage="assessing", requester_email="other.family@example.com")
    sign_in_family(client, app)
    assert _send(client, data, choice_1=str(data["elm"])).status_code == 404
    assert client.get(f"/your-cases/{other.id}/settings").status_code == 404
    assert client.post(_path(data), data={"choice_1": str(data["oak"])}).status_code == 400
    assert _preferences(app, data["case"]) == []


def test_with_no_list_the_family_can_still_name_another_setting(client, app):
    data = drafted(app)
    sign_in_family(client, app)
    page = check_page(client.get(_path(data)))
    assert "The council has not suggested any settings yet" in page.get_text()
    response = _send(client, data, choice_1="other", other_name_1="Hill School")
    assert response.status_code == 302
    client.post(response.location, data={"csrf_token": csrf_of(client, response.location)})
    assert [p.name for p in _preferences(app, data["case"])] == ["Hill School"]
    # the case page and the draft plan link here
    assert f"/your-cases/{data['case']}/settings" in client.get(f"/your-cases/{data['case']}").get_data(as_text=True)
    assert f"/your-cases/{data['case']}/settings" in client.get(f"/your-cases/{data['case']}/plan").get_data(
        as_text=True
    )


def test_the_family_can_name_any_setting_in_the_register_by_urn(client, app):
    data = drafted(app, app.test_client())  # nothing on the list
    sign_in_family(client, app)
    assert _errors(_send(client, data, choice_1="other", other_name_1="Elm", other_urn_1="118500")) == [
        "There is no school or setting with URN 118500 in the list of settings: check it, or leave it blank"
    ]  # Leeds's own setting is not in Kent's register
    response = _send(client, data, choice_1="other", other_name_1="River school", other_urn_1=str(RIVER))
    assert response.status_code == 302
    client.post(response.location, data={"csrf_token": csrf_of(client, response.location)})
    [row] = _preferences(app, data["case"])
    assert (row.setting_id, row.urn, row.name) == (data["river"], RIVER, "River Primary School")
    page = check_page(client.get(_path(data)))
    assert page.find("input", attrs={"name": "other_urn_1"})["value"] == str(RIVER)
