"""Issue 16 item 5: a young person asking for themself is spoken to as "you" on the family pages, and
their own "who can see your request" page works: they let a parent or carer see it, or stop them."""

from __future__ import annotations

from datetime import date, timedelta

from tests.factories import make_case
from tests.integration.staff.helpers import csrf_of
from tests.integration.track.helpers16 import sign_in_as, steps
from tests.pages import check_page

YOUNG = "jordan.own@example.com"
PARENT = "jordan.parent@example.com"


def _own_request(app) -> int:
    with app.app_context():
        return make_case(
            stage="assessing",
            received_on=date.today() - timedelta(days=20),
            requester_role="young_person",
            requester_name="Jordan Lee",
            requester_relationship="",
            requester_email=YOUNG,
            child_first_name="Jordan",
            child_last_name="Lee",
            child_date_of_birth=date(2008, 5, 1),
        ).id


def test_the_young_person_reads_you_and_your_not_their_own_name_in_the_third_person(client, app):
    case_id = _own_request(app)
    sign_in_as(client, app, YOUNG)
    page = check_page(client.get(f"/your-cases/{case_id}"))
    assert page.select_one("h1").get_text(strip=True) == "Your request"
    text = page.select_one("main").get_text(" ", strip=True)
    assert "Jordan's" not in text and "your child" not in text.lower()
    advice = {t: words for t, _, words in steps(page)}["Advice gathered"]
    assert "the people who know you" in advice and "your views" in advice
    assert page.select_one(f'a[href="/your-cases/{case_id}/sharing"]')
    documents = check_page(client.get(f"/your-cases/{case_id}/documents"))
    assert documents.select_one(".govuk-back-link").get_text(strip=True) == "Your request"


def test_their_own_sharing_page_works_and_the_parent_sees_the_request_only_while_they_agree(client, app):
    case_id = _own_request(app)
    sign_in_as(client, app, YOUNG)
    path = f"/your-cases/{case_id}/sharing"
    page = check_page(client.get(path))
    assert page.select_one("h1").get_text(strip=True) == "Who can see your request"
    assert "Nobody else can see your request" in page.get_text()

    error = check_page(
        client.post(path, data={"csrf_token": csrf_of(client, path), "action": "add", "email": "x"}), 400
    )
    assert error.select_one(".govuk-error-summary a")["href"] == "#email"
    assert error.select_one("input[name=email]")["value"] == "x"  # nothing typed is lost
    own = client.post(path, data={"csrf_token": csrf_of(client, path), "action": "add", "email": YOUNG})
    assert "That person can already see your request" in check_page(own, 400).get_text()

    added = client.post(path, data={"csrf_token": csrf_of(client, path), "action": "add", "email": PARENT})
    assert added.status_code == 302
    page = check_page(client.get(path))
    assert PARENT in page.get_text() and "Can see this request" in page.get_text()

    parent = app.test_client()
    sign_in_as(parent, app, PARENT)
    seen = check_page(parent.get(f"/your-cases/{case_id}"))
    assert seen.select_one("h1").get_text(strip=True) == "Jordan's request"  # the parent reads the third person
    assert parent.get(path).status_code == 404  # only the young person chooses

    access_id = page.select_one("input[name=access_id]")["value"]
    stop = {"csrf_token": csrf_of(client, path), "access_id": access_id, "agreed": "no"}
    assert client.post(path, data=stop).status_code == 302
    assert parent.get(f"/your-cases/{case_id}").status_code == 404


def test_a_parents_own_request_has_no_sharing_page(client, app):
    with app.app_context():
        case_id = make_case(requester_email=PARENT).id
    sign_in_as(client, app, PARENT)
    assert client.get(f"/your-cases/{case_id}/sharing").status_code == 404
    page = check_page(client.get(f"/your-cases/{case_id}"))
    assert not page.select_one(f'a[href="/your-cases/{case_id}/sharing"]')
