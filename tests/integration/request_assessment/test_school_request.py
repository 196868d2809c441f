"""A request a school or nursery makes (issue 16 item 6): it names the parent or carer and how they want to be
told; the parent is then told of every change, by their channel, as well as the school, and can sign in."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import col, select

from service.models import Case, CaseAccess, OutboxMessage
from tests.integration.plan_family.helpers import sign_in_family
from tests.integration.request_assessment.journey import answer_everything, csrf, error_texts, post
from tests.pages import check_page

SCHOOL = {
    "who": {"role": "professional"},
    "your-setting": {"setting_name": "River Primary School", "family_agrees": "y"},
    "your-details": {"name": "Priya Shah", "relationship": "SENCO"},
    "contact": {"email": "senco@river.example.sch.uk", "mobile": "", "preference": "email", "postal_address": ""},
}
PARENT_BY_POST = {
    "parent_name": "Grace Okafor",
    "parent_email": "Grace.Okafor@Example.com",
    "parent_mobile": "",
    "parent_contact_preference": "post",
    "parent_postal_address": "4 Mill Lane\nMaidstone\nme14 1xx",
}


def school_request(client, app, parent: dict) -> None:
    answer_everything(client, app, {**SCHOOL, "parent-contact": parent})


def the_case(app) -> Case:
    from service.db import db

    return db.session.exec(select(Case)).one()


def messages(app, case_id: int) -> list[tuple[str, str, str]]:
    from service.db import db

    rows = db.session.exec(select(OutboxMessage).where(col(OutboxMessage.case_id) == case_id))
    return sorted((m.channel, m.template, m.recipient) for m in rows)


def test_a_school_names_the_parent_who_is_told_by_post_and_can_sign_in(client, app):
    school_request(client, app, PARENT_BY_POST)
    page = check_page(client.get("/request/check-answers"))
    heading = page.find("h2", string="Their parent or carer")
    rows = heading.find_next("dl").select(".govuk-summary-list__row")
    shown = {r.dt.get_text(strip=True): r.dd.get_text(" ", strip=True) for r in rows}
    assert shown["Parent or carer's name"] == "Grace Okafor"
    assert shown["Parent or carer's email address"] == "grace.okafor@example.com"
    assert shown["How the parent or carer is told"] == "Post"
    assert "4 Mill Lane" in shown["Parent or carer's postal address"]
    changes = [a["href"] for a in heading.find_next("dl").select(".govuk-summary-list__actions a")]
    assert len(changes) == 5 and all("/request/parent-contact?change=yes" in href for href in changes)
    assert client.post("/request/check-answers", data={"csrf_token": csrf(page)}).status_code == 302

    with app.app_context():
        from service.data.family_messages import send_case_update
        from service.db import db

        case = the_case(app)
        assert (case.parent_name, case.parent_email, case.parent_contact_preference) == (
            "Grace Okafor",
            "grace.okafor@example.com",
            "post",
        )
        access = db.session.exec(select(CaseAccess).where(col(CaseAccess.case_id) == case.id)).one()
        assert (access.email, access.role) == ("grace.okafor@example.com", "parent")
        # the school's receipt by email, the parent's by letter (the outbox names only the addressee)
        assert ("letter", "request_received", "Grace Okafor") in messages(app, case.id)
        assert ("email", "request_received", "senco@river.example.sch.uk") in messages(app, case.id)
        letter = db.session.exec(select(OutboxMessage).where(col(OutboxMessage.channel) == "letter")).one()
        values = json.loads(letter.personalisation)
        assert [values[f"address_line_{n}"] for n in range(1, 5)] == ["Grace Okafor", "4 Mill Lane", "Maidstone",
                                                                      "ME14 1XX"]  # fmt: skip

        # every decision: the parent by their channel and the school by email
        sent = send_case_update(case, "The council decided to carry out an assessment", date.today())
        db.session.commit()
        assert sorted((m.channel, m.recipient) for m in sent) == [
            ("email", "senco@river.example.sch.uk"),
            ("letter", "Grace Okafor"),
        ]
        case_id, reference = case.id, case.reference

    # the parent signs in with the email the school gave and sees the request
    sign_in_family(client, app, "grace.okafor@example.com")
    your_cases = check_page(client.get("/your-cases"))
    assert reference in your_cases.get_text()
    assert client.get(f"/your-cases/{case_id}").status_code == 200


def test_the_parent_chooses_text_messages_and_the_school_keeps_its_own_access(client, app):
    parent = {
        **PARENT_BY_POST,
        "parent_email": "",
        "parent_mobile": "07700 900 123",
        "parent_contact_preference": "sms",
    }
    school_request(client, app, parent)
    page = check_page(client.get("/request/check-answers"))
    client.post("/request/check-answers", data={"csrf_token": csrf(page)})
    with app.app_context():
        from service.data.family_messages import send_case_update
        from service.db import db

        case = the_case(app)
        assert db.session.exec(select(CaseAccess).where(col(CaseAccess.case_id) == case.id)).first() is None
        sent = send_case_update(case, "The council decided to carry out an assessment", date.today())
        db.session.commit()
        assert sorted((m.channel, m.recipient) for m in sent) == [
            ("email", "senco@river.example.sch.uk"),
            ("sms", "07700 900 123"),
        ]
        reference = case.reference
    # the school still sees what it sent, on the family side, by its own email address
    sign_in_family(client, app, "senco@river.example.sch.uk")
    assert reference in check_page(client.get("/your-cases")).get_text()


def test_a_parents_own_request_has_no_parent_page(client, app):
    answer_everything(client, app)
    assert client.get("/request/parent-contact").status_code == 302  # not a page of this request
    page = check_page(client.get("/request/check-answers"))
    assert page.find("h2", string="Their parent or carer") is None


@pytest.fixture
def school_started(client):
    client.get("/request")
    post(client, "/request/who", {"role": "professional"})
    return client


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {},
            [
                "Enter the parent or carer's full name",
                "Select how the parent or carer wants to be told about the request",
            ],
        ),
        (
            {"parent_name": "Grace", "parent_contact_preference": "email", "parent_email": "grace@"},
            ["Enter an email address in the correct format, like name@example.com"],
        ),
        (
            {"parent_name": "Grace", "parent_contact_preference": "email"},
            ["Enter the parent or carer's email address to send them emails"],
        ),
        (
            {"parent_name": "Grace", "parent_contact_preference": "sms", "parent_mobile": "0123"},
            ["Enter a UK mobile number, like 07700 900 982 or +44 7700 900 982"],
        ),
        (
            {"parent_name": "Grace", "parent_contact_preference": "sms"},
            ["Enter the parent or carer's UK mobile number to send them text messages"],
        ),
        (
            {"parent_name": "Grace", "parent_contact_preference": "post"},
            ["Enter their postal address to get letters"],
        ),
        (
            {
                "parent_name": "Grace",
                "parent_contact_preference": "post",
                "parent_postal_address": "4 Mill Lane\nMaidstone",
            },
            ["Enter a real UK postcode on the last line of the address, like AA1 1AA"],
        ),
        (
            {"parent_name": "Grace", "parent_contact_preference": "post", "parent_postal_address": "ME14 1XX"},
            ["Enter the building and street, and the town or city, above the postcode"],
        ),
    ],
)
def test_the_parent_page_errors_keep_what_was_typed(school_started, data, expected):
    response = post(school_started, "/request/parent-contact", data)
    page = check_page(response)
    assert page.title.get_text().startswith("Error: ")
    assert error_texts(response) == expected
    for name, value in data.items():
        if name != "parent_contact_preference":
            field = page.find(attrs={"name": name})
            assert (field.get("value") if field.name == "input" else field.get_text()).strip() == value


def test_the_family_contact_page_refuses_a_postal_address_without_a_postcode(client):
    client.get("/request")
    post(client, "/request/who", {"role": "parent"})
    data = {"email": "a@example.com", "preference": "post", "postal_address": "1 High Street, Maidstone"}
    response = post(client, "/request/contact", data)
    assert error_texts(response) == ["Enter a real UK postcode on the last line of the address, like AA1 1AA"]
    data["postal_address"] = "1 High Street, Maidstone, ME14 1XX"
    assert post(client, "/request/contact", data).status_code == 302


def test_once_a_young_person_holds_the_case_the_parent_a_school_named_needs_their_agreement(client, app):
    school_request(client, app, {**PARENT_BY_POST, "parent_contact_preference": "email"})
    page = check_page(client.get("/request/check-answers"))
    client.post("/request/check-answers", data={"csrf_token": csrf(page)})
    with app.app_context():
        from service.data import family as family_data
        from service.data.family_messages import family_contacts
        from service.db import db

        case = the_case(app)
        assert family_data.case_for_family("grace.okafor@example.com", case.id) is not None
        family_data.give_young_person_access(case, "amara@example.com")
        db.session.commit()
        assert family_data.case_for_family("grace.okafor@example.com", case.id) is None
        assert [(c.channel, c.to) for c in family_contacts(case)] == [("email", "amara@example.com")]
