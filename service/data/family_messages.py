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

import json
import re
from dataclasses import dataclass
from datetime import date, datetime

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


# --- What a message said, for the family's messages page ------------------------------------------------

# A date as GOV.UK writes it ("13 December 2026", "1 March 2027"): a day of 1 or 2 digits with no leading
# zero, a full month name and a 4-digit year, standing alone (not inside a longer number or word).
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
GOVUK_DATE = re.compile(rf"(?<![\w-])([1-9]|[12][0-9]|3[01]) ({_MONTHS}) ([0-9]{{4}})(?![\w-])")
PASSED = " (this date has passed)"
# Words before a date that make it a deadline, in a sentence about what already happened.
_DEADLINE_WORDS = re.compile(r"(?:\bby|\buntil|\bbefore|\bon or before)(?: 5pm on)? $")


def govuk_dates(text: str) -> list[tuple[re.Match[str], date]]:
    """Every real GOV.UK formatted date in the text, with the date it names (31 February is not one)."""
    found = []
    for match in GOVUK_DATE.finditer(text):
        try:
            day = datetime.strptime(match.group(0), "%d %B %Y").date()
        except ValueError:
            continue
        found.append((match, day))
    return found


def mark_passed(text: str, today: date, deadlines_only: bool = False) -> str:
    """The text with "(this date has passed)" after each date before today. With deadlines_only, only a date
    that follows "by", "until" or "before" (a sentence about something that happened is dated in the past
    anyway)."""
    parts, last = [], 0
    for match, day in govuk_dates(text):
        if day >= today or (deadlines_only and not _DEADLINE_WORDS.search(text[: match.start()])):
            continue
        parts += [text[last : match.end()], PASSED]
        last = match.end()
    return "".join(parts) + text[last:]


@dataclass(frozen=True, slots=True)
class MessageSummary:
    subject: str
    lines: tuple[str, ...]


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?" else text + "."


def summary(template: str, personalisation: str, today: date) -> MessageSummary:
    """What a message said, from its stored personalisation: its subject and a summary of its words, each
    date already past marked so. Never a sign-in link or code, nor any other link."""
    try:
        loaded = json.loads(personalisation or "{}")
    except ValueError:
        loaded = {}
    values = loaded if isinstance(loaded, dict) else {}

    def value(key: str) -> str:
        found = values.get(key)
        return found.strip() if isinstance(found, str) else ""

    child, reference = value("child_first_name"), value("reference")
    lines: list[str] = []
    if template == "case_update":
        what = value("what_changed")
        subject = f"Update on your request for {child}" if child else describe(template)
        if what:
            lines.append(_sentence(mark_passed(what, today, deadlines_only=True)))
        if value("what_next"):
            lines.append("What happens next: " + _sentence(mark_passed(value("what_next"), today)))
    elif template in ("request_received", "request_received_sms"):
        subject = f"We received your request for {child}" if child else describe(template)
        if value("decision_due"):
            lines.append(
                "The council must tell you by "
                + mark_passed(value("decision_due"), today)
                + " whether it will carry out an EHC needs assessment."
            )
    elif template == "draft_plan_comment_reminder":
        subject = describe(template)
        if value("comments_due"):
            lines.append(
                "The last day to comment on the draft plan, and to ask for a school or other setting to be "
                f"named in it, was {mark_passed(value('comments_due'), today)}."
                if _passed(value("comments_due"), today)
                else "The last day to comment on the draft plan, and to ask for a school or other setting to be "
                f"named in it, is {value('comments_due')}."
            )
    elif template == "family_sign_in_link":
        subject = describe(template)
        lines.append("A link and a security code to sign in. Each works once, for 10 minutes.")
    elif template in ("draft_resume_link", "draft_expiry_reminder"):
        subject = describe(template)
        if value("expires"):
            lines.append(f"Send your request by {mark_passed(value('expires'), today)}, or it will be deleted.")
    else:
        subject = describe(template)
    if reference and template != "family_sign_in_link":
        lines.append(f"Reference {reference}.")
    return MessageSummary(subject, tuple(lines))


def _passed(text: str, today: date) -> bool:
    return any(day < today for _, day in govuk_dates(text))


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
