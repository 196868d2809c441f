"""The common pages, through the Flask client and the page helper."""

import pytest

from tests.pages import check_page

COMMON_PAGES = ["/", "/accessibility-statement", "/cookies", "/privacy", "/contact"]


@pytest.mark.parametrize("path", COMMON_PAGES)
def test_common_page_passes_the_page_checks(client, path):
    page = check_page(client.get(path))
    assert page.select_one("a.govuk-skip-link[href='#main-content']")
    assert page.select_one(".govuk-phase-banner")
    assert page.select_one("main#main-content")


def test_start_page_says_who_can_ask_and_the_legal_time_limits(client):
    page = check_page(client.get("/"))
    text = page.get_text(" ")
    assert "6 weeks" in text and "20 weeks" in text and "15 days" in text
    start = page.select_one("a.govuk-button--start")
    assert start is not None and start["href"] == "/request"


def test_cookies_page_says_only_essential_cookies_are_used(client):
    text = check_page(client.get("/cookies")).get_text(" ")
    assert "only essential cookies" in text


def test_privacy_notice_covers_special_category_data_and_subject_access(client):
    text = check_page(client.get("/privacy")).get_text(" ")
    for phrase in ["special category data", "lawful basis", "subject access request", "28 days"]:
        assert phrase in text


def test_unknown_url_gives_the_govuk_404_with_security_headers(client):
    response = client.get("/no-such-page")
    page = check_page(response, status=404)
    assert page.h1.get_text(strip=True) == "Page not found"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_wrong_method_gives_the_405_page_with_allow_header(client):
    response = client.post("/cookies", data={})
    # CSRF runs before routing decides the method: a POST without a token is refused first.
    assert response.status_code in (400, 405)
    check_page(response, status=response.status_code)


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "up", "queue": "in-process"}
