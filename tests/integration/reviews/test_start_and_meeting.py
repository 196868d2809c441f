"""Starting a review and arranging its meeting: who holds it (the child's setting by URN, or the council),
the setting told, refusals (no final plan, one already open), the meeting in the past refused, impossible
dates, short notice warned on its own page and recorded with its reason, the family told."""

from __future__ import annotations

from service.db import db
from tests.factories import make_case
from tests.integration.reviews.helpers import (
    SENCO,
    audit_actions,
    case_of,
    days,
    meeting_data,
    messages,
    post_form,
    professional_client,
    review_of,
    staff_client,
    start,
    world,
)
from tests.pages import check_page


def test_the_caseworker_starts_a_review_held_by_the_childs_school_and_the_school_is_told(app):
    w = world(app)
    client = staff_client(app, w["caseworker"])
    page = check_page(client.get(f"/staff/cases/{w['case']}/reviews/start"))
    chosen = page.find("select", attrs={"name": "organisation_id"}).find("option", selected=True)
    assert chosen is not None and chosen.get_text() == "River Primary School"  # the child's setting, by URN

    response = start(client, w["case"], organisation_id=str(w["school"]))

    assert response.status_code == 302
    review = review_of(app, w["case"])
    assert (review.arranged_by, review.organisation_id, review.status) == ("setting", w["school"], "open")
    told = messages(app, "review_requested")
    assert [to for to, _ in told] == [SENCO]
    assert told[0][1]["link"].endswith(f"/professional/reviews/{review.id}")
    assert "review.start" in [e.action for e in audit_actions(app, w["case"])]
    tab = check_page(client.get(f"/staff/cases/{w['case']}/reviews")).get_text()
    assert "Review in progress" in tab and "River Primary School" in tab


def test_a_second_review_cannot_be_started_while_one_is_open(app):
    w = world(app)
    client = staff_client(app, w["caseworker"])
    assert start(client, w["case"], arranged_by="council").status_code == 302
    response = client.get(f"/staff/cases/{w['case']}/reviews/start")
    assert response.status_code == 302  # back to the tab, which shows the open review
    version = case_of(app, w["case"]).version
    response = post_form(
        client,
        f"/staff/cases/{w['case']}/reviews/start",
        {"arranged_by": "council", "version": version},
        csrf_from=f"/staff/cases/{w['case']}/reviews",
    )
    page = check_page(response, 400)
    assert "A review of this plan is already open" in page.get_text()


def test_a_case_without_a_final_plan_cannot_be_reviewed(app):
    w = world(app)
    with app.app_context():
        case = make_case(stage="assessing", decision_to_assess_on=days(-10))
        case_id = case.id
    client = staff_client(app, w["caseworker"])
    assert client.get(f"/staff/cases/{case_id}/reviews/start").status_code == 302
    assert (
        "reviewed once the final plan is issued" in check_page(client.get(f"/staff/cases/{case_id}/reviews")).get_text()
    )


def test_starting_from_two_browsers_starts_one_review_and_the_second_sees_the_case_changed(app):
    w = world(app)
    first, second = staff_client(app, w["caseworker"]), staff_client(app, w["caseworker"])
    path = f"/staff/cases/{w['case']}/reviews/start"
    token = check_page(second.get(path)).find("input", attrs={"name": "csrf_token"})["value"]
    version = case_of(app, w["case"]).version
    assert start(first, w["case"], arranged_by="council").status_code == 302
    response = second.post(path, data={"csrf_token": token, "version": version, "arranged_by": "council"})
    assert response.status_code == 409
    assert "This case changed since you opened this page" in response.get_data(as_text=True)
    with app.app_context():
        from sqlmodel import select

        from service.models import PlanReview

        assert len(db.session.exec(select(PlanReview).where(PlanReview.case_id == w["case"])).all()) == 1


def test_another_councils_organisation_is_not_found(app):
    from tests.factories import make_organisation

    w = world(app)
    with app.app_context():
        other = make_organisation("educational_psychology", "383").id
    client = staff_client(app, w["caseworker"])
    assert start(client, w["case"], organisation_id=str(other)).status_code == 404
    assert review_of(app, w["case"]) is None


def _started(app, w) -> int:
    client = staff_client(app, w["caseworker"])
    assert start(client, w["case"], organisation_id=str(w["school"])).status_code == 302
    return review_of(app, w["case"]).id


def test_the_senco_arranges_the_meeting_and_the_family_is_told(app):
    w = world(app)
    review_id = _started(app, w)
    senco = professional_client(app)
    path = f"/professional/reviews/{review_id}/meeting"

    response = post_form(senco, path, meeting_data(days(21), days(0)))

    assert response.status_code == 302
    review = review_of(app, w["case"])
    assert (review.meeting_on, review.meeting_time, review.invitations_sent_on) == (days(21), "09:30", days(0))
    assert review.short_notice is False
    assert "The child's parents or the young person" in review.invitees
    updates = [values["what_changed"] for _, values in messages(app, "case_update")]
    assert any("annual review meeting was arranged" in text for text in updates)
    with app.app_context():
        from sqlmodel import select

        from service.models import AuditEvent

        event = db.session.exec(select(AuditEvent).where(AuditEvent.action == "review.meeting")).one()
        assert event.professional_id == w["senco"] and event.staff_user_id is None


def test_a_meeting_in_the_past_is_refused_and_nothing_is_saved(app):
    w = world(app)
    review_id = _started(app, w)
    senco = professional_client(app)
    response = post_form(senco, f"/professional/reviews/{review_id}/meeting", meeting_data(days(-1), days(-20)))
    page = check_page(response, 400)
    assert "The date of the review meeting must be today or in the future" in page.get_text()
    assert review_of(app, w["case"]).meeting_on is None


def test_an_impossible_date_gets_a_clear_error(app):
    w = world(app)
    review_id = _started(app, w)
    senco = professional_client(app)
    data = {**meeting_data(days(21), days(0)), "on-day": "31", "on-month": "2", "on-year": "2027"}
    page = check_page(post_form(senco, f"/professional/reviews/{review_id}/meeting", data), 400)
    assert "Date of the review meeting must be a real date" in page.get_text()
    assert review_of(app, w["case"]).meeting_on is None


def test_short_notice_is_warned_then_recorded_with_its_reason(app):
    w = world(app)
    review_id = _started(app, w)
    senco = professional_client(app)
    path = f"/professional/reviews/{review_id}/meeting"

    warned = check_page(post_form(senco, path, meeting_data(days(7), days(0))))
    assert "less than 2 weeks after the invitations" in warned.get_text()
    assert review_of(app, w["case"]).meeting_on is None  # nothing saved yet

    confirm = {
        field["name"]: field.get("value", "")
        for field in warned.find("input", attrs={"name": "confirmed"}).find_parent("form").find_all("input")
    }
    confirm.pop("invited", None)
    confirm["invited"] = [f["value"] for f in warned.find_all("input", attrs={"name": "invited"})]
    no_reason = senco.post(path, data=confirm)
    assert "Enter why the notice is shorter than 2 weeks" in check_page(no_reason, 400).get_text()
    assert review_of(app, w["case"]).meeting_on is None

    response = senco.post(path, data={**confirm, "short_notice_reason": "The family asked for an earlier date"})

    assert response.status_code == 302
    review = review_of(app, w["case"])
    assert review.meeting_on == days(7) and review.short_notice is True
    assert review.short_notice_reason == "The family asked for an earlier date"
    shown = check_page(senco.get(f"/professional/reviews/{review_id}")).get_text()
    assert "Less than 2 weeks' notice" in shown and "The family asked for an earlier date" in shown


def test_the_meeting_can_be_arranged_before_the_invitations_and_moved_after_them(app):
    w = world(app)
    review_id = _started(app, w)
    senco = professional_client(app)
    path = f"/professional/reviews/{review_id}/meeting"
    assert post_form(senco, path, meeting_data(days(30), None)).status_code == 302
    assert review_of(app, w["case"]).invitations_sent_on is None
    assert post_form(senco, path, meeting_data(days(40), days(0))).status_code == 302
    review = review_of(app, w["case"])
    assert (review.meeting_on, review.invitations_sent_on) == (days(40), days(0))


def test_missing_csrf_is_refused(app):
    w = world(app)
    review_id = _started(app, w)
    senco = professional_client(app)
    senco.get(f"/professional/reviews/{review_id}/meeting")
    response = senco.post(f"/professional/reviews/{review_id}/meeting", data=meeting_data(days(21), days(0)))
    assert response.status_code == 400
    assert review_of(app, w["case"]).meeting_on is None


def test_two_browsers_arranging_the_meeting_one_wins_and_the_other_sees_what_changed(app):
    w = world(app)
    review_id = _started(app, w)
    first, second = professional_client(app), professional_client(app)
    path = f"/professional/reviews/{review_id}/meeting"
    page = check_page(second.get(path))
    stale = {
        "csrf_token": page.find("input", attrs={"name": "csrf_token"})["value"],
        "version": page.find("input", attrs={"name": "version"})["value"],
        **meeting_data(days(30), days(0)),
    }
    assert post_form(first, path, meeting_data(days(21), days(0))).status_code == 302

    response = second.post(path, data=stale)

    text = check_page(response, 409).get_text()
    assert "This review changed since you opened this page" in text
    assert "What the review now says" in text
    assert review_of(app, w["case"]).meeting_on == days(21)  # the first browser's, not applied twice


def test_staff_arrange_a_council_led_review(app):
    w = world(app)
    client = staff_client(app, w["caseworker"])
    assert start(client, w["case"], arranged_by="council").status_code == 302
    review = review_of(app, w["case"])
    assert review.organisation_id is None and messages(app, "review_requested") == []
    path = f"/staff/cases/{w['case']}/reviews/{review.id}/meeting"
    assert post_form(client, path, meeting_data(days(21), days(0))).status_code == 302
    assert review_of(app, w["case"]).meeting_on == days(21)
    assert "review.meeting" in [e.action for e in audit_actions(app, w["case"])]


def test_a_review_before_a_phase_transfer_is_marked_as_one(app):
    w = world(app, phase_transfer="primary_to_secondary", phase_transfer_year=2027)
    client = staff_client(app, w["caseworker"])
    assert start(client, w["case"], organisation_id=str(w["school"])).status_code == 302
    assert review_of(app, w["case"]).phase_transfer is True
    assert (
        "the plan must name the next school or college"
        in check_page(client.get(f"/staff/cases/{w['case']}/reviews")).get_text()
    )


def test_read_only_staff_see_the_tab_but_cannot_start_a_review(app):
    from tests.factories import make_staff

    w = world(app)
    with app.app_context():
        reader = make_staff("read_only")
    client = staff_client(app, reader)
    page = check_page(client.get(f"/staff/cases/{w['case']}/reviews"))
    assert page.find("a", string=lambda s: s and "Start a review" in s) is None
    assert client.get(f"/staff/cases/{w['case']}/reviews/start").status_code == 403
