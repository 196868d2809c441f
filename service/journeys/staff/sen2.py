"""The SEN2 return for managers (issue 17 part 5): choose a collection year, read the validation report
grouped by rule, and download the return as CSV (a ZIP of one file per module) or XML, and the report as
CSV. The council is always the signed-in manager's: an address that names another council (by id or DfE
code, in any of COUNCIL_PARAMETERS) is a 404, as for any other tenant's id. Viewing and each download are
audited."""

from __future__ import annotations

from flask import Response, abort, render_template, request

from service.auth.staff import MANAGER, current_local_authority, current_staff, staff_required
from service.data import audit
from service.data.sen2 import sen2_return
from service.domain.sen2.codes import CENSUS_DATES, collection_period
from service.domain.sen2.output import csv_zip, validation_csv, xml
from service.domain.sen2.rules import MODULES, RULES, Sen2Return
from service.journeys.staff import bp
from service.web import staff_change

SHOWN_PER_RULE = 100  # the page lists this many failures of each rule; the CSV has every one
MODULE_NAMES = {
    "person": "People",
    "requests": "Requests",
    "assessment": "Assessments",
    "namedplan": "Named plans",
    "plandetail": "Plan details (settings named)",
    "activeplans": "Active plans",
    "placementdetail": "Placements",
    "senneed": "Types of need",
}
DOWNLOADS = {
    "zip": ("application/zip", "{stem}.zip"),
    "xml": ("application/xml", "{stem}.xml"),
    "validation": ("text/csv; charset=utf-8", "{stem}-validation.csv"),
}


COUNCIL_PARAMETERS = ("council", "la", "lea", "local_authority", "local_authority_id")


def refuse_another_council() -> None:
    """404 when the query names a council other than the signed-in manager's own (its id or DfE code)."""
    la = current_local_authority()
    own = {str(la.id), la.old_la_code}
    for name in COUNCIL_PARAMETERS:
        for value in request.args.getlist(name):
            if value.strip() not in own:
                abort(404)


def years() -> list[dict]:
    return [
        {"year": year, "census": census, "period": collection_period(year)}
        for year, census in sorted(CENSUS_DATES.items(), reverse=True)
    ]


def _return(year: int) -> tuple[Sen2Return, str]:
    user = current_staff()
    result = sen2_return(user.local_authority_id, year)
    return result, result.header["LEA"]


@bp.get("/sen2")
@staff_required(MANAGER)
def sen2():
    refuse_another_council()
    user = current_staff()
    raw = request.args.get("year")
    errors: list[dict] = []
    result = None
    groups: list[dict] = []
    if raw is not None:
        year = int(raw) if raw.strip().isdigit() else None
        if year not in CENSUS_DATES:
            errors.append({"text": "Select a collection year from the list", "href": f"#year-{min(CENSUS_DATES)}"})
        else:
            result, _ = _return(year)
            audit.record(
                user.id, user.local_authority_id, "sen2.view", None, detail=str(year), ip_address=staff_change().ip
            )
            for rule, description in RULES.items():
                # like problems together (every missing ethnicity, then every missing sex), each group by reference
                failures = sorted(
                    (f for f in result.failures if f.rule == rule),
                    key=lambda f: (f.module, f.field, f.problem, f.reference),
                )
                if failures:
                    groups.append({"rule": rule, "description": description, "count": len(failures),
                                   "failures": failures[:SHOWN_PER_RULE]})  # fmt: skip
    return render_template(
        "staff/sen2.html",
        user=user,
        years=years(),
        chosen=raw or "",
        result=result,
        groups=groups,
        modules=MODULES,
        module_names=MODULE_NAMES,
        error_list=errors,
        page_title="SEN2 return",
    )


@bp.get("/sen2/<int:year>/<kind>")
@staff_required(MANAGER)
def sen2_download(year: int, kind: str):
    if year not in CENSUS_DATES or kind not in DOWNLOADS:
        abort(404)
    refuse_another_council()
    user = current_staff()
    result, lea = _return(year)
    audit.record(
        user.id, user.local_authority_id, "sen2.download", None, detail=f"{year} {kind}", ip_address=staff_change().ip
    )
    mimetype, name = DOWNLOADS[kind]
    stem = f"SEN2-{year}-{lea}"
    body: bytes | str
    if kind == "zip":
        body = csv_zip(result, lea)
    elif kind == "xml":
        body = xml(result)
    else:
        body = "\ufeff" + validation_csv(result)
    return Response(
        body,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{name.format(stem=stem)}"',
            "Cache-Control": "no-store",
        },
    )
