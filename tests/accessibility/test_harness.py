"""The sweep's tools must be able to fail: each is shown a broken page and must report it."""

import pytest
from bs4 import BeautifulSoup

from tests.accessibility.conftest import run_axe
from tests.pages import page_problems

BROKEN = """<!DOCTYPE html><html><head><title>Broken</title></head><body>
<main><img src="x.png"><input type="text" id="a"><input type="text" id="a"><p>unclosed</div></main></body></html>"""


@pytest.mark.browser
def test_axe_reports_missing_alt_text_and_labels(page, axe_source):
    page.set_content(BROKEN)
    ids = {v["id"] for v in run_axe(page, axe_source)}
    assert {"image-alt", "label"} <= ids


def test_nu_checker_reports_invalid_html(nu_checker):
    errors = nu_checker.errors(BROKEN)
    assert any("Duplicate ID" in e for e in errors)
    assert any("alt" in e for e in errors)


def test_page_helper_reports_every_basic_problem():
    page = BeautifulSoup(
        """<html><head><title>Wrong title</title></head><body>
        <div class="govuk-error-summary"><a href="#missing">Enter a name</a></div>
        <h1>One</h1><h1>Two</h1><p id="x"></p><p id="x"></p>
        <form method="post" action="/save"><input name="name"></form></body></html>""",
        "html.parser",
    )
    problems = "\n".join(page_problems(page))
    assert "exactly one h1" in problems
    assert "does not end with" in problems
    assert "Error: " in problems
    assert "duplicate ids" in problems
    assert "no CSRF token" in problems
    assert "points at no element" in problems
