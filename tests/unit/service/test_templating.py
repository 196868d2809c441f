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


def test_a_remembered_url_is_the_url_flask_builds(app):
    from flask import url_for

    urls = app.jinja_env.globals["url_for"]
    with app.test_request_context("/staff/cases"):
        for endpoint, values in [("staff.caseload", {}), ("staff.case_record", {"case_id": 7}),
                                 ("staff.caseload", {"q": "Smith", "page": 2, "stage": None})]:  # fmt: skip
            assert urls(endpoint, **values) == url_for(endpoint, **values)
            assert urls(endpoint, **values) == url_for(endpoint, **values)  # and from the table
        assert ("", None, "staff.case_record", (("case_id", 7),)) in urls.entries


def test_a_remembered_url_follows_the_script_root(app):
    urls = app.jinja_env.globals["url_for"]
    with app.test_request_context("/"):
        plain = urls("staff.caseload")
    with app.test_request_context("/", environ_overrides={"SCRIPT_NAME": "/ehcp"}):
        mounted = urls("staff.caseload")
    assert plain == "/staff/cases" and mounted == "/ehcp/staff/cases"


def test_urls_that_could_differ_are_built_afresh_and_not_kept(app):
    urls = app.jinja_env.globals["url_for"]
    with app.test_request_context("/"):
        before = len(urls.entries)
        assert urls("staff.caseload", _external=True) == "http://localhost/staff/cases"
        assert "?v=" in urls("static", filename="app.css")
        assert urls("staff.case_record", case_id=3, _anchor="plan").endswith("/staff/cases/3#plan")
        assert len(urls.entries) == before


def test_the_url_table_is_emptied_when_full_not_grown(app, monkeypatch):
    import service.templating as templating

    monkeypatch.setattr(templating, "URL_CACHE_ENTRIES", 5)
    urls = app.jinja_env.globals["url_for"]
    with app.test_request_context("/"):
        for n in range(20):
            assert urls("staff.case_record", case_id=n) == f"/staff/cases/{n}"
    assert len(urls.entries) <= 5


def test_another_url_default_keeps_flasks_own_url_for(app):
    from service import templating

    assert isinstance(app.jinja_env.globals["url_for"], templating.UrlCache)
    flask_app = create_app(make_config("sqlite://"))
    flask_app.jinja_env.globals["url_for"] = flask_app.url_for
    flask_app.url_defaults(lambda endpoint, values: None)
    templating.install_url_cache(flask_app)
    assert flask_app.jinja_env.globals["url_for"] == flask_app.url_for


def test_an_import_sees_the_globals_its_importer_adds(app):
    """The cheaper import check (templating.Template) gives the answer Jinja's own does: a template imported
    into a context with a global it lacks gets that global; otherwise the cached module is reused."""
    import jinja2
    from jinja2 import DictLoader, Environment

    from service.templating import Template

    loader = DictLoader({"m.html": "{% macro who() %}{{ name | default('nobody') }}{% endmacro %}",
                         "page.html": '{% from "m.html" import who %}{{ who() }}'})  # fmt: skip
    for template_class in (jinja2.Template, Template):
        env = Environment(loader=loader, autoescape=True)
        env.template_class = template_class
        assert env.get_template("page.html").render() == "nobody"
        page = env.get_template("page.html", globals={"name": "Sam"})
        assert page.render() == "Sam"
        module = env.get_template("m.html")
        assert module._get_default_module() is module._get_default_module()


def test_keys_tell_apart_values_that_python_calls_equal():
    from enum import StrEnum

    from service.templating import _key, _NotCacheable

    assert _key({"checked": True}) != _key({"checked": 1}) and _key([0]) != _key([False])
    assert _key("x") != _key(Markup("x")) and _key(["D"]) != _key({}) and _key({"a": "b"}) != _key([("a", "b")])
    assert _key({"a": 1, "b": 2}) != _key({"b": 2, "a": 1})  # another entry, never a wrong one

    class Stage(StrEnum):
        ASSESSING = "assessing"

    with pytest.raises(_NotCacheable):
        _key({"text": Stage.ASSESSING})
