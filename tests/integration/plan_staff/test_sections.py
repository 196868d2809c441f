"""Each section's page: what it saves into the working copy, and its GOV.UK errors (nothing typed lost)."""

from sqlmodel import select

from service.models import AuditEvent, PlanEdit
from tests.integration.plan_staff.helpers import (
    date_fields,
    form_of,
    issuing_case,
    item,
    post,
    section,
    signed_in,
    start,
    working,
)
from tests.integration.staff.helpers import url
from tests.pages import check_page


def _plan(client, app, **fields) -> int:
    signed_in(client, app)
    case_id = issuing_case(app, **fields)
    start(client, app, case_id)
    return case_id


def _errors(page) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(".govuk-error-summary a")]


PERSONAL = {
    "name": "Isla Khan",
    "preferred_name": "Izzy",
    "sex": "Female",
    "ethnicity": "Asian British - Pakistani",
    "first_language": "English",
    "parent_first_language": "Urdu",
    "nhs_number": "485 777 3456",
    "upn": "a123456789012",
}


def test_personal_details_are_saved_with_the_date_of_birth_and_checked_numbers(client, app):
    from datetime import date

    case_id = _plan(client, app)
    path = section(app, case_id, "personal_details")
    page = check_page(client.get(path))
    assert page.find("input", attrs={"name": "name"})["value"] == "Isla Khan"
    bad = {**PERSONAL, "nhs_number": "12345", "upn": "nope", **date_fields("date_of_birth", date(2099, 1, 1))}
    page = check_page(post(client, path, bad), status=400)
    assert _errors(page) == [
        "Date of birth must be in the past",
        "NHS number must be 10 digits, like 485 777 3456",
        "Enter a unique pupil number in the correct format, like A123456789012",
    ]
    assert page.find("input", attrs={"name": "preferred_name"})["value"] == "Izzy"  # nothing typed is lost
    response = post(client, path, {**PERSONAL, **date_fields("date_of_birth", date(2015, 11, 30))})
    assert response.status_code == 302
    details = working(app, case_id)["personal_details"]
    assert details["nhs_number"] == "4857773456" and details["upn"] == "A123456789012"
    assert details["date_of_birth"] == "2015-11-30" and details["preferred_name"] == "Izzy"
    assert details["contacts"], "the contacts are kept"
    with app.app_context():
        from service.db import db

        edit = db.session.exec(select(PlanEdit).where(PlanEdit.section == "personal_details")).one()
        assert edit.summary == "Personal details changed"
        audit = db.session.exec(select(AuditEvent).where(AuditEvent.action == "plan.edit")).one()
        assert audit.detail == "personal_details" and "Izzy" not in audit.detail


def test_control_characters_are_refused(client, app):
    case_id = _plan(client, app)
    path = section(app, case_id, "a2")
    page = check_page(post(client, path, {"interests": "Trains\x00", "strengths": "Kind\u202e"}), status=400)
    assert _errors(page) == [
        "Interests must not include control characters",
        "Strengths must not include control characters",
    ]
    assert working(app, case_id)["section_a"]["interests"] == ""


def test_services_save_yes_no_answers_and_one_professional_a_line(client, app):
    case_id = _plan(client, app)
    path = section(app, case_id, "services")
    page = check_page(post(client, path, {"setting_urn": "12"}), status=400)
    assert _errors(page) == ["The setting's URN must be 6 or 7 digits"]
    data = {
        "setting": "Oak Primary School",
        "setting_urn": "118765",
        "health": "Dr Patel, Marsh Lane Surgery",
        "known_to_social_care": "no",
        "looked_after": "no",
        "previously_looked_after": "",
        "other_professionals": "Educational psychologist\n\nSpeech and language therapist\n",
    }
    assert post(client, path, data).status_code == 302
    services = working(app, case_id)["services"]
    assert services["known_to_social_care"] is False and services["previously_looked_after"] is None
    assert services["other_professionals"] == ["Educational psychologist", "Speech and language therapist"]


def test_section_a1_is_500_words_at_most_across_its_two_fields(client, app):
    case_id = _plan(client, app)
    path = section(app, case_id, "a1")
    page = check_page(client.get(path))
    assert page.select_one('[data-module="govuk-character-count"]')["data-maxwords"] == "500"
    too_long = " ".join(["word"] * 501)
    page = check_page(post(client, path, {"history": too_long, "communication": "Short"}), status=400)
    assert _errors(page) == ["Summary of history must be 500 words or fewer"]
    assert page.find("textarea", attrs={"name": "history"}).get_text().strip() == too_long
    together = {"history": " ".join(["word"] * 300), "communication": " ".join(["word"] * 201)}
    page = check_page(post(client, path, together), status=400)
    assert _errors(page)[0].startswith("Section A1 must be 500 words or fewer")
    assert (
        post(client, path, {"history": " ".join(["word"] * 300), "communication": " ".join(["word"] * 200)}).status_code
        == 302
    )
    assert len(working(app, case_id)["section_a"]["communication"].split()) == 200


def test_section_a2_saves_views_and_how_they_were_gathered(client, app):
    case_id = _plan(client, app)
    data = {
        "child_views": "I want to read books about space",
        "how_gathered": "A meeting at school with Isla and her mum",
    }
    assert post(client, section(app, case_id, "a2"), data).status_code == 302
    section_a = working(app, case_id)["section_a"]
    assert section_a["child_views"] == data["child_views"] and section_a["how_gathered"] == data["how_gathered"]


def test_placement_says_a_draft_never_names_it_and_is_saved(client, app):
    case_id = _plan(client, app)
    path = section(app, case_id, "i")
    page = check_page(client.get(path))
    assert "section 38(5)" in page.get_text()
    assert check_page(post(client, path, {"urn": "abc"}), status=400)
    data = {"name": "Oak Primary School", "urn": "118765", "type": "Mainstream primary", "attendance": "day"}
    assert post(client, path, data).status_code == 302
    assert working(app, case_id)["placement"] == data


def test_section_j_links_only_items_of_the_plan(client, app):
    case_id = _plan(client, app)
    assert (
        post(client, item(app, case_id, "c"), {"description": "Epilepsy, controlled by medication"}).status_code == 302
    )
    data = {
        "details": "A personal budget for travel training",
        "arrangements": "Paid to the family",
        "need_ids": ["need-1", "need-99"],
    }
    assert post(client, section(app, case_id, "j"), data).status_code == 302
    budget = working(app, case_id)["personal_budget"]
    assert budget["need_ids"] == ["need-1"] and budget["details"] == data["details"]


def test_no_identified_needs_in_an_area_shows_the_templates_sentence(client, app):
    case_id = _plan(client, app)
    path = section(app, case_id, "b")
    assert post(client, path, {"areas": ["sensory_physical", "semh"]}).status_code == 302
    assert working(app, case_id)["no_identified_needs"] == ["semh", "sensory_physical"]
    page = check_page(client.get(path))
    assert "Child or young person has no identified special educational needs in this area." in page.get_text()
    assert post(client, section(app, case_id, "c"), {"areas": ["health"]}).status_code == 302
    assert set(working(app, case_id)["no_identified_needs"]) == {"semh", "sensory_physical", "health"}
    # an area with a need cannot also have none
    need = {"area": "semh", "description": "Finds changes of routine very hard"}
    assert post(client, item(app, case_id, "b"), need).status_code == 302
    page = check_page(post(client, path, {"areas": ["semh"]}), status=400)
    assert _errors(page)[0].startswith("Social, emotional and mental health difficulties has a need in the plan")


def test_section_k_is_updated_from_the_advice_requests(client, app):
    from datetime import date

    from service.models import AdviceRequest

    case_id = _plan(client, app)
    path = section(app, case_id, "k")
    assert "Not received yet" in check_page(client.get(path)).get_text()
    with app.app_context():
        from service.db import db

        db.session.add(
            AdviceRequest(case_id=case_id, kind="social_care", requested_on=date.today(), adviser="Kent social care")
        )
        db.session.commit()
    refresh = url(app, "staff.plan_refresh_advice", case_id=case_id)
    assert client.post(refresh, data=form_of(client, path)).status_code == 302
    assert [row["kind"] for row in working(app, case_id)["advice"]][-1] == "social_care"
    assert "Kent social care" in check_page(client.get(path)).get_text()


def test_the_sign_off_is_read_only(client, app):
    case_id = _plan(client, app)
    path = section(app, case_id, "sign_off")
    assert "filled in when the final plan is issued" in check_page(client.get(path)).get_text()
    assert post(client, path, {"officer": "Me"}).status_code == 405


def test_a_section_the_template_does_not_have_is_not_found(client, app):
    case_id = _plan(client, app)
    assert client.get(section(app, case_id, "z")).status_code == 404
