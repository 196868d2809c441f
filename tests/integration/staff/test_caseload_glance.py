"""Issue 16 item 10: the caseload reads at a glance (what is due next, the caseworker, the week of the
20-week clock, new family activity since you last opened the case), bulk assign and the CSV export."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from sqlmodel import col, select

from service.db import db
from service.models import AuditEvent, Case, CaseEvent, CaseView
from tests.factories import LEEDS, make_case, make_disagreement, make_staff
from tests.integration.staff.helpers import csrf_of, sign_in
from tests.pages import check_page

TODAY = date.today()


def _row(page, name: str):
    for row in page.select("tbody tr"):
        link = row.select_one("a.govuk-link")
        if link is not None and link.get_text(strip=True) == name:
            return row
    raise AssertionError(f"{name} is not on the caseload")


def _cells(row) -> list[str]:
    return [" ".join(td.get_text(" ", strip=True).split()) for td in row.select("td")]


def _headers(page) -> list[str]:
    return [" ".join(th.get_text(" ", strip=True).split()) for th in page.select("thead th")]


def test_the_caseload_shows_the_duty_due_next_the_caseworker_and_the_week_of_the_clock(client, app):
    with app.app_context():
        sam = make_staff(name="Sam Patel")
        make_case(
            received_on=TODAY - timedelta(days=95),  # 13 weeks and 4 days: in week 14
            stage="assessing",
            decision_to_assess_on=TODAY - timedelta(days=60),
            child_first_name="Isla",
            child_last_name="Khan",
            assigned_caseworker_id=sam.id,
        )
        make_case(received_on=TODAY, child_first_name="Oliver", child_last_name="Brown")
        make_case(
            received_on=TODAY - timedelta(weeks=30),
            stage="final_issued",
            child_first_name="Theo",
            child_last_name="Hughes",
            final_issued_on=TODAY - timedelta(weeks=8),
        )
        make_case(
            received_on=TODAY - timedelta(weeks=25), stage="assessing", child_first_name="Late", child_last_name="Case"
        )
    sign_in(client, app, sam)
    page = check_page(client.get("/staff/cases?sort=name"))
    assert _headers(page)[1:] == [
        "Child or young person , sorted A to Z",
        "Reference",
        "Stage",
        "Received , sort by this column",
        "20-week clock",
        "Caseworker",
        "Next due , sort by this column",
    ]
    isla = _cells(_row(page, "Isla Khan"))
    assert isla[5:7] == ["Week 14 of 20", "Sam Patel"]
    assert isla[7].startswith("Decision whether to issue a plan ")  # the duty's name, then its date
    oliver = _cells(_row(page, "Oliver Brown"))
    assert oliver[5:7] == ["Week 1 of 20", "Unassigned"]
    assert oliver[7].startswith("Decision whether to assess ")
    theo = _cells(_row(page, "Theo Hughes"))
    assert theo[5] == "Not on the clock"  # visually hidden: a final plan stops the clock
    assert _cells(_row(page, "Late Case"))[5] == "Week 25 (over 20 weeks)"


def test_new_family_activity_is_tagged_until_this_caseworker_opens_the_case(client, app):
    from service.data import family

    with app.app_context():
        sam = make_staff(name="Sam Patel")
        other = make_staff(name="Rosa Diaz")
        draft = make_case(
            received_on=TODAY - timedelta(weeks=15),
            stage="draft_issued",
            child_first_name="Leo",
            child_last_name="Okafor",
            draft_served_on=TODAY - timedelta(days=3),
        )
        uploaded = make_case(child_first_name="Amara", child_last_name="Okafor")
        refused = make_case(received_on=TODAY - timedelta(weeks=7), stage="not_to_assess", child_first_name="Maya")
        make_case(child_first_name="Quiet", child_last_name="Okafor")
        family.add_draft_response(db.session.get(Case, draft.id), "We agree", "", False, False, TODAY)
        family.add_family_document(db.session.get(Case, uploaded.id), "report.pdf", "application/pdf", 10, "k/1")
        db.session.commit()
        make_disagreement(db.session.get(Case, refused.id))
        refused_name = f"Maya {refused.child_last_name}"
    sign_in(client, app, sam)

    def tags() -> dict[str, str]:
        page = check_page(client.get("/staff/cases?sort=name"))
        return {
            row.select_one("a.govuk-link").get_text(strip=True): " ".join(tag.get_text(" ", strip=True).split())
            for row in page.select("tbody tr")
            if (tag := row.select_one(".govuk-tag--blue")) is not None
        }

    assert tags() == {
        "Leo Okafor": "New activity : the family sent a response to the draft plan",
        "Amara Okafor": "New activity : the family sent a new document",
        refused_name: "New activity : the family made a mediation request",
    }
    check_page(client.get(f"/staff/cases/{uploaded.id}"))  # Sam opens Amara's case
    assert set(tags()) == {"Leo Okafor", refused_name}
    check_page(client.get(f"/staff/cases/{uploaded.id}"))  # opening it again updates the same row
    with app.app_context():
        views = db.session.exec(select(CaseView).where(CaseView.case_id == uploaded.id)).all()
        assert [v.staff_user_id for v in views] == [sam.id]
        family.add_family_document(db.session.get(Case, uploaded.id), "more.pdf", "application/pdf", 10, "k/2")
        db.session.commit()
    assert set(tags()) == {"Leo Okafor", "Amara Okafor", refused_name}  # something new since Sam looked
    client.post("/staff/sign-out", data={"csrf_token": csrf_of(client, "/staff/cases")})
    sign_in(client, app, other)  # Rosa has opened none of them
    assert set(tags()) == {"Leo Okafor", "Amara Okafor", refused_name}


def _bulk(client, ids: list[int], assign_to: str, path: str = "/staff/cases", versions: dict | None = None, **extra):
    page = check_page(client.get(path))
    data: dict = {"csrf_token": page.find("input", attrs={"name": "csrf_token"})["value"], "assign_to": assign_to}
    data["case"] = [str(i) for i in ids]
    for i in ids:
        field = page.find("input", attrs={"name": f"version-{i}"})
        data[f"version-{i}"] = (versions or {}).get(i, field["value"] if field else "1")
    data.update(extra)
    return client.post(path, data=data)


def _assigned(app, ids) -> dict[int, int | None]:
    with app.app_context():
        return {c.id: c.assigned_caseworker_id for c in db.session.exec(select(Case).where(col(Case.id).in_(ids)))}


def test_bulk_assign_assigns_each_case_audited_and_says_how_many(client, app):
    with app.app_context():
        sam = make_staff(name="Sam Patel")
        me = make_staff(name="Rosa Diaz")
        ids = [make_case(child_first_name=f"Child{n}").id for n in range(4)]
    sign_in(client, app, me)
    response = _bulk(client, ids[:3], str(sam.id), "/staff/cases?sort=name")
    assert response.status_code == 302 and response.location.endswith("/staff/cases?sort=name")
    page = check_page(client.get(response.location))
    assert (
        page.select_one(".govuk-notification-banner--success")
        .get_text(" ", strip=True)
        .endswith("3 cases assigned to Sam Patel")
    )
    assert _assigned(app, ids) == {ids[0]: sam.id, ids[1]: sam.id, ids[2]: sam.id, ids[3]: None}
    with app.app_context():
        audit = db.session.exec(select(AuditEvent).where(AuditEvent.action == "case.assign")).all()
        assert sorted((a.case_id, a.staff_user_id, a.detail) for a in audit) == [
            (i, me.id, f"staff:{sam.id}") for i in ids[:3]
        ]
        events = db.session.exec(select(CaseEvent).where(CaseEvent.kind == "assigned")).all()
        assert sorted(e.case_id for e in events) == ids[:3]
        assert {e.summary for e in events} == {"Assigned to Sam Patel"}
        assert all(db.session.get(Case, i).version == 2 for i in ids[:3])
    assert _cells(_row(page, "Child0 " + _last_name(app, ids[0])))[6] == "Sam Patel"
    one = _bulk(client, [ids[3]], str(me.id))
    assert "1 case assigned to Rosa Diaz" in check_page(client.get(one.location)).get_text()


def _last_name(app, case_id: int) -> str:
    with app.app_context():
        return db.session.get(Case, case_id).child_last_name


def test_another_councils_case_in_a_bulk_assign_is_a_404_and_nothing_changes(client, app):
    with app.app_context():
        sam = make_staff(name="Sam Patel")
        mine = [make_case().id for _ in range(2)]
        leeds = make_case(LEEDS).id
    sign_in(client, app, sam)
    assert _bulk(client, [*mine, leeds], str(sam.id)).status_code == 404
    assert _bulk(client, [mine[0], 999_999_999], str(sam.id)).status_code == 404
    assert _bulk(client, [mine[0]], str(sam.id), case=[str(mine[0]), "1 OR 1=1"]).status_code == 404
    assert _assigned(app, [*mine, leeds]) == {mine[0]: None, mine[1]: None, leeds: None}
    with app.app_context():
        assert not db.session.exec(select(AuditEvent).where(AuditEvent.action == "case.assign")).all()
    # assigning to another council's caseworker is no choice either
    with app.app_context():
        leeds_worker = make_staff(local_authority=LEEDS).id
    page = check_page(_bulk(client, mine, str(leeds_worker)))
    assert "Select who to assign the cases to" in page.select_one(".govuk-error-summary").get_text()
    assert _assigned(app, mine) == {mine[0]: None, mine[1]: None}


def test_bulk_assign_needs_the_csrf_token_a_change_role_and_the_versions_the_page_showed(client, app):
    with app.app_context():
        sam = make_staff(name="Sam Patel")
        reader = make_staff(role="read_only")
        ids = [make_case().id for _ in range(2)]
    sign_in(client, app, sam)
    token_missing = client.post("/staff/cases", data={"case": [str(i) for i in ids], "assign_to": str(sam.id)})
    assert token_missing.status_code == 400
    # Another caseworker changed the second case after the page was shown: none is assigned.
    stale = _bulk(client, ids, str(sam.id), versions={ids[1]: "0"})
    page = check_page(stale)
    summary = page.select_one(".govuk-error-summary").get_text(" ", strip=True)
    assert "1 of the cases you selected changed since you opened this page" in summary
    assert page.select_one(".govuk-error-summary a")["href"] == "#bulk-cases"
    assert page.select_one("#bulk-cases") is not None
    assert {i["value"] for i in page.select('input[name="case"][checked]')} == {str(i) for i in ids}  # kept
    assert page.select_one("#assign_to option[selected]")["value"] == str(sam.id)
    assert _assigned(app, ids) == {ids[0]: None, ids[1]: None}
    # Nothing chosen: both errors, nothing changed.
    empty = check_page(_bulk(client, [], ""))
    assert [a.get_text(strip=True) for a in empty.select(".govuk-error-summary a")] == [
        "Select the cases you want to assign",
        "Select who to assign the cases to",
    ]
    assert empty.title.get_text().startswith("Error: ")
    client.post("/staff/sign-out", data={"csrf_token": csrf_of(client, "/staff/cases")})
    sign_in(client, app, reader)
    page = check_page(client.get("/staff/cases"))
    assert not page.select('input[name="case"]') and page.select_one("#assign_to") is None
    token = page.find("input", attrs={"name": "csrf_token"})["value"]
    refused = client.post("/staff/cases", data={"csrf_token": token, "case": [str(ids[0])], "assign_to": str(sam.id)})
    assert refused.status_code == 403
    assert _assigned(app, ids) == {ids[0]: None, ids[1]: None}


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="cases-')
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_the_csv_export_is_the_filtered_view_on_every_page_audited_and_safe_in_a_spreadsheet(client, app):
    with app.app_context():
        sam = make_staff(name="Sam Patel")
        for n in range(30):  # more than a page of 25
            make_case(child_first_name=f"Okafor{n:02d}", child_last_name="Smith", assigned_caseworker_id=sam.id)
        make_case(child_first_name='=HYPERLINK("http://evil")', child_last_name="+Smith")
        make_case(child_first_name="Other", child_last_name="Jones")
        make_case(LEEDS, child_last_name="Smith")
    sign_in(client, app, sam)
    page = check_page(client.get("/staff/cases?q=smith&sort=name"))
    link = page.find("a", string="Download these cases (CSV)")["href"]
    assert link.startswith("/staff/cases.csv?") and "q=smith" in link and "sort=name" in link
    rows = _csv(client.get(link))
    assert rows[0][:3] == ["Reference", "First name", "Last name"]
    names = [(r[1], r[2]) for r in rows[1:]]
    assert len(names) == 30  # every page; "+Smith" is not "Smith", Jones and Leeds are not in the view
    on_screen = [a.get_text(strip=True) for a in page.select("tbody a.govuk-link")]
    assert [f"{f} {last}" for f, last in names[:25]] == on_screen  # the same order as the table
    assert {r[10] for r in rows[1:]} == {"Sam Patel"}
    assert rows[1][7] == "Week 1 of 20" and rows[1][8] == "Decision whether to assess"
    everything = _csv(client.get("/staff/cases.csv"))
    assert len(everything) == 1 + 32
    evil = next(r for r in everything if "HYPERLINK" in r[1])
    assert evil[1] == '\'=HYPERLINK("http://evil")' and evil[2] == "'+Smith"
    assert all(cell[:1] not in "=+-@" or cell == "" for r in everything for cell in r)
    with app.app_context():
        audit = db.session.exec(
            select(AuditEvent).where(AuditEvent.action == "caseload.export").order_by(col(AuditEvent.id))
        ).all()
        assert [(a.staff_user_id, a.case_id, a.detail) for a in audit] == [
            (sam.id, None, "q=smith&sort=name"),
            (sam.id, None, ""),
        ]


def test_opening_a_case_is_written_at_the_commit_and_an_earlier_opening_never_replaces_a_later_one(app):
    """Issue 18: the (case, member of staff) row is written as the request commits, not while the page
    renders (8 requests for one case waited on its lock in turn); two tabs committing out of order keep
    the later time."""
    from datetime import UTC, datetime

    from service.data.caseload import _upsert_opened, record_opened

    def opened(case_id: int, staff_id: int):
        row = db.session.exec(
            select(CaseView).where(CaseView.case_id == case_id, CaseView.staff_user_id == staff_id)
        ).first()
        return row.opened_at.replace(tzinfo=None) if row else None

    with app.app_context():
        sam = make_staff(name="Sam Patel")
        case = make_case(family_activity_at=datetime(2026, 1, 1, 9, 0, tzinfo=UTC), family_activity="document")
        record_opened(case, sam.id)
        assert opened(case.id, sam.id) is None  # not yet: only at the commit
        db.session.commit()
        first = opened(case.id, sam.id)
        assert first is not None
        later, earlier = datetime(2030, 1, 2, 9, 0, tzinfo=UTC), datetime(2030, 1, 1, 9, 0, tzinfo=UTC)
        _upsert_opened(case.id, sam.id, later)
        db.session.commit()
        _upsert_opened(case.id, sam.id, earlier)  # a tab that read the case first and commits last
        db.session.commit()
        assert opened(case.id, sam.id) == later.replace(tzinfo=None)


def test_opening_a_case_writes_and_locks_nothing_when_it_cannot_change_new_activity(app):
    """Issue 18: a case the family never acted on, or whose latest activity this person has opened since,
    is not written (nor its row locked: another transaction holding it does not hold the opening up).
    What the caseload shows is the same: activity after the opening is new."""
    from datetime import UTC, datetime

    from sqlalchemy import text

    from service.data.caseload import _new_activity, record_opened

    def row(case_id: int, staff_id: int):
        return db.session.exec(
            select(CaseView.opened_at).where(CaseView.case_id == case_id, CaseView.staff_user_id == staff_id)
        ).first()

    def is_new(case_id: int, staff_id: int) -> bool:
        from sqlalchemy import and_
        from sqlalchemy import select as core_select

        query = (
            core_select(_new_activity())
            .select_from(Case)
            .outerjoin(CaseView, and_(CaseView.case_id == Case.id, CaseView.staff_user_id == staff_id))
            .where(Case.id == case_id)
        )
        return bool(db.session.execute(query).scalar())

    with app.app_context():
        sam = make_staff(name="Sam Patel")
        quiet = make_case()
        record_opened(quiet, sam.id)
        db.session.commit()
        assert row(quiet.id, sam.id) is None and not is_new(quiet.id, sam.id)

        active = make_case(family_activity_at=datetime(2026, 1, 1, 9, 0, tzinfo=UTC), family_activity="document")
        assert is_new(active.id, sam.id)
        record_opened(active, sam.id)
        db.session.commit()
        first = row(active.id, sam.id)
        assert first is not None and not is_new(active.id, sam.id)

        holder = db.engine.connect()  # another request holding Sam's row for this case
        try:
            holder.execute(text("BEGIN"))
            holder.execute(text("SELECT 1 FROM case_view WHERE case_id = :c FOR UPDATE"), {"c": active.id})
            db.session.execute(text("SET LOCAL lock_timeout = '300ms'"))
            record_opened(db.session.get(Case, active.id), sam.id)  # seen since the activity: nothing to do
            db.session.commit()  # would time out waiting for the lock if it wrote
        finally:
            holder.rollback()
            holder.close()
        assert row(active.id, sam.id) == first

        case = db.session.get(Case, active.id)
        case.family_activity_at, case.family_activity = datetime(2030, 1, 1, 9, 0, tzinfo=UTC), "document"
        db.session.commit()
        assert is_new(active.id, sam.id)  # something new since Sam looked
