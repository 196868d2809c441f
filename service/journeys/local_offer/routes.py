"""GET /local-inclusion-plans and /local-inclusion-plans/<old_la_code>: public pages, the same for everyone."""

from __future__ import annotations

from typing import Any

from flask import abort, make_response, render_template, request, url_for

from service.auth.access import public
from service.data import settings as settings_data
from service.domain import settings as rules
from service.journeys.local_offer import bp

# Stored but revalidated, never served from a shared cache: each response carries its own CSP nonce, and a
# page a cache replays would reuse one. A council's edit shows at once.
CACHE_CONTROL = "no-cache"


def _cacheable(html: str):
    response = make_response(html)
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response


def paragraphs(text: str) -> list[str]:
    """A council's text as paragraphs: blank lines separate them."""
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


@bp.get("/local-inclusion-plans")
@public
def plans():
    return _cacheable(
        render_template(
            "local_offer/index.html", plans=settings_data.published_plans(), page_title="Local inclusion plans"
        )
    )


@bp.get("/local-inclusion-plans/<old_la_code>")
@public
def plan(old_la_code: str):
    found = settings_data.published_plan(old_la_code) if old_la_code.isdigit() and len(old_la_code) == 3 else None
    if found is None:
        abort(404)
    la, inclusion_plan = found
    parsed = rules.parse_filters(request.args)
    filters = parsed.filters
    result = settings_data.settings_in_area(la, phases=filters.phases, needs=filters.needs, page=filters.page)

    def link(**changes: Any) -> str:
        values: dict[str, Any] = {"phase": list(filters.phases) or None, "need": list(filters.needs) or None}
        values.update(changes)
        return url_for(".plan", old_la_code=old_la_code, **{k: v for k, v in values.items() if v})

    return _cacheable(
        render_template(
            "local_offer/plan.html",
            la=la,
            plan=inclusion_plan,
            partnership=paragraphs(inclusion_plan.partnership),
            offer=paragraphs(inclusion_plan.offer),
            filters=filters,
            result=result,
            link=link,
            needs=rules.NEEDS,
            phases=rules.PHASES,
            page_title=f"{la.name}: local inclusion plan",
        )
    )
