"""Issue 16's family pages for the sweep, the states that are new (the case page, messages and sharing are
re-checked through pages_track): a refused request's tracker ending with the family's window to disagree
and the appeal guidance; messages with a date that has passed; a young person's own request's sharing page,
normal and with an error."""

from __future__ import annotations

from datetime import date, timedelta

from tests.accessibility import signed_in
from tests.accessibility.registry import SweepPage

FAMILY = "sweep.family16@example.com"
YOUNG = "sweep.young16@example.com"


def _seed(app) -> dict:
    from service.data.family_messages import send_case_update
    from service.db import db
    from service.domain.clock import format_govuk_date
    from tests.factories import make_case

    today = date.today()
    refused = make_case(
        stage="not_to_assess",
        requester_email=FAMILY,
        child_first_name="Ava",
        child_last_name="Green",
        received_on=today - timedelta(days=30),
        decision_to_assess_on=today - timedelta(days=2),
    )
    send_case_update(
        refused,
        "The council decided not to carry out an assessment",
        today,
        f"The council had to tell you by {format_govuk_date(today - timedelta(days=9))} whether it would assess",
    )
    own = make_case(
        requester_role="young_person",
        requester_email=YOUNG,
        requester_relationship="",
        child_first_name="Kai",
        child_last_name="Moss",
        child_date_of_birth=date(2008, 2, 1),
    )
    db.session.commit()
    return {"refused": refused.id, "own": own.id}


def _family(page, live, data) -> None:
    signed_in.family(page, live, FAMILY)


def _young(page, live, data) -> None:
    signed_in.family(page, live, YOUNG)


PAGES = [
    SweepPage("family16/case/refused", "/your-cases/{refused}", data=_seed, sign_in=_family),
    SweepPage("family16/messages/date-passed", "/your-notifications", data=_seed, sign_in=_family),
    SweepPage("family16/sharing/own-request", "/your-cases/{own}/sharing", data=_seed, sign_in=_young),
    SweepPage(
        "family16/sharing/own-request/error",
        "/your-cases/{own}/sharing",
        data=_seed,
        sign_in=_young,
        actions=lambda page: page.get_by_role("button", name="Let them see it").last.click(),
    ),
]
