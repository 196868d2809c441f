"""A plan moving with the family to another council (reg 15): the move recorded with its due date on the
15-working-day count; refused to the same council, without a final plan, once ceased or twice; the transfer
moving the case and every row scoped by council, unassigned, with both councils' audit and records; the old
council's 404 afterwards; the new council's caseload, next due and 6-week notice; the family told; stale forms
from a second browser refused with nothing moved twice; missing CSRF 400; future and impossible dates."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlmodel import col, select

from service.db import db
from service.domain.clock import add_months, add_weeks, add_working_days, next_working_day_on_or_after
from service.models import (
    AgreedActionRecord,
    CaseEvent,
    CaseNote,
    Disagreement,
    Plan,
    PlanReview,
    PlanVersion,
    TribunalOrderRecord,
)
from tests.factories import make_case, make_staff
from tests.integration.staff.helpers import csrf_of, sign_in
from tests.integration.transfers.helpers import (
    FAMILY,
    SURREY_TEAM,
    audit_actions,
    case_of,
    date_parts,
    errors,
    final_case,
    form_values,
    messages,
    page,
    post,
    record_move,
    transfer_now,
    transfers,
)
from tests.pages import check_page

TODAY = date.today


def _moved(app, client, data, aware_on=None, move_on=None):
    sign_in(client, app, data["kent"])
    response = record_move(client, data["case"], data["surrey_id"], aware_on or TODAY(), move_on)
    assert response.status_code == 302, errors(response)
    return response


def _transferred(app, client, data, on=None):
    _moved(app, client, data)
    response = transfer_now(client, data["case"], on or TODAY())
    assert response.status_code == 302, errors(response)
    return response


def test_the_case_page_links_to_recording_a_move_once_the_final_plan_is_issued(client, app):
    data = final_case(app)
    with app.app_context():
        draft_only = make_case(stage="draft_issued")
    sign_in(client, app, data["kent"])
    links = [a.get_text(strip=True) for a in check_page(client.get(f"/staff/cases/{data['case']}")).select("a")]
    assert "Record a move to another council" in links
    links = [a.get_text(strip=True) for a in check_page(client.get(f"/staff/cases/{draft_only.id}")).select("a")]
    assert "Record a move to another council" not in links


def test_a_move_recorded_is_due_15_working_days_beginning_with_the_day_of_awareness(client, app):
    data = final_case(app)
    aware = TODAY() - timedelta(days=2)
    _moved(app, client, data, aware_on=aware)
    [transfer] = transfers(app)
    assert (transfer.from_local_authority_id, transfer.to_local_authority_id) == (data["kent_id"], data["surrey_id"])
    assert transfer.aware_on == aware and transfer.transferred_on is None
    due = add_working_days(next_working_day_on_or_after(aware), 14)
    text = check_page(client.get(page(data["case"]))).get_text(" ", strip=True)
    assert "The family is moving to Surrey" in text
    assert f"Transfer the plan by {due.day} " in text
    # the caseload's next due is the transfer (the plan's other duties are later)
    case = case_of(app, data["case"])
    assert (case.next_due_key, case.next_due_on) == ("transfer_to_new_la", due)
    assert "transfer.recorded" in audit_actions(app, data["case"], data["kent_id"])
    assert "transfer.view" in audit_actions(app, data["case"], data["kent_id"])
    with app.app_context():
        events = list(db.session.exec(select(CaseEvent.summary).where(CaseEvent.case_id == data["case"])))
    assert any(s.startswith("Told on") and "moving to Surrey" in s for s in events)


def test_told_15_working_days_before_the_move_it_is_due_on_the_day_of_the_move(client, app):
    data = final_case(app)
    move = TODAY() + timedelta(days=60)
    _moved(app, client, data, aware_on=TODAY(), move_on=move)
    case = case_of(app, data["case"])
    assert (case.next_due_key, case.next_due_on) == ("transfer_to_new_la", move)


def test_a_move_to_the_same_council_is_refused(client, app):
    data = final_case(app)
    sign_in(client, app, data["kent"])
    response = record_move(client, data["case"], data["kent_id"], TODAY())
    assert errors(response) == [
        "Select a council other than Kent: it already holds the plan, so there is nothing to transfer"
    ]
    # the list offers every other council, not Kent
    options = [o["value"] for o in check_page(client.get(page(data["case"], "new"))).select("select option")]
    assert str(data["kent_id"]) not in options and str(data["surrey_id"]) in options
    assert transfers(app) == []


def test_no_move_without_a_final_plan_and_none_for_a_ceased_plan(client, app):
    data = final_case(app)
    with app.app_context():
        staff = make_staff()
        draft_only = make_case(stage="draft_issued")
        ceased = make_case(stage="final_issued", ceased_on=TODAY() - timedelta(days=1))
    sign_in(client, app, staff)
    assert client.get(page(draft_only.id, "new")).status_code == 302
    text = check_page(client.get(page(draft_only.id))).get_text(" ", strip=True)
    assert "only be recorded once the final EHC plan is issued" in text
    response = record_move(
        client, draft_only.id, data["surrey_id"], TODAY(), opened=_opened(app, client, draft_only.id)
    )
    assert errors(response) == ["A move to another council can only be recorded once the final EHC plan is issued"]
    response = record_move(client, ceased.id, data["surrey_id"], TODAY(), opened=_opened(app, client, ceased.id))
    assert errors(response) == ["The plan has ceased, so there is nothing to transfer"]
    assert transfers(app) == []


def _opened(app, client, case_id: int) -> dict:
    """The form values a page of the case would carry (for a form its page does not offer)."""
    return {
        "csrf_token": csrf_of(client, f"/staff/cases/{case_id}/assign"),
        "version": str(case_of(app, case_id).version),
    }


def test_one_open_move_at_a_time_and_impossible_future_and_early_dates_are_refused(client, app):
    data = final_case(app)
    sign_in(client, app, data["kent"])
    response = post(
        client,
        page(data["case"], "new"),
        to=str(data["surrey_id"]),
        **{"aware_on-day": "31", "aware_on-month": "2", "aware_on-year": "2027"},
    )
    assert errors(response) == ["Date the council became aware of the move must be a real date"]
    response = record_move(client, data["case"], data["surrey_id"], TODAY() + timedelta(days=1))
    assert errors(response) == ["Date the council became aware of the move must be today or in the past"]
    response = record_move(client, data["case"], data["surrey_id"], TODAY(), TODAY() - timedelta(days=1))
    assert errors(response) == [
        "The date of the move must be the same as or after the date the council became aware of it"
    ]
    response = post(client, page(data["case"], "new"), **date_parts("aware_on", TODAY()))
    assert errors(response) == ["Select the council the family is moving to"]
    _moved(app, client, data, aware_on=TODAY() - timedelta(days=3))
    # the transfer's own date: not in the future, not before awareness
    response = transfer_now(client, data["case"], TODAY() + timedelta(days=1))
    assert errors(response) == ["Date the plan was transferred must be today or in the past"]
    response = transfer_now(client, data["case"], TODAY() - timedelta(days=4))
    assert len(errors(response)) == 1 and "when the council became aware of the move" in errors(response)[0]
    response = post(client, page(data["case"], "now"), **{"on-day": "40", "on-month": "1", "on-year": "2027"})
    assert errors(response) == ["Date the plan was transferred must be a real date"]
    assert client.get(page(data["case"], "new")).status_code == 200
    response = record_move(client, data["case"], data["surrey_id"], TODAY())
    assert errors(response, 409)[0].startswith("This case changed since you opened the page")
    [transfer] = transfers(app)
    assert transfer.transferred_on is None


def test_the_transfer_moves_the_case_and_every_scoped_row_and_the_old_council_gets_404(client, app):
    data = final_case(app, scoped_rows=True)
    _transferred(app, client, data)
    case = case_of(app, data["case"])
    assert case.local_authority_id == data["surrey_id"]
    assert case.assigned_caseworker_id is None
    with app.app_context():
        for model in (Plan, PlanVersion, Disagreement, PlanReview, TribunalOrderRecord):
            rows = list(db.session.exec(select(model).where(col(model.case_id) == data["case"])))
            assert rows and {r.local_authority_id for r in rows} == {data["surrey_id"]}, model.__name__
        actions = list(db.session.exec(select(AgreedActionRecord)))
        assert actions and {a.local_authority_id for a in actions} == {data["surrey_id"]}
        events = list(db.session.exec(select(CaseEvent.summary).where(CaseEvent.case_id == data["case"])))
    [transfer] = transfers(app)
    assert transfer.transferred_on == TODAY() and transfer.transferred_by_id == data["kent"].id
    assert any(s == f"Plan transferred from Kent to Surrey on {_govuk(TODAY())}" for s in events)
    # both councils' audit trails
    assert "transfer.out" in audit_actions(app, data["case"], data["kent_id"])
    assert "transfer.in" in audit_actions(app, data["case"], data["surrey_id"])
    # Kent can no longer open the case, nor post to it (path and form ids)
    for path in ("", "/timeline", "/plan", "/transfer", "/transfer/notice", "/assign"):
        assert client.get(f"/staff/cases/{data['case']}{path}").status_code == 404, path
    token = csrf_of(client, "/staff/transfers")
    assert client.post(f"/staff/cases/{data['case']}/assign", data={"csrf_token": token}).status_code == 404
    assert client.post(f"/staff/cases/{data['case']}/notes", data={"csrf_token": token, "text": "x"}).status_code == 404
    # a form of the move itself, opened before: Kent's own record says where the plan went
    response = client.post(page(data["case"], "cancel"), data={"csrf_token": token, "transfer": str(transfer.id)})
    assert "The plan was transferred to Surrey" in check_page(response, 409).get_text(" ", strip=True)
    # Kent's record keeps the transfer, with no link to the case
    listed = check_page(client.get("/staff/transfers"))
    out = listed.get_text(" ", strip=True)
    assert "Ada Stone" in out and case.reference in out and "Surrey" in out
    assert not listed.select(f'a[href*="/staff/cases/{data["case"]}"]')
    assert "transfer.list" in audit_actions(app, None, data["kent_id"])


def _govuk(on: date) -> str:
    from service.domain.clock import format_govuk_date

    return format_govuk_date(on)


def test_the_family_and_the_new_councils_send_team_are_told(client, app):
    data = final_case(app)
    _transferred(app, client, data)
    [email] = messages(app, "plan_transferred_in")
    values = json.loads(email.personalisation)
    assert email.recipient == SURREY_TEAM
    assert values["from_council"] == "Kent" and values["due_by"] == _govuk(add_weeks(TODAY(), 6))
    assert values["link"].startswith(app.config["SERVICE_URL"]) and values["link"].endswith(page(data["case"]))
    updates = [json.loads(m.personalisation) for m in messages(app, "case_update") if m.recipient == FAMILY]
    last = updates[-1]
    assert "moved from Kent to Surrey" in last["what_changed"] and "Surrey now holds the plan" in last["what_changed"]
    assert "Surrey must tell you by" in last["what_next"]
    # nothing about the child's needs travels in the messages
    assert "speech" not in json.dumps(values).lower() and "speech" not in json.dumps(last).lower()


def test_the_new_council_sees_the_case_with_the_6_week_notice_due_and_records_it(client, app):
    data = final_case(app)
    _transferred(app, client, data)
    client.post("/staff/sign-out", data={"csrf_token": csrf_of(client, "/staff/transfers")})
    sign_in(client, app, data["surrey"])
    caseload = check_page(client.get("/staff/cases")).get_text(" ", strip=True)
    assert "Ada Stone" in caseload
    case = case_of(app, data["case"])
    notice_due = add_weeks(TODAY(), 6)
    assert (case.next_due_key, case.next_due_on) == ("new_la_notice", notice_due)
    listed = check_page(client.get("/staff/transfers"))
    assert listed.select(f'a[href="{page(data["case"])}"]')
    assert "Kent" in listed.get_text(" ", strip=True)
    text = check_page(client.get(page(data["case"]))).get_text(" ", strip=True)
    assert "Transferred from Kent" in text and "regulation 16" in text
    # the review date given: the later of 12 months from the plan and 3 months from the transfer
    review = max(add_months(case.final_issued_on, 12), add_months(TODAY(), 3))
    notice_page = check_page(client.get(page(data["case"], "notice"))).get_text(" ", strip=True)
    assert _govuk(review) in notice_page
    response = post(client, page(data["case"], "notice"), **date_parts("on", TODAY()))
    assert errors(response) == ["Select whether the council will re-assess the child's needs"]
    response = post(
        client,
        page(data["case"], "notice"),
        will_reassess="no",
        interim="Hill Primary until the plan is amended",
        **date_parts("on", TODAY() - timedelta(days=1)),
    )
    assert "must be the same as or after the transfer" in errors(response)[0]
    response = post(
        client, page(data["case"], "notice"), will_reassess="no", interim="Hill Primary", **date_parts("on", TODAY())
    )
    assert response.status_code == 302
    [transfer] = transfers(app)
    assert transfer.new_la_notice_on == TODAY() and transfer.will_reassess is False
    case = case_of(app, data["case"])
    assert case.next_due_key != "new_la_notice"
    assert "transfer.notice" in audit_actions(app, data["case"], data["surrey_id"])
    with app.app_context():
        notes = list(db.session.exec(select(CaseNote.text).where(CaseNote.case_id == data["case"])))
    assert "Interim setting: Hill Primary" in notes
    family = json.loads(messages(app, "case_update")[-1].personalisation)
    assert "will not re-assess" in family["what_changed"] and _govuk(review) in family["what_next"]
    # the notice is recorded once: the page now shows it, and the form is no longer offered
    assert client.get(page(data["case"], "notice")).status_code == 302


def test_two_browsers_the_second_transfer_is_refused_and_nothing_moves_twice(client, app):
    data = final_case(app)
    _moved(app, client, data)
    first = form_values(client, page(data["case"], "now"))
    second = dict(first)
    assert transfer_now(client, data["case"], TODAY(), opened=first).status_code == 302
    response = transfer_now(client, data["case"], TODAY(), opened=second)
    found = check_page(response, 409)
    assert "The plan was transferred to Surrey" in found.get_text(" ", strip=True)
    assert "Nothing you entered has been saved" in found.get_text(" ", strip=True)
    with app.app_context():
        events = list(db.session.exec(select(CaseEvent).where(CaseEvent.kind == "transferred")))
    assert len(events) == 1
    assert audit_actions(app, data["case"], data["surrey_id"]).count("transfer.in") == 1
    assert len(messages(app, "plan_transferred_in")) == 1


def test_two_browsers_cancel_and_transfer_the_second_sees_what_changed(client, app):
    data = final_case(app)
    _moved(app, client, data)
    transfer_form = form_values(client, page(data["case"], "now"))
    cancel_form = form_values(client, page(data["case"], "cancel"))
    assert post(client, page(data["case"], "cancel"), cancel_form).status_code == 302
    assert transfers(app) == []
    response = transfer_now(client, data["case"], TODAY(), opened=transfer_form)
    found = check_page(response, 409)
    assert "cancelled: the family did not move" in found.select_one("#changes").get_text(" ", strip=True)
    assert case_of(app, data["case"]).local_authority_id == data["kent_id"]
    # a second cancel from the same old form is stale too, and a new move can be recorded
    assert check_page(post(client, page(data["case"], "cancel"), cancel_form), 409) is not None
    _moved(app, client, data)
    assert len(transfers(app)) == 1


def test_another_cases_transfer_id_in_the_form_is_404(client, app):
    data = final_case(app)
    other = final_case(app)
    _moved(app, client, other)
    [other_transfer] = transfers(app)
    sign_in(client, app, data["kent"])
    response = record_move(client, data["case"], data["surrey_id"], TODAY())
    assert response.status_code == 302
    values = form_values(client, page(data["case"], "now"))
    values["transfer"] = str(other_transfer.id)
    assert transfer_now(client, data["case"], TODAY(), opened=values).status_code == 404
    assert all(t.transferred_on is None for t in transfers(app))


def test_another_councils_staff_get_404_and_missing_csrf_is_400(client, app):
    data = final_case(app)
    _moved(app, client, data)
    [transfer] = transfers(app)
    for path in ("transfer", "transfer/now", "transfer/cancel"):
        assert client.post(f"/staff/cases/{data['case']}/{path}", data={"transfer": str(transfer.id)}).status_code in (
            400,
            405,
        )
    assert client.post(page(data["case"], "new"), data={"to": str(data["surrey_id"])}).status_code == 400
    assert client.post(page(data["case"], "now"), data={"transfer": str(transfer.id)}).status_code == 400
    assert client.post(page(data["case"], "cancel"), data={"transfer": str(transfer.id)}).status_code == 400
    assert transfers(app)[0].transferred_on is None
    with app.app_context():
        leeds = make_staff(local_authority="383")
    client.post("/staff/sign-out", data={"csrf_token": csrf_of(client, "/staff/transfers")})
    sign_in(client, app, leeds)
    for path in ("", "new", "now", "cancel", "notice"):
        assert client.get(page(data["case"], path)).status_code == 404, path
    leeds_list = check_page(client.get("/staff/transfers")).get_text(" ", strip=True)
    assert "Ada Stone" not in leeds_list


def test_read_only_staff_see_the_record_but_cannot_change_it(client, app):
    data = final_case(app)
    _moved(app, client, data)
    with app.app_context():
        reader = make_staff("read_only")
    client.post("/staff/sign-out", data={"csrf_token": csrf_of(client, "/staff/transfers")})
    sign_in(client, app, reader)
    found = check_page(client.get(page(data["case"])))
    assert "Transfer the plan to Surrey" not in found.get_text(" ", strip=True)
    assert client.get(page(data["case"], "now")).status_code == 403


def test_the_family_sees_the_transfer_on_their_plans_timeline(client, app):
    from tests.integration.plan_family.helpers import sign_in_family

    data = final_case(app)
    _moved(app, client, data)
    client.post("/staff/sign-out", data={"csrf_token": csrf_of(client, "/staff/transfers")})
    sign_in_family(client, app, FAMILY)
    due = add_working_days(next_working_day_on_or_after(TODAY()), 14)
    text = check_page(client.get(f"/your-cases/{data['case']}")).get_text(" ", strip=True)
    assert f"The council must transfer the plan to your new council by {_govuk(due)}" in text
    client.post("/sign-out", data={"csrf_token": csrf_of(client, f"/your-cases/{data['case']}")})
    sign_in(client, app, data["kent"])
    assert transfer_now(client, data["case"], TODAY()).status_code == 302
    client.post("/staff/sign-out", data={"csrf_token": csrf_of(client, "/staff/transfers")})
    sign_in_family(client, app, FAMILY)
    text = check_page(client.get(f"/your-cases/{data['case']}")).get_text(" ", strip=True)
    notice_due = _govuk(add_weeks(TODAY(), 6))
    assert f"Your new council must tell you by {notice_due} that it now holds the plan" in text
    assert "Plan transferred from Kent to Surrey" in text


def test_two_browsers_the_second_notice_is_refused_with_what_changed(client, app):
    data = final_case(app)
    _transferred(app, client, data)
    client.post("/staff/sign-out", data={"csrf_token": csrf_of(client, "/staff/transfers")})
    sign_in(client, app, data["surrey"])
    first = form_values(client, page(data["case"], "notice"))
    second = dict(first)
    on = date_parts("on", TODAY())
    assert post(client, page(data["case"], "notice"), first, will_reassess="yes", **on).status_code == 302
    response = post(client, page(data["case"], "notice"), second, will_reassess="no", **on)
    found = check_page(response, 409)
    assert "told the family" in found.select_one("#changes").get_text(" ", strip=True)
    [transfer] = transfers(app)
    assert transfer.will_reassess is True
    with app.app_context():
        notices = list(db.session.exec(select(CaseEvent).where(CaseEvent.kind == "transfer_notice")))
    assert len(notices) == 1
