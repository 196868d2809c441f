"""Every route declares who may use it; staff see only their own local authority's cases."""

import re

import pytest

from service.auth.access import access_of
from tests.integration.staff.helpers import case_ids, csrf_of, seed, sign_in
from tests.pages import check_page


def test_every_route_declares_who_may_use_it(app):
    undeclared = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and access_of(app.view_functions[rule.endpoint]) is None
    ]
    assert undeclared == []


def _staff_id_routes(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/staff/") and "case_id" in rule.arguments:
            yield rule


def test_another_councils_case_is_404_on_every_staff_route_that_takes_an_id(client, app):
    seed(app)
    sign_in(client, app, "kent.caseworker@example.gov.uk")
    leeds_case = case_ids(app, "383")[0]
    kent_case = case_ids(app, "886")[0]
    routes = list(_staff_id_routes(app))
    assert routes, "no staff route takes a case id"
    for rule in routes:
        path = re.sub(r"<int:case_id>", str(leeds_case), rule.rule)
        assert client.get(path).status_code == 404, path
        if "POST" in rule.methods:
            token = csrf_of(client, f"/staff/cases/{kent_case}")
            assert client.post(path, data={"csrf_token": token}).status_code == 404, path


def test_a_read_only_user_can_read_but_not_change(client, app):
    seed(app)
    sign_in(client, app, "kent.readonly@example.gov.uk")
    case_id = case_ids(app, "886")[0]
    page = check_page(client.get(f"/staff/cases/{case_id}"))
    assert "Record a statutory step" not in page.get_text()
    response = client.get(f"/staff/cases/{case_id}/record-step")
    assert check_page(response, status=403).h1.get_text(strip=True) == "You do not have permission to do this"


@pytest.mark.parametrize("path", ["/staff/cases", "/staff/cases/1", "/staff/cases/1/record-step"])
def test_signed_out_visitors_are_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/staff/sign-in" in response.location


def test_every_case_view_is_audited(client, app):
    from sqlmodel import select

    from service.db import db
    from service.models import AuditEvent

    seed(app)
    sign_in(client, app, "kent.caseworker@example.gov.uk")
    case_id = case_ids(app, "886")[0]
    client.get(f"/staff/cases/{case_id}")
    with app.app_context():
        event = db.session.exec(select(AuditEvent).where(AuditEvent.case_id == case_id)).one()
        assert event.action == "case.view" and event.staff_user_id is not None
