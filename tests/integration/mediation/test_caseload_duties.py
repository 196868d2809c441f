"""The council's disagreement duties on the staff caseload: arranging mediation, the certificate and agreed
actions count towards a case's "Next due" (and the overdue filter) alongside the assessment clock, and the
case summary's "What is due next" says the same."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import select

from service.domain.clock import OrderKind, add_days, add_working_days, format_govuk_date, order_due
from service.models import Case, StaffUser
from tests.integration.staff.helpers import seed, sign_in
from tests.pages import check_page

TODAY = date.today()
KENT_CASEWORKER = "kent.caseworker@example.gov.uk"


def _db():
    from service.db import db

    return db


def _maya(app) -> Case:
    with app.app_context():
        case = _db().session.exec(select(Case).where(Case.child_first_name == "Maya")).one()
        _db().session.expunge(case)
        return case


def _request_mediation(app, contacted: date) -> int:
    """The family asks for mediation about the decision not to assess (the data layer the family journey uses)."""
    from service.data import mediation_changes

    with app.app_context():
        case = _db().session.exec(select(Case).where(Case.child_first_name == "Maya")).one()
        case.decision_to_assess_on = min(case.decision_to_assess_on, contacted - timedelta(days=5))
        _db().session.commit()
        d = mediation_changes.request_mediation(case, [], True, "Mornings", "", "", contacted)
        _db().session.commit()
        return d.id


def _change(app, disagreement_id: int, do, today: date = TODAY) -> None:
    """Run a council change on Maya's disagreement through the data layer, as Kent's caseworker, and commit
    it as the request would."""
    from service.data import mediation, mediation_changes
    from service.data.context import ChangeContext

    with app.app_context():
        user = _db().session.exec(select(StaffUser).where(StaffUser.email == KENT_CASEWORKER)).one()
        d = mediation.get_for_council(user.local_authority_id, disagreement_id)
        case = _db().session.get(Case, d.case_id)
        do(mediation_changes, ChangeContext(user, "", today), d, case)
        _db().session.commit()


def _row(page, name: str = "Maya Okafor"):
    for row in page.select("tbody tr"):
        link = row.select_one("a.govuk-link")
        if link is not None and link.get_text(strip=True) == name:
            return row
    return None


def _next_due(client, name: str = "Maya Okafor") -> str:
    row = _row(check_page(client.get("/staff/cases?q=okafor")), name)
    assert row is not None, f"{name} is not on the caseload"
    return " ".join(row.select("td")[-1].get_text(" ").split())


def _overdue(client) -> tuple[list[str], str]:
    page = check_page(client.get("/staff/cases?overdue=yes&sort=name"))
    names = [a.get_text(strip=True) for a in page.select("tbody a.govuk-link")]
    label = next(
        label.get_text(" ", strip=True)
        for label in page.select(".moj-filter label")
        if label.get_text(strip=True).startswith("Overdue")
    )
    return names, label


def _what_is_due(client, case_id: int) -> str:
    page = check_page(client.get(f"/staff/cases/{case_id}"))
    heading = next(h for h in page.select("h2") if h.get_text(strip=True) == "What is due next")
    return " ".join(heading.find_next_sibling().get_text(" ").split())


def _cached(app) -> tuple[date | None, str]:
    maya = _maya(app)
    return maya.next_due_on, maya.next_due_key


def test_mediation_asked_for_puts_the_arranging_duty_on_the_caseload_and_the_case_summary(client, app):
    seed(app)
    sign_in(client, app, KENT_CASEWORKER)
    maya = _maya(app)
    assert _next_due(client) == "Nothing due"  # decided not to assess: the assessment clock has finished
    assert _what_is_due(client, maya.id) == "Nothing is due on this case."

    contacted = TODAY - timedelta(days=2)
    _request_mediation(app, contacted)

    due = add_days(contacted, 30)
    assert _cached(app) == (due, "mediation_held")
    assert _next_due(client) == f"Mediation {format_govuk_date(due)}"  # what is due, then when
    assert _what_is_due(client, maya.id) == f"Arrange mediation within 30 days: due {format_govuk_date(due)}"
    names, _ = _overdue(client)
    assert "Maya Okafor" not in names


def _count(label: str) -> int:
    return int(label.split("(")[1].rstrip(")"))


def test_mediation_not_arranged_in_30_days_makes_the_case_overdue_until_it_is_held(client, app):
    seed(app)
    sign_in(client, app, KENT_CASEWORKER)
    names, before = _overdue(client)  # also fills the cached filter counts, which the change must clear
    assert "Maya Okafor" not in names

    contacted = TODAY - timedelta(days=40)
    disagreement_id = _request_mediation(app, contacted)

    due = add_days(contacted, 30)
    assert due < TODAY
    names, label = _overdue(client)
    assert "Maya Okafor" in names
    assert _count(label) == _count(before) + 1
    assert _next_due(client) == f"Mediation {format_govuk_date(due)} Overdue"
    days = (TODAY - due).days
    assert _what_is_due(client, _maya(app).id) == (
        f"Arrange mediation within 30 days: due {format_govuk_date(due)}, {days} days overdue"
    )

    # Held late, today: the certificate is due within 3 working days of its end, and the case is no longer overdue
    _change(app, disagreement_id, lambda m, change, d, case: m.record_outcome(change, d, case, "none", TODAY))
    certificate = add_working_days(TODAY, 3)
    assert _cached(app) == (certificate, "mediation_certificate")
    assert _next_due(client).startswith(f"Mediation certificate {format_govuk_date(certificate)}")
    names, label = _overdue(client)
    assert "Maya Okafor" not in names and _count(label) == _count(before)
    assert _what_is_due(client, _maya(app).id) == (
        f"Issue the mediation certificate (3 working days): due {format_govuk_date(certificate)}"
    )

    _change(app, disagreement_id, lambda m, change, d, case: m.issue_certificate(change, d, case))
    assert _cached(app) == (None, "")
    assert _next_due(client) == "Nothing due"
    assert _what_is_due(client, _maya(app).id) == "Nothing is due on this case."


def test_the_due_moves_from_arranging_to_the_certificate_to_agreed_actions_and_then_clears(client, app):
    seed(app)
    sign_in(client, app, KENT_CASEWORKER)
    contacted = TODAY - timedelta(days=20)
    disagreement_id = _request_mediation(app, contacted)
    assert _cached(app) == (add_days(contacted, 30), "mediation_held")

    held = TODAY - timedelta(days=1)
    _change(
        app,
        disagreement_id,
        lambda m, change, d, case: m.arrange_mediation(
            change, d, case, held, "10:00", "A mediator", "online", "A link"
        ),
        today=TODAY - timedelta(days=10),
    )
    assert _cached(app) == (add_days(contacted, 30), "mediation_held")  # arranged, not yet held

    _change(app, disagreement_id, lambda m, change, d, case: m.record_outcome(change, d, case, "agreement", held))
    certificate = add_working_days(held, 3)
    assert _cached(app) == (certificate, "mediation_certificate")
    assert _next_due(client).startswith(f"Mediation certificate {format_govuk_date(certificate)}")
    expected = f"Issue the mediation certificate (3 working days): due {format_govuk_date(certificate)}"
    assert _what_is_due(client, _maya(app).id) == expected

    _change(
        app,
        disagreement_id,
        lambda m, change, d, case: m.add_agreed_action(change, d, case, "Share the report", "not_appealable"),
    )
    action_due = order_due(OrderKind.NOT_APPEALABLE, held)
    assert _cached(app) == (min(certificate, action_due), "mediation_certificate")

    _change(app, disagreement_id, lambda m, change, d, case: m.issue_certificate(change, d, case))
    assert _cached(app) == (action_due, "agreed_action:0")
    assert _next_due(client).startswith(f"Agreed action {format_govuk_date(action_due)}")
    assert _what_is_due(client, _maya(app).id).startswith(
        f"Agreed at mediation: Share the report: due {format_govuk_date(action_due)}"
    )

    def done(m, change, d, case):
        from service.data.facts import agreed_actions

        m.mark_action_done(change, case, agreed_actions(d)[0], TODAY)

    _change(app, disagreement_id, done)
    assert _cached(app) == (None, "")
    assert _next_due(client) == "Nothing due"


def test_refresh_due_dates_recomputes_cases_whose_disagreement_predates_the_rule(app):
    seed(app)
    contacted = TODAY - timedelta(days=3)
    _request_mediation(app, contacted)
    with app.app_context():  # as a database from before disagreements counted: nothing stored as due
        case = _db().session.exec(select(Case).where(Case.child_first_name == "Maya")).one()
        case.next_due_on, case.next_due_key = None, ""
        _db().session.commit()
    result = app.test_cli_runner().invoke(args=["refresh-due-dates"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Next due dates: 1 changed of 1 cases with a disagreement"
    maya = _maya(app)
    assert (maya.next_due_on, maya.next_due_key) == (add_days(contacted, 30), "mediation_held")
    again = app.test_cli_runner().invoke(args=["refresh-due-dates"])
    assert again.output.strip() == "Next due dates: 0 changed of 1 cases with a disagreement"
