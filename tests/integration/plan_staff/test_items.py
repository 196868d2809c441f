"""Needs, outcomes, provision and contacts: add, change and remove, each on its own page; the five
elements of provision with their specific errors; and removing an item drops every link to it."""

from sqlmodel import select

from service.models import PlanEdit
from tests.integration.plan_staff.helpers import PROVISION, issuing_case, item, post, section, signed_in, start, working
from tests.integration.staff.helpers import url
from tests.pages import check_page


def _plan(client, app) -> int:
    signed_in(client, app)
    case_id = issuing_case(app)
    start(client, app, case_id)
    return case_id


def _errors(page) -> dict[str, str]:
    return {a["href"]: a.get_text(strip=True) for a in page.select(".govuk-error-summary a")}


def _need(client, app, case_id, key="b", **values):
    data = {
        "area": "communication_interaction",
        "description": "Speaks in short phrases",
        "impact": "Hard to follow lessons",
        **values,
    }
    assert post(client, item(app, case_id, key), data).status_code == 302


def _outcome(client, app, case_id, need_ids=("need-1",)):
    data = {
        "statement": "Isla will retell a short story in order",
        "measure": "Speech and language therapist's review",
        "by_when": "July 2027",
        "need_ids": list(need_ids),
    }
    assert post(client, item(app, case_id, "e"), data).status_code == 302


def test_needs_are_added_in_their_area_changed_and_listed_in_their_section(client, app):
    case_id = _plan(client, app)
    page = check_page(post(client, item(app, case_id, "b"), {}), status=400)
    assert _errors(page) == {"#area": "Select the area of need", "#description": "Enter the need"}
    _need(client, app, case_id)
    _need(client, app, case_id, "c", area="", description="Epilepsy")  # section C has one area: nothing to choose
    needs = working(app, case_id)["needs"]
    assert [(n["id"], n["area"]) for n in needs] == [("need-1", "communication_interaction"), ("need-2", "health")]
    page = check_page(client.get(section(app, case_id, "b")))
    assert "Speaks in short phrases" in page.get_text() and "Epilepsy" not in page.get_text()
    change = item(app, case_id, "b", "need-1")
    assert (
        check_page(client.get(change)).find("textarea", attrs={"name": "description"}).get_text().strip()
        == "Speaks in short phrases"
    )
    assert (
        post(
            client, change, {"area": "communication_interaction", "description": "Uses 2 to 3 word phrases"}
        ).status_code
        == 302
    )
    assert working(app, case_id)["needs"][0]["description"] == "Uses 2 to 3 word phrases"
    assert client.get(item(app, case_id, "b", "need-2")).status_code == 404  # need-2 is in section C
    assert client.get(item(app, case_id, "b", "need-9")).status_code == 404
    with app.app_context():
        from service.db import db

        summaries = [e.summary for e in db.session.exec(select(PlanEdit).order_by(PlanEdit.plan_version))]
        assert summaries == ["Plan started", "Need 1 added", "Need 2 added", "Need 1 changed"]


def test_an_outcome_links_the_needs_it_answers(client, app):
    case_id = _plan(client, app)
    page = check_page(post(client, item(app, case_id, "e"), {}), status=400)
    assert list(_errors(page).values()) == [
        "Enter the outcome",
        "Enter how we will know the outcome has been achieved",
        "Enter when the outcome should be achieved",
    ]
    _need(client, app, case_id)
    _outcome(client, app, case_id, need_ids=("need-1", "need-7"))
    assert working(app, case_id)["outcomes"][0]["need_ids"] == ["need-1"]


def test_provision_needs_its_five_elements_with_specific_errors(client, app):
    case_id = _plan(client, app)
    path = item(app, case_id, "f")
    page = check_page(post(client, path, {"what": "Speech therapy"}), status=400)
    assert _errors(page) == {
        "#who": "Enter who provides the support",
        "#ratio_staff": "Enter the number of staff",
        "#ratio_children": "Enter the number of children",
        "#times": "Enter how often this provision happens",
        "#minutes": "Enter how long each session lasts in minutes",
    }
    assert page.find("textarea", attrs={"name": "what"}).get_text().strip() == "Speech therapy"
    no_frequency = {**PROVISION, "times": ""}
    assert _errors(check_page(post(client, path, no_frequency), status=400)) == {
        "#times": "Enter how often this provision happens"
    }
    no_period = {**PROVISION, "per": ""}
    assert list(_errors(check_page(post(client, path, no_period), status=400))) == ["#per"]
    wrong = {**PROVISION, "ratio_staff": "0", "times": "1.5", "minutes": "half an hour"}
    assert _errors(check_page(post(client, path, wrong), status=400)) == {
        "#ratio_staff": "Number of staff must be a whole number of 1 or more",
        "#times": "Number of times must be a whole number of 1 or more",
        "#minutes": "How long each time must be a whole number of 1 or more",
    }
    assert post(client, path, {**PROVISION, "per": "fortnightly"}).status_code == 400
    _need(client, app, case_id)
    _outcome(client, app, case_id)
    assert post(client, path, {**PROVISION, "need_ids": ["need-1"], "outcome_ids": ["outcome-1"]}).status_code == 302
    row = working(app, case_id)["provision"][0]
    assert row == {
        "id": "provision-1",
        "section": "f",
        "what": PROVISION["what"],
        "who": "Speech and language therapist",
        "qualification": "HCPC registered",
        "ratio": {"staff": 1, "children": 1},
        "frequency": {"times": 2, "per": "week"},
        "minutes": 30,
        "need_ids": ["need-1"],
        "outcome_ids": ["outcome-1"],
    }
    text = check_page(client.get(section(app, case_id, "f"))).get_text()
    assert "Twice a week" in text and "30 minutes" in text and "1:1 (1 adult to 1 child)" in text


def test_health_provision_says_who_agreed_it_and_links_only_health_needs(client, app):
    case_id = _plan(client, app)
    _need(client, app, case_id)
    _need(client, app, case_id, "c", description="Epilepsy")
    page = check_page(client.get(item(app, case_id, "g")))
    assert page.find("input", attrs={"name": "agreed_by"})
    offered = [box["value"] for box in page.find_all("input", attrs={"name": "need_ids"})]
    assert offered == ["need-2"]
    assert (
        post(
            client,
            item(app, case_id, "g"),
            {**PROVISION, "agreed_by": "NHS Kent and Medway ICB", "need_ids": ["need-1", "need-2"]},
        ).status_code
        == 302
    )
    row = working(app, case_id)["provision"][0]
    assert row["agreed_by"] == "NHS Kent and Medway ICB" and row["need_ids"] == ["need-2"]
    assert not check_page(client.get(item(app, case_id, "f"))).find("input", attrs={"name": "agreed_by"})


def test_removing_asks_first_and_drops_the_links_to_it(client, app):
    case_id = _plan(client, app)
    _need(client, app, case_id)
    _outcome(client, app, case_id)
    assert (
        post(
            client, item(app, case_id, "f"), {**PROVISION, "need_ids": ["need-1"], "outcome_ids": ["outcome-1"]}
        ).status_code
        == 302
    )
    remove = url(app, "staff.plan_remove_item", case_id=case_id, key="b", item_id="need-1")
    page = check_page(client.get(remove))
    assert page.h1.get_text(strip=True) == "Are you sure you want to remove need 1?"
    assert "Outcome 1" in page.get_text() and "Provision 1" in page.get_text()
    assert working(app, case_id)["needs"], "nothing is removed by asking"
    assert post(client, remove, {}).status_code == 302
    document = working(app, case_id)
    assert (
        document["needs"] == []
        and document["outcomes"][0]["need_ids"] == []
        and document["provision"][0]["need_ids"] == []
    )
    assert client.get(remove).status_code == 404
    remove_provision = url(app, "staff.plan_remove_item", case_id=case_id, key="f", item_id="provision-1")
    assert post(client, remove_provision, {}).status_code == 302
    assert working(app, case_id)["provision"] == []


def test_contacts_are_added_changed_and_removed(client, app):
    case_id = _plan(client, app)
    path = item(app, case_id, "personal_details")
    page = check_page(post(client, path, {"email": "not an email"}), status=400)
    assert _errors(page) == {
        "#name": "Enter the contact's name",
        "#email": "Enter an email address in the correct format, like name@example.com",
    }
    data = {
        "name": "Omar Khan",
        "relationship": "Father",
        "email": "omar@example.com",
        "telephone": "07700 900123",
        "main_contact": "y",
    }
    assert post(client, path, data).status_code == 302
    contacts = working(app, case_id)["personal_details"]["contacts"]
    assert [c["name"] for c in contacts][-1] == "Omar Khan" and [c["main_contact"] for c in contacts] == [False, True]
    change = item(app, case_id, "personal_details", "contact-2")
    assert post(client, change, {**data, "relationship": "Dad"}).status_code == 302
    assert working(app, case_id)["personal_details"]["contacts"][1]["relationship"] == "Dad"
    assert client.get(item(app, case_id, "personal_details", "contact-3")).status_code == 404
    remove = url(app, "staff.plan_remove_item", case_id=case_id, key="personal_details", item_id="contact-1")
    assert post(client, remove, {}).status_code == 302
    assert [c["name"] for c in working(app, case_id)["personal_details"]["contacts"]] == ["Omar Khan"]
