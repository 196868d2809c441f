"""Another council's ids sent in a form field or a query string, not only in the URL's path (issue 12,
'Also'): the path walk in tests/integration/staff/test_access.py covers the path; these cover the rest."""

from service.db import db
from service.models import Case
from tests.factories import LEEDS, make_case, make_staff
from tests.integration.staff.helpers import csrf_of, sign_in, url
from tests.pages import check_page


def _setup(app):
    with app.app_context():
        kent_case = make_case()
        leeds_case = make_case(LEEDS, child_first_name="Leedschild")
        leeds_worker = make_staff("caseworker", LEEDS, name="Leeds Worker")
        manager = make_staff("manager")
        leeds_case.assigned_caseworker_id = leeds_worker.id
        db.session.add(leeds_case)
        db.session.commit()
        return kent_case.id, kent_case.version, leeds_worker.id, manager


def test_another_councils_caseworker_id_in_the_assign_form_is_refused(app, client):
    kent_case, version, leeds_worker, manager = _setup(app)
    sign_in(client, app, manager)
    path = url(app, "staff.assign", case_id=kent_case)
    response = client.post(
        path, data={"csrf_token": csrf_of(client, path), "caseworker": str(leeds_worker), "version": str(version)}
    )
    page = check_page(response, status=400)  # a form with errors answers 400 and writes nothing
    assert "Select a caseworker" in page.select_one(".govuk-error-summary").get_text()
    assert "Leeds Worker" not in page.get_text()
    with app.app_context():
        assert db.session.get(Case, kent_case).assigned_caseworker_id is None


def test_another_councils_caseworker_id_in_the_caseload_query_shows_nothing_of_theirs(app, client):
    _kent_case, _version, leeds_worker, manager = _setup(app)
    sign_in(client, app, manager)
    page = check_page(client.get(url(app, "staff.caseload", caseworker=str(leeds_worker))))
    text = page.get_text()
    assert "Leeds Worker" not in text and "Leedschild" not in text
    assert "Unknown caseworker" in text  # the filter tag says the id means nothing here
