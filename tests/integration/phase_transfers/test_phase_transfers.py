"""Phase transfers (reg 18): the batch fills next September's expected transfers from dates of birth without
overwriting a caseworker's choice; the cohort's counts per kind and its list by deadline; setting a case's
transfer (audited, with its event, next due and deadline); another council's case is 404 in the path and a
missing CSRF token 400; a stale form is refused with what changed."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import col, select

from service.data import phase_transfers
from service.db import db
from service.domain.phase import next_september
from service.models import AuditEvent, Case, CaseEvent, PlanReview
from tests.factories import LEEDS, make_case, make_staff
from tests.integration.staff.helpers import csrf_of, sign_in
from tests.pages import check_page

TODAY = date.today()
YEAR = next_september(TODAY)


def _born(group: int, late: bool = False) -> date:
    """A date of birth in year group `group` next September: 31 August (the youngest) or 1 September (the oldest)."""
    return date(YEAR - 4 - group, 8, 31) if late else date(YEAR - 5 - group, 9, 1)


def _plan(app, born: date, la: str = "886", **fields) -> int:
    with app.app_context():
        case = make_case(
            la, TODAY - timedelta(days=400), "final_issued", final_issued_on=TODAY - timedelta(days=200),
            child_date_of_birth=born, **fields,
        )  # fmt: skip
        return case.id


def _case(app, case_id: int) -> Case:
    with app.app_context():
        case = db.session.get(Case, case_id)
        db.session.expunge(case)
        return case


def _fill(app):
    with app.app_context():
        result = phase_transfers.fill_expected(_la(app), TODAY)
        db.session.commit()
        return result


def _la(app, code: str = "886") -> int:
    from service.data.local_authorities import by_old_code

    with app.app_context():
        return by_old_code(code).id


def test_the_batch_fills_expected_transfers_and_never_overwrites_a_choice(app):
    reception = _plan(app, _born(0, late=True), child_last_name="Ames")
    secondary = _plan(app, _born(7), child_last_name="Bell")
    post_16 = _plan(app, _born(12, late=True), child_last_name="Cole")
    year_8 = _plan(app, _born(8, late=True), child_last_name="Dunn")
    chosen = _plan(app, _born(7, late=True), child_last_name="Eve", phase_transfer="", phase_transfer_year=YEAR)
    result = _fill(app)
    assert (result.filled, result.none, result.kept) == (3, 1, 1)
    assert _case(app, reception).phase_transfer == "early_years_to_school"
    case = _case(app, secondary)
    assert (case.phase_transfer, case.phase_transfer_year) == ("primary_to_secondary", YEAR)
    assert case.phase_transfer_due_on == date(YEAR, 2, 15)
    assert (case.next_due_on, case.next_due_key) == (date(YEAR, 2, 15), "phase_transfer")  # earlier than the review
    assert _case(app, post_16).phase_transfer_due_on == date(YEAR, 3, 31)
    assert _case(app, year_8).phase_transfer == ""
    assert (_case(app, chosen).phase_transfer, _case(app, chosen).phase_transfer_year) == ("", YEAR)
    again = _fill(app)
    assert (again.filled, again.replaced) == (0, 0)


def test_the_cli_command_fills_one_council(app):
    _plan(app, _born(7))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["plan-phase-transfers", "--only-la", "Kent"])
    assert result.exit_code == 0, result.output
    assert "Kent: 1 filled" in result.output
    assert runner.invoke(args=["plan-phase-transfers", "--only-la", "Nowhere"]).exit_code != 0


def test_the_cohort_counts_each_kind_and_lists_by_deadline_then_name(client, app):
    ids = {
        "zed": _plan(app, _born(7), child_last_name="Zed", current_setting_name="Oak Primary School"),
        "abe": _plan(app, _born(7, late=True), child_last_name="Abe"),
        "post": _plan(app, _born(12), child_last_name="Post"),
        "tiny": _plan(app, _born(0), child_last_name="Tiny"),
    }
    _plan(app, _born(7), la=LEEDS, child_last_name="Leeds")  # another council's: never counted
    _fill(app)
    with app.app_context():
        case = db.session.get(Case, ids["abe"])
        case.phase_transfer_amended_on = TODAY
        db.session.add(
            PlanReview(
                case_id=ids["zed"], local_authority_id=case.local_authority_id, meeting_on=TODAY + timedelta(days=9)
            )
        )
        db.session.commit()
    phase_transfers.forget_cohort()
    sign_in(client, app, make_staff_in(app))
    page = check_page(client.get(f"/staff/phase-transfers?year={YEAR}"))
    summary = {
        r.select_one("th").get_text(strip=True): [c.get_text(strip=True) for c in r.select("td")]
        for r in page.select("table")[0].select("tbody tr")
    }
    assert summary["Primary to secondary school"][1:] == ["2", "1", "1", "0"]  # plans, reviewed, amended, overdue
    assert summary["Secondary school to post-16"][0] == f"31 March {YEAR}"
    assert summary["Early years to school"][1] == "1"
    assert summary["Infant to junior school"][1] == "0"
    names = [r.select_one("td a").get_text(strip=True) for r in page.select("table")[1].select("tbody tr")]
    assert [n.split()[-1] for n in names] == ["Abe", "Tiny", "Zed", "Post"]  # 15 Feb (by name), then 31 March
    assert "Leeds" not in page.get_text()
    rows = {
        r.select_one("td a").get_text(strip=True).split()[-1]: r.get_text(" ", strip=True)
        for r in page.select("table")[1].select("tbody tr")
    }
    assert "Arranged for" in rows["Zed"] and "Oak Primary School" in rows["Zed"]
    assert "Yes," in rows["Abe"]
    only = check_page(client.get(f"/staff/phase-transfers?year={YEAR}&kind=secondary_to_post_16"))
    assert [
        r.select_one("td a").get_text(strip=True).split()[-1] for r in only.select("table")[1].select("tbody tr")
    ] == ["Post"]


def test_an_overdue_transfer_is_counted_and_tagged(client, app):
    last_year = YEAR - 1
    case_id = _plan(app, _born(7), phase_transfer="primary_to_secondary", phase_transfer_year=last_year)
    sign_in(client, app, make_staff_in(app))
    page = check_page(client.get(f"/staff/phase-transfers?year={last_year}"))
    assert _case(app, case_id).phase_transfer_due_on == date(last_year, 2, 15)
    if date(last_year, 2, 15) < TODAY:
        row = page.select("table")[1].select_one("tbody tr")
        assert "Overdue" in row.get_text()


def test_empty_and_error_states_of_the_cohort(client, app):
    sign_in(client, app, make_staff_in(app))
    page = check_page(client.get(f"/staff/phase-transfers?year={YEAR}"))
    assert f"No plans have a phase transfer recorded for September {YEAR}" in page.get_text()
    page = check_page(client.get("/staff/phase-transfers?year=20x7"), status=400)
    assert page.select_one(".govuk-error-summary a").get_text(strip=True) == (
        f"Year of the move must be a number, like {YEAR}"
    )
    page = check_page(client.get("/staff/phase-transfers?year=1999"), status=400)
    assert "Year of the move must be between" in page.select_one(".govuk-error-summary").get_text()


def make_staff_in(app, role: str = "caseworker", la: str = "886"):
    with app.app_context():
        user = make_staff(role, la)
        db.session.expunge(user)
        return user


def _set(client, case_id: int, **values):
    path = f"/staff/cases/{case_id}/phase-transfer"
    page = check_page(client.get(path))
    data = {
        "csrf_token": page.find("input", attrs={"name": "csrf_token"})["value"],
        "version": page.find("input", attrs={"name": "version"})["value"],
        **values,
    }
    return client.post(path, data=data)


def test_a_caseworker_sets_and_confirms_a_transfer(client, app):
    case_id = _plan(app, _born(7))
    sign_in(client, app, make_staff_in(app))
    page = check_page(client.get(f"/staff/cases/{case_id}/phase-transfer"))
    assert page.find("input", attrs={"name": "kind", "value": "primary_to_secondary"}).has_attr("checked")
    assert page.find("input", attrs={"name": "year"})["value"] == str(YEAR)
    response = _set(
        client,
        case_id,
        kind="post_16_to_post_16",
        **{"move_on-day": "1", "move_on-month": "9", "move_on-year": str(YEAR + 1)},
    )
    assert response.status_code == 302
    case = _case(app, case_id)
    assert (case.phase_transfer, case.phase_transfer_year) == ("post_16_to_post_16", YEAR + 1)
    assert case.phase_transfer_due_on == date(YEAR + 1, 4, 1)  # 5 months before 1 September
    with app.app_context():
        events = list(db.session.exec(select(CaseEvent.summary).where(col(CaseEvent.case_id) == case_id)))
        actions = list(db.session.exec(select(AuditEvent.action).where(col(AuditEvent.case_id) == case_id)))
    assert any(e.startswith("Phase transfer recorded: Post-16") for e in events)
    assert "case.set_phase_transfer" in actions and "case.view_phase_transfer" in actions
    assert _set(client, case_id, kind="none", year=str(YEAR)).status_code == 302
    case = _case(app, case_id)
    assert (case.phase_transfer, case.phase_transfer_year, case.phase_transfer_due_on) == ("", YEAR, None)
    assert _fill(app).filled == 0  # "no transfer" is a choice the batch keeps


def test_the_set_page_errors(client, app):
    case_id = _plan(app, _born(7))
    sign_in(client, app, make_staff_in(app))

    def errors(**values) -> list[str]:
        page = check_page(_set(client, case_id, **values), status=400)
        return [a.get_text(strip=True) for a in page.select(".govuk-error-summary a")]

    assert errors(kind="", year="") == ["Select the phase transfer, or no phase transfer"]
    assert errors(kind="primary_to_secondary", year="") == ["Enter the year of the September move"]
    assert errors(kind="primary_to_secondary", year="next") == [f"Year of the move must be a number, like {YEAR}"]
    assert errors(kind="post_16_to_post_16", year="") == ["Enter the date of the move"]
    assert errors(
        kind="post_16_to_post_16", **{"move_on-day": "31", "move_on-month": "2", "move_on-year": str(YEAR)}
    ) == ["Date of the move must be a real date"]


def test_another_councils_case_is_404_missing_csrf_400_and_a_stale_form_is_refused(client, app):
    leeds_case = _plan(app, _born(7), la=LEEDS)
    case_id = _plan(app, _born(7))
    sign_in(client, app, make_staff_in(app))
    assert client.get(f"/staff/cases/{leeds_case}/phase-transfer").status_code == 404
    token = csrf_of(client, f"/staff/cases/{case_id}/phase-transfer")
    response = client.post(
        f"/staff/cases/{leeds_case}/phase-transfer",
        data={"csrf_token": token, "kind": "none", "year": str(YEAR), "version": "1"},
    )
    assert response.status_code == 404
    assert (
        client.post(f"/staff/cases/{case_id}/phase-transfer", data={"kind": "none", "year": str(YEAR)}).status_code
        == 400
    )
    page = check_page(client.get(f"/staff/cases/{case_id}/phase-transfer"))
    version = page.find("input", attrs={"name": "version"})["value"]
    token = page.find("input", attrs={"name": "csrf_token"})["value"]
    assert _set(client, case_id, kind="none", year=str(YEAR)).status_code == 302
    stale = client.post(
        f"/staff/cases/{case_id}/phase-transfer",
        data={"csrf_token": token, "version": version, "kind": "primary_to_secondary", "year": str(YEAR)},
    )
    page = check_page(stale, status=409)
    assert "This case changed since you opened the page" in page.get_text()
    assert "No phase transfer in" in page.select_one("#changes").get_text()
    assert _case(app, case_id).phase_transfer == ""
    assert _case(app, leeds_case).phase_transfer_year is None


def test_read_only_staff_see_the_cohort_but_cannot_set(client, app):
    case_id = _plan(app, _born(7))
    sign_in(client, app, make_staff_in(app, "read_only"))
    assert client.get(f"/staff/phase-transfers?year={YEAR}").status_code == 200
    assert client.get(f"/staff/cases/{case_id}/phase-transfer").status_code in (403, 404)
