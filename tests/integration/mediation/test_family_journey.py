"""The family's request for mediation or a mediation certificate, one thing a page: start, what they
disagree with (final plans), mediation or a certificate, arranging mediation, check answers, sent.
Every date on the pages is the clock's."""

from datetime import timedelta

from sqlmodel import select

from service.data.requests import utcnow
from service.domain.clock import add_days, add_months, add_working_days, appeal_deadline, format_govuk_date, london_date
from service.models import CaseEvent, Disagreement
from tests.integration.mediation.helpers import answer, case_named, page, update_case
from tests.integration.staff.helpers import csrf_of
from tests.integration.track.test_family import _signed_in
from tests.pages import check_page


def _today():
    return london_date(utcnow())


def _disagreements(app) -> list[Disagreement]:
    from service.db import db

    with app.app_context():
        return list(db.session.exec(select(Disagreement)))


def _text(soup) -> str:
    return " ".join(soup.get_text(" ").split())


def _rows(soup) -> dict[str, str]:
    return {
        " ".join(r.select_one(".govuk-summary-list__key").get_text().split()): " ".join(
            r.select_one(".govuk-summary-list__value").get_text(" ").split()
        )
        for r in soup.select(".govuk-summary-list__row")
    }


def _change_link(soup, label: str) -> str:
    for row in soup.select(".govuk-summary-list__row"):
        if " ".join(row.select_one(".govuk-summary-list__key").get_text().split()) == label:
            return row.select_one(".govuk-summary-list__actions a")["href"]
    raise AssertionError(f"no row {label!r}")


def _errors(response, status=400) -> list[str]:
    soup = check_page(response, status)
    return [a.get_text(strip=True) for a in soup.select(".govuk-error-summary a")]


def test_the_start_page_names_the_decision_its_date_and_the_dates_from_the_clock(client, app):
    _signed_in(client, app)
    maya = case_named(app, "Maya")
    soup = check_page(client.get(page(maya.id)))
    text = _text(soup)
    decided = maya.decision_to_assess_on
    assert soup.h1.get_text(strip=True) == "Request mediation or a mediation certificate"
    assert "The council decided not to carry out an education, health and care (EHC) needs assessment" in text
    assert format_govuk_date(decided) in text
    assert f"To appeal, contact the mediation adviser by {format_govuk_date(add_months(decided, 2))}" in text
    assert f"You can appeal to the SEND Tribunal by 5pm on {format_govuk_date(appeal_deadline(decided, None))}" in text
    assert "ended on" not in text and not soup.select(".govuk-warning-text")
    assert "contact the mediation adviser yourself: Kent Mediation Service (demo)" in text
    assert soup.select_one('a[href="mailto:mediation@kent.example.org"]') is not None
    assert soup.select_one(".govuk-back-link")["href"] == f"/your-cases/{maya.id}"
    # not a final plan: no question about sections, the first page is mediation or a certificate
    assert soup.select_one("a.govuk-button")["href"] == page(maya.id, "mediation-or-certificate")
    assert client.get(page(maya.id, "what-you-disagree-with")).location.endswith("/mediation-or-certificate")


def test_the_mediation_journey_page_by_page_with_errors_back_links_and_confirmation(client, app):
    _signed_in(client, app)
    maya = case_named(app, "Maya")
    wants_path = page(maya.id, "mediation-or-certificate")
    wants = check_page(client.get(wants_path))
    assert wants.select_one(".govuk-back-link")["href"] == page(maya.id)
    assert wants.select_one("legend h1").get_text(strip=True) == (
        "Do you want to try mediation, or get a mediation certificate only?"
    )
    assert client.post(wants_path, data={"wants": "mediation"}).status_code == 400  # no CSRF token: refused
    assert client.get(page(maya.id, "check-answers")).location.endswith("/mediation-or-certificate")
    error = answer(client, wants_path)
    assert _errors(error) == ["Select if you want to try mediation or get a mediation certificate only"]
    assert check_page(error, 400).title.get_text().startswith("Error: ")
    assert check_page(error, 400).select_one(".govuk-error-summary a")["href"] == "#wants"
    moved = answer(client, wants_path, wants="mediation")
    assert moved.status_code == 302 and moved.location == page(maya.id, "arranging-mediation")
    assert check_page(client.get(wants_path)).select_one("input[value=mediation]").has_attr("checked")

    arranging_path = page(maya.id, "arranging-mediation")
    arranging = check_page(client.get(arranging_path))
    assert arranging.select_one(".govuk-back-link")["href"] == wants_path
    assert len(arranging.select(".govuk-character-count")) == 3
    too_long = answer(client, arranging_path, availability="x" * 2001, access_needs="", attendees="")
    assert _errors(too_long) == ["When you are available must be 2000 characters or fewer"]
    assert "x" * 2001 in check_page(too_long, 400).select_one("#availability").get_text()
    moved = answer(
        client, arranging_path, availability=" Weekday mornings ", access_needs="Step-free access", attendees=""
    )
    assert moved.location == page(maya.id, "check-answers")

    check = check_page(client.get(page(maya.id, "check-answers")))
    assert check.select_one(".govuk-back-link")["href"] == arranging_path
    assert _rows(check) == {
        "Decision": "The council decided not to carry out an education, health and care (EHC) needs assessment on "
        + format_govuk_date(maya.decision_to_assess_on),
        "What you want": "Try mediation with the council",
        "When you are available": "Weekday mornings",
        "Access needs": "Step-free access",
        "Who will come with you": "Not given",
    }
    sent = answer(client, page(maya.id, "check-answers"))
    assert sent.location == page(maya.id, "sent")
    confirmation = check_page(client.get(sent.location))
    assert confirmation.select_one(".govuk-panel__title").get_text(strip=True) == "Request sent"
    assert maya.reference in confirmation.select_one(".govuk-panel").get_text()
    text = _text(confirmation)
    assert "What happens next" in text
    today = _today()
    assert f"The council must arrange mediation to take place by {format_govuk_date(add_days(today, 30))}" in text
    deadline = format_govuk_date(appeal_deadline(maya.decision_to_assess_on, None))
    assert f"You can appeal to the SEND Tribunal by 5pm on {deadline}" in text
    (d,) = _disagreements(app)
    assert (d.wants_mediation, d.availability, d.access_needs, d.attendees, d.sections, d.late) == (
        True,
        "Weekday mornings",
        "Step-free access",
        "",
        "",
        False,
    )
    # the answers were forgotten: the pages now lead to the request already sent
    assert client.get(wants_path).location == page(maya.id, "dates")


def test_a_certificate_only_skips_arranging_and_the_certificate_is_due_in_3_working_days(client, app):
    _signed_in(client, app)
    maya = case_named(app, "Maya")
    moved = answer(client, page(maya.id, "mediation-or-certificate"), wants="certificate")
    assert moved.location == page(maya.id, "check-answers")
    assert client.get(page(maya.id, "arranging-mediation")).location == page(maya.id, "check-answers")
    check = check_page(client.get(page(maya.id, "check-answers")))
    assert check.select_one(".govuk-back-link")["href"] == page(maya.id, "mediation-or-certificate")
    assert set(_rows(check)) == {"Decision", "What you want"}
    sent = answer(client, page(maya.id, "check-answers"))
    text = _text(check_page(client.get(sent.location)))
    due = format_govuk_date(add_working_days(_today(), 3))
    assert f"You should get your mediation certificate by {due}" in text
    assert "arrange mediation" not in text
    (d,) = _disagreements(app)
    assert d.wants_mediation is False and d.availability == ""


def test_change_links_return_to_check_answers_and_ask_a_newly_needed_question_first(client, app):
    _signed_in(client, app)
    maya = case_named(app, "Maya")
    answer(client, page(maya.id, "mediation-or-certificate"), wants="mediation")
    answer(client, page(maya.id, "arranging-mediation"), availability="Mornings", access_needs="", attendees="")
    check_path = page(maya.id, "check-answers")
    check = check_page(client.get(check_path))
    change_wants = _change_link(check, "What you want")
    assert change_wants == page(maya.id, "mediation-or-certificate") + "?change=yes"
    assert _change_link(check, "When you are available") == page(maya.id, "arranging-mediation") + "?change=yes"
    assert check_page(client.get(change_wants)).select_one(".govuk-back-link")["href"] == check_path

    # an error on a change page keeps the change link's way back
    assert _errors(answer(client, change_wants)) == [
        "Select if you want to try mediation or get a mediation certificate only"
    ]
    assert answer(client, change_wants, wants="certificate").location == check_path
    assert set(_rows(check_page(client.get(check_path)))) == {"Decision", "What you want"}

    # back to mediation: the arranging answers were kept, so straight back to check answers
    assert answer(client, change_wants, wants="mediation").location == check_path
    change_arranging = _change_link(check_page(client.get(check_path)), "When you are available")
    arranging = check_page(client.get(change_arranging))
    assert arranging.select_one("#availability").get_text() == "Mornings"
    assert answer(
        client, change_arranging, availability="Afternoons", access_needs="", attendees="Grandma"
    ).location == (check_path)
    rows = _rows(check_page(client.get(check_path)))
    assert rows["When you are available"] == "Afternoons" and rows["Who will come with you"] == "Grandma"


def test_a_change_to_mediation_asks_the_arranging_questions_before_check_answers(client, app):
    _signed_in(client, app)
    maya = case_named(app, "Maya")
    answer(client, page(maya.id, "mediation-or-certificate"), wants="certificate")
    change = _change_link(check_page(client.get(page(maya.id, "check-answers"))), "What you want")
    moved = answer(client, change, wants="mediation")
    assert moved.location == page(maya.id, "arranging-mediation") + "?change=yes"
    assert answer(client, moved.location, availability="", access_needs="", attendees="").location == page(
        maya.id, "check-answers"
    )


def _final_plan(app):
    return update_case(app, "Leo", final_issued_on=_today() - timedelta(days=10))


def test_a_final_plan_asks_what_they_disagree_with_and_section_i_alone_needs_no_certificate(client, app):
    _signed_in(client, app)
    leo = _final_plan(app)
    start = check_page(client.get(page(leo.id)))
    assert "The council issued the final education, health and care (EHC) plan" in _text(start)
    sections_path = page(leo.id, "what-you-disagree-with")
    assert start.select_one("a.govuk-button")["href"] == sections_path
    sections = check_page(client.get(sections_path))
    assert sections.select_one(".govuk-back-link")["href"] == page(leo.id)
    assert [i["value"] for i in sections.select("input[type=checkbox]")] == ["B", "F", "I", "health", "social_care"]
    error = answer(client, sections_path)
    assert _errors(error) == ["Select what you disagree with in the plan"]
    assert check_page(error, 400).select_one(".govuk-error-summary a")["href"] == "#sections"

    assert answer(client, sections_path, sections=["I"]).location == page(leo.id, "mediation-or-certificate")
    wants = check_page(client.get(page(leo.id, "mediation-or-certificate")))
    assert wants.select_one(".govuk-back-link")["href"] == sections_path
    assert "You do not need a mediation certificate to appeal to the SEND Tribunal about this" in _text(wants)
    answer(client, page(leo.id, "mediation-or-certificate"), wants="certificate")
    check = check_page(client.get(page(leo.id, "check-answers")))
    assert _rows(check)["What you disagree with"] == "Section I: the school or college named in the plan"
    assert "you do not need a mediation certificate to appeal" in _text(check)
    sent = answer(client, page(leo.id, "check-answers"))
    text = _text(check_page(client.get(sent.location)))
    assert "You do not need a mediation certificate to appeal about the named school or college only" in text
    assert "You should get your mediation certificate" not in text
    (d,) = _disagreements(app)
    assert d.sections == "I" and d.decision_kind == "plan_contents"


def test_section_i_with_another_section_still_needs_a_certificate_and_changes_keep_the_order(client, app):
    _signed_in(client, app)
    leo = _final_plan(app)
    sections_path = page(leo.id, "what-you-disagree-with")
    answer(client, sections_path, sections=["I"])
    answer(client, page(leo.id, "mediation-or-certificate"), wants="certificate")
    check_path = page(leo.id, "check-answers")
    change = _change_link(check_page(client.get(check_path)), "What you disagree with")
    assert change == sections_path + "?change=yes"
    ticked = check_page(client.get(change)).select("input[type=checkbox][checked]")
    assert [i["value"] for i in ticked] == ["I"]
    assert answer(client, change, sections=["I", "B", "health"]).location == check_path
    check = check_page(client.get(check_path))
    assert _rows(check)["What you disagree with"] == (
        "Section B: special educational needs Section I: the school or college named in the plan "
        "Health parts of the plan"
    )
    assert "do not need a mediation certificate" not in _text(check)
    assert "do not need a mediation certificate to appeal to the SEND Tribunal about this" not in _text(
        check_page(client.get(page(leo.id, "mediation-or-certificate")))
    )
    sent = answer(client, check_path)
    assert f"You should get your mediation certificate by {format_govuk_date(add_working_days(_today(), 3))}" in _text(
        check_page(client.get(sent.location))
    )
    (d,) = _disagreements(app)
    assert d.sections == "B,I,health"


def test_after_the_2_month_window_the_family_is_told_and_can_still_ask_and_the_request_is_flagged_late(client, app):
    _signed_in(client, app)
    decided = _today() - timedelta(days=70)
    maya = update_case(app, "Maya", decision_to_assess_on=decided)
    start = check_page(client.get(page(maya.id)))
    warning = _text(start.select_one(".govuk-warning-text"))
    assert f"The 2 months to contact a mediation adviser ended on {format_govuk_date(add_months(decided, 2))}" in (
        warning
    )
    assert "You can still send a request" in warning
    assert f"The 2 months from the decision to appeal ended on {format_govuk_date(appeal_deadline(decided, None))}" in (
        _text(start)
    )
    answer(client, page(maya.id, "mediation-or-certificate"), wants="certificate")
    check = check_page(client.get(page(maya.id, "check-answers")))
    assert "You are sending this request after the 2 months" in _text(check.select_one(".govuk-warning-text"))
    sent = answer(client, page(maya.id, "check-answers"))
    confirmation = _text(check_page(client.get(sent.location)))
    assert "You sent it after the 2 months" in confirmation
    assert (
        "The 2 months from the decision to appeal have ended: you can appeal to the SEND Tribunal by 5pm on the day 1 month"
        in (confirmation)
    )
    (d,) = _disagreements(app)
    assert d.late is True
    from service.db import db

    with app.app_context():
        event = db.session.exec(select(CaseEvent).where(CaseEvent.kind == "disagreement")).one()
        assert event.summary == "The family asked for a mediation certificate (after the 2-month window)"


def test_a_second_request_about_the_same_decision_is_not_duplicated(client, app):
    _signed_in(client, app)
    maya = case_named(app, "Maya")
    other_tab = app.test_client()
    _signed_in(other_tab, app)
    answer(client, page(maya.id, "mediation-or-certificate"), wants="certificate")
    answer(other_tab, page(maya.id, "mediation-or-certificate"), wants="certificate")
    check_path = page(maya.id, "check-answers")
    token = csrf_of(other_tab, check_path)
    assert answer(client, check_path).location == page(maya.id, "sent")
    # the other browser's check-answers page was open: sending it goes to the request already sent
    again = other_tab.post(check_path, data={"csrf_token": token})
    assert again.location == page(maya.id, "dates")
    for path in ("", "mediation-or-certificate", "arranging-mediation", "check-answers"):
        assert client.get(page(maya.id, path)).location == page(maya.id, "dates"), path
    assert len(_disagreements(app)) == 1
    assert "Your mediation request" in _text(check_page(client.get(page(maya.id, "dates"))))


def test_answers_are_kept_per_case_and_pages_404_without_an_appealable_decision(client, app):
    _signed_in(client, app)
    maya = case_named(app, "Maya")
    leo = _final_plan(app)
    answer(client, page(maya.id, "mediation-or-certificate"), wants="mediation")
    assert client.get(page(leo.id, "check-answers")).location == page(leo.id, "what-you-disagree-with")
    assert not check_page(client.get(page(leo.id, "mediation-or-certificate"))).select("input[checked]")
    assert client.get(page(maya.id, "sent")).location == page(maya.id)
    amara = case_named(app, "Amara")
    for path in ("", "what-you-disagree-with", "mediation-or-certificate", "arranging-mediation", "check-answers"):
        assert client.get(page(amara.id, path)).status_code == 404, path
    assert client.get(page(amara.id, "sent")).status_code == 404
