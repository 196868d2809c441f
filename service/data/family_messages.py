"""What a family is told when something they can see changes, and how.

One builder for every family message, so the caseworker side, the workers and the family side all say
what changed and what happens next by when (from the statutory clock), to each person to tell (the parent
and the school on a school's request) by their preferred channel: email, text message or letter.
Messages carry no special category detail: the reference and the child's first name only, never needs,
diagnoses or full names.

    from service.data.family_messages import send_case_update
    send_case_update(case, "The council sent the draft EHC plan on 3 March 2027", today)

The outbox row is added to the current transaction; the caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import col, select

from service.data import notifications
from service.data.facts import assessment_facts
from service.db import db
from service.domain.clock import assessment_timeline, format_govuk_date, next_due
from service.domain.postal import address_lines, letter_lines
from service.links import external_url
from service.models import Case, CaseAccess, OutboxMessage

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


@dataclass(frozen=True)
class Contact:
    """One person to tell, and how: `to` is an email address, a mobile number, or for a letter the
    addressee's name (the outbox row's recipient); `address` is a letter's address_line_1 to 7."""

    channel: str  # email, sms or letter
    to: str
    address: dict[str, str] | None = None


def _by_preference(preference: str, email: str, mobile: str, name: str, postal_address: str) -> Contact | None:
    """The person's chosen channel, falling back to email when the chosen one has no details."""
    if preference == "sms" and mobile:
        return Contact("sms", mobile)
    if preference == "post" and name.strip():
        # An address Notify cannot print (no postcode, say) still goes: Notify refuses it, the row is
        # failed and staff see it on the case. Fewer than 3 lines cannot even be written to the outbox.
        lines = address_lines(name, postal_address) or letter_lines(name, postal_address)
        if len(lines) >= 3:
            return Contact("letter", name.strip(), lines)
    if email:
        return Contact("email", email)
    return None


def family_contacts(case: Case) -> list[Contact]:
    """Everyone the family side tells of a change on this case, each by their channel.

    A young person who holds their own case is told, by email: their parent is not, since the parent
    sees the case only if the young person agrees. On a request a school or nursery made, the parent or
    carer it named is told by the channel they chose, and the school by email. Otherwise the person who
    asked, by the channel they chose. Empty when there is no way to reach anyone."""
    young_person = db.session.exec(
        select(CaseAccess.email).where(col(CaseAccess.case_id) == case.id, col(CaseAccess.role) == "young_person")
    ).first()
    if young_person:
        return [Contact("email", young_person)]
    if case.requester_role == "professional":
        contacts = []
        parent = parent_contact(case)
        if parent is not None:
            contacts.append(parent)
        if case.requester_email and (parent is None or parent.to != case.requester_email):
            contacts.append(Contact("email", case.requester_email))
        return contacts
    requester = requester_contact(case)
    return [requester] if requester else []


def parent_contact(case: Case) -> Contact | None:
    """The parent or carer a school or nursery named on its request, by the channel they chose."""
    if case.requester_role != "professional":
        return None
    return _by_preference(
        case.parent_contact_preference or "",
        case.parent_email or "",
        case.parent_mobile or "",
        case.parent_name or "",
        case.parent_postal_address or "",
    )


def requester_contact(case: Case) -> Contact | None:
    """The person who made the request, by the channel they chose."""
    return _by_preference(
        case.contact_preference or "",
        case.requester_email or "",
        case.requester_mobile or "",
        case.requester_name or "",
        case.requester_postal_address or "",
    )


def family_contact(case: Case) -> Contact | None:
    """The first person family_contacts tells (the parent on a school's request), or None."""
    contacts = family_contacts(case)
    return contacts[0] if contacts else None


def _values(case: Case, what_changed: str, today: date, next_step: str | None) -> dict:
    return {
        "reference": case.reference,
        "child_first_name": case.child_first_name,
        "changed_on": format_govuk_date(today),
        "what_changed": what_changed,
        "what_next": next_step or what_next(case, today),
    }


def case_update_messages(case: Case, what_changed: str, today: date, next_step: str | None = None):
    """[(channel, template, recipient, personalisation)] for a change on a case: one for each person to tell.
    A letter's personalisation holds its address lines."""
    values = _values(case, what_changed, today, next_step)
    messages = []
    for contact in family_contacts(case):
        if contact.channel == "sms":
            messages.append(("sms", "case_update", contact.to, values))
        elif contact.channel == "letter":
            messages.append(("letter", "case_update", contact.to, {**(contact.address or {}), **values}))
        else:
            messages.append(("email", "case_update", contact.to, {**values, "link": external_url("track.your_cases")}))
    return messages


def case_update_message(case: Case, what_changed: str, today: date, next_step: str | None = None):
    """The first of case_update_messages, or None if there is nobody to tell."""
    messages = case_update_messages(case, what_changed, today, next_step)
    return messages[0] if messages else None


def send_case_update(case: Case, what_changed: str, today: date, next_step: str | None = None) -> list[OutboxMessage]:
    """Add a message for this change, for each person to tell, to the outbox in the current transaction."""
    values = _values(case, what_changed, today, next_step)
    sent = []
    for contact in family_contacts(case):
        if contact.channel == "sms":
            sent.append(notifications.send_case_update_sms(to=contact.to, case_id=case.id, **values))
        elif contact.channel == "letter":
            sent.append(
                notifications.send_case_update_letter(
                    to=contact.to, address=contact.address or {}, case_id=case.id, **values
                )
            )
        else:
            sent.append(
                notifications.send_case_update_email(
                    to=contact.to, case_id=case.id, link=external_url("track.your_cases"), **values
                )
            )
    return sent
