"""A family comments on a section or an item of an issued plan, says which setting they want named and
asks for a meeting: in the 15 days and after (kept and marked late, never lost), with GOV.UK errors that
keep what was typed, and 404 for anything that is not theirs or not in that version."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlmodel import select

from service.db import db
from service.domain.clock import draft_comment_last_day
from service.formatting import govuk_date
from service.models import CaseEvent, OutboxMessage, PlanComment
from tests.integration.plan_family.helpers import FAMILY, links, sign_in_family
from tests.integration.plan_family.plans import planned_case, respond
from tests.integration.staff.helpers import csrf_of
from tests.pages import check_page

SECTION_B = "plan/versions/1/sections/b/comment"
NEED_2 = "plan/versions/1/sections/b/items/need-2/comment"


def _post(client, case_id: int, path: str, data: dict, token: bool = True):
    form = {**data}
    if token:
        form["csrf_token"] = csrf_of(client, f"/your-cases/{case_id}/{path}")
    return client.post(f"/your-cases/{case_id}/{path}", data=form)


def _comments(app) -> list[PlanComment]:
    with app.app_context():
        return list(db.session.exec(select(PlanComment).order_by(PlanComment.id)))


def _acknowledgements(app, case_id: int) -> list[str]:
    with app.app_context():
        rows = db.session.exec(
            select(OutboxMessage).where(OutboxMessage.case_id == case_id, OutboxMessage.template == "case_update")
        ).all()
        return [json.loads(row.personalisation)["what_changed"] for row in rows]


def _events(app, case_id: int) -> list[str]:
    with app.app_context():
        return list(db.session.exec(select(CaseEvent.summary).where(CaseEvent.case_id == case_id)))


def test_a_comment_on_a_section_and_on_a_need_in_the_window(client, app):
    with app.app_context():
        case, _, version = planned_case(email=FAMILY)
    sign_in_family(client, app)
    form = check_page(client.get(f"/your-cases/{case.id}/{SECTION_B}"))
    assert form.h1.get_text(strip=True) == "Comment on section B: Special educational needs"
    assert "Leo becomes anxious at transitions" in form.select_one(".govuk-details").get_text()
    assert form.select_one(".govuk-character-count")["data-maxlength"] == "5000"  # the GOV.UK character count
    last_day = draft_comment_last_day(date.today())
    assert f"You have until {govuk_date(last_day)} to comment" in form.get_text(" ", strip=True)

    response = _post(client, case.id, SECTION_B, {"kind": "change", "text": "  Add Leo's sensory needs.  "})
    assert response.status_code == 302 and response.location.endswith(f"/your-cases/{case.id}/plan")
    banner = check_page(client.get(response.location)).select_one(".govuk-notification-banner--success")
    assert banner.select_one(".govuk-notification-banner__heading").get_text(strip=True) == (
        "Your comment has been sent to the council."
    )
    assert banner.select_one("a")["href"] == f"/your-cases/{case.id}/plan/comments"

    item = check_page(client.get(f"/your-cases/{case.id}/{NEED_2}"))
    assert item.h1.get_text(strip=True) == "Comment on need 2: Cognition and learning"
    assert "working memory is below the 5th centile" in item.select_one("main").get_text()
    _post(client, case.id, NEED_2, {"kind": "comment", "text": "His reading age was tested in May."})

    first, second = _comments(app)
    assert (first.section, first.item_id, first.kind, first.text, first.late) == (
        "b", "", "change", "Add Leo's sensory needs.", False,
    )  # fmt: skip
    assert (second.section, second.item_id, second.kind) == ("b", "need-2", "comment")
    assert first.plan_version_id == version.id and first.author_role == "parent"
    assert _events(app, case.id).count("The family commented on draft 1 of the plan") == 2
    assert (
        _acknowledgements(app, case.id).count(
            "We received your comment on draft 1 of the plan and sent it to your caseworker"
        )
        == 2
    )


def test_after_the_15_days_a_comment_is_kept_and_marked_late(client, app):
    served = date.today() - timedelta(days=20)
    with app.app_context():
        case, _, _ = planned_case(email=FAMILY, served_on=served)
    last_day = govuk_date(draft_comment_last_day(served))
    sign_in_family(client, app)
    page = check_page(client.get(f"/your-cases/{case.id}/plan"))
    ended = (
        f"The 15 days to comment ended on {last_day}; you can still comment and the council will see it arrived late."
    )
    assert ended in page.get_text(" ", strip=True)
    assert ended in check_page(client.get(f"/your-cases/{case.id}/{NEED_2}")).get_text(" ", strip=True)

    response = _post(client, case.id, NEED_2, {"kind": "comment", "text": "Sorry this is late."})
    banner = check_page(client.get(response.location)).select_one(".govuk-notification-banner")
    assert "the council will see that it was late" in banner.get_text()
    (comment,) = _comments(app)
    assert comment.late is True and comment.text == "Sorry this is late."
    assert "The family commented on draft 1 of the plan (after the 15-day window)" in _events(app, case.id)
    assert "We received your comment on draft 1 of the plan and sent it to your caseworker" in _acknowledgements(
        app, case.id
    )
    responses = check_page(client.get(f"/your-cases/{case.id}/plan/comments"))
    assert "Arrived late" in responses.select_one(".govuk-summary-card").get_text()


def test_errors_keep_what_was_typed_and_save_nothing(client, app):
    with app.app_context():
        case, _, _ = planned_case(email=FAMILY)
    sign_in_family(client, app)
    cases = [
        ({"kind": "comment", "text": "   "}, "Enter your comment", ""),
        ({"kind": "comment", "text": "x" * 5001}, "Your comment must be 5,000 characters or fewer", "x" * 5001),
        ({"kind": "change", "text": "Bad\x1b[31m text"}, "Your comment must not include control characters", "Bad"),
        ({"text": "No kind chosen"}, "Select whether this is a comment or a change you want made", "No kind chosen"),
        ({"kind": "meeting", "text": "Wrong kind"}, "Select whether this is a comment or a change you want made", ""),
    ]
    for data, message, kept in cases:
        response = _post(client, case.id, NEED_2, data)
        page = check_page(response, 400)
        assert page.title.get_text().startswith("Error: Comment on need 2")
        assert message in page.select_one(".govuk-error-summary").get_text(), message
        assert kept in page.select_one("textarea[name=text]").get_text()
        if data.get("kind") in ("comment", "change"):
            assert page.select_one(f"input[name=kind][value={data['kind']}]").has_attr("checked")
    assert _post(client, case.id, NEED_2, {"kind": "comment", "text": "No token"}, token=False).status_code == 400
    assert _comments(app) == []


def test_sections_items_versions_and_cases_that_are_not_there_are_404(client, app):
    with app.app_context():
        case, _, _ = planned_case(email=FAMILY)
        theirs, _, _ = planned_case(email="other.family@example.com", final=True)
    sign_in_family(client, app)
    for path in (
        "plan/versions/1/sections/z/comment",  # no such section
        "plan/versions/1/sections/b/items/need-9/comment",  # no such need
        "plan/versions/1/sections/f/items/need-1/comment",  # a need is not in section F
        "plan/versions/1/sections/personal_details/items/details/comment",  # not an item
        "plan/versions/2/sections/b/comment",  # this case has no version 2 (the other case has)
        "plan/versions/2/setting",
    ):
        assert client.get(f"/your-cases/{case.id}/{path}").status_code == 404, path
        token = csrf_of(client, f"/your-cases/{case.id}/{SECTION_B}")
        posted = client.post(
            f"/your-cases/{case.id}/{path}", data={"csrf_token": token, "kind": "comment", "text": "x"}
        )
        assert posted.status_code == 404, path
    token = csrf_of(client, f"/your-cases/{case.id}/{SECTION_B}")
    for path in (SECTION_B, "plan/versions/1/setting", "plan/versions/1/meeting"):
        assert client.get(f"/your-cases/{theirs.id}/{path}").status_code == 404
        posted = client.post(
            f"/your-cases/{theirs.id}/{path}", data={"csrf_token": token, "kind": "comment", "text": "x"}
        )
        assert posted.status_code == 404
    assert _comments(app) == []


def test_the_setting_and_a_meeting_on_a_draft(client, app):
    with app.app_context():
        case, _, version = planned_case(email=FAMILY)
    sign_in_family(client, app)
    found = links(check_page(client.get(f"/your-cases/{case.id}/plan")))
    assert (
        found["Tell us which school or other setting you want named"]
        == f"/your-cases/{case.id}/plan/versions/1/setting"
    )
    assert found["Ask for a meeting"] == f"/your-cases/{case.id}/plan/versions/1/meeting"

    empty = check_page(_post(client, case.id, "plan/versions/1/setting", {"text": ""}), 400)
    assert "Enter the school, college or other setting you want named" in empty.select_one(".govuk-error-summary").text
    saved = _post(client, case.id, "plan/versions/1/setting", {"text": "Riverside Primary, Maidstone: it has a unit"})
    assert saved.status_code == 302
    assert "The setting you want named has been sent to the council" in check_page(client.get(saved.location)).text

    empty = check_page(_post(client, case.id, "plan/versions/1/meeting", {"text": ""}), 400)
    assert "Enter what you would like to discuss at the meeting" in empty.select_one(".govuk-error-summary").text
    _post(client, case.id, "plan/versions/1/meeting", {"text": "Section F. Any weekday after 3pm."})
    setting, meeting = _comments(app)
    assert (setting.kind, setting.section, setting.text) == (
        "setting",
        "i",
        "Riverside Primary, Maidstone: it has a unit",
    )
    assert (meeting.kind, meeting.section, meeting.item_id) == ("meeting", "plan", "")
    assert setting.plan_version_id == version.id


def test_a_final_plan_takes_comments_outside_any_window_but_no_setting_or_meeting(client, app):
    served = date.today() - timedelta(days=40)
    with app.app_context():
        case, _, final = planned_case(email=FAMILY, served_on=served, final=True)
    sign_in_family(client, app)
    path = "plan/versions/2/sections/i/comment"
    form = check_page(client.get(f"/your-cases/{case.id}/{path}"))
    assert "15 days" not in form.text and "You have until" not in form.text
    assert _post(client, case.id, path, {"kind": "comment", "text": "Thank you."}).status_code == 302
    (comment,) = _comments(app)
    assert comment.late is False and comment.plan_version_id == final.id
    assert client.get(f"/your-cases/{case.id}/plan/versions/2/setting").status_code == 404
    assert client.get(f"/your-cases/{case.id}/plan/versions/2/meeting").status_code == 404


def test_the_councils_responses_show_as_soon_as_they_exist(client, app):
    with app.app_context():
        case, staff, _ = planned_case(email=FAMILY)
    sign_in_family(client, app)
    empty = check_page(client.get(f"/your-cases/{case.id}/plan/comments"))
    assert "You have not commented on the plan yet" in empty.text
    _post(client, case.id, NEED_2, {"kind": "change", "text": "Please add a reading assessment."})
    _post(
        client,
        case.id,
        "plan/versions/1/sections/f/items/provision-1/comment",
        {"kind": "comment", "text": "More SALT."},
    )
    _post(client, case.id, "plan/versions/1/meeting", {"text": "After school please."})
    page = check_page(client.get(f"/your-cases/{case.id}/plan/comments"))
    cards = page.select(".govuk-summary-card")
    titles = [card.select_one(".govuk-summary-card__title").get_text(strip=True) for card in cards]
    assert titles == [
        "Meeting request",
        "Comment: Section F: Special educational provision, provision 1",
        "Change you asked for: Section B: Special educational needs, need 2",
    ]
    assert all("The council has not responded yet" in card.text for card in cards)
    assert "Draft 1" in cards[0].text

    change, comment, _ = _comments(app)
    with app.app_context():
        respond(staff, change.id, "changed", "")
        respond(staff, comment.id, "not_changed", "The advice from the therapist is for one session a week.")
    cards = check_page(client.get(f"/your-cases/{case.id}/plan/comments")).select(".govuk-summary-card")
    assert "The council has not responded yet" in cards[0].text
    assert "The council did not change the plan" in cards[1].text
    assert "The advice from the therapist is for one session a week." in cards[1].text
    assert "The council changed the plan" in cards[2].text
    summary = check_page(client.get(f"/your-cases/{case.id}/plan")).get_text(" ", strip=True)
    assert "(3 sent, 2 answered)" in summary


def test_a_young_person_who_holds_their_case_comments_as_themselves(client, app):
    from service.data import family as family_data
    from service.models import Case

    young_person = "leo.young@example.com"
    with app.app_context():
        case, _, _ = planned_case(email=FAMILY)
        family_data.give_young_person_access(db.session.get(Case, case.id), young_person)
        db.session.commit()
    sign_in_family(client, app, young_person)
    assert _post(client, case.id, SECTION_B, {"kind": "comment", "text": "This is me."}).status_code == 302
    (comment,) = _comments(app)
    assert comment.author_role == "young_person"
