"""Every route declares who may use it; staff see only their own local authority's cases."""

import re
from datetime import date

import pytest

from tests.factories import LEEDS, make_case, make_organisation, make_professional, make_staff
from tests.integration.staff.helpers import csrf_of, sign_in, url
from tests.pages import check_page


def _staff(app, role="caseworker", **fields):
    with app.app_context():
        return make_staff(role, **fields)


def _case_id(app, local_authority="886") -> int:
    with app.app_context():
        return make_case(local_authority).id


def _leeds_ids(app) -> dict:
    """One of each kind of id in Leeds, for a Kent manager (the widest role) to try."""
    from service.db import db
    from service.models import AdviceRequest, AgreedActionRecord, Case, Disagreement, Document

    leeds_case = _case_id(app, LEEDS)
    with app.app_context():
        advice = AdviceRequest(case_id=leeds_case, kind="health", requested_on=date.today())
        document = Document(
            case_id=leeds_case,
            filename="letter.pdf",
            content_type="application/pdf",
            size_bytes=10,
            storage_key="k",
            uploaded_by="family",
            status="clean",
        )
        leeds_la = db.session.get(Case, leeds_case).local_authority_id
        disagreement = Disagreement(
            case_id=leeds_case,
            local_authority_id=leeds_la,
            decision_kind="not_to_assess",
            decision_notice_on=date.today(),
            wants_mediation=True,
            contacted_on=date.today(),
        )
        db.session.add_all([advice, document, disagreement])
        db.session.commit()
        action = AgreedActionRecord(
            disagreement_id=disagreement.id,
            local_authority_id=leeds_la,
            description="Send the draft plan",
            kind="make_plan_draft",
            agreed_on=date.today(),
        )
        db.session.add(action)
        db.session.commit()
        staff = make_staff(local_authority=LEEDS)
        plan_ids = _leeds_plan(db.session.get(Case, leeds_case), staff)
        leeds_eps = make_organisation("educational_psychology", LEEDS)  # not a setting: Leeds's own
        leeds_ep = make_professional(leeds_eps)
        from service.models import Setting

        leeds_setting = Setting(name="Leeds's own setting", source="local", local_authority_id=leeds_la)  # settings
        db.session.add(leeds_setting)
        db.session.commit()
        from service.models import Consultation, TailoredSetting

        entry = TailoredSetting(case_id=leeds_case, setting_id=leeds_setting.id, name=leeds_setting.name)  # placement
        consultation = Consultation(
            case_id=leeds_case,
            organisation_id=make_organisation("setting", LEEDS, urn=990999).id,
            setting_name="Leeds Primary",
            sent_on=date.today(),
            due_on=date.today(),
        )
        from service.models import PlanReview, TribunalOrderRecord

        review = PlanReview(case_id=leeds_case, local_authority_id=leeds_la, arranged_by="council")  # reviews
        order = TribunalOrderRecord(  # cease and Tribunal orders (issue 15)
            case_id=leeds_case, local_authority_id=leeds_la, kind="amend_contents", ordered_on=date.today()
        )
        db.session.add_all([entry, consultation, review, order])
        db.session.commit()
        return {
            "review_id": review.id,
            "decision": "maintain",  # review_decisions: the dates page of a decision to maintain
            "outcome_id": "outcome-1",
            "order_id": order.id,
            "entry_id": entry.id,
            "consultation_id": consultation.id,
            "setting_id": leeds_setting.id,
            "case_id": leeds_case,
            "advice_id": advice.id,
            "document_id": document.id,
            "staff_id": staff.id,
            "disagreement_id": disagreement.id,
            "action_id": action.id,
            "organisation_id": leeds_eps.id,
            "professional_id": leeds_ep.id,
            "la_code": "383",  # Leeds: staff sign-in with a council's own provider (none configured here)
            # the dashboard's tables and the SEN2 return are the signed-in council's own: no tenant id in the
            # address, so an unknown table, year or file is the 404 (another council's id: test_sen2_page)
            "table_id": "x",
            "year": 1999,
            "kind": "x",
            **plan_ids,
        }


def _leeds_plan(case, staff) -> dict:
    """A Leeds plan with an issued version and a family comment on it: its section, item, version number
    and comment id (and an issue kind), for the plan routes."""
    import json

    from service.data import plan_changes, plans
    from service.data.context import ChangeContext
    from service.db import db
    from service.models import PlanComment, PlanVersion

    plan = plan_changes.start_plan(ChangeContext(user=staff, ip="127.0.0.1", today=date.today()), case)
    version = PlanVersion(
        plan_id=plan.id,
        case_id=case.id,
        local_authority_id=case.local_authority_id,
        number=1,
        status="draft",
        label="Draft 1",
        document=json.dumps(plans.working(plan)),
        issued_on=date.today(),
    )
    db.session.add(version)
    db.session.flush()
    comment = PlanComment(
        plan_version_id=version.id, case_id=case.id, section="b", text="A comment", author_role="parent"
    )
    db.session.add(comment)
    db.session.commit()
    # step: not an id, so another council's case is 404 by its id and a Kent case by an unknown step
    return {"key": "b", "item_id": "need-1", "kind": "draft", "number": 1, "comment_id": comment.id, "step": "x"}


def test_another_councils_ids_are_404_on_every_staff_route_that_takes_one(client, app):
    """Walks the url_map, so a new staff route with an id is covered (or fails here until it has a value)."""
    leeds = _leeds_ids(app)
    kent_case = _case_id(app)
    sign_in(client, app, _staff(app, "manager"))
    rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/staff/") and r.arguments]
    assert {"case_id", "advice_id", "document_id", "staff_id", "disagreement_id", "action_id"} <= {
        a for r in rules for a in r.arguments
    }
    checked = 0
    for rule in rules:
        unknown = set(rule.arguments) - set(leeds) - {"token"}
        assert not unknown, f"{rule.rule}: add a Leeds value for {unknown} to this test"
        variants = [dict(leeds, token="not-a-token")]
        if "case_id" in rule.arguments and len(rule.arguments) > 1:
            variants.append(dict(leeds, case_id=kent_case, token="x"))  # a Kent case with another council's child id
        for values in variants:
            path = rule.rule
            for name in rule.arguments:
                path = re.sub(rf"<(?:int:)?{name}>", str(values[name]), path)
            for method in sorted(rule.methods & {"GET", "POST"}):
                if method == "GET":
                    response = client.get(path)
                else:
                    token = csrf_of(client, f"/staff/cases/{kent_case}")
                    response = client.post(path, data={"csrf_token": token})
                assert response.status_code == 404, (method, path, response.status_code)
                checked += 1
    assert checked >= 20


def test_a_read_only_user_can_read_but_not_change(client, app):
    sign_in(client, app, _staff(app, "read_only"))
    case_id = _case_id(app)
    page = check_page(client.get(url(app, "staff.case_record", case_id=case_id)))
    assert "Record a statutory step" not in page.get_text()
    response = client.get(url(app, "staff.record_step", case_id=case_id))
    assert check_page(response, status=403).h1.get_text(strip=True) == "You do not have permission to do this"


@pytest.mark.parametrize("path", ["/staff/cases", "/staff/cases/1", "/staff/cases/1/record-step"])
def test_signed_out_visitors_are_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/staff/sign-in" in response.location


def test_every_case_view_is_audited(client, app):
    from sqlmodel import select

    from service.db import db
    from service.models import AuditEvent

    sign_in(client, app, _staff(app))
    case_id = _case_id(app)
    client.get(url(app, "staff.case_record", case_id=case_id))
    with app.app_context():
        event = db.session.exec(select(AuditEvent).where(AuditEvent.case_id == case_id)).one()
        assert event.action == "case.view" and event.staff_user_id is not None
