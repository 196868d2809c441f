"""Issue 16 item 9, mediation polish: an outcome before the mediation was arranged is refused; once the
certificate is issued the family sees how to appeal and the deadline, not "Request mediation" again;
staff pages name each rule of regs 32 to 42 without "UNCONFIRMED"; the certificate says who issues it
(the mediation adviser under reg 34, the mediator under reg 39) and the council's part."""

from __future__ import annotations

from datetime import date, timedelta

from service.domain.clock import (
    DecisionKind,
    DisagreementFacts,
    appeal_deadline,
    certificate_issuer,
    disagreement_timeline,
    format_govuk_date,
)
from service.models import Disagreement, Document
from tests.integration.mediation.test_council import (
    TODAY,
    _date,
    _disagreement,
    _errors,
    _get,
    _maya,
    _pdf_text,
    _post,
    _staff,
    _text,
)
from tests.integration.staff.helpers import seed
from tests.integration.track.test_family import _signed_in
from tests.pages import check_page


def test_an_outcome_before_the_mediation_was_arranged_is_refused(app):
    seed(app)
    arranged = TODAY - timedelta(days=4)
    d_id = _disagreement(
        app, contacted_days_ago=10, mediation_arranged_on=arranged, mediation_on=TODAY - timedelta(days=1)
    )
    staff = _staff(app)
    path = f"/staff/disagreements/{d_id}/outcome"
    refused = _post(staff, path, outcome="none", **_date("ended_on", arranged - timedelta(days=1)))
    assert _errors(refused) == [
        f"The date mediation ended must be on or after the day it was arranged ({format_govuk_date(arranged)})"
    ]
    assert _get(app, Disagreement, d_id).mediation_ended_on is None  # nothing saved
    assert _post(staff, path, outcome="none", **_date("ended_on", arranged)).status_code == 302
    assert _get(app, Disagreement, d_id).mediation_ended_on == arranged


def test_once_the_certificate_is_issued_the_family_sees_how_to_appeal_and_by_when(app, client):
    _signed_in(client, app)
    d_id = _disagreement(app, wants=False)
    maya = _maya(app)
    before = _text(client.get(f"/your-cases/{maya.id}"))
    assert "See your request for mediation or a mediation certificate" in before
    assert _post(_staff(app), f"/staff/disagreements/{d_id}/certificate").status_code == 302
    d = _get(app, Disagreement, d_id)
    deadline = format_govuk_date(appeal_deadline(d.decision_notice_on, d.certificate_issued_on))

    case_page = check_page(client.get(f"/your-cases/{maya.id}"))
    text = " ".join(case_page.get_text(" ").split())
    assert f"You can appeal to the SEND Tribunal: your appeal must reach it by 5pm on {deadline}" in text
    assert "Request mediation" not in text and "See your request for mediation" not in text
    link = case_page.find("a", string="See how to appeal and download your mediation certificate")
    assert link["href"] == f"/your-cases/{maya.id}/disagree/dates"

    dates = check_page(client.get(link["href"]))
    assert dates.h1.get_text(strip=True) == "Your mediation certificate and how to appeal"
    words = " ".join(dates.get_text(" ").split())
    assert f"Your appeal must reach the SEND Tribunal by 5pm on {deadline}" in words
    assert "SEND35" in words and "Request mediation" not in words
    guidance = dates.find("a", string=lambda s: s and s.startswith("Read the SEND Tribunal's guidance"))
    assert guidance["href"].startswith("https://www.gov.uk/")
    # Asking again goes to the same page, never to a second request.
    assert client.get(f"/your-cases/{maya.id}/disagree").location == f"/your-cases/{maya.id}/disagree/dates"


def test_staff_pages_name_each_rule_without_unconfirmed_labels(app):
    seed(app)
    d_id = _disagreement(
        app,
        contacted_days_ago=10,
        mediation_arranged_on=TODAY - timedelta(days=8),
        mediation_on=TODAY + timedelta(days=2),
    )
    staff = _staff(app)
    for path in (f"/staff/disagreements/{d_id}", "/staff/disagreements", f"/staff/cases/{_maya(app).id}"):
        response = staff.get(path)
        assert response.status_code == 200, path
        assert "UNCONFIRMED" not in response.get_data(as_text=True).upper(), path
    record = _text(staff.get(f"/staff/disagreements/{d_id}"))
    assert "SEND Regulations 2014, regs 35 to 37" in record


def test_every_disagreement_rule_names_its_source_without_unconfirmed():
    today = date(2027, 6, 1)
    facts = DisagreementFacts(
        DecisionKind.NOT_TO_ASSESS,
        date(2027, 3, 1),
        adviser_contacted_on=date(2027, 3, 10),
        wants_mediation=True,
        mediation_held_on=date(2027, 4, 2),
        mediation_ended_on=date(2027, 4, 2),
        mediation_arranged_on=date(2027, 3, 20),
        health_issues=True,
        certificate_issued_on=date(2027, 4, 6),
    )
    sources = {m.key: m.source for m in disagreement_timeline(facts, today)}
    assert not [s for s in sources.values() if "UNCONFIRMED" in s.upper()]
    assert sources["contact_mediation_adviser"].startswith("SEND Regulations 2014, reg 33")
    assert sources["mediation_held"] == "SEND Regulations 2014, regs 35 to 37"
    assert sources["health_notice"] == "SEND Regulations 2014, reg 35"
    assert sources["mediation_certificate"] == "SEND Regulations 2014, reg 39: the mediator"
    assert "not in the regulations" in sources["mediation_notice"]


def test_who_issues_the_certificate():
    decided, contacted = date(2027, 3, 1), date(2027, 3, 10)
    only = DisagreementFacts(DecisionKind.NOT_TO_ASSESS, decided, adviser_contacted_on=contacted, wants_mediation=False)
    assert (certificate_issuer(only, contacted).who, certificate_issuer(only, contacted).regulation) == (
        "the mediation adviser",
        "regulation 34",
    )
    held = DisagreementFacts(
        DecisionKind.NOT_TO_ASSESS, decided, adviser_contacted_on=contacted, wants_mediation=True,
        mediation_held_on=date(2027, 4, 1), mediation_ended_on=date(2027, 4, 1),
    )  # fmt: skip
    assert certificate_issuer(held, date(2027, 4, 2)).regulation == "regulation 39"
    assert certificate_issuer(held, date(2027, 4, 2)).who == "the mediator"
    not_held = DisagreementFacts(
        DecisionKind.NOT_TO_ASSESS, decided, adviser_contacted_on=contacted, wants_mediation=True
    )
    assert certificate_issuer(not_held, date(2027, 5, 1)).regulation == "regulations 35 to 37"
    assert certificate_issuer(not_held, date(2027, 5, 1)).who == "the mediation adviser"


def test_the_certificate_says_who_issues_it_and_the_councils_part(app):
    seed(app)
    ended = TODAY - timedelta(days=2)
    d_id = _disagreement(
        app,
        contacted_days_ago=10,
        mediation_held_on=ended,
        mediation_ended_on=ended,
        outcome="none",
        mediator_name="Sam Mediator",
    )
    only_id = _disagreement(app, first_name="Leo", wants=False)
    staff = _staff(app)
    page = _text(staff.get(f"/staff/disagreements/{d_id}/certificate"))
    assert "Issued by The mediator, Sam Mediator, under regulation 39" in page
    assert "Kent County Council records this certificate for the mediator and sends it to the parent" in page
    assert "The council does not decide whether a certificate is given" in page
    _post(staff, f"/staff/disagreements/{d_id}/certificate")
    pdf = _pdf_text(app, _get(app, Document, _get(app, Disagreement, d_id).certificate_document_id))
    assert "The mediator, Sam Mediator, under regulation 39 of the Special Educational Needs" in pdf
    assert "Kent County Council records this certificate" in pdf
    only = _text(staff.get(f"/staff/disagreements/{only_id}/certificate"))
    assert "Issued by The mediation adviser" in only and "under regulation 34" in only
