"""Advice asked of the professional's organisation (reg 6): what the council asks and by when."""

from __future__ import annotations

from flask import abort, render_template

from service.auth.professional import current_organisation, current_professional, professional_required
from service.data import audit
from service.data import professionals as professionals_data
from service.journeys.professional import bp
from service.web import client_ip, today_in_london


@bp.get("/advice/<int:advice_id>")
@professional_required
def advice_request(advice_id: int):
    person, organisation = current_professional(), current_organisation()
    found = professionals_data.advice_request_for(organisation.id, advice_id)
    if found is None:
        abort(404)
    advice, case, council = found
    audit.record_professional(
        person.id, council.id, "advice.view", case_id=case.id, detail=f"advice:{advice.id}", ip_address=client_ip()
    )
    return render_template(
        "professional/advice_request.html",
        person=person,
        organisation=organisation,
        advice=advice,
        case=case,
        council=council,
        today=today_in_london(),
        page_title=f"Advice for {case.child_first_name} {case.child_last_name}",
    )
