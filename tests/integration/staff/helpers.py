"""Sign staff in through the real two-step sign-in, reading the code from the outbox."""

from __future__ import annotations

import json
from datetime import date

from flask import url_for
from sqlmodel import select

from service.demo import DEMO_PASSWORD, seed_demo
from service.models import OutboxMessage, StaffUser
from tests import factories
from tests.pages import check_page


def seed(app) -> None:
    from service.data.caseload import forget_all_counts

    forget_all_counts()  # the filter counts are cached per process; every test starts from fresh tables
    with app.app_context():
        seed_demo(date.today())


def csrf_of(client, path: str) -> str:
    return check_page(client.get(path)).find("input", attrs={"name": "csrf_token"})["value"]


def url(app, endpoint: str, **values) -> str:
    """The path of a route, for tests where the route matters more than its URL."""
    with app.test_request_context():
        return url_for(endpoint, **values)


def sign_in(client, app, email: str | StaffUser, password: str | None = None):
    """Sign in as a demo account's email (with the demo password), or as a factory-made StaffUser (with
    the factories' password), unless `password` is given."""
    if isinstance(email, StaffUser):
        email, password = email.email, password or factories.PASSWORD
    password = DEMO_PASSWORD if password is None else password
    token = csrf_of(client, "/staff/sign-in")
    response = client.post("/staff/sign-in", data={"csrf_token": token, "email": email, "password": password})
    if not response.location or not response.location.endswith("/staff/sign-in/code"):
        return response
    with app.app_context():
        from service.db import db

        message = db.session.exec(
            select(OutboxMessage)
            .where(OutboxMessage.recipient == email, OutboxMessage.template == "staff_sign_in_code")
            .order_by(OutboxMessage.created_at.desc())
        ).first()
        code = json.loads(message.personalisation)["code"]
    token = csrf_of(client, "/staff/sign-in/code")
    return client.post("/staff/sign-in/code", data={"csrf_token": token, "code": f" {code[:3]} {code[3:]} "})


def case_ids(app, la_code: str) -> list[int]:
    from service.data.local_authorities import by_old_code
    from service.db import db
    from service.models import Case

    with app.app_context():
        la = by_old_code(la_code)
        return [c.id for c in db.session.exec(select(Case).where(Case.local_authority_id == la.id))]
