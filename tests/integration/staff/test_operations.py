"""A manager sees failed messages and queue depth for their council only, and can send again."""

from sqlmodel import select

from service.models import Case, OutboxMessage
from service.models.outbox import FAILED
from tests.integration.staff.helpers import csrf_of, seed, sign_in
from tests.pages import check_page


def _failed_message(app, first_name: str) -> tuple[int, str]:
    from service.db import db

    with app.app_context():
        case = db.session.exec(select(Case).where(Case.child_first_name == first_name)).one()
        message = OutboxMessage(
            channel="email",
            template="case_update",
            recipient="bad@example",
            personalisation='{"reference": "ABCD-EFGH"}',
            case_id=case.id,
            status=FAILED,
            last_error="Notify answered 400: email_address Not a valid email address",
        )
        db.session.add(message)
        db.session.commit()
        return case.id, message.id


def test_failed_messages_show_on_the_case_and_a_manager_can_send_again(client, app):
    seed(app)
    case_id, message_id = _failed_message(app, "Oliver")
    _, leeds_message = _failed_message(app, "Ruby")
    sign_in(client, app, "kent.manager@example.gov.uk")
    assert "could not be sent" in check_page(client.get(f"/staff/cases/{case_id}")).get_text()
    page = check_page(client.get("/staff/operations"))
    assert "Not a valid email address" in page.get_text() and page.get_text().count("Send again") == 1
    token = csrf_of(client, "/staff/operations")
    assert client.post("/staff/operations", data={"csrf_token": token, "retry": leeds_message}).status_code == 404
    assert client.post("/staff/operations", data={"csrf_token": token, "retry": message_id}).status_code == 302
    from service.db import db

    with app.app_context():
        assert db.session.get(OutboxMessage, message_id).status != FAILED
        assert db.session.get(OutboxMessage, leeds_message).status == FAILED


def test_only_managers_see_the_operations_page(client, app):
    seed(app)
    sign_in(client, app, "kent.caseworker@example.gov.uk")
    assert client.get("/staff/operations").status_code == 403
