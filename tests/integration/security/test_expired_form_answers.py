"""Issue 12 M1: a form rejected for its CSRF token keeps no credential, and the rest only briefly."""

import json
import time

from sqlmodel import select

from service.db import db
from service.forms import recovery
from service.models import WebSession
from tests.integration.security.test_baseline import _probe_app
from tests.integration.staff.helpers import seed


def _session_rows(app) -> list[str]:
    with app.app_context():
        return [row.data for row in db.session.exec(select(WebSession))]


def test_m1_a_rejected_staff_sign_in_leaves_no_password_in_the_session_table(client, app):
    seed(app)
    client.get("/staff/sign-in")
    response = client.post(
        "/staff/sign-in", data={"email": "kent.caseworker@example.gov.uk", "password": "demo password 2026"}
    )
    assert response.status_code == 400
    rows = _session_rows(app)
    assert rows and not any("demo password 2026" in data for data in rows)


def test_m1_passwords_codes_and_secrets_are_never_kept_but_other_answers_are(migrated_database):
    app = _probe_app(migrated_database)
    client = app.test_client()
    client.post(
        "/probe-form",
        data={
            "name": "Ada",
            "postcode": "SW1A 1AA",
            "password": "hunter2 hunter2",
            "new_password": "correct horse battery",
            "code": "123456",
            "totp_secret": "JBSWY3DPEHPK3PXP",
            "csrf_token": "stale",
        },
    )
    stored = "".join(_session_rows(app))
    for secret in ["hunter2", "correct horse", "123456", "JBSWY3DPEHPK3PXP", "stale"]:
        assert secret not in stored
    assert "Ada" in stored and "SW1A 1AA" in stored
    assert client.get("/probe-form").get_data(as_text=True) == "kept:Ada"


def test_m1_kept_answers_are_purged_when_nobody_comes_back_for_them(migrated_database):
    app = _probe_app(migrated_database)
    client = app.test_client()
    client.post("/probe-form", data={"name": "Ada Lovelace"})
    assert "Ada Lovelace" in "".join(_session_rows(app))
    with app.app_context():
        row = db.session.exec(select(WebSession)).one()
        data = json.loads(row.data)
        data[recovery.KEY]["at"] = time.time() - recovery.KEEP_SECONDS - 1
        row.data = json.dumps(data)
        db.session.commit()
    client.get("/cookies")  # any later page, not the form's
    assert "Ada Lovelace" not in "".join(_session_rows(app))
