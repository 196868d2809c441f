"""Issue 12 L10: static assets are fingerprinted and their fingerprinted URLs cached immutably."""

from urllib.parse import parse_qs, urlparse

from tests.integration.staff.helpers import seed, sign_in
from tests.pages import check_page


def _stylesheets(client, path="/") -> list[str]:
    page = check_page(client.get(path))
    return [link["href"] for link in page.select('link[rel="stylesheet"]')]


def test_l10_asset_urls_carry_a_content_fingerprint_and_are_cached_immutably(client):
    hrefs = _stylesheets(client)
    assert hrefs and all(parse_qs(urlparse(h).query).get("v") for h in hrefs)
    for href in hrefs:
        with client.get(href) as response:
            assert response.status_code == 200
            assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_l10_an_unfingerprinted_or_stale_url_is_cached_only_briefly(client):
    href = _stylesheets(client)[0]
    path = urlparse(href).path
    for url in [path, f"{path}?v=000000000000"]:
        with client.get(url) as response:
            assert response.headers["Cache-Control"] == "public, max-age=3600"


def test_l10_signed_in_staff_get_cached_assets_too(client, app):
    seed(app)
    sign_in(client, app, "kent.caseworker@example.gov.uk")
    href = _stylesheets(client, "/staff/cases")[0]
    with client.get(href) as response:
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert client.get("/staff/cases").headers["Cache-Control"] == "no-store"
