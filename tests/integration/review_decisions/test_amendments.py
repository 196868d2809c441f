"""Amending after a review: the proposed amendments are a plan version ("Proposed amendments 1") that records
the decision to amend in the same notice and starts the family's 15 days; the amended plan is refused inside
them (the GOV.UK error on the date), accepted after, due 8 weeks after the proposals, and completes the
review; the family reads and comments on the proposals section by section, late after the window; the
report's proposed changes are shown beside the plan editor."""

from __future__ import annotations

import json

from sqlmodel import select

from service.domain.clock import add_months, add_weeks, days_beginning_with, format_govuk_date
from service.models import AuditEvent, Case, CaseEvent, OutboxMessage, PlanComment, PlanReview, PlanVersion
from tests.integration.plan_family.helpers import sign_in_family
from tests.integration.plan_staff.helpers import date_fields, section, signed_in
from tests.integration.review_decisions.helpers import days_ago, reviewed_case
from tests.integration.staff.helpers import url
from tests.pages import check_page

FAMILY = "leo.family@example.com"


def _db():
    from service.db import db

    return db


def _review(app, review_id) -> PlanReview:
    with app.app_context():
        review = _db().session.get(PlanReview, review_id)
        _db().session.expunge(review)
        return review


def _errors(page) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(".govuk-error-summary a")]


def _issue_path(app, case_id, kind):
    return url(app, "staff.plan_issue", case_id=case_id, kind=kind)


def _form(client, path) -> dict:
    page = check_page(client.get(path))
    return {
        name: page.find("input", attrs={"name": name})["value"]
        for name in ("csrf_token", "opened_version", "review_version")
    }


def _issue(client, app, case_id, kind, on, form=None, status=302):
    path = _issue_path(app, case_id, kind)
    data = {
        **(form or _form(client, path)),
        **date_fields("on", on),
        "amendment_reason": "The review found Leo needs more speech therapy.",
        "override_reason": "Tested",
    }
    response = client.post(path, data=data)
    assert response.status_code == status, response.status_code
    return response


def _proposed(client, app, *, sent: int, email=None):
    with app.app_context():
        case_id, review_id, _ = reviewed_case(email=email, meeting=sent + 10, report=sent + 5)
    signed_in(client, app)
    _issue(client, app, case_id, "proposals", days_ago(sent))
    return case_id, review_id


def test_issuing_the_proposals_records_the_decision_to_amend_and_the_familys_15_days(client, app):
    case_id, review_id = _proposed(client, app, sent=3)
    review = _review(app, review_id)
    assert (review.decision, review.decision_on, review.decision_notice_sent_on) == ("amend", days_ago(3), days_ago(3))
    assert review.proposals_sent_on == days_ago(3) and review.status == "open"
    with app.app_context():
        version = _db().session.get(PlanVersion, review.proposals_version_id)
        assert (version.status, version.label) == ("proposed", "Proposed amendments 1")
        actions = [a.action for a in _db().session.exec(select(AuditEvent).where(AuditEvent.case_id == case_id))]
        assert "plan.issue_proposals" in actions
        event = (
            _db()
            .session.exec(
                select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.kind == "plan_proposals_issued")
            )
            .one()
        )
        assert "decided to amend" in event.summary
        last = json.loads(
            list(
                _db().session.exec(
                    select(OutboxMessage).where(OutboxMessage.case_id == case_id).order_by(OutboxMessage.created_at)
                )
            )[-1].personalisation
        )
    last_day = days_beginning_with(days_ago(3), 15)
    assert format_govuk_date(last_day) in json.dumps(last)
    # no second proposals for the same decision
    assert client.get(_issue_path(app, case_id, "proposals")).status_code == 404


def test_the_amended_plan_is_refused_inside_the_15_days_and_shows_its_8_week_due_date(client, app):
    case_id, review_id = _proposed(client, app, sent=5)
    path = _issue_path(app, case_id, "amend")
    page = check_page(client.get(path))
    due = add_weeks(days_ago(5), 8)
    assert f"must be issued by {format_govuk_date(due)}" in page.get_text()
    data = {**_form(client, path), **date_fields("on", days_ago(0)), "amendment_reason": "x", "override_reason": "t"}
    page = check_page(client.post(path, data=data), status=400)
    last_day = days_beginning_with(days_ago(5), 15)
    message = (
        f"The family has until {format_govuk_date(last_day)} to comment on the proposed amendments. "
        "The amended plan can be issued from the day after"
    )
    assert _errors(page) == [message]
    assert page.select_one("#on-day")["class"].count("govuk-input--error") == 1  # the error is on the date field
    assert _review(app, review_id).amended_issued_on is None


def test_the_amended_plan_after_the_15_days_completes_the_review(client, app):
    case_id, review_id = _proposed(client, app, sent=30)
    on = days_ago(10)
    response = _issue(client, app, case_id, "amend", on)
    assert response.headers["Location"].endswith("/plan/versions/4")
    review = _review(app, review_id)
    assert (review.amended_issued_on, review.status) == (on, "complete")
    with app.app_context():
        version = _db().session.get(PlanVersion, review.amended_version_id)
        assert (version.status, version.label) == ("final", "Amended 1")
        case = _db().session.get(Case, case_id)
        assert case.last_review_on == review.meeting_on
        assert case.review_due_on == add_months(review.meeting_on, 12)
        actions = [a.action for a in _db().session.exec(select(AuditEvent).where(AuditEvent.case_id == case_id))]
    assert "plan.issue_amended" in actions


def test_two_browsers_issuing_the_proposals_one_wins_the_other_sees_what_changed(client, app):
    with app.app_context():
        case_id, review_id, _ = reviewed_case(meeting=10, report=5)
    signed_in(client, app)
    path = _issue_path(app, case_id, "proposals")
    first = _form(client, path)
    second = dict(first)
    _issue(client, app, case_id, "proposals", days_ago(1), form=first)
    response = client.post(
        path,
        data={**second, **date_fields("on", days_ago(1)), "amendment_reason": "Again", "override_reason": "t"},
    )
    page = check_page(response, status=409)
    assert "Someone else took this step on the review since you opened the page" in page.get_text()
    assert "decided to amend the plan and sent Proposed amendments 1" in page.select_one("#changes").get_text()
    with app.app_context():
        proposed = _db().session.exec(
            select(PlanVersion).where(PlanVersion.case_id == case_id, PlanVersion.status == "proposed")
        )
        assert len(list(proposed)) == 1


def test_the_editor_shows_the_reports_proposed_changes_for_the_section(client, app):
    with app.app_context():
        case_id, _, _ = reviewed_case(meeting=10, report=5)
    signed_in(client, app)
    text = check_page(client.get(section(app, case_id, "f"))).get_text()
    assert "Changes proposed in the review report" in text
    assert "Speech and language therapy twice a week, not once." in text
    assert "Update the reading age" not in text  # section B's change is on section B's page
    assert "Update the reading age" in check_page(client.get(section(app, case_id, "b"))).get_text()


def test_the_family_reads_the_proposals_with_what_changed_and_comments_on_time(client, app):
    case_id, _ = _proposed(client, app, sent=2, email=FAMILY)
    with app.test_client() as family:
        sign_in_family(family, app, FAMILY)
        page = check_page(family.get(f"/your-cases/{case_id}/plan"))
        text = page.get_text()
        assert "proposed changes to Leo's current plan (Final" in text
        last_day = days_beginning_with(days_ago(2), 15)
        assert f"You have until {format_govuk_date(last_day)} to comment on the proposed changes" in text
        assert page.find("h2", id="proposed-changes") is not None
        compare = next(a["href"] for a in page.select("a") if "What the proposed amendments change" in a.get_text())
        check_page(family.get(compare))
        path = f"/your-cases/{case_id}/plan/versions/3/sections/f/items/provision-1/comment"
        form = check_page(family.get(path))
        assert "these proposed amendments" in form.get_text()
        token = form.find("input", attrs={"name": "csrf_token"})["value"]
        response = family.post(path, data={"csrf_token": token, "kind": "change", "text": "Please keep Monday."})
        assert response.status_code == 302
    with app.app_context():
        comment = _db().session.exec(select(PlanComment).where(PlanComment.case_id == case_id)).one()
        assert comment.late is False and comment.section == "f"


def test_a_comment_after_the_15_days_is_marked_late(client, app):
    case_id, _ = _proposed(client, app, sent=20, email=FAMILY)
    with app.test_client() as family:
        sign_in_family(family, app, FAMILY)
        text = check_page(family.get(f"/your-cases/{case_id}/plan")).get_text()
        assert "The 15 days to comment ended on" in text
        path = f"/your-cases/{case_id}/plan/versions/3/sections/b/comment"
        token = check_page(family.get(path)).find("input", attrs={"name": "csrf_token"})["value"]
        response = family.post(path, data={"csrf_token": token, "kind": "comment", "text": "Late but important."})
        assert response.status_code == 302
    with app.app_context():
        comment = _db().session.exec(select(PlanComment).where(PlanComment.case_id == case_id)).one()
        assert comment.late is True


def test_two_browsers_issuing_the_amended_plan_one_wins_the_other_sees_what_changed(client, app):
    case_id, review_id = _proposed(client, app, sent=30)
    path = _issue_path(app, case_id, "amend")
    first = _form(client, path)
    second = dict(first)
    _issue(client, app, case_id, "amend", days_ago(2), form=first)
    data = {**second, **date_fields("on", days_ago(2)), "amendment_reason": "Again", "override_reason": "t"}
    page = check_page(client.post(path, data=data), status=409)
    assert "Amended 1 of the plan issued on" in page.select_one("#changes").get_text()
    assert "Nothing you entered has been saved" in page.get_text()
    with app.app_context():
        amended = _db().session.exec(
            select(PlanVersion)
            .where(PlanVersion.case_id == case_id, PlanVersion.status == "final")
            .order_by(PlanVersion.number)  # in issue order: without it the rows come in any order
        )
        assert [v.label for v in amended] == ["Final", "Amended 1"]
