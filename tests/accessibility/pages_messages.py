"""Issue 16 items 3 and 6 for the sweep: the parent or carer page of a school's request (filled, empty
and in error), and the staff case with its letters' dispatch statuses and the parent a school named."""

from __future__ import annotations

from datetime import date, timedelta

from tests.accessibility import signed_in
from tests.accessibility.pages_request import COMPLETE, _draft, _resume
from tests.accessibility.registry import SweepPage


def _continue(page):
    page.get_by_role("button", name="Continue").click()


def _no_postcode(page):
    page.get_by_role("radio", name="Post").check()
    page.get_by_label("Their postal address (if they chose post)").fill("4 Mill Lane\nMaidstone")
    page.get_by_role("button", name="Continue").click()


def _letters(app) -> dict:
    """A school's request whose parent chose post: one letter sent by post, one returned, one refused."""
    from service.db import db
    from service.models import OutboxMessage, utcnow
    from tests.factories import make_case, make_staff

    make_staff("caseworker", email="sweep.caseworker@example.gov.uk")
    case = make_case(
        child_first_name="Oliver",
        requester_role="professional",
        requester_name="Priya Shah",
        requester_relationship="SENCO",
        parent_name="Emma Brown",
        parent_email="emma.brown@example.com",
        parent_contact_preference="post",
        parent_postal_address="22 Orchard Way\nDover\nCT16 1AA",
    )
    sent = utcnow() - timedelta(days=3)
    for status, delivery, returned, error in (
        ("sent", "received", None, None),
        ("sent", "received", date.today(), None),
        ("failed", None, None, "Notify answered 400: Must be a real UK postcode"),
        ("sent", "accepted", None, None),
    ):
        db.session.add(
            OutboxMessage(channel="letter", template="case_update", recipient="Emma Brown", personalisation="{}",
                          case_id=case.id, status=status, delivery_status=delivery, returned_on=returned,
                          last_error=error, sent_at=sent if status == "sent" else None)
        )  # fmt: skip
    db.session.commit()
    return {"case": case.id}


PAGES = [
    SweepPage("request/parent-contact/filled", "/request/parent-contact", data=_draft(COMPLETE), sign_in=_resume),
    SweepPage(
        "request/parent-contact/error-empty",
        "/request/parent-contact",
        data=_draft({"who": {"role": "professional"}}),
        sign_in=_resume,
        actions=_continue,
    ),
    SweepPage(
        "request/parent-contact/error-postcode",
        "/request/parent-contact",
        data=_draft({"who": {"role": "professional"}}),
        sign_in=_resume,
        actions=_no_postcode,
    ),
    SweepPage(
        "staff/case/letters",
        "/staff/cases/{case}",
        data=_letters,
        sign_in=signed_in.staff("sweep.caseworker@example.gov.uk"),
    ),
]
