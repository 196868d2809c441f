"""The caseload's filters (with counts), search and paging, all in the URL, without JavaScript."""

from datetime import date, timedelta

from sqlalchemy import event
from sqlmodel import select

from service.models import Case, StaffUser
from tests.integration.staff.helpers import seed, sign_in
from tests.pages import check_page


def _names(page):
    return [a.get_text(strip=True) for a in page.select("tbody a.govuk-link")]


def _kent(app):
    seed(app)
    with app.app_context():
        from service.db import db

        sam = db.session.exec(select(StaffUser).where(StaffUser.email == "kent.caseworker@example.gov.uk")).one()
        for case in db.session.exec(select(Case).where(Case.child_first_name.in_(["Amara", "Isla"]))):
            case.assigned_caseworker_id = sam.id
        db.session.exec(select(Case).where(Case.child_first_name == "Isla")).one().exceptions_apply = True
        db.session.commit()
        return sam.id


def test_filter_options_show_counts_and_selected_filters_can_be_removed(client, app):
    sam = _kent(app)
    sign_in(client, app, "kent.caseworker@example.gov.uk")
    page = check_page(client.get("/staff/cases"))
    labels = [label.get_text(" ", strip=True) for label in page.select(".moj-filter label")]
    assert "Overdue (1)" in labels and "Exceptions applied (1)" in labels and "Assessing (1)" in labels
    options = [o.get_text(strip=True) for o in page.select("#caseworker option")]
    assert options == ["Anyone", "Not assigned (4)", "Sam Patel (2)"]

    page = check_page(client.get(f"/staff/cases?caseworker={sam}&exceptions=yes"))
    assert _names(page) == ["Isla Khan"]
    tags = {a.get_text(" ", strip=True): a["href"] for a in page.select(".moj-filter__tag")}
    assert set(tags) == {"Remove this filter Exceptions applied", "Remove this filter Sam Patel"}
    assert _names(check_page(client.get(tags["Remove this filter Exceptions applied"]))) == [
        "Amara Okafor",
        "Isla Khan",
    ]
    assert len(_names(check_page(client.get("/staff/cases?caseworker=none")))) == 4


def test_several_stages_and_a_received_date_range(client, app):
    _kent(app)
    sign_in(client, app, "kent.caseworker@example.gov.uk")
    page = check_page(client.get("/staff/cases?stage=draft_issued&stage=not_to_assess"))
    assert set(_names(page)) == {"Leo Okafor", "Maya Okafor"}
    start, end = date.today() - timedelta(days=80), date.today() - timedelta(days=60)
    query = (
        f"received_from-day={start.day}&received_from-month={start.month}&received_from-year={start.year}"
        f"&received_to-day={end.day}&received_to-month={end.month}&received_to-year={end.year}"
    )
    assert set(_names(check_page(client.get(f"/staff/cases?{query}")))) == {"Maya Okafor", "Isla Khan"}


def test_impossible_or_future_filter_dates_say_how_to_fix_them_and_are_ignored(client, app):
    _kent(app)
    sign_in(client, app, "kent.caseworker@example.gov.uk")
    future = date.today() + timedelta(days=5)
    response = client.get(
        "/staff/cases?received_from-day=31&received_from-month=2&received_from-year=2025"
        f"&received_to-day={future.day}&received_to-month={future.month}&received_to-year={future.year}"
    )
    page = check_page(response)
    errors = [a.get_text(strip=True) for a in page.select(".govuk-error-summary a")]
    assert errors == ["Received from date must be a real date", "Received to date must be today or in the past"]
    assert page.title.get_text().startswith("Error: ")
    assert len(_names(page)) == 6
    page = check_page(client.get("/staff/cases?received_from-day=3&received_from-month=4"))
    assert "Received from date must include a year" in page.select_one(".govuk-error-summary").get_text()


def test_search_by_reference_date_of_birth_and_name_in_any_case(client, app):
    _kent(app)
    sign_in(client, app, "kent.caseworker@example.gov.uk")
    with app.app_context():
        from service.db import db

        reference = db.session.exec(select(Case).where(Case.child_first_name == "Noah")).one().reference
    assert _names(check_page(client.get(f"/staff/cases?q={reference.replace('-', '').lower()}"))) == ["Noah Evans"]
    assert _names(check_page(client.get("/staff/cases?q=1/5/2016"))) == ["Oliver Brown"]
    assert _names(check_page(client.get("/staff/cases?q=KHAN"))) == ["Isla Khan"]
    assert _names(check_page(client.get("/staff/cases?q=ruby"))) == []  # a Leeds child


def test_paging_keeps_the_filters_and_sort(client, app):
    seed(app)
    with app.app_context():
        from service.db import db
        from service.synthetic import generate

        generate(date.today(), scale=0.003, only_la="Kent")
        finals = db.session.exec(select(Case).where(Case.stage == "final_issued")).all()
        assert len(finals) > 50
    sign_in(client, app, "kent.caseworker@example.gov.uk")
    page = check_page(client.get("/staff/cases?sort=name&stage=final_issued"))
    next_link = page.select_one(".govuk-pagination__next a")["href"]
    assert "sort=name" in next_link and "stage=final_issued" in next_link and "page=2" in next_link
    second = check_page(client.get(next_link))
    assert "page 2 of" in second.get_text()
    first_refs = {td.get_text(strip=True) for td in page.select("tbody td:nth-of-type(2)")}
    second_refs = {td.get_text(strip=True) for td in second.select("tbody td:nth-of-type(2)")}
    assert len(first_refs) == len(second_refs) == 25 and not first_refs & second_refs
    assert _names(page)[-1].split()[-1] <= _names(second)[0].split()[-1]


def test_a_caseload_page_takes_at_most_5_sql_statements(client, app):
    _kent(app)
    sign_in(client, app, "kent.caseworker@example.gov.uk")
    with app.app_context():
        from service.db import db

        engine = db.engine
    statements = []

    def count(*_args):
        statements.append(_args[2])

    event.listen(engine, "before_cursor_execute", count)
    try:
        for path in ("/staff/cases", "/staff/cases?overdue=yes&sort=name", "/staff/cases?q=okafor&page=2"):
            statements.clear()
            check_page(client.get(path))
            assert len(statements) <= 5, (path, statements)
    finally:
        event.remove(engine, "before_cursor_execute", count)
