"""GOV.UK Frontend macros rendered once per set of parameters (issue 18).

Profiling the caseload showed most of its time in govuk-frontend-jinja's macros: the filter panel's
checkboxes, inputs and date inputs, the tags on every row, the header and footer. A macro's output is a
pure function of its parameters (the macros read nothing else: no request, no globals), so for the
components listed in CACHED the loader serves a thin macro that looks the parameters up in a per-process
table and renders the real macro only the first time.

What keeps this safe:
- The key is the whole of the parameters, with their types: Markup and str are different keys (a str is
  escaped, Markup is not), so no two calls that would render differently share an entry. Anything that is
  not a plain dict, list, str, Markup, number, bool, None or Undefined is not cached.
- Only components that carry no free text a person typed: an input, textarea or date input with a value
  in it is rendered afresh and not kept, so a search for a child's name or a draft answer never stays in
  the table. Tables and summary lists (rows of a case) are never cached; nor are macros that take a caller.
- Rows and dates stay live: the page's queries run on every request; only the HTML of identical
  parameters is reused, which is exactly the HTML the macro would produce again.
- The table is bounded (MAX_ENTRIES); when full it is emptied and refills from the pages in use.
"""

from __future__ import annotations

import threading
from typing import Any

import jinja2
from flask import Flask, has_request_context, request
from jinja2 import BaseLoader, Environment, PackageLoader, Undefined
from jinja2.environment import TemplateModule
from jinja2.runtime import Context
from markupsafe import Markup

PACKAGE = "govuk_frontend_jinja"
MAX_ENTRIES = 4096

# component folder -> macro name. Free-text components are listed in FREE_TEXT as well.
CACHED = {
    "back-link": "govukBackLink",
    "breadcrumbs": "govukBreadcrumbs",
    "button": "govukButton",
    "character-count": "govukCharacterCount",
    "checkboxes": "govukCheckboxes",
    "date-input": "govukDateInput",
    "error-message": "govukErrorMessage",
    "footer": "govukFooter",
    "header": "govukHeader",
    "hint": "govukHint",
    "input": "govukInput",
    "label": "govukLabel",
    "phase-banner": "govukPhaseBanner",
    "radios": "govukRadios",
    "select": "govukSelect",
    "service-navigation": "govukServiceNavigation",
    "skip-link": "govukSkipLink",
    "tag": "govukTag",
    "textarea": "govukTextarea",
    "warning-text": "govukWarningText",
}
FREE_TEXT = {"character-count", "input", "textarea"}


class _NotCacheable(Exception):
    pass


_NUMBERS = (int, float, bool, type(None))


def _key(value: Any) -> Any:
    """A hashable key for macro parameters that tells apart every input that could render differently.

    Exact types only (a str subclass other than Markup, an enum say, is not cached). A plain str is its own
    key and everything else a tuple whose first item says what it was, so no two kinds of value collide;
    numbers keep their type (True and 1 are equal in Python but render differently). A dict's items are
    taken in their order: the same items in another order are another entry, never a wrong one."""
    kind = type(value)
    if kind is str:
        return value
    if kind is Markup:
        return ("M", str(value))
    if kind is dict:
        return ("D", *[(name, _key(item)) for name, item in value.items()])
    if kind is list or kind is tuple:
        return ("L", *[_key(item) for item in value])
    if kind in _NUMBERS:
        return (kind, value)
    if isinstance(value, Undefined):
        return ("U",)
    raise _NotCacheable


def _has_typed_text(component: str, params: Any) -> bool:
    if not isinstance(params, dict):
        return False
    if component in FREE_TEXT:
        return bool(params.get("value"))
    if component == "date-input":
        return any(isinstance(item, dict) and item.get("value") for item in params.get("items") or [])
    return False


class ComponentCache:
    def __init__(self, environment: Environment) -> None:
        self.environment = environment
        self.entries: dict[Any, Markup] = {}
        self.lock = threading.Lock()
        self.macros: dict[str, Any] = {}
        self.hits = 0
        self.misses = 0

    def _macro(self, component: str) -> Any:
        macro = self.macros.get(component)
        if macro is None:
            module = self.environment.get_template(f"{PACKAGE}_uncached/components/{component}/macro.html").module
            macro = self.macros[component] = getattr(module, CACHED[component])
        return macro

    def render(self, component: str, params: Any = None) -> Markup:
        macro = self._macro(component)
        if _has_typed_text(component, params):
            return macro(params)
        try:
            key = (component, _key(params))
        except _NotCacheable:
            return macro(params)
        found = self.entries.get(key)
        if found is not None:
            self.hits += 1
            return found
        self.misses += 1
        html = macro(params)
        if not isinstance(html, Markup):  # only autoescaped output is kept: it is what the page would get
            return html
        with self.lock:
            if len(self.entries) >= MAX_ENTRIES:
                self.entries.clear()
            self.entries[key] = html
        return html


class CachedComponentLoader(BaseLoader):
    """Serves govuk_frontend_jinja's templates, with the CACHED components' macro.html replaced by a thin
    macro that asks the ComponentCache; the real ones stay reachable under `govuk_frontend_jinja_uncached/`."""

    def __init__(self) -> None:
        self.package = PackageLoader(PACKAGE)

    def get_source(self, environment: Environment, template: str):
        parts = template.split("/")
        if len(parts) == 3 and parts[0] == "components" and parts[2] == "macro.html" and parts[1] in CACHED:
            name = CACHED[parts[1]]
            source = f'{{% macro {name}(params) %}}{{{{ _govuk_component("{parts[1]}", params) }}}}{{% endmacro %}}'
            return source, None, lambda: True
        return self.package.get_source(environment, template)

    def list_templates(self) -> list[str]:
        return self.package.list_templates()


def loaders() -> dict[str, BaseLoader]:
    """The PrefixLoader entries: govuk_frontend_jinja with cached components, and the real macros."""
    return {PACKAGE: CachedComponentLoader(), f"{PACKAGE}_uncached": PackageLoader(PACKAGE)}


def install(environment: Environment) -> ComponentCache:
    cache = ComponentCache(environment)
    environment.globals["_govuk_component"] = cache.render
    return cache


class Template(jinja2.Template):
    """Jinja's Template, with one step of `{% from ... import ... %}` made cheap (issue 18).

    On every import Jinja 3.1 asks which of the importing context's globals the imported template lacks,
    as `set - ChainMap.keys()`, which walks the ChainMap in Python: with two dozen imports a page, a tenth
    of a caseload's rendering. set.difference(ChainMap) asks the same question in C. The answer, and what
    follows from it (a fresh module when there is a difference, else the cached one), are Jinja's own."""

    def _get_default_module(self, ctx: Context | None = None) -> TemplateModule:
        if ctx is not None:
            keys = ctx.globals_keys.difference(self.globals)
            if keys:
                return self.make_module({k: ctx.parent[k] for k in keys})
        if self._module is None:
            self._module = self.make_module()
        return self._module


URL_CACHE_ENTRIES = 8192
_PLAIN = (str, int, type(None))


class UrlCache:
    """Templates' url_for, remembered (issue 18): a caseload page asks for some 60 URLs, most of them the
    same on every request (the navigation, the footer), and building one through Werkzeug's map is the
    costliest thing in a row. A URL is a pure function of the script root, the blueprint a relative
    endpoint is resolved against, the endpoint and its values, so those are the key. Anything else goes
    to Flask's url_for untouched: static files (their fingerprint follows the file), external URLs or
    anchors (`_` options), values that are not plain strings or numbers, and calls outside a request.
    It is only installed while the app has no url_defaults but the static fingerprint (service.assets),
    since another could make a URL depend on more than its key. The table is bounded; when full it is
    emptied and refills from the pages in use."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.entries: dict[Any, str] = {}
        self.lock = threading.Lock()

    def __call__(self, endpoint: str, **values: Any) -> str:
        if (
            endpoint == "static"
            or not has_request_context()
            or any(name[0] == "_" or type(value) not in _PLAIN for name, value in values.items())
        ):
            return self.app.url_for(endpoint, **values)
        blueprint = request.blueprint if endpoint[0] == "." else None
        key = (request.script_root, blueprint, endpoint, tuple(sorted(values.items())))
        found = self.entries.get(key)
        if found is None:
            found = self.app.url_for(endpoint, **values)
            with self.lock:
                if len(self.entries) >= URL_CACHE_ENTRIES:
                    self.entries.clear()
                self.entries[key] = found
        return found


def install_url_cache(app: Flask) -> None:
    defaults = app.url_default_functions
    only_fingerprint = list(defaults) == [None] and [f.__name__ for f in defaults[None]] == ["add_fingerprint"]
    if only_fingerprint:
        app.jinja_env.globals["url_for"] = UrlCache(app)
