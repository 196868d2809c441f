"""Walk the family's mediation request journey with the Flask test client, one page at a time."""

from __future__ import annotations

from sqlmodel import select

from service.models import Case
from tests.integration.staff.helpers import csrf_of


def case_named(app, first_name: str) -> Case:
    from service.db import db

    with app.app_context():
        return db.session.exec(select(Case).where(Case.child_first_name == first_name)).one()


def update_case(app, first_name: str, **values) -> Case:
    from service.db import db

    with app.app_context():
        case = db.session.exec(select(Case).where(Case.child_first_name == first_name)).one()
        for name, value in values.items():
            setattr(case, name, value)
        db.session.commit()
        db.session.refresh(case)
        return case


def page(case_id: int, slug: str = "") -> str:
    return f"/your-cases/{case_id}/disagree" + (f"/{slug}" if slug else "")


def answer(client, path: str, **data):
    """POST one page's answers with a fresh CSRF token from that page."""
    return client.post(path, data={"csrf_token": csrf_of(client, path), **data})


def send_request(client, case_id: int, wants: str = "mediation", sections=None, **arranging):
    """Answer every page and send the request; returns the response to 'Send request'."""
    if sections is not None:
        answer(client, page(case_id, "what-you-disagree-with"), sections=sections)
    answer(client, page(case_id, "mediation-or-certificate"), wants=wants)
    if wants == "mediation":
        answer(client, page(case_id, "arranging-mediation"), **arranging)
    return answer(client, page(case_id, "check-answers"))
