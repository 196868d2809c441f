"""The signed-in navigation is the GOV.UK service navigation, for staff and families: the service name in
it (the header keeps only the GOV.UK logo), every section's link, the current page marked aria-current,
and sign out as a POST form in it. The menu toggle is hidden until JavaScript shows it."""

from datetime import date, timedelta

from tests.factories import make_case, make_family, make_staff
from tests.integration.plan_family.helpers import sign_in_family
from tests.integration.staff.helpers import sign_in
from tests.pages import check_page

STAFF_LINKS = [
    "Cases",
    "Dashboard",
    "Reviews due",
    "Phase transfers",
    "Transfers",
    "Disagreements",
    "Advice",
    "Settings",
    "Organisations",
    "Record a request",
]
MANAGER_LINKS = ["Your team", "Local inclusion plan", "SEN2 return", "Messages and background work"]


def _navigation(page):
    nav = page.select_one("section.govuk-service-navigation")
    assert nav is not None and page.select(".govuk-service-navigation") == [nav]
    return nav


def _links(nav) -> list[str]:
    return [a.get_text(strip=True) for a in nav.select("ul.govuk-service-navigation__list a")]


def _current(nav) -> dict[str, str]:
    return {a.get_text(strip=True): a["aria-current"] for a in nav.select("a[aria-current]")}


def test_staff_navigation_has_every_section_marks_the_current_one_and_signs_out(client, app):
    with app.app_context():
        manager = make_staff("manager")
        case_id = make_case(received_on=date.today() - timedelta(days=10)).id
    sign_in(client, app, manager)
    page = check_page(client.get("/staff/cases"))
    nav = _navigation(page)
    assert nav.select_one(".govuk-service-navigation__service-name").get_text(strip=True) == app.config["SERVICE_NAME"]
    assert page.select_one(".govuk-header").get_text(" ", strip=True) == "GOV.UK"  # the header: the logo only
    assert _links(nav) == STAFF_LINKS + MANAGER_LINKS + ["Your account"]
    assert _current(nav) == {"Cases": "page"}
    toggle = nav.select_one("button.govuk-service-navigation__toggle")
    assert toggle.has_attr("hidden") and toggle["aria-controls"] == nav.select_one("ul")["id"]
    form = nav.select_one("ul form")
    assert form["method"] == "post" and form["action"] == "/staff/sign-out"
    assert form.select_one("input[name=csrf_token]")["value"]
    assert form.select_one("button").get_text(strip=True) == "Sign out"
    # a case's pages are within Cases; another section's page is that section's
    assert _current(_navigation(check_page(client.get(f"/staff/cases/{case_id}/timeline")))) == {"Cases": "true"}
    assert _current(_navigation(check_page(client.get("/staff/reviews-due")))) == {"Reviews due": "page"}
    assert _current(_navigation(check_page(client.get("/staff/team")))) == {"Your team": "page"}
    response = client.post("/staff/sign-out", data={"csrf_token": form.select_one("input[name=csrf_token]")["value"]})
    assert response.status_code == 302
    assert client.get("/staff/cases").status_code == 302  # signed out


def test_read_only_staff_see_no_links_they_cannot_use(client, app):
    with app.app_context():
        reader = make_staff("read_only")
    sign_in(client, app, reader)
    nav = _navigation(check_page(client.get("/staff/cases")))
    assert _links(nav) == [link for link in STAFF_LINKS if link != "Record a request"] + ["Your account"]


def test_signed_out_pages_show_the_service_name_without_navigation(client):
    page = check_page(client.get("/staff/sign-in"))
    nav = _navigation(page)
    assert nav.select_one(".govuk-service-navigation__service-name") is not None
    assert nav.select_one("ul") is None and nav.select_one("form") is None


def test_family_navigation(client, app):
    with app.app_context():
        make_family({"child_first_name": "Leo"}, email="leo.family@example.com")
    sign_in_family(client, app)
    page = check_page(client.get("/your-cases"))
    nav = _navigation(page)
    assert _links(nav) == ["Your requests and plans", "Messages"]
    assert _current(nav) == {"Your requests and plans": "page"}
    assert nav.select_one("ul form")["action"] == "/sign-out"
    assert nav.select_one("ul form button").get_text(strip=True) == "Sign out"
    messages = _navigation(check_page(client.get(nav.find("a", string="Messages")["href"])))
    assert _current(messages) == {"Messages": "page"}
