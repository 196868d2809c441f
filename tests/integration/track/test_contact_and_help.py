"""Issue 16 item 4: contact and help on every family case page: the caseworker (or "Not yet assigned"),
the council's SEND team, its SENDIASS (or the national finder) and, once the family can appeal, the SEND
Tribunal's guidance with the last day to appeal (from the clock)."""

from __future__ import annotations

from datetime import date, timedelta

from service.domain.clock import appeal_deadline, format_govuk_date
from tests.factories import council, make_case, make_staff
from tests.integration.track.helpers16 import sign_in_as
from tests.pages import check_page

TODAY = date.today()
EMAIL = "help.family@example.com"
FINDER = (
    "https://councilfordisabledchildren.org.uk/information-advice-and-support-services-network/"
    "find-your-local-ias-service"
)


def _panel(client, path):
    page = check_page(client.get(path))
    section = page.select_one("section[aria-labelledby=contact-and-help]")
    assert section is not None, path
    return section


def test_the_panel_names_the_caseworker_the_send_team_and_the_councils_sendiass_on_every_case_page(client, app):
    from service.db import db

    with app.app_context():
        kent = council()
        kent.send_team_email = "send@kent.example.gov.uk"
        kent.send_team_phone = "01632 960001"
        kent.sendiass_name = "Kent SENDIASS"
        kent.sendiass_url = "https://sendiass.kent.example.org"
        kent.sendiass_phone = "01632 960011"
        db.session.commit()
        known_as = kent.council_name or kent.name  # the name it is known by, when the register has it
        worker = make_staff(name="Sam Patel")
        case = make_case(requester_email=EMAIL, assigned_caseworker_id=worker.id)
        case_id = case.id
    sign_in_as(client, app, EMAIL)
    for path in (f"/your-cases/{case_id}", f"/your-cases/{case_id}/documents"):
        text = _panel(client, path).get_text(" ", strip=True)
        assert "Your caseworker Sam Patel" in text
        assert f"{known_as} SEND team" in text
        assert "send@kent.example.gov.uk" in text and "Phone: 01632 960001" in text
        assert "Kent SENDIASS (SENDIASS) is independent" in text and "Phone: 01632 960011" in text
    panel = _panel(client, f"/your-cases/{case_id}")
    assert panel.select_one('a[href="https://sendiass.kent.example.org"]')
    assert panel.select_one('a[href="mailto:send@kent.example.gov.uk"]')
    assert not panel.select_one('a[href="https://www.gov.uk/send-tribunal"]')  # no appealable decision yet


def test_without_a_caseworker_or_sendiass_it_says_so_and_links_the_national_finder(client, app):
    with app.app_context():
        case_id = make_case(requester_email=EMAIL).id
        kent = council()
        known_as = kent.council_name or kent.name
    sign_in_as(client, app, EMAIL)
    panel = _panel(client, f"/your-cases/{case_id}")
    assert "Your caseworker Not yet assigned" in panel.get_text(" ", strip=True)
    assert f"{known_as} SEND team" in panel.get_text(" ", strip=True)
    assert panel.select_one(f'a[href="{FINDER}"]')


def test_once_the_family_can_appeal_it_links_the_tribunal_guidance_with_the_last_day(client, app):
    notice = TODAY - timedelta(days=3)
    with app.app_context():
        case_id = make_case(
            stage="not_to_assess",
            requester_email=EMAIL,
            received_on=TODAY - timedelta(days=30),
            decision_to_assess_on=notice,
            assess_notice_sent_on=notice,
        ).id
    sign_in_as(client, app, EMAIL)
    panel = _panel(client, f"/your-cases/{case_id}")
    assert panel.select_one('a[href="https://www.gov.uk/send-tribunal"]')
    last_day = format_govuk_date(appeal_deadline(notice, None))
    assert f"The last day to appeal is 5pm on {last_day}" in panel.get_text(" ", strip=True)
