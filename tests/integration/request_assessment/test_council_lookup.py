"""The council question works out the council from where the child lives (issue 16 item 7)."""

from __future__ import annotations

from tests.integration.request_assessment.journey import GOOD_ANSWERS, csrf, error_texts, kent_id, post
from tests.pages import check_page

PAGE = "/request/local-authority"


def _started(client, address: dict | None = None):
    """A draft that has answered up to the child's address (none at all when address is None)."""
    client.get("/request")
    post(client, "/request/who", GOOD_ANSWERS["who"])
    if address is not None:
        post(client, "/request/child-address", {**GOOD_ANSWERS["child-address"], **address})


def _text(page) -> str:
    return " ".join(page.get_text(" ").split())


def _legend(page) -> str:
    return page.h1.get_text(" ", strip=True)


def _radio_labels(page) -> list[str]:
    return [label.get_text(" ", strip=True) for label in page.select(".govuk-radios__label")]


def test_a_postcode_found_offers_its_council_to_confirm(client, app):
    _started(client, {"postcode": "ME14 1XX", "town": "Maidstone"})
    page = check_page(client.get(PAGE))
    assert _legend(page) == "Is this the right council?"
    assert "From their postcode ME14 1XX, we think their council is Kent County Council" in _text(page)
    assert _radio_labels(page) == ["Yes", "No, choose their council from a list"]
    assert page.find("select") is None  # no list until the family says no
    response = post(client, PAGE, {"confirm": "yes"})
    assert response.status_code == 302 and response.location.endswith("/request/setting")
    # Coming back to the page shows the answer they gave.
    again = check_page(client.get(PAGE))
    assert again.find("input", attrs={"name": "confirm", "value": "yes"}).has_attr("checked")


def test_no_means_the_full_list_with_the_names_councils_are_known_by(client, app):
    _started(client, {"postcode": "ME14 1XX"})
    response = post(client, PAGE, {"confirm": "no"})
    assert response.status_code == 302 and "list=yes" in response.location
    page = check_page(client.get(response.location))
    options = [o.get_text(strip=True) for o in page.select("select#local_authority option")]
    assert len(options) == 154  # "Select a council" and the 153 councils
    for name in ("Kent County Council", "Leeds City Council", "London Borough of Camden", "Royal Borough of Greenwich"):
        assert name in options
    assert "Kent Council" not in options
    leeds = page.find("option", string="Leeds City Council")["value"]
    chosen = client.post(response.location, data={"local_authority": leeds, "csrf_token": csrf(page)})
    assert chosen.status_code == 302 and chosen.location.endswith("/request/setting")
    # Their choice is kept: the page now opens on the list with Leeds chosen, not on Kent to confirm.
    back = check_page(client.get(PAGE))
    assert back.find("option", selected=True)["value"] == leeds


def test_a_town_in_more_than_one_council_offers_them_as_radios(client, app):
    # No postcode district in the lookup (a made-up outward code), so the town decides: Ashford is in
    # Kent and in Surrey.
    _started(client, {"postcode": "ZE9 9ZZ", "town": "Ashford"})
    page = check_page(client.get(PAGE))
    assert _legend(page) == "Which council area do they live in?"
    assert "Their town Ashford is in more than one council area" in _text(page)
    labels = _radio_labels(page)
    assert labels[:2] == ["Kent County Council", "Surrey County Council"]
    assert labels[-1].startswith("Another council")
    assert page.select_one(".govuk-radios__divider").get_text(strip=True) == "or"
    empty = post(client, PAGE, {})
    assert error_texts(empty) == ["Select the council area they live in"]
    other = post(client, PAGE, {"local_authority": "other"})
    assert other.status_code == 302 and "list=yes" in other.location
    surrey = page.find("label", string=lambda s: s and "Surrey" in s)["for"]
    value = page.find("input", id=surrey)["value"]
    assert post(client, PAGE, {"local_authority": value}).location.endswith("/request/setting")


def test_a_postcode_district_that_spans_councils_uses_its_sector(client, app):
    # ME1 is mostly Medway but has Kent schools too; the sector ME1 2 is Medway's alone.
    _started(client, {"postcode": "ME1 2AB", "town": "Rochester"})
    page = check_page(client.get(PAGE))
    assert "we think their council is Medway Council" in _text(page)


def test_nothing_found_means_the_full_list(client, app):
    _started(client, {"postcode": "ZE9 9ZZ", "town": "Nowhere In Particular"})
    page = check_page(client.get(PAGE))
    assert "We could not work out their council from their postcode ZE9 9ZZ" in _text(page)
    assert len(page.select("select#local_authority option")) == 154
    empty = post(client, PAGE + "?list=yes", {"local_authority": ""})
    assert error_texts(empty) == ["Select the council area they live in"]


def test_without_an_address_it_asks_for_a_postcode_or_town_first(client, app):
    _started(client)
    page = check_page(client.get(PAGE))
    assert page.find("input", attrs={"name": "place"}) is not None
    assert page.h1.get_text(strip=True) == "Which council area do they live in?"
    for typed, message in (
        ("", "Enter their postcode or town"),
        ("ME99 9ZZZ", "Enter a real postcode, like ME14 1XX, or the name of their town"),
        ("12345", "Enter a real postcode, like ME14 1XX, or the name of their town"),
        ("Leeds\x07", "Postcode or town must not include control characters"),
    ):
        response = post(client, PAGE, {"place": typed})
        assert response.status_code == 200, typed
        assert message in error_texts(response)[0], typed
        page = check_page(response)
        assert page.find(class_="govuk-error-message") is not None
    found = post(client, PAGE, {"place": "ls1 4ap"})
    assert found.status_code == 302
    confirm = check_page(client.get(found.location))
    assert "From their postcode LS1 4AP, we think their council is Leeds City Council" in _text(confirm)


def test_the_saved_answer_is_on_check_answers_by_the_council_name(client, app):
    from tests.integration.request_assessment.journey import answer_everything

    answer_everything(client, app)
    page = check_page(client.get("/request/check-answers"))
    rows = {
        row.select_one(".govuk-summary-list__key").get_text(strip=True): row.select_one(
            ".govuk-summary-list__value"
        ).get_text(strip=True)
        for row in page.select(".govuk-summary-list__row")
    }
    council = next(value for key, value in rows.items() if "council" in key.lower())
    assert council == "Kent County Council"
    change = page.find("a", href=lambda h: h and "/request/local-authority" in h)
    again = check_page(client.get(change["href"]))
    assert again.find("input", attrs={"name": "confirm", "value": "yes"}).has_attr("checked")
    assert kent_id(app)
