"""What a family is told when something they can see changes, and how.

One builder for every family message, so the caseworker side, the workers and the family side all say
what changed and what happens next by when (from the statutory clock), by the family's preferred channel.
Messages carry no special category detail: the reference and the child's first name only, never needs,
diagnoses or full names.

    from service.data.family_messages import send_case_update
    send_case_update(case, "The council sent the draft EHC plan on 3 March 2027", today)

The outbox row is added to the current transaction; the caller commits.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import col, select

from service.data import notifications
from service.data.facts import assessment_facts
from service.db import db
from service.domain.clock import assessment_timeline, format_govuk_date, next_due
from service.links import external_url
from service.models import Case, CaseAccess

NOTHING_MORE = "There is nothing more the council needs to do for this request."

# What each message was about, for the family's messages page (the message text itself lives in Notify).
DESCRIPTIONS = {
    "family_sign_in_link": "Your sign-in link and code",
    "request_received": "We received your request",
    "request_received_sms": "We received your request",
    "case_update": "An update on your request",
    "draft_plan_comment_reminder": "Reminder: the draft plan comment window is closing",
    "document_infected": "A file you sent could not be accepted",
    "draft_resume_link": "A link to carry on with your request",
    "draft_expiry_reminder": "Your unfinished request will be deleted soon",
}


def describe(template: str) -> str:
    return DESCRIPTIONS.get(template, "A message about your request")


def what_next(case: Case, today: date) -> str:
    """The most urgent thing the council must do next, in the family's words, from the clock."""
    urgent = next_due(assessment_timeline(assessment_facts(case), today))
    return urgent.family_text if urgent else NOTHING_MORE


def family_contact(case: Case) -> tuple[str, str] | None:
    """(channel, address) the family is told by. A young person who holds their own case is told,
    by email: their parent is not, since the parent sees the case only if the young person agrees.
    Otherwise the person who asked, by the channel they chose; None when there is no way to reach them."""
    young_person = db.session.exec(
        select(CaseAccess.email).where(col(CaseAccess.case_id) == case.id, col(CaseAccess.role) == "young_person")
    ).first()
    if young_person:
        return "email", young_person
    if case.contact_preference == "sms" and case.requester_mobile:
        return "sms", case.requester_mobile
    if case.requester_email:
        return "email", case.requester_email
    return None


def case_update_message(case: Case, what_changed: str, today: date, next_step: str | None = None):
    """(channel, template, recipient, personalisation) for a change on a case, or None if there is no contact."""
    values = {
        "reference": case.reference,
        "child_first_name": case.child_first_name,
        "changed_on": format_govuk_date(today),
        "what_changed": what_changed,
        "what_next": next_step or what_next(case, today),
    }
    contact = family_contact(case)
    if contact is None:
        return None
    channel, address = contact
    if channel == "sms":
        return "sms", "case_update", address, values
    return "email", "case_update", address, {**values, "link": external_url("track.your_cases")}


def send_case_update(case: Case, what_changed: str, today: date, next_step: str | None = None):
    """Add the family's message for this change to the outbox in the current transaction."""
    message = case_update_message(case, what_changed, today, next_step)
    if message is None:
        return None
    channel, _, recipient, values = message
    send = notifications.send_case_update_sms if channel == "sms" else notifications.send_case_update_email
    return send(to=recipient, case_id=case.id, **values)
