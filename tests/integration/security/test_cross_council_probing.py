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


def test_another_councils_setting_or_organisation_is_audited_but_a_national_one_is_not(client, app):
    from service.models import Setting
    from tests.factories import LEEDS, council, make_organisation

    seed(app)
    with app.app_context():
        leeds = council(LEEDS)
        local = Setting(urn=None, local_authority_id=leeds.id, source="local", name="Leeds Hub", la_code="383")
        db.session.add(local)
        db.session.commit()
        leeds_eps = make_organisation("educational_psychology", LEEDS, name="Leeds EPS")
        leeds_school = make_organisation("setting", LEEDS, name="Leeds Primary", urn=999001)
        local_id, eps_id, school_id = local.id, leeds_eps.id, leeds_school.id
    sign_in(client, app, "kent.caseworker@example.gov.uk")
    assert client.get(f"/staff/settings/{local_id}").status_code == 404
    assert client.get(f"/staff/organisations/{eps_id}").status_code == 404
    assert client.get(f"/staff/organisations/{school_id}/people/999999/remove").status_code in (404, 405)
    with app.app_context():
        details = [e.detail for e in db.session.exec(select(AuditEvent).where(AuditEvent.action == ACTION))]
    assert sorted(d.split(" ")[0] for d in details) == ["organisation_id", "setting_id"]
