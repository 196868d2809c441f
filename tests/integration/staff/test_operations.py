"""A manager sees failed messages and queue depth for their council only, and can send again."""

from service.models import OutboxMessage
from service.models.outbox import FAILED
from tests.factories import KENT, LEEDS, make_case, make_staff
from tests.integration.staff.helpers import csrf_of, sign_in, url
from tests.pages import check_page


def _failed_message(app, local_authority: str) -> tuple[int, str]:
    from service.db import db

    with app.app_context():
        case = make_case(local_authority)
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
    case_id, message_id = _failed_message(app, KENT)
    _, leeds_message = _failed_message(app, LEEDS)
    with app.app_context():
        manager = make_staff("manager")
    sign_in(client, app, manager)
    assert "could not be sent" in check_page(client.get(url(app, "staff.case_record", case_id=case_id))).get_text()
    page = check_page(client.get(url(app, "staff.operations")))
    assert "Not a valid email address" in page.get_text() and page.get_text().count("Send again") == 1
    token = csrf_of(client, "/staff/operations")
    assert client.post("/staff/operations", data={"csrf_token": token, "retry": leeds_message}).status_code == 404
    assert client.post("/staff/operations", data={"csrf_token": token, "retry": message_id}).status_code == 302
    from service.db import db

    with app.app_context():
        assert db.session.get(OutboxMessage, message_id).status != FAILED
        assert db.session.get(OutboxMessage, leeds_message).status == FAILED


def test_only_managers_see_the_operations_page(client, app):
    with app.app_context():
        caseworker = make_staff()
    sign_in(client, app, caseworker)
    assert client.get(url(app, "staff.operations")).status_code == 403
