"""A young person can hold their own account for their case; a parent then sees it only with their agreement."""

from sqlmodel import select

from service.models import Case, CaseEvent
from tests.integration.staff.helpers import csrf_of, seed
from tests.integration.track.test_family import FAMILY, _ask, _message
from tests.pages import check_page

YOUNG_PERSON = "amara.young@example.com"


def _sign_in(client, app, email):
    _ask(client, email)
    return client.get(_message(app, email)[-1]["link"].split("localhost", 1)[1])


def _hand_over(app) -> int:
    from service.data import family as family_data
    from service.db import db

    with app.app_context():
        case = db.session.exec(select(Case).where(Case.child_first_name == "Amara")).one()
        family_data.give_young_person_access(case, YOUNG_PERSON)
        db.session.commit()
        return case.id


def _listed(client) -> list[str]:
    page = check_page(client.get("/your-cases"))
    return [a.get_text(" ", strip=True) for a in page.select(".govuk-summary-card__title a")]


def test_a_parent_sees_every_child_and_loses_a_case_the_young_person_holds_until_they_agree(client, app):
    seed(app)
    _sign_in(client, app, FAMILY)
    before = _listed(client)
    assert len(before) >= 2 and any("Amara" in t for t in before) and any("Leo" in t for t in before)
    case_id = _hand_over(app)
    after = _listed(client)
    assert not any("Amara" in t for t in after) and any("Leo" in t for t in after)
    assert client.get(f"/your-cases/{case_id}").status_code == 404
    assert client.get(f"/your-cases/{case_id}/sharing").status_code == 404  # only the young person chooses

    young = app.test_client()
    _sign_in(young, app, YOUNG_PERSON)
    assert [t for t in _listed(young) if "Amara" in t] and not [t for t in _listed(young) if "Leo" in t]
    case_page = check_page(young.get(f"/your-cases/{case_id}"))
    assert case_page.select_one(f'a[href="/your-cases/{case_id}/sharing"]')
    sharing = check_page(young.get(f"/your-cases/{case_id}/sharing"))
    assert FAMILY in sharing.get_text() and "Cannot see this request" in sharing.get_text()
    access_id = sharing.select_one("input[name=access_id]")["value"]
    token = csrf_of(young, f"/your-cases/{case_id}/sharing")
    saved = young.post(
        f"/your-cases/{case_id}/sharing", data={"csrf_token": token, "access_id": access_id, "agreed": "yes"}
    )
    assert saved.status_code == 302
    assert "Can see this request" in check_page(young.get(saved.location)).get_text()
    assert check_page(client.get(f"/your-cases/{case_id}")).select_one("h1").get_text() == "Amara's request"

    token = csrf_of(young, f"/your-cases/{case_id}/sharing")
    young.post(f"/your-cases/{case_id}/sharing", data={"csrf_token": token, "access_id": access_id, "agreed": "no"})
    assert client.get(f"/your-cases/{case_id}").status_code == 404
    from service.db import db

    with app.app_context():
        kinds = db.session.exec(select(CaseEvent.summary).where(CaseEvent.case_id == case_id)).all()
    assert "The young person agreed to a parent seeing this request" in kinds
    assert "The young person stopped a parent seeing this request" in kinds


def test_a_young_person_cannot_change_access_on_someone_elses_row(client, app):
    seed(app)
    case_id = _hand_over(app)
    from service.db import db
    from service.models import CaseAccess

    with app.app_context():
        other_case = db.session.exec(select(Case).where(Case.child_first_name == "Leo")).one()
        foreign = CaseAccess(case_id=other_case.id, email="someone@example.com", role="parent")
        db.session.add(foreign)
        db.session.commit()
        foreign_id = foreign.id
    _sign_in(client, app, YOUNG_PERSON)
    token = csrf_of(client, f"/your-cases/{case_id}/sharing")
    client.post(f"/your-cases/{case_id}/sharing", data={"csrf_token": token, "access_id": foreign_id, "agreed": "yes"})
    with app.app_context():
        assert db.session.get(CaseAccess, foreign_id).agreed_by_young_person is False
    assert (
        client.post(f"/your-cases/{case_id}/sharing", data={"access_id": foreign_id, "agreed": "yes"}).status_code
        == 400
    )


def test_messages_about_a_case_the_young_person_holds_go_to_them_not_to_the_parent(app):
    from datetime import date

    from service.data.family_messages import send_case_update
    from service.db import db
    from service.models import OutboxMessage

    seed(app)
    case_id = _hand_over(app)
    with app.app_context():
        case = db.session.get(Case, case_id)
        send_case_update(case, "The council sent the draft EHC plan on 1 December 2026", date.today())
        db.session.commit()
        sent = db.session.exec(
            select(OutboxMessage).where(OutboxMessage.case_id == case_id, OutboxMessage.template == "case_update")
        ).all()
    assert [m.recipient for m in sent] == [YOUNG_PERSON]
