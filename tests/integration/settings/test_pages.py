"""The staff settings pages and the public local inclusion plan pages, through the test client."""

from __future__ import annotations

from bs4 import BeautifulSoup
from sqlmodel import select
from werkzeug.datastructures import MultiDict

from service.data import settings as settings_data
from service.data.context import ChangeContext
from service.db import db
from service.domain.clock import format_govuk_date
from service.models import AuditEvent, InclusionPlan, SettingCorrection
from tests.factories import LEEDS, make_case, make_staff
from tests.integration.settings.helpers import TODAY, load_sample
from tests.integration.staff.helpers import csrf_of, sign_in
from tests.pages import check_page


def _names(page) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(".govuk-table__body tr td:first-child > a")]


def _errors(page) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(".govuk-error-summary a")]


def _signed_in(client, app, role="caseworker", la="886"):
    with app.app_context():
        load_sample()
        user = make_staff(role, la)
    sign_in(client, app, user)
    return user


def _id(urn: int) -> int:
    return settings_data.national_by_urn(urn).id


def test_each_filter_and_combinations(client, app):
    _signed_in(client, app)
    page = check_page(client.get("/staff/settings"))
    assert page.h1.get_text(strip=True) == "Find a setting"
    assert "35 settings" in page.select_one("[role=status]").get_text()
    names = _names(page)
    assert names == sorted(names, key=str.lower) or names == sorted(names)

    def found(query: str) -> set[str]:
        return set(_names(check_page(client.get(f"/staff/settings?{query}"))))

    assert found("name=river") == {"River Primary School"}
    assert found("urn=118393") == {"River Primary School"}
    assert found("phase=Secondary") == {
        "Dover Grammar School for Boys",
        "Dover Christ Church Academy",
        "Lawnswood School",
        "Allerton High School",
        "Westlands School",
    }
    assert "Dover Grammar School for Boys" not in found("age=5")
    assert "River Primary School" in found("age=5")
    assert found("type=Special+schools") >= {"Elms School", "Portal House School"}
    assert "Elms School" in found("need=ASD") and "River Primary School" not in found("need=ASD")
    assert "River Primary School" in found("need=ASD&need=SLCN")
    assert found("provision=unit") >= {"The Sallygate School", "Dover Christ Church Academy"}
    assert "River Primary School" not in found("provision=unit")
    assert "River Primary School" not in found("provision=resourced&places_free=yes")  # 12 places, 12 on roll
    assert found("s41=yes") >= {"Woodpecker Court", "Heath Farm School"}
    assert all("Leeds" not in n for n in found("area=yes")) and "John Jamieson School" not in found("area=yes")
    near = check_page(client.get("/staff/settings?near=118393&miles=1"))
    assert _names(near)[0] == "River Primary School"
    assert set(_names(near)) == {
        "River Primary School",
        "The Sallygate School",
        "Temple Ewell Church of England Primary School",
        "White Cliffs Primary and Nursery School",
        "Green Park Community Primary School",
    }
    assert "nearest to River Primary School first" in near.get_text() and "0.3 miles" in near.get_text()
    combined = found("near=118393&miles=5&need=ASD&phase=Not+applicable")
    assert combined == {"Elms School", "Portal House School"}
    # selected filters link to remove each one
    tags = check_page(client.get("/staff/settings?need=ASD&phase=Primary")).select(".moj-filter__tag")
    assert len(tags) == 2 and "need=ASD" not in [t for t in tags if "Autistic" in t.get_text()][0]["href"]


def test_bad_filters_give_errors_and_the_rest_still_apply(client, app):
    _signed_in(client, app)
    page = check_page(client.get("/staff/settings?urn=12ab&age=40&phase=Primary&miles=3"), status=400)
    assert _errors(page) == [
        "Enter a URN of 6 or 7 digits, like 118393",
        "Enter an age from 0 to 25",
        "Select a distance from the list",
    ]
    assert "River Primary School" in _names(page) and "Elms School" not in _names(page)
    missing = check_page(client.get("/staff/settings?urn=123456"), status=400)
    assert _errors(missing) == ["There is no setting with URN 123456 in the list of settings"]
    assert page.title.get_text().startswith("Error: ")
    empty = check_page(client.get("/staff/settings?name=zzzz"))
    assert "No settings match" in empty.get_text()


def test_the_search_page_for_a_case_measures_from_the_current_setting_and_offers_add_buttons(app):
    from service.auth.staff import current_staff
    from service.journeys.staff.settings import settings_search_page

    with app.app_context():
        load_sample()
        user = make_staff("caseworker")
        case = make_case(child_first_name="Leo", current_setting_urn=118393)
    client = app.test_client()
    sign_in(client, app, user)
    with client.session_transaction() as flask_session:
        saved = dict(flask_session)
    with app.test_request_context("/staff/settings?need=ASD"):
        from flask import session

        session.update(saved)
        html, status = settings_search_page(
            user=current_staff(), args=MultiDict({"need": "ASD"}), case=case, add_action="/staff/cases/1/list"
        )
    assert status == 200
    assert "Find settings for Leo" in html
    assert 'action="/staff/cases/1/list"' in html and 'name="setting_id"' in html
    assert "Add Elms School to the list" in html
    assert (
        html.index("Elms School") < html.index("Portal House School") < html.index("Ripplevale School")
    )  # nearest first
    soup = BeautifulSoup(html, "html.parser")
    remove = [a for a in soup.select(".moj-filter__tag") if "Near URN 118393" in a.get_text()]
    assert remove[0]["href"].endswith("near=") or "near=&" in remove[0]["href"]


def test_one_setting_and_a_correction(client, app):
    user = _signed_in(client, app)
    with app.app_context():
        river = _id(118393)
    page = check_page(client.get(f"/staff/settings/{river}"))
    assert page.h1.get_text(strip=True) == "River Primary School"
    assert "Speech, language and communication needs" in page.get_text()
    path = f"/staff/settings/{river}/correct"
    form = check_page(client.get(path))
    assert form.find("input", attrs={"name": "rp_capacity"})["value"] == "12"
    data = {
        "csrf_token": csrf_of(client, path),
        "name": "River Primary School",
        "phase": "Primary",
        "low_age": "4",
        "high_age": "11",
        "sen_needs": ["SLCN", "ASD"],
        "resourced_provision": "Resourced provision",
        "rp_capacity": "x",
        "rp_on_roll": "12",
        "reason": "",
    }
    bad = check_page(client.post(path, data=data), status=400)
    assert _errors(bad) == [
        "Resourced provision places must be a whole number from 0 to 100,000",
        "Enter why you are correcting it",
    ]
    response = client.post(path, data={**data, "rp_capacity": "16", "reason": "The school told us"})
    assert response.status_code == 302
    shown = check_page(client.get(response.location))
    with app.app_context():
        corrected_on = format_govuk_date(db.session.exec(select(SettingCorrection)).one().updated_at.date())
    assert f"Corrected by Kent on {corrected_on}" in shown.get_text() and "(corrected)" in shown.get_text()
    assert "Autistic spectrum disorder" in shown.get_text() and "16 places" in shown.get_text()
    with app.app_context():
        assert (
            db.session.exec(select(AuditEvent).where(AuditEvent.action == "setting.correct")).one().staff_user_id
            == user.id
        )
    assert "River Primary School" in _names(check_page(client.get("/staff/settings?need=ASD")))


def test_read_only_staff_read_but_cannot_correct_or_add(client, app):
    _signed_in(client, app, "read_only")
    with app.app_context():
        river = _id(118393)
    page = check_page(client.get(f"/staff/settings/{river}"))
    assert "Correct this setting" not in page.get_text()
    check_page(client.get(f"/staff/settings/{river}/correct"), status=403)
    check_page(client.get("/staff/settings/new"), status=403)
    check_page(client.get("/staff/inclusion-plan"), status=403)


def test_adding_a_setting_and_another_councils_setting_is_404(client, app):
    _signed_in(client, app)
    path = "/staff/settings/new"
    token = csrf_of(client, path)
    bad = check_page(client.post(path, data={"csrf_token": token, "name": "", "urn": "12"}), status=400)
    assert _errors(bad) == ["Enter the setting's name", "Enter a URN of 6 or 7 digits"]
    taken = check_page(client.post(path, data={"csrf_token": token, "name": "X", "urn": "118393"}), status=400)
    assert _errors(taken) == ["There is already a setting with URN 118393 in the national data: correct it instead"]
    response = client.post(
        path,
        data={
            "csrf_token": token,
            "name": "Dover Alternative Provision",
            "sen_needs": ["SEMH"],
            "type_name": "Alternative provision",
        },
    )
    assert response.status_code == 302
    assert "Added by Kent" in check_page(client.get(response.location)).get_text()
    own = response.location.rsplit("/", 1)[-1]
    assert (
        check_page(client.get(f"/staff/settings/{own}/correct")).find("input", attrs={"name": "type_name"})["value"]
        == "Alternative provision"
    )
    changed = client.post(
        f"/staff/settings/{own}/correct", data={"csrf_token": token, "name": "Dover AP", "sen_needs": ["SEMH", "ASD"]}
    )
    assert changed.status_code == 302 and "Dover AP" in check_page(client.get(changed.location)).h1.get_text()
    assert "Dover AP" in _names(check_page(client.get("/staff/settings?need=ASD&area=yes")))
    with app.app_context():
        leeds_user = make_staff("caseworker", LEEDS)
        leeds_setting = settings_data.add_local(
            ChangeContext(user=leeds_user, ip="", today=TODAY), {"name": "Leeds Hub", "sen_needs": "|ASD|"}
        )
        db.session.commit()
        other = leeds_setting.id
    check_page(client.get(f"/staff/settings/{other}"), status=404)
    check_page(client.get(f"/staff/settings/{other}/correct"), status=404)
    assert "Leeds Hub" not in _names(check_page(client.get("/staff/settings?name=Leeds")))


def test_the_inclusion_plan_is_edited_by_managers_and_public_when_published(client, app):
    _signed_in(client, app, "manager")
    assert check_page(client.get("/local-inclusion-plans/886"), status=404)
    listing = check_page(client.get("/local-inclusion-plans"))
    assert "No council has published" in listing.get_text()
    path = "/staff/inclusion-plan"
    token = csrf_of(client, path)
    bad = check_page(
        client.post(path, data={"csrf_token": token, "partnership": "", "offer": "", "published": "yes"}), status=400
    )
    assert _errors(bad) == ["Enter your partnership and your offer before you publish the page"]
    ok = client.post(
        path,
        data={"csrf_token": token, "partnership": "We meet.\n\nEvery term.", "offer": "Support.", "published": "yes"},
    )
    assert ok.status_code == 302
    client.post("/staff/sign-out", data={"csrf_token": csrf_of(client, "/staff/settings")})
    listing = check_page(client.get("/local-inclusion-plans"))
    assert [a.get_text(strip=True) for a in listing.select("main li a")] == ["Kent"]
    response = client.get("/local-inclusion-plans/886")
    public = check_page(response)
    assert response.headers["Cache-Control"] == "no-cache"
    assert [p.get_text() for p in public.select("main p.govuk-body")][:3] == ["We meet.", "Every term.", "Support."]
    names = [h.get_text(strip=True) for h in public.select("main h3")]
    assert "River Primary School" in names and "John Jamieson School" not in names
    asd = [
        h.get_text(strip=True)
        for h in check_page(client.get("/local-inclusion-plans/886?need=ASD&phase=Not+applicable")).select("main h3")
    ]
    assert "Elms School" in asd and "River Primary School" not in asd
    with app.app_context():
        plan = db.session.exec(select(InclusionPlan)).one()
        plan.published = False
        db.session.commit()
    check_page(client.get("/local-inclusion-plans/886"), status=404)
    check_page(client.get("/local-inclusion-plans/abc"), status=404)
