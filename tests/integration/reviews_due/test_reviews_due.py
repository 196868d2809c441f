"""The reviews due: the council's plans by the next review's due date, each filter (overdue, this month, next
month, within 3 months) and the caseworker filter, paged, with the counts; another council's plans never show;
the caseload's Next due says what is due."""

from __future__ import annotations

from datetime import date, timedelta

from service.data import reviews_due
from service.data.caseload import forget_all_counts
from service.db import db
from service.domain.dates import add_months
from service.models import Case
from tests.factories import LEEDS, make_case, make_staff
from tests.integration.staff.helpers import sign_in
from tests.pages import check_page

TODAY = date.today()


def _plan_due(app, due: date, la: str = "886", **fields) -> int:
    """A plan whose next review is due on `due` (issued 12 months before it; born 2012, so not under 5)."""
    issued = add_months(due, -12)
    with app.app_context():
        case = make_case(
            la, issued - timedelta(days=150), "final_issued", today=TODAY, final_issued_on=issued,
            child_date_of_birth=date(2012, 5, 5), **fields,
        )  # fmt: skip
        assert case.review_due_on == due, (case.review_due_on, due)
        return case.id


def _staff(app, role: str = "caseworker"):
    with app.app_context():
        user = make_staff(role)
        db.session.expunge(user)
        return user


def _names(page) -> list[str]:
    return [r.select_one("td a").get_text(strip=True).split()[-1] for r in page.select("table tbody tr")]


def _month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def test_each_filter_shows_its_plans_in_due_order_with_counts(client, app):
    next_month = _month_end(TODAY) + timedelta(days=1)
    _plan_due(app, TODAY - timedelta(days=40), child_last_name="Late")
    _plan_due(app, TODAY, child_last_name="Today")
    _plan_due(app, next_month + timedelta(days=2), child_last_name="Next")
    _plan_due(app, add_months(TODAY, 3) + timedelta(days=1), child_last_name="Far")
    _plan_due(app, TODAY, la=LEEDS, child_last_name="Leeds")
    reviews_due.forget_review_counts()
    sign_in(client, app, _staff(app))
    page = check_page(client.get("/staff/reviews-due"))
    assert _names(page) == ["Late", "Today", "Next", "Far"]
    assert page.select_one("table tbody tr td a")["href"].endswith("/reviews")  # the case's reviews tab
    assert "Overdue" in page.select("table tbody tr")[0].get_text()
    labels = {i.get("value"): i.find_next("label").get_text(strip=True) for i in page.select("input[name=when]")}
    assert labels["overdue"] == "Overdue (1)" and labels[""] == "Any time (4)"
    assert labels["this_month"] == "Due this month (1)"
    assert labels["next_month"] == "Due next month (1)"
    assert labels["three_months"] == "Due within 3 months (2)"
    expected = {"overdue": ["Late"], "this_month": ["Today"], "next_month": ["Next"], "three_months": ["Today", "Next"]}
    for when, names in expected.items():
        page = check_page(client.get(f"/staff/reviews-due?when={when}"))
        assert _names(page) == names, when
        assert page.select_one(".moj-filter__tag") is not None  # the selected filter, removable
    assert "Leeds" not in page.get_text()


def test_the_caseworker_filter_and_paging(client, app):
    worker = _staff(app)
    for n in range(27):
        _plan_due(app, TODAY + timedelta(days=n), child_last_name=f"P{n:02d}", assigned_caseworker_id=worker.id)
    _plan_due(app, TODAY, child_last_name="Other")
    reviews_due.forget_review_counts()
    sign_in(client, app, worker)
    page = check_page(client.get(f"/staff/reviews-due?caseworker={worker.id}"))
    assert len(_names(page)) == 25 and "Other" not in _names(page)
    assert "27 plans, page 1 of 2" in page.get_text()
    page = check_page(client.get(f"/staff/reviews-due?caseworker={worker.id}&page=2"))
    assert _names(page) == ["P25", "P26"]
    page = check_page(client.get("/staff/reviews-due?caseworker=none"))
    assert _names(page) == ["Other"]
    page = check_page(client.get("/staff/reviews-due?caseworker=DROP+TABLE&when=nonsense"))
    assert len(_names(page)) == 25  # unknown values are ignored


def test_empty_state(client, app):
    sign_in(client, app, _staff(app))
    page = check_page(client.get("/staff/reviews-due?when=overdue"))
    assert "No plans match." in page.get_text()


def test_the_caseload_says_what_is_due(client, app):
    _plan_due(app, TODAY + timedelta(days=20), child_last_name="Reviewed")
    with app.app_context():
        make_case("886", TODAY - timedelta(days=3), child_last_name="Asked")
    forget_all_counts()
    sign_in(client, app, _staff(app))
    page = check_page(client.get("/staff/cases"))
    rows = {
        r.select_one("td a").get_text(strip=True).split()[-1]: r.select("td")[-1].get_text(" ", strip=True)
        for r in page.select("table tbody tr")
    }
    assert rows["Reviewed"].startswith("Annual review")
    assert rows["Asked"].startswith("Decision whether to assess")


def test_unknown_due_keys_have_no_label():
    from service.wording.due import due_label

    assert due_label("advice:0:educational_psychology") == "Educational psychology advice"
    assert due_label("tribunal_order:1:amend_contents") == "Tribunal order"
    assert due_label("agreed_action:2") == "Agreed action"
    assert due_label("reassessment_final") == "Final plan after re-assessment"
    assert due_label("something_new") == "" and due_label("") == ""


def test_a_ceased_plan_has_no_review_due(app):
    case_id = _plan_due(app, TODAY + timedelta(days=5))
    with app.app_context():
        from service.data.facts import refresh_due

        case = db.session.get(Case, case_id)
        case.ceased_on = TODAY
        refresh_due(case, TODAY)
        assert case.review_due_on is None
