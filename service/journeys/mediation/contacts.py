"""Who a family contacts about a disagreement, for the council's pages and, as template globals the
mediation blueprint registers (see __init__.py), for the family's pages (the case page too)."""

from __future__ import annotations

from service.data import mediation
from service.data.facts import disagreement_facts
from service.domain.clock import appeal_deadline, section_i_only


def contact_for(d, la) -> dict:
    """Who deals with it: the ICB's contact for a disagreement about health or social care parts only,
    otherwise the mediation adviser."""
    if mediation.health_only(d):
        return {
            "heading": "Health (integrated care board) disagreement contact",
            "name": la.health_contact_name,
            "email": la.health_contact_email,
            "phone": la.health_contact_phone,
            "health": True,
        }
    return {
        "heading": "Mediation adviser",
        "name": la.mediation_adviser_name,
        "email": la.mediation_adviser_email,
        "phone": la.mediation_adviser_phone,
        "health": False,
    }


def appeal_by(d):
    """Once the certificate is issued (and no appeal is recorded), the last day to appeal to the SEND
    Tribunal: the later of 2 months from the decision and 1 month from the certificate."""
    if d.certificate_issued_on is None or d.appealed_on is not None:
        return None
    return appeal_deadline(d.decision_notice_on, d.certificate_issued_on, section_i_only(disagreement_facts(d)))


def disagreement_extras(d) -> dict:
    """For the family's disagreement pages: who to contact, the certificate to download, and once it is
    issued the appeal deadline."""
    la = mediation.council(d.local_authority_id)
    return {
        "contact": contact_for(d, la),
        "council": la,
        "certificate": mediation.certificate_document(d),
        "appeal_by": appeal_by(d),
    }


def mediation_adviser_contact(local_authority_id: int) -> dict:
    """The council's mediation adviser, for the family's pages before a request is made."""
    la = mediation.council(local_authority_id)
    return {"name": la.mediation_adviser_name, "email": la.mediation_adviser_email, "phone": la.mediation_adviser_phone}
