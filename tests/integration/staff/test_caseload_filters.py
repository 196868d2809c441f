"""The caseload's filters (with counts), search and paging, all in the URL, without JavaScript."""

from contextlib import contextmanager
from datetime import date, timedelta

from sqlalchemy import event
from sqlmodel import select

from service.models import Case
from tests.factories import LEEDS, make_case, make_staff
from tests.integration.staff.helpers import sign_in
from tests.pages import check_page

TODAY = date.today()


def _names(page):
    return [a.get_text(strip=True) for a in page.select("tbody a.govuk-link")]


@contextmanager
def _statements(app):
    """The statements run inside the block, as they are sent."""
    from service.db import db

    with app.app_context():
        engine = db.engine
    seen: list[str] = []

    def count(*args):
        seen.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _kent(app):
    """Six Kent cases, two of them (one overdue, one with an exception applied) assigned to Sam Patel,
    and a Leeds case; signs nobody in."""
    days = lambda n: TODAY - timedelta(days=n)  # noqa: E731
    with app.app_context():
        from service.db import db

        sam = make_staff(name="Sam Patel")
        make_case(
            received_on=days(50), child_first_name="Amara", child_last_name="Okafor", assigned_caseworker_id=sam.id
        )  # the 6-week decision is overdue
        make_case(
            received_on=days(125),
            stage="draft_issued",
            draft_served_on=days(5),
            child_first_name="Leo",
            child_last_name="Okafor",
        )
        make_case(
            received_on=days(70),
            stage="not_to_assess",
            decision_to_assess_on=days(25),
            child_first_name="Maya",
            child_last_name="Okafor",
        )
        make_case(
            received_on=days(10),
            child_first_name="Oliver",
            child_last_name="Brown",
            child_date_of_birth=date(2016, 5, 1),
        )
        isla = make_case(
            received_on=days(75),
            stage="assessing",
            decision_to_assess_on=days(36),
            child_first_name="Isla",
            child_last_name="Khan",
            assigned_caseworker_id=sam.id,
        )
        make_case(
            received_on=days(160),
            stage="final_issued",
            final_issued_on=days(30),
            child_first_name="Noah",
            child_last_name="Evans",
        )
        make_case(LEEDS, received_on=days(20), child_first_name="Ruby", child_last_name="Walker")
        isla.exceptions_apply = True  # as if an exception were recorded (the clock's own flag)
        db.session.add(isla)
        db.session.commit()
        return sam


def test_filter_options_show_counts_and_selected_filters_can_be_removed(client, app):
    sam = _kent(app)
    sign_in(client, app, sam)
    sam = sam.id
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
    sign_in(client, app, _kent(app))
    page = check_page(client.get("/staff/cases?stage=draft_issued&stage=not_to_assess"))
    assert set(_names(page)) == {"Leo Okafor", "Maya Okafor"}
    start, end = date.today() - timedelta(days=80), date.today() - timedelta(days=60)
    query = (
        f"received_from-day={start.day}&received_from-month={start.month}&received_from-year={start.year}"
        f"&received_to-day={end.day}&received_to-month={end.month}&received_to-year={end.year}"
    )
    assert set(_names(check_page(client.get(f"/staff/cases?{query}")))) == {"Maya Okafor", "Isla Khan"}


def test_impossible_or_future_filter_dates_say_how_to_fix_them_and_are_ignored(client, app):
    sign_in(client, app, _kent(app))
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
    sign_in(client, app, _kent(app))
    with app.app_context():
        from service.db import db

        reference = db.session.exec(select(Case).where(Case.child_first_name == "Noah")).one().reference
    assert _names(check_page(client.get(f"/staff/cases?q={reference.replace('-', '').lower()}"))) == ["Noah Evans"]
    assert _names(check_page(client.get("/staff/cases?q=1/5/2016"))) == ["Oliver Brown"]
    assert _names(check_page(client.get("/staff/cases?q=KHAN"))) == ["Isla Khan"]
    assert _names(check_page(client.get("/staff/cases?q=ruby"))) == []  # a Leeds child


def test_paging_keeps_the_filters_and_sort(client, app):
    with app.app_context():
        from service.db import db
        from service.synthetic import generate

        caseworker = make_staff()
        generate(date.today(), scale=0.003, only_la="Kent")
        finals = db.session.exec(select(Case).where(Case.stage == "final_issued")).all()
        assert len(finals) > 50
    sign_in(client, app, caseworker)
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
    sign_in(client, app, _kent(app))
    for path in ("/staff/cases", "/staff/cases?overdue=yes&sort=name", "/staff/cases?q=okafor&page=2"):
        with _statements(app) as statements:
            check_page(client.get(path))
        assert len(statements) <= 5, (path, statements)


def test_a_staff_page_reads_the_account_and_its_council_with_the_session(client, app):
    """One statement for the session, the account and the council (issue 18), and none for them after."""
    sign_in(client, app, _kent(app))
    with _statements(app) as statements:
        page = check_page(client.get("/staff/cases"))
    assert "Kent" in page.get_text()
    first = " ".join(statements[0].split())
    assert first.startswith("SELECT web_session.data") and "LEFT OUTER JOIN staff_user" in first, statements
    assert "LEFT OUTER JOIN local_authority" in first
    one_account = [s for s in statements if "staff_user.id = %(staff_id)s" in s]
    assert one_account == [], one_account
    assert len(statements) <= 4, statements  # and the filter counts, the rows, the caseworkers to assign to


def test_a_view_that_is_one_filter_takes_its_total_from_the_panel_counts_and_it_is_the_live_count(client, app):
    sam = _kent(app)
    sign_in(client, app, sam)
    with app.app_context():
        from service.db import db

        engine = db.engine
    check_page(client.get("/staff/cases"))  # the panel's counts, read once
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    views = {
        "overdue=yes": Case.next_due_on < TODAY,
        "exceptions=yes": Case.exceptions_apply.is_(True),
        "stage=assessing&stage=not_to_assess": Case.stage.in_(["assessing", "not_to_assess"]),
        "caseworker=none": Case.assigned_caseworker_id.is_(None),
        f"caseworker={sam.id}": Case.assigned_caseworker_id == sam.id,
    }
    try:
        for view, condition in views.items():
            statements.clear()
            shown = check_page(client.get(f"/staff/cases?{view}&page=2")).select_one("[data-app-results]").get_text()
            assert not [s for s in statements if "count(*)" in s and "GROUP BY" not in s], (view, statements)
            with app.app_context():
                from sqlmodel import func

                live = db.session.exec(
                    select(func.count())
                    .select_from(Case)
                    .where(Case.local_authority_id == sam.local_authority_id, condition)
                ).one()
            assert shown.startswith(f"{live} case"), (view, shown, live)
    finally:
        event.remove(engine, "before_cursor_execute", seen)


def test_a_searchs_total_counts_every_match_once_on_every_page(client, app):
    """Issue 18: every page counts its matches in the statement that reads its rows; a case the search finds
    twice (first name and last name both match) is one case."""
    with app.app_context():
        caseworker = make_staff()
        for n in range(27):
            make_case(child_first_name=f"Child{n}", child_last_name="Morgan")
        make_case(child_first_name="Morgan", child_last_name="Morgan")  # found by both names
        make_case(child_first_name="Morgan", child_last_name="Price")  # by first name only
        make_case(child_first_name="Ava", child_last_name="Price")  # not found
        make_case(LEEDS, child_first_name="Mo", child_last_name="Morgan")  # another council
    sign_in(client, app, caseworker)
    with _statements(app) as statements:
        first = check_page(client.get("/staff/cases?q=morgan"))
    assert len([s for s in statements if "view_total" in s]) == 1, statements  # the page and its count
    assert not [s for s in statements if s.lstrip().startswith("SELECT count(")], statements  # no count apart
    second = check_page(client.get("/staff/cases?q=morgan&page=2"))
    past = check_page(client.get("/staff/cases?q=morgan&page=9"))  # past the last page: still the total
    assert past.select_one("[data-app-results]").get_text(" ", strip=True).startswith("29 cases")
    assert first.select_one("[data-app-results]").get_text(" ", strip=True).startswith("29 cases")
    assert second.select_one("[data-app-results]").get_text(" ", strip=True).startswith("29 cases")
    names = _names(first) + _names(second)
    assert len(names) == len(set(names)) == 29 and "Morgan Price" in names and "Ava Price" not in names
    by_name = _names(check_page(client.get("/staff/cases?q=morgan&sort=name")))
    by_name += _names(check_page(client.get("/staff/cases?q=morgan&sort=name&page=2")))
    assert len(set(by_name)) == 29 and by_name == sorted(by_name, key=lambda n: (n.split()[-1], n.split()[0]))
    by_received = _names(check_page(client.get("/staff/cases?q=morgan&sort=received&page=2")))
    assert len(by_received) == 4 and set(by_received) <= set(names)
    nothing = check_page(client.get("/staff/cases?q=zzzz"))
    assert nothing.select_one("[data-app-results]").get_text(" ", strip=True).startswith("0 cases")
