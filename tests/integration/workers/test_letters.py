"""Letters (issue 16): a family who chose post gets each message as a GOV.UK Notify letter, sent by the
real notifications-python-client to the fake Notify; its dispatch status, a returned letter and a letter
Notify refuses are recorded and staff see each on the case."""

from __future__ import annotations

from datetime import date

import pytest

from service import create_app
from service.data.family_messages import send_case_update
from service.db import db
from service.models import OutboxMessage
from tests.conftest import make_config
from tests.factories import make_case, make_staff
from tests.integration.staff.helpers import sign_in
from tests.pages import check_page
from workers.notifications import check_letter_statuses, send_message

TOKEN = "callback-token-for-letter-tests-0123456789"
POSTAL = "1 High Street\nCanterbury\nct11aa"


@pytest.fixture(scope="module")
def letters_app(migrated_database, fake_notify, redis_url):
    config = make_config(
        migrated_database,
        REDIS_URL=redis_url,
        NOTIFY_MODE="live",
        NOTIFY_API_KEY=fake_notify.api_key,
        NOTIFY_BASE_URL=fake_notify.url,
        NOTIFY_CALLBACK_TOKEN=TOKEN,
    )
    config.extra = {"NOTIFY_TIMEOUT": 1}
    return create_app(config)


@pytest.fixture
def context(letters_app, notify):
    with letters_app.app_context():
        yield letters_app


def row(message_id: str) -> OutboxMessage:
    db.session.expire_all()
    return db.session.get(OutboxMessage, message_id)


def letter_case(**fields):
    values = {"contact_preference": "post", "requester_name": "Sam Jones", "requester_postal_address": POSTAL}
    return make_case(child_first_name="Ava", **(values | fields))


def callback(client, path: str, body: dict):
    return client.post(f"/notify/{path}", json=body, headers={"Authorization": f"Bearer {TOKEN}"})


def staff_case_page(app, case_id: int):
    staff = make_staff("caseworker")
    db.session.commit()
    client = app.test_client()
    sign_in(client, app, staff)
    return check_page(client.get(f"/staff/cases/{case_id}"))


def test_a_letter_goes_to_notify_with_the_address_and_its_dispatch_and_return_are_recorded(context, notify):
    case = letter_case()
    [message] = send_case_update(case, "The council decided to carry out an assessment", date.today())
    db.session.commit()
    message_id, case_id = message.id, case.id
    # the outbox names only the addressee; the address travels in the personalisation Notify prints
    assert (message.channel, message.recipient) == ("letter", "Sam Jones")

    assert send_message(message_id) == "sent"
    [sent] = notify.sent
    assert sent["type"] == "letter" and sent["reference"] == message_id
    lines = [sent["personalisation"].get(f"address_line_{n}") for n in range(1, 8)]
    assert lines[:4] == ["Sam Jones", "1 High Street", "Canterbury", "CT1 1AA"] and not any(lines[4:])
    assert "Ava" in sent["personalisation"]["child_first_name"]
    assert row(message_id).notify_id == sent["id"]

    # the daily check asks Notify: accepted (to print), then received (printed and posted), then it stops asking
    assert check_letter_statuses() == 1
    assert row(message_id).delivery_status == "accepted"
    notify.set_status(sent["id"], "received")
    assert check_letter_statuses() == 1
    assert row(message_id).delivery_status == "received" and row(message_id).status == "sent"
    assert check_letter_statuses() == 0

    # Royal Mail returns it: Notify's returned-letter callback records the day, once
    client = context.test_client()
    body = notify.returned_letter_callback(sent["id"])
    assert callback(client, "returned-letter", body).get_json()["result"] == "updated"
    assert callback(client, "returned-letter", body).get_json()["result"] == "unchanged"
    assert row(message_id).returned_on == date.today()

    page = staff_case_page(context, case_id)
    table = page.select_one("#letters").get_text(" ", strip=True)
    assert "An update on the request" in table and "Sam Jones" in table
    assert "Returned on" in table and "the address may be wrong" in table


def test_a_letter_notify_refuses_for_its_address_shows_on_the_staff_case_as_failed(context, notify):
    # recorded before the request journey asked for a postcode: Notify refuses it, nothing is lost
    case = letter_case(requester_postal_address="1 High Street\nCanterbury")
    [message] = send_case_update(case, "The council decided to carry out an assessment", date.today())
    db.session.commit()
    message_id, case_id = message.id, case.id
    assert send_message(message_id) == "failed"
    assert notify.sent == []
    assert "Must be a real UK postcode" in row(message_id).last_error

    page = staff_case_page(context, case_id)
    assert "could not be sent" in page.select_one(".govuk-warning-text").get_text()
    table = page.select_one("#letters").get_text(" ", strip=True)
    assert "Not sent" in table and "Check the address with the family" in table


@pytest.mark.parametrize(
    ("status", "failed", "said"),
    [
        ("received", False, "Sent by post on"),
        ("pending-virus-check", False, "checking the letter"),
        ("validation-failed", True, "address may be wrong or incomplete"),
        ("cancelled", True, "cancelled and not sent"),
        ("technical-failure", True, "technical problem"),
        ("permanent-failure", True, "does not exist"),
    ],
)
def test_letter_status_callbacks_are_recorded_in_plain_english(context, notify, status, failed, said):
    from service.data.outbox import letters_for_case

    case = letter_case()
    [message] = send_case_update(case, "The council decided to carry out an assessment", date.today())
    db.session.commit()
    assert send_message(message.id) == "sent"
    notify.set_status(notify.sent[0]["id"], status)
    response = callback(context.test_client(), "delivery-status", notify.status_callback(notify.sent[0]["id"]))
    assert response.get_json()["result"] == "updated"
    assert (row(message.id).status == "failed") is failed
    [(_, dispatch)] = letters_for_case(case.id)
    assert said in dispatch


def test_a_returned_letter_callback_needs_the_token_and_a_letter(context, notify):
    client = context.test_client()
    assert client.post("/notify/returned-letter", json={"notification_id": "x"}).status_code == 401
    assert callback(client, "returned-letter", {"reference": "nope"}).status_code == 400
    email = make_case(child_first_name="Ava")
    [message] = send_case_update(email, "Something changed", date.today())
    db.session.commit()
    body = {"notification_id": "11111111-1111-4111-8111-111111111111", "reference": message.id}
    assert callback(client, "returned-letter", body).get_json()["result"] == "unchanged"  # an email is never returned
    assert row(message.id).returned_on is None
