"""The development outbox shows each message as GOV.UK Notify would send it, from the catalogue."""

from service.data import notifications
from service.db import db
from tests.pages import check_page


def test_the_outbox_renders_the_subject_and_wording_of_each_message(app, client):
    with app.app_context():
        notifications.send_draft_resume_link(
            to="parent@example.com", link="http://localhost/request/resume/abc", expires="29 December 2026"
        )
        db.session.commit()
    text = check_page(client.get("/dev/outbox")).get_text()
    assert "Carry on with your request for an EHC needs assessment" in text
    assert "Send your request by 29 December 2026." in text
