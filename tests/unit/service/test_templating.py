"""GOV.UK components rendered once per set of parameters (issue 18): the same HTML as the real macros,
never shared between inputs that render differently, never keeping text a person typed."""

from __future__ import annotations

import pytest
from flask import render_template_string
from markupsafe import Markup

from service import create_app
from service.templating import CACHED
from tests.conftest import make_config

CALLS = {
    "tag": {"text": "Overdue", "classes": "govuk-tag--red"},
    "checkboxes": {
        "name": "stage",
        "fieldset": {"legend": {"text": "Stage"}},
        "items": [{"value": "a", "text": "Assessing", "checked": True}, {"value": "b", "text": "Refused"}],
    },
    "input": {"name": "q", "id": "q", "label": {"text": "Search"}},
    "date-input": {"id": "from", "namePrefix": "from", "fieldset": {"legend": {"text": "From"}}},
    "footer": {},
    "header": {},
    "button": {"text": "Apply filters"},
    "select": {"id": "s", "name": "s", "label": {"text": "Who"}, "items": [{"value": "1", "text": "Sam"}]},
}


@pytest.fixture
def app():
    return create_app(make_config("sqlite://"))


def _render(app, component: str, params, prefix: str = "govuk_frontend_jinja") -> str:
    macro = CACHED[component]
    source = f'{{% from "{prefix}/components/{component}/macro.html" import {macro} %}}{{{{ {macro}(params) }}}}'
    with app.test_request_context():
        return render_template_string(source, params=params)


@pytest.mark.parametrize("component", sorted(CALLS))
def test_a_cached_component_renders_what_the_real_macro_renders_first_time_and_again(app, component):
    real = _render(app, component, CALLS[component], prefix="govuk_frontend_jinja_uncached")
    assert _render(app, component, CALLS[component]) == real
    cache = app.extensions["govuk_components"]
    hits = cache.hits
    assert _render(app, component, CALLS[component]) == real
    assert cache.hits > hits


def test_text_and_html_with_the_same_characters_are_different_entries(app):
    escaped = _render(app, "tag", {"text": "<b>x</b>"})
    marked = _render(app, "tag", {"html": Markup("<b>x</b>")})
    again = _render(app, "tag", {"text": "<b>x</b>"})
    assert "&lt;b&gt;" in escaped and "<b>x</b>" in marked and again == escaped
    # a str and a Markup under the same key render differently, so they are different entries
    assert _render(app, "tag", {"html": "<i>y</i>"}) != _render(app, "tag", {"text": Markup("&lt;i&gt;")})


def test_what_a_person_typed_is_never_kept(app):
    cache = app.extensions["govuk_components"]
    page = _render(app, "input", {"name": "q", "id": "q", "label": {"text": "Search"}, "value": "Amara Okafor"})
    assert 'value="Amara Okafor"' in page
    dated = {"id": "d", "namePrefix": "d", "items": [{"name": "day", "value": "14"}]}
    assert 'value="14"' in _render(app, "date-input", dated)
    kept = [repr(key) for key in cache.entries]
    assert not any("Amara" in k for k in kept) and not any("'14'" in k for k in kept)


def test_parameters_of_other_types_are_rendered_afresh(app):
    class Label:
        def __str__(self) -> str:
            return "Search"

    cache = app.extensions["govuk_components"]
    before = len(cache.entries)
    assert "Search" in _render(app, "label", {"text": Label(), "for": "q"})
    assert len(cache.entries) == before


def test_a_full_table_is_emptied_not_grown(app, monkeypatch):
    import service.templating as templating

    monkeypatch.setattr(templating, "MAX_ENTRIES", 3)
    for n in range(10):
        _render(app, "tag", {"text": f"Tag {n}"})
    assert len(app.extensions["govuk_components"].entries) <= 3
