"""Tribunal orders and unopposed appeals (regs 44 and 45) on a case, and the health duties on a disagreement:
the council telling the ICB (3 working days) and the ICB telling the council of an agreement (reg 42(4))."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from service.db import db
from service.domain.clock import add_weeks, add_working_days, format_govuk_date
from service.models import AgreedActionRecord, AuditEvent, CaseEvent, Disagreement, TribunalOrderRecord
from tests.factories import LEEDS, make_case, make_disagreement
from tests.integration.cease.helpers import TODAY, case_row, dated, form_of, plan_case, signed_in
from tests.integration.staff.helpers import url
from tests.pages import check_page


def _order(kind: str = "amend_contents", on=None, unopposed: str = "no", **extra) -> dict:
    return {"kind": kind, "unopposed": unopposed, **dated("ordered_on", on or TODAY), "description": "", **extra}


def test_an_order_is_recorded_with_its_deadline_in_the_cases_next_due(app, client):
    signed_in(client, app)
    case_id = plan_case(app, issued_days_ago=30)
    path = url(app, "staff.tribunal_order_new", case_id=case_id)
    ordered = TODAY - timedelta(days=2)
    response = client.post(path, data={**form_of(client, path), **_order("section_i_only", ordered)})
    assert response.status_code == 302
    due = add_weeks(ordered, 2)
    case = case_row(app, case_id)
    assert case.next_due_on == due and case.next_due_key.startswith("tribunal_order:")
    page = check_page(client.get(url(app, "staff.tribunal_orders", case_id=case_id)))
    assert format_govuk_date(due) in page.select_one("table").get_text()
    with app.app_context():
        row = db.session.exec(select(TribunalOrderRecord).where(TribunalOrderRecord.case_id == case_id)).one()
        assert db.session.exec(select(AuditEvent).where(AuditEvent.action == "case.tribunal_order")).one()
    done = url(app, "staff.tribunal_order_done", case_id=case_id, order_id=row.id)
    assert client.post(done, data={**form_of(client, done), **dated("on", TODAY)}).status_code == 302
    case = case_row(app, case_id)
    assert not case.next_due_key.startswith("tribunal_order:")
    assert client.get(done).status_code == 404  # done once


def test_an_unopposed_appeal_runs_the_same_periods_from_the_day_the_council_told_the_tribunal(app, client):
    signed_in(client, app)
    case_id = plan_case(app, issued_days_ago=30)
    path = url(app, "staff.tribunal_order_new", case_id=case_id)
    told = TODAY - timedelta(days=1)
    assert client.post(path, data={**form_of(client, path), **_order("amend_contents", told, "yes")}).status_code == 302
    page = check_page(client.get(url(app, "staff.tribunal_orders", case_id=case_id)))
    text = page.select_one("table").get_text(" ", strip=True)
    assert "Not opposed" in text and format_govuk_date(add_weeks(told, 5)) in text
    with app.app_context():
        summary = db.session.exec(select(CaseEvent.summary).where(CaseEvent.kind == "tribunal_order")).one()
    assert summary.startswith("The council did not oppose the appeal")


def test_bad_order_input_is_refused(app, client):
    signed_in(client, app)
    case_id = plan_case(app)
    path = url(app, "staff.tribunal_order_new", case_id=case_id)
    page = check_page(client.post(path, data={**form_of(client, path), **_order("not_appealable")}), 400)
    assert page.select(".govuk-error-summary")
    page = check_page(client.post(path, data={**form_of(client, path), **_order(on=TODAY + timedelta(days=1))}), 400)
    assert page.select(".govuk-error-summary")
    with app.app_context():
        assert db.session.exec(select(TribunalOrderRecord)).all() == []


def test_two_browsers_record_the_order_once(app, client):
    signed_in(client, app, name="Asha Patel")
    other = app.test_client()
    signed_in(other, app, name="Ben Jones")
    case_id = plan_case(app)
    path = url(app, "staff.tribunal_order_new", case_id=case_id)
    mine, theirs = form_of(client, path), form_of(other, path)
    assert other.post(path, data={**theirs, **_order()}).status_code == 302
    page = check_page(client.post(path, data={**mine, **_order()}), status=409)
    assert "Ben Jones (council)" in page.select_one("#changes").get_text()
    with app.app_context():
        assert len(db.session.exec(select(TribunalOrderRecord)).all()) == 1


def test_another_councils_or_cases_order_is_404_and_no_csrf_is_400(app, client):
    person = signed_in(client, app)
    case_id, other_id = plan_case(app), plan_case(app)
    with app.app_context():
        leeds = make_case(LEEDS, stage="final_issued", final_issued_on=TODAY - timedelta(days=50))
        order = TribunalOrderRecord(case_id=other_id, local_authority_id=person.local_authority_id,
                                    kind="amend_contents", ordered_on=TODAY)  # fmt: skip
        db.session.add(order)
        db.session.commit()
        leeds_id, order_id = leeds.id, order.id
    for endpoint in ("staff.tribunal_orders", "staff.tribunal_order_new"):
        assert client.get(url(app, endpoint, case_id=leeds_id)).status_code == 404
    assert client.get(url(app, "staff.tribunal_order_done", case_id=case_id, order_id=order_id)).status_code == 404
    path = url(app, "staff.tribunal_order_new", case_id=case_id)
    form = {k: v for k, v in {**form_of(client, path), **_order()}.items() if k != "csrf_token"}
    assert client.post(path, data=form).status_code == 400


def _health_disagreement(app, person) -> tuple[int, int]:
    with app.app_context():
        case = make_case(stage="final_issued", final_issued_on=TODAY - timedelta(days=20))
        d = make_disagreement(case, sections=("F", "health"), contacted_on=TODAY - timedelta(days=1))
        return case.id, d.id


def test_the_icb_told_date_meets_the_3_working_day_duty(app, client):
    person = signed_in(client, app)
    case_id, d_id = _health_disagreement(app, person)
    due = add_working_days(TODAY - timedelta(days=1), 3)
    assert case_row(app, case_id).next_due_on <= due
    record = check_page(client.get(f"/staff/disagreements/{d_id}"))
    text = record.get_text(" ", strip=True)
    assert "Tell the ICB about the health issues" in text and "Record when the ICB was told" in text
    path = url(app, "staff.icb_told", disagreement_id=d_id)
    early = dated("on", TODAY - timedelta(days=30))
    assert check_page(client.post(path, data={**form_of(client, path), **early}), 400).select(".govuk-error-summary")
    assert client.post(path, data={**form_of(client, path), **dated("on", TODAY)}).status_code == 302
    with app.app_context():
        assert db.session.get(Disagreement, d_id).icb_told_on == TODAY
    assert case_row(app, case_id).next_due_key != "health_notice"
    assert client.get(path).status_code == 404  # recorded once


def test_the_icb_tells_the_council_within_a_week_of_a_health_agreement(app, client):
    person = signed_in(client, app)
    case_id, d_id = _health_disagreement(app, person)
    agreed = TODAY - timedelta(days=2)
    with app.app_context():
        d = db.session.get(Disagreement, d_id)
        d.mediation_held_on = d.mediation_ended_on = agreed
        d.outcome = "agreement"
        d.icb_told_on = TODAY - timedelta(days=1)
        action = AgreedActionRecord(disagreement_id=d_id, local_authority_id=d.local_authority_id,
                                    description="Speech therapy assessment", kind="not_appealable",
                                    agreed_on=agreed, health=True)  # fmt: skip
        db.session.add_all([d, action])
        db.session.commit()
        action_id = action.id
    text = check_page(client.get(f"/staff/disagreements/{d_id}")).get_text(" ", strip=True)
    assert "The ICB tells the council what it will do about the agreed health provision (1 week): " in text
    assert format_govuk_date(add_weeks(agreed, 1)) in text
    path = url(app, "staff.health_told", disagreement_id=d_id, action_id=action_id)
    assert client.post(path, data={**form_of(client, path), **dated("on", TODAY)}).status_code == 302
    with app.app_context():
        assert db.session.get(AgreedActionRecord, action_id).icb_told_council_on == TODAY
    # the ICB's week is never the council's next duty
    assert case_row(app, case_id).next_due_key != "icb_agreement_notice"


def test_another_councils_disagreement_is_404(app, client):
    signed_in(client, app)
    with app.app_context():
        leeds = make_case(LEEDS, stage="final_issued", final_issued_on=TODAY - timedelta(days=20))
        d_id = make_disagreement(leeds, sections=("health",)).id
    assert client.get(url(app, "staff.icb_told", disagreement_id=d_id)).status_code == 404
