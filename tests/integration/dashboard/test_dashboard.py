"""The council dashboard, the national view and the public pages (issue 17), from CouncilFigure rows made
here with known values (the worker that fills them is another branch's)."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from service.domain.figures import Measure
from service.domain.ladder import previous_months
from service.models import AuditEvent
from tests.factories import KENT, LEEDS, council, make_aggregate_user, make_case, make_figures, make_staff
from tests.integration.staff.helpers import sign_in
from tests.pages import check_page

TODAY = date.today()
MONTHS = previous_months(f"{TODAY.year:04d}-{TODAY.month:02d}", 36)


def _kent_figures() -> None:
    # 20-week timeliness: 30 of 60 each month (50%), but 3 of 60 in the last month (a small count: [c]).
    make_figures(KENT, Measure.PLANS_WITHIN_20_WEEKS, dict.fromkeys(MONTHS[:-1], (30, 60)) | {MONTHS[-1]: (3, 60)})
    make_figures(KENT, Measure.REQUESTS_RECEIVED, dict.fromkeys(MONTHS[:-1], (123, None)) | {MONTHS[-1]: (2, None)})
    make_figures(KENT, Measure.ACTIVE_PLANS, {MONTHS[-1]: (20000, None)})
    for need, count in {"ASD": 9000, "SEMH": 6000, "SLCN": 4997, "VI": 3}.items():
        make_figures(KENT, Measure.ACTIVE_PLANS, {MONTHS[-1]: (count, None)}, breakdown=f"need:{need}")


def _events(app, action: str) -> list[AuditEvent]:
    from service.db import db

    with app.app_context():
        return list(db.session.exec(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def test_kent_manager_sees_live_figures_with_suppression_beside_published_and_it_is_audited(client, app):
    with app.app_context():
        _kent_figures()
        manager = make_staff("manager", KENT)
        kent_id = council(KENT).id
    sign_in(client, app, manager)
    page = check_page(client.get("/staff/dashboard"))
    text = page.get_text(" ")
    chart = page.select_one("#live-plans-within-20-weeks")
    assert chart is not None and chart.select_one("svg[role=img]")["aria-labelledby"].split() == [
        "live-plans-within-20-weeks-title",
        "live-plans-within-20-weeks-desc",
    ]
    cells = [td.get_text(strip=True) for td in chart.select("tbody tr:last-child td")]
    assert cells == ["[c]"]  # 3 of 60 would reveal a count under 5
    assert [td.get_text(strip=True) for td in chart.select("tbody tr:first-child td")] == ["50.0%"]
    requests = page.select_one("#live-requests-received")
    assert [td.get_text(strip=True) for td in requests.select("tbody tr:last-child td")] == ["[c]"]
    # The need breakdown: VI's 3 is suppressed, and so is the next smallest (the total is known).
    need = page.select_one("#live-active-plans-need")
    rows = {
        tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.select("td")]
        for tr in need.select("tbody tr")
    }
    assert rows["Visual impairment"][0] == "[c]" and rows["Hearing impairment"][0] == "0.0%"
    assert rows["Speech, language and communication needs"][0] == "[c]"
    assert rows["Autistic spectrum disorder"][0] == "45.0%"
    assert rows["Autistic spectrum disorder"][1] == "46.2%"  # Kent's published share, January 2025
    assert "Kent issued 32.3% of plans within 20 weeks in 2024" in text and "England 45.9%" in text
    assert "Similar councils" in text and "not DfE's statistical neighbours" in text.replace("’", "'")
    events = _events(app, "dashboard.view")
    assert [(e.local_authority_id, e.case_id) for e in events] == [(kent_id, None)]


def test_dashboard_csv_per_table_and_unknown_table_404(client, app):
    with app.app_context():
        _kent_figures()
        user = make_staff("read_only", KENT)
    sign_in(client, app, user)
    response = client.get("/staff/dashboard/live-plans-within-20-weeks.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0] == "Month,Kent" and lines[-1].endswith(",[c]") and lines[1].endswith(",50.0%")
    assert client.get("/staff/dashboard/no-such-table.csv").status_code == 404
    assert [e.detail for e in _events(app, "dashboard.export")] == ["live-plans-within-20-weeks"]


def test_a_leeds_user_never_sees_kents_live_figures(client, app):
    with app.app_context():
        _kent_figures()
        leeds = make_staff("caseworker", LEEDS)
    sign_in(client, app, leeds)
    page = check_page(client.get("/staff/dashboard"))
    assert page.select_one("#live-plans-within-20-weeks") is None
    assert "no live figures for Leeds yet" in page.get_text(" ")
    assert "Kent" not in client.get("/staff/dashboard/published-plans-within-20-weeks.csv").get_data(as_text=True)


def test_empty_state_without_figures(client, app):
    with app.app_context():
        user = make_staff("caseworker", KENT)
    sign_in(client, app, user)
    page = check_page(client.get("/staff/dashboard"))
    assert "no live figures for Kent yet" in page.get_text(" ")
    assert page.select_one("#published-plans-within-20-weeks") is not None


def test_national_role_signs_in_with_two_factors_and_cannot_open_any_case_page(client, app):
    with app.app_context():
        analyst = make_aggregate_user("national")
        case = make_case(KENT)
    response = sign_in(client, app, analyst)
    assert response.location.endswith("/national/")
    for path in ("/staff/cases", f"/staff/cases/{case.id}", "/staff/dashboard", "/staff/team", "/staff/account"):
        assert client.get(path).status_code == 403, path


def test_council_staff_cannot_open_the_national_view(client, app):
    with app.app_context():
        manager = make_staff("manager", KENT)
    sign_in(client, app, manager)
    assert client.get("/national/").status_code == 403
    assert client.get("/national/thresholds/reviews_overdue").status_code == 403


def test_national_view_lists_councils_sorts_on_the_server_and_shows_the_ladder(client, app):
    with app.app_context():
        _kent_figures()
        make_figures(LEEDS, Measure.PLANS_WITHIN_20_WEEKS, dict.fromkeys(MONTHS, (50, 60)))
        analyst = make_aggregate_user("national")
    sign_in(client, app, analyst)
    page = check_page(client.get("/national/?sort=live_20&order=descending"))
    body = page.select("table tbody tr")
    assert len(body) == 153
    assert [r.th.get_text(strip=True) for r in body[:2]] == ["Leeds", "Kent"]
    assert (
        page.select_one("th[aria-sort=descending]")
        .get_text(" ", strip=True)
        .startswith("Plans within 20 weeks, last 12")
    )
    ladder = page.get_text(" ")
    # Kent: 50% in the months before the last, [c] in the last - the last month is judged on its counts
    # (3 of 60, 5%), so Kent crosses "below 50% for 3 months"? No: 50% is not below 50%.
    assert "No council crosses it." in ladder
    ascending = check_page(client.get("/national/?sort=name&order=ascending")).select("table tbody tr")
    assert ascending[0].th.get_text(strip=True) == "Barking and Dagenham"


def test_the_ladder_names_a_council_below_the_level_for_the_months(client, app):
    with app.app_context():
        make_figures(KENT, Measure.PLANS_WITHIN_20_WEEKS, dict.fromkeys(MONTHS[-3:], (20, 60)))
        make_figures(LEEDS, Measure.PLANS_WITHIN_20_WEEKS, dict.fromkeys(MONTHS[-2:], (20, 60)))
        analyst = make_aggregate_user("national")
    sign_in(client, app, analyst)
    text = check_page(client.get("/national/")).get_text(" ")
    assert "1 council crosses it: Kent." in text


def test_regional_user_sees_only_their_region_and_cannot_change_thresholds(client, app):
    with app.app_context():
        analyst = make_aggregate_user("regional", region="South East")
    sign_in(client, app, analyst)
    page = check_page(client.get("/national/?region=London"))
    names = [r.th.get_text(strip=True) for r in page.select("table tbody tr")]
    assert "Kent" in names and "Leeds" not in names and "Camden" not in names
    assert client.get("/national/thresholds/reviews_overdue").status_code == 403


def test_threshold_change_refuses_out_of_range_and_is_audited(client, app):
    with app.app_context():
        analyst = make_aggregate_user("national")
    sign_in(client, app, analyst)
    path = "/national/thresholds/twenty_week_timeliness"
    token = check_page(client.get(path)).find("input", attrs={"name": "csrf_token"})["value"]
    for level, months, error in (
        ("120", "3", "Level must be between 0% and 100%"),
        ("-1", "3", "Level must be between 0% and 100%"),
        ("fifty", "3", "Level must be a number, like 50"),
        ("50", "0", "Number of months must be between 1 and 24"),
        ("50", "25", "Number of months must be between 1 and 24"),
        ("50", "2.5", "Number of months must be a whole number, like 3"),
    ):
        response = client.post(path, data={"csrf_token": token, "level": level, "months": months, "explanation": "x"})
        page = check_page(response)
        assert (
            page.title.get_text().startswith("Error: ") and error in page.select_one(".govuk-error-summary").get_text()
        )
    response = client.post(
        path, data={"csrf_token": token, "level": "45%", "months": "4", "explanation": "Fewer than 45%."}
    )
    assert response.status_code == 302
    text = check_page(client.get("/national/")).get_text(" ")
    assert "below 45% for 4 months" in text and "Fewer than 45%." in text
    assert [e.detail for e in _events(app, "threshold.change")] == [
        "twenty_week_timeliness: below 50% for 3 months -> below 45% for 4 months"
    ]
    assert client.get("/national/thresholds/no_such").status_code == 404


def test_public_pages_england_council_and_unknown(client, app):
    page = check_page(client.get("/council-performance"))
    assert page.select_one("#england-plans-within-20-weeks") is not None
    assert len(page.select("select#council option")) == 154
    assert client.get("/council-performance?council=kent").location.endswith("/council-performance/kent")
    error = check_page(client.get("/council-performance?council="))
    assert error.title.get_text().startswith("Error: ")
    kent = check_page(client.get("/council-performance/kent"))
    assert "Kent issued 32.3% of plans within 20 weeks in 2024" in kent.get_text(" ")
    assert client.get("/council-performance/886").location.endswith("/council-performance/kent")
    assert client.get("/council-performance/nowhere").status_code == 404
    csv = client.get("/council-performance/kent/council-plans-within-20-weeks.csv").get_data(as_text=True)
    assert csv.lstrip("\ufeff").splitlines()[0] == "Calendar year,Kent,South East,Similar councils,England"
    assert "2024,32.3%," in csv
    assert client.get("/council-performance/kent/nothing.csv").status_code == 404
