"""Issue 12 L9: staff refused another council's records leave an audit trail, and a burst an alert."""

import logging

from sqlmodel import select

from service.db import db
from service.models import AuditEvent, Case
from tests.integration.staff.helpers import case_ids, seed, sign_in

ACTION = "security.cross_council_denied"


def test_l9_denied_access_to_another_councils_cases_is_audited_and_a_burst_alerts(client, app, caplog):
    seed(app)
    sign_in(client, app, "leeds.caseworker@example.gov.uk")
    kent = case_ids(app, "886")
    caplog.set_level(logging.WARNING, logger="service.security")
    for case_id in (kent * 3)[:6]:
        assert client.get(f"/staff/cases/{case_id}").status_code == 404
    assert client.get("/staff/cases/999999").status_code == 404  # no such case: nothing to record
    with app.app_context():
        events = list(db.session.exec(select(AuditEvent).where(AuditEvent.action == ACTION)))
        names = [c.child_first_name for c in db.session.exec(select(Case))]
    assert len(events) == 6
    assert all(e.case_id is None and e.ip_address for e in events)
    assert not any(name in e.detail for e in events for name in names)
    assert "Security alert" in caplog.text and "refused 6" in caplog.text
