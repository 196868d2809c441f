"""Consultations with the professional's setting on a draft plan (CFA 2014 s39(2))."""

from __future__ import annotations

from flask import abort, render_template

from service.auth.professional import current_organisation, current_professional, professional_required
from service.data import audit
from service.data import professionals as professionals_data
from service.journeys.professional import bp
from service.web import client_ip, today_in_london


@bp.get("/consultations/<int:consultation_id>")
@professional_required
def consultation(consultation_id: int):
    person, organisation = current_professional(), current_organisation()
    found = professionals_data.consultation_for(organisation.id, consultation_id)
    if found is None:
        abort(404)
    consultation, case, council = found
    audit.record_professional(
        person.id,
        council.id,
        "consultation.view",
        case_id=case.id,
        detail=f"consultation:{consultation.id}",
        ip_address=client_ip(),
    )
    return render_template(
        "professional/consultation.html",
        person=person,
        organisation=organisation,
        consultation=consultation,
        case=case,
        council=council,
        today=today_in_london(),
        page_title=f"Can {consultation.setting_name} meet {case.child_first_name}'s needs?",
    )
