"""From a decision not to assess: the family asks for mediation, the council records it and the
certificate, and both sides see the same appeal deadline."""

import re
from datetime import date

from sqlmodel import select

from service.domain.clock import add_months, appeal_deadline, format_govuk_date
from service.models import Case, Disagreement, OutboxMessage
from tests.integration.mediation.helpers import answer, page, send_request
from tests.integration.staff.helpers import csrf_of, seed, sign_in
from tests.integration.track.test_family import _signed_in
from tests.pages import check_page


def _maya(app) -> Case:
    from service.db import db

    with app.app_context():
        return db.session.exec(select(Case).where(Case.child_first_name == "Maya")).one()


def test_family_requests_mediation_council_records_it_and_both_see_the_same_appeal_deadline(client, app):
    _signed_in(client, app)
    maya = _maya(app)
    case_page = check_page(client.get(f"/your-cases/{maya.id}")).get_text(" ")
    assert (
        f"To appeal, contact the mediation adviser by {format_govuk_date(add_months(maya.decision_to_assess_on, 2))}"
        in case_page
    )
    path = f"/your-cases/{maya.id}/disagree"
    error = answer(client, page(maya.id, "mediation-or-certificate"))
    assert (
        check_page(error, 400).select_one(".govuk-error-summary a").get_text()
        == "Select if you want to try mediation or get a mediation certificate only"
    )
    sent = send_request(client, maya.id, "mediation", availability="Weekday mornings")
    assert sent.location.endswith(f"/your-cases/{maya.id}/disagree/sent")
    assert client.get(path).location.endswith("/disagree/dates")  # a second request is linked, not duplicated
    dates_path = page(maya.id, "dates")
    dates = check_page(client.get(dates_path)).get_text(" ")
    assert "The council must arrange mediation to take place by" in dates

    staff = app.test_client()
    sign_in(staff, app, "kent.caseworker@example.gov.uk")
    listing = check_page(staff.get("/staff/disagreements"))
    assert "Maya Okafor" in listing.get_text()
    from service.db import db

    with app.app_context():
        d = db.session.exec(select(Disagreement)).one()
        assert d.contacted_on == date.today() and not d.late
    record = f"/staff/disagreements/{d.id}"
    today = date.today()
    outcome = f"{record}/outcome"
    staff.post(
        outcome,
        data={
            "csrf_token": csrf_of(staff, outcome),
            "ended_on-day": today.day,
            "ended_on-month": today.month,
            "ended_on-year": today.year,
            "outcome": "none",
        },
    )
    response = staff.post(f"{record}/certificate", data={"csrf_token": csrf_of(staff, f"{record}/certificate")})
    assert response.status_code == 302
    expected = format_govuk_date(appeal_deadline(maya.decision_to_assess_on, today))
    staff_text = check_page(staff.get(record)).get_text(" ")
    family_text = check_page(client.get(dates_path)).get_text(" ")
    assert f"You can appeal to the SEND Tribunal by 5pm on {expected}" in family_text
    assert re.search(rf"Last day for the family to appeal to the SEND Tribunal: {expected}", staff_text)
    with app.app_context():
        messages = db.session.exec(
            select(OutboxMessage).where(OutboxMessage.case_id == maya.id, OutboxMessage.template == "case_update")
        ).all()
        assert [m for m in messages if "mediation certificate was issued" in m.personalisation]


def test_another_councils_disagreement_is_404_and_a_case_without_an_appealable_decision_has_no_form(client, app):
    _signed_in(client, app)
    maya = _maya(app)
    send_request(client, maya.id, "certificate")
    from service.db import db

    with app.app_context():
        d = db.session.exec(select(Disagreement)).one()
        amara = db.session.exec(select(Case).where(Case.child_first_name == "Amara")).one()
    assert client.get(f"/your-cases/{amara.id}/disagree").status_code == 404
    leeds = app.test_client()
    sign_in(leeds, app, "leeds.caseworker@example.gov.uk")
    assert leeds.get(f"/staff/disagreements/{d.id}").status_code == 404
    assert "Maya" not in check_page(leeds.get("/staff/disagreements")).get_text()
    seed(app)
