"""The review report: written part by part by the setting (saved as it goes), checked and sent; read by the
council under the plan's own section headings beside what the plan says now; its schema; a report for a
council-held review written by staff; two browsers; another council's case and another organisation's
review not found; the next due on the case moving through the review's steps."""

from __future__ import annotations

import json

from sqlmodel import select

from service.data.facts import next_council_duty
from service.db import db
from service.domain.ehcp import review as review_document
from service.models import AuditEvent, Case
from tests.factories import make_organisation, make_professional, make_staff
from tests.integration.reviews.helpers import (
    case_of,
    date_fields,
    days,
    meeting_data,
    messages,
    post_form,
    professional_client,
    review_of,
    staff_client,
    start,
    world,
    write_report,
)
from tests.pages import check_page


def _held_today(app, w, client=None) -> int:
    """A review the school holds, its meeting today (the invitations sent 3 weeks ago)."""
    staff = staff_client(app, w["caseworker"])
    assert start(staff, w["case"], organisation_id=str(w["school"])).status_code == 302
    review_id = review_of(app, w["case"]).id
    senco = client or professional_client(app)
    assert (
        post_form(senco, f"/professional/reviews/{review_id}/meeting", meeting_data(days(0), days(-21))).status_code
        == 302
    )
    return review_id


def test_the_senco_writes_and_sends_the_report_and_the_council_reads_it_by_section(app):
    w = world(app)
    senco = professional_client(app)
    review_id = _held_today(app, w, senco)
    base = f"/professional/reviews/{review_id}"

    write_report(senco, base)
    draft = json.loads(review_of(app, w["case"]).draft_report)
    assert [row["outcome_id"] for row in draft["outcomes"]] == ["outcome-1", "outcome-2"]
    assert draft["changes"] == [
        {
            "section": "f",
            "item_id": "provision-1",
            "proposed": "Sessions 4 times a week",
            "reason": "Progress is slower in reading",
        }
    ]
    assert review_of(app, w["case"]).report_sent_on is None  # saved, not sent

    response = post_form(senco, f"{base}/report/check", {})

    assert response.status_code == 302
    review = review_of(app, w["case"])
    assert review.report_sent_on == days(0) and review.report_by_professional_id == w["senco"]
    sent = json.loads(review.report)
    assert review_document.validation_errors(sent) == []
    assert sent["recommendation"] == "amend" and sent["meeting"]["attended"][0] == {
        "name": "Priya Shah",
        "role": "SENCO",
    }
    assert any("annual review report was sent" in v["what_changed"] for _, v in messages(app, "case_update"))
    with app.app_context():
        actions = {e.action for e in db.session.exec(select(AuditEvent).where(AuditEvent.case_id == w["case"]))}
    assert {"review.report_edit", "review.report_sent", "review.view_report"} <= actions

    staff = staff_client(app, w["caseworker"])
    tab = check_page(staff.get(f"/staff/cases/{w['case']}/reviews"))
    text = tab.get_text()
    assert "Section F: Special educational provision" in text
    assert "Small group language sessions" in text  # the plan's current text beside the change
    assert "Sessions 4 times a week" in text and "I like reading now" in text
    # once sent, the report is read only: its pages go back to the review
    assert senco.get(f"{base}/report/views").status_code == 302


def test_the_report_cannot_be_sent_before_it_is_complete(app):
    w = world(app)
    senco = professional_client(app)
    review_id = _held_today(app, w, senco)
    base = f"/professional/reviews/{review_id}"
    page = check_page(senco.get(f"{base}/report/check"))
    text = page.get_text()
    assert "Select the progress towards outcome 1" in text and "Select what the report recommends" in text
    assert page.find("button", string=lambda s: s and "Send the review report" in s) is None
    version = review_of(app, w["case"]).version
    response = post_form(senco, f"{base}/report/check", {"version": version})
    assert response.status_code == 400
    assert review_of(app, w["case"]).report_sent_on is None


def test_report_part_errors_use_govuk_wording(app):
    w = world(app)
    senco = professional_client(app)
    review_id = _held_today(app, w, senco)
    base = f"/professional/reviews/{review_id}"
    assert (
        "Enter the child's or the family's views"
        in check_page(post_form(senco, f"{base}/report/views", {"child": "", "family": ""}), 400).get_text()
    )
    assert (
        "Select the progress made towards the outcome"
        in check_page(post_form(senco, f"{base}/report/outcomes/outcome-1", {}), 400).get_text()
    )
    assert (
        "Select the part of the plan the change is for"
        in check_page(
            post_form(senco, f"{base}/report/changes/new", {"part": "z", "proposed": "x", "reason": "y"}), 400
        ).get_text()
    )
    assert (
        "must be a real date"
        in check_page(
            post_form(
                senco,
                f"{base}/report/meeting",
                {
                    **date_fields("held_on", None),
                    "held_on-day": "30",
                    "held_on-month": "2",
                    "held_on-year": "2026",
                    "attended": "A",
                },
            ),
            400,
        ).get_text()
    )
    assert senco.get(f"{base}/report/outcomes/outcome-9").status_code == 404
    assert senco.get(f"{base}/report/changes/3").status_code == 404


def test_two_browsers_saving_the_same_part_one_wins_and_the_other_sees_the_review_changed(app):
    w = world(app)
    first = professional_client(app)
    review_id = _held_today(app, w, first)
    second = professional_client(app)
    path = f"/professional/reviews/{review_id}/report/views"
    page = check_page(second.get(path))
    stale = {
        "csrf_token": page.find("input", attrs={"name": "csrf_token"})["value"],
        "version": page.find("input", attrs={"name": "version"})["value"],
        "child": "Second browser's words",
        "family": "",
    }
    assert post_form(first, path, {"child": "First browser's words", "family": ""}).status_code == 302

    response = second.post(path, data=stale)

    assert "This review changed since you opened this page" in check_page(response, 409).get_text()
    draft = json.loads(review_of(app, w["case"]).draft_report)
    assert draft["views"]["child"] == "First browser's words"


def test_sending_twice_from_two_browsers_sends_once(app):
    w = world(app)
    first = professional_client(app)
    review_id = _held_today(app, w, first)
    base = f"/professional/reviews/{review_id}"
    write_report(first, base)
    second = professional_client(app)
    page = check_page(second.get(f"{base}/report/check"))
    token = page.find("input", attrs={"name": "csrf_token"})["value"]
    version = page.find("input", attrs={"name": "version"})["value"]
    assert post_form(first, f"{base}/report/check", {}).status_code == 302
    response = second.post(f"{base}/report/check", data={"csrf_token": token, "version": version})
    assert response.status_code in (302, 409)  # the report is read only now: back to the review
    with app.app_context():
        sent = db.session.exec(select(AuditEvent).where(AuditEvent.action == "review.report_sent")).all()
    assert len(sent) == 1


def test_another_organisations_review_is_not_found(app):
    w = world(app)
    review_id = _held_today(app, w)
    with app.app_context():
        other = make_organisation(name="Hill School", urn=999001)
        make_professional(other, email="senco@hill.example.sch.uk")
    client = professional_client(app, "senco@hill.example.sch.uk")
    for path in ("", "/plan", "/meeting", "/report", "/report/views", "/report/check"):
        assert client.get(f"/professional/reviews/{review_id}{path}").status_code == 404
    assert client.post(f"/professional/reviews/{review_id}/report/views", data={}).status_code in (400, 404)


def test_another_councils_case_and_review_are_not_found(app):
    w = world(app)
    review_id = _held_today(app, w)
    with app.app_context():
        leeds = make_staff("caseworker", "383")
    client = staff_client(app, leeds)
    for path in ("", "/start", f"/{review_id}/meeting", f"/{review_id}/report"):
        assert client.get(f"/staff/cases/{w['case']}/reviews{path}").status_code == 404


def test_the_senco_reads_the_plan_being_reviewed_and_the_read_is_audited(app):
    w = world(app)
    senco = professional_client(app)
    review_id = _held_today(app, w, senco)
    text = check_page(senco.get(f"/professional/reviews/{review_id}/plan")).get_text()
    assert "Section E: Outcomes" in text and "Reads a short book aloud" in text and "Section I: Placement" in text
    with app.app_context():
        event = db.session.exec(select(AuditEvent).where(AuditEvent.action == "review.view_plan")).one()
        assert event.professional_id == w["senco"] and event.detail == f"review:{review_id}"


def test_the_settings_home_page_lists_its_reviews_with_their_next_step(app):
    w = world(app, issued_days_ago=380)  # the review is overdue
    staff = staff_client(app, w["caseworker"])
    assert start(staff, w["case"], organisation_id=str(w["school"])).status_code == 302
    senco = professional_client(app)
    text = check_page(senco.get("/professional/")).get_text()
    assert "Annual review for Ella Stone" in text
    assert "Overdue by 15 days" in text and "Arrange the review meeting" in text


def test_staff_write_the_report_of_a_review_the_council_holds(app):
    w = world(app)
    staff = staff_client(app, w["caseworker"])
    assert start(staff, w["case"], arranged_by="council").status_code == 302
    review_id = review_of(app, w["case"]).id
    base = f"/staff/cases/{w['case']}/reviews/{review_id}"
    assert post_form(staff, f"{base}/meeting", meeting_data(days(0), days(-21))).status_code == 302
    write_report(staff, base)
    assert post_form(staff, f"{base}/report/check", {}).status_code == 302
    review = review_of(app, w["case"])
    assert review.report_sent_on == days(0) and review.report_by_staff_id == w["caseworker"].id


def test_a_setting_led_reviews_report_is_the_settings_to_write(app):
    w = world(app)
    review_id = _held_today(app, w)
    staff = staff_client(app, w["caseworker"])
    assert staff.get(f"/staff/cases/{w['case']}/reviews/{review_id}/report").status_code == 404


def test_the_next_due_on_the_case_moves_through_the_reviews_steps(app):
    w = world(app, issued_days_ago=340)  # the review is due in about 25 days

    def next_due() -> str:
        with app.app_context():
            case = db.session.get(Case, w["case"])
            from datetime import date

            return next_council_duty(case, date.today()).key

    assert next_due() == "annual_review"
    staff = staff_client(app, w["caseworker"])
    assert start(staff, w["case"], organisation_id=str(w["school"])).status_code == 302
    review_id = review_of(app, w["case"]).id
    senco = professional_client(app)
    path = f"/professional/reviews/{review_id}/meeting"
    assert post_form(senco, path, meeting_data(days(20), None)).status_code == 302
    assert next_due() == "review_invitations"
    assert case_of(app, w["case"]).next_due_on == days(6)
    # the meeting moved to today, the invitations 3 weeks ago: once it is held the report is next, then the decision
    assert post_form(senco, path, meeting_data(days(0), days(-21))).status_code == 302
    assert next_due() == "review_report"
    assert case_of(app, w["case"]).next_due_on == days(14)
    write_report(senco, f"/professional/reviews/{review_id}")
    assert post_form(senco, f"/professional/reviews/{review_id}/report/check", {}).status_code == 302
    assert next_due() == "review_decision"
    assert case_of(app, w["case"]).next_due_on == days(28)


def test_the_review_schema_is_published(client):
    response = client.get("/schemas/review/1.json")
    assert response.status_code == 200 and response.mimetype == "application/schema+json"
    assert response.get_json()["$id"].endswith("/schemas/review/1.json")
    assert response.get_json()["properties"]["schema"] == {"const": "review/1"}
