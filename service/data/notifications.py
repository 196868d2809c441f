"""The outbox API: one keyword-only function per message the service sends.

Each function adds the message to the current transaction (the caller commits it with the change
that caused it); once it commits, a worker sends it through GOV.UK Notify. The wording, audience and
trigger of each message are in service.message_catalogue, and the names of each function's
arguments are that message's personalisation. Every `link` must start with SERVICE_URL
(build it with service.links.external_url).

    from service.data import notifications
    notifications.send_family_sign_in_link(to=email, link=link, code=code)
"""

from __future__ import annotations

from collections.abc import Callable

from service.data.outbox import add_message
from service.links import is_ours
from service.message_catalogue import Channel
from service.models import OutboxMessage

EMAIL, SMS, LETTER = Channel.EMAIL.value, Channel.SMS.value, Channel.LETTER.value


def _send(channel: str, template: str, to: str, case_id: int | None = None, /, **values: object) -> OutboxMessage:
    link = values.get("link")
    if link is not None and not is_ours(str(link)):
        raise ValueError(f"message {template!r}: links must start with SERVICE_URL, not {link!r}")
    return add_message(channel, template, to, values, case_id)


def _letter(template: str, to: str, address: dict[str, str], case_id: int, /, **values: object) -> OutboxMessage:
    """A letter: `to` is the addressee's name (the outbox row's recipient, the only part shown or logged);
    `address` is Notify's address_line_1 to 7 (service.domain.postal.address_lines), sent as personalisation."""
    return add_message(LETTER, template, to, {**address, **values}, case_id)


# The family


def send_family_sign_in_link(*, to: str, link: str, code: str) -> OutboxMessage:
    return _send(EMAIL, "family_sign_in_link", to, link=link, code=code)


def send_request_received(
    *, to: str, reference: str, child_first_name: str, council: str, decision_due: str, case_id: int
) -> OutboxMessage:
    return _send(EMAIL, "request_received", to, case_id, reference=reference, child_first_name=child_first_name,
                 council=council, decision_due=decision_due)  # fmt: skip


def send_request_received_sms(*, to: str, reference: str, decision_due: str, case_id: int) -> OutboxMessage:
    return _send(SMS, "request_received_sms", to, case_id, reference=reference, decision_due=decision_due)


def send_draft_resume_link(*, to: str, link: str, expires: str) -> OutboxMessage:
    return _send(EMAIL, "draft_resume_link", to, link=link, expires=expires)


def send_draft_expiry_reminder(*, to: str, link: str, expires: str) -> OutboxMessage:
    return _send(EMAIL, "draft_expiry_reminder", to, link=link, expires=expires)


def send_case_update_email(
    *, to: str, reference: str, child_first_name: str, changed_on: str, what_changed: str, what_next: str,
    link: str, case_id: int
) -> OutboxMessage:  # fmt: skip
    return _send(EMAIL, "case_update", to, case_id, reference=reference, child_first_name=child_first_name,
                 changed_on=changed_on, what_changed=what_changed, what_next=what_next, link=link)  # fmt: skip


def send_case_update_sms(
    *, to: str, reference: str, child_first_name: str, changed_on: str, what_changed: str, what_next: str,
    case_id: int
) -> OutboxMessage:  # fmt: skip
    return _send(SMS, "case_update", to, case_id, reference=reference, child_first_name=child_first_name,
                 changed_on=changed_on, what_changed=what_changed, what_next=what_next)  # fmt: skip


def send_request_received_letter(
    *, to: str, address: dict[str, str], reference: str, child_first_name: str, council: str, decision_due: str,
    case_id: int
) -> OutboxMessage:  # fmt: skip
    return _letter("request_received", to, address, case_id, reference=reference, child_first_name=child_first_name,
                   council=council, decision_due=decision_due)  # fmt: skip


def send_case_update_letter(
    *, to: str, address: dict[str, str], reference: str, child_first_name: str, changed_on: str, what_changed: str,
    what_next: str, case_id: int
) -> OutboxMessage:  # fmt: skip
    return _letter("case_update", to, address, case_id, reference=reference, child_first_name=child_first_name,
                   changed_on=changed_on, what_changed=what_changed, what_next=what_next)  # fmt: skip


def send_draft_plan_comment_reminder_letter(
    *, to: str, address: dict[str, str], reference: str, comments_due: str, case_id: int
) -> OutboxMessage:
    return _letter("draft_plan_comment_reminder", to, address, case_id, reference=reference, comments_due=comments_due)


def send_draft_plan_comment_reminder(
    *, to: str, reference: str, comments_due: str, link: str, case_id: int
) -> OutboxMessage:
    return _send(EMAIL, "draft_plan_comment_reminder", to, case_id, reference=reference, comments_due=comments_due,
                 link=link)  # fmt: skip


def send_draft_plan_comment_reminder_sms(*, to: str, reference: str, comments_due: str, case_id: int) -> OutboxMessage:
    return _send(SMS, "draft_plan_comment_reminder", to, case_id, reference=reference, comments_due=comments_due)


# The council


def send_council_new_request(*, to: str, reference: str, decision_due: str, case_id: int) -> OutboxMessage:
    return _send(EMAIL, "council_new_request", to, case_id, reference=reference, decision_due=decision_due)


def send_plan_transferred_in(
    *, to: str, reference: str, from_council: str, transferred_on: str, due_by: str, link: str, case_id: int
) -> OutboxMessage:
    return _send(EMAIL, "plan_transferred_in", to, case_id, reference=reference, from_council=from_council,
                 transferred_on=transferred_on, due_by=due_by, link=link)  # fmt: skip


def send_document_infected(*, to: str, reference: str, filename: str, found_on: str, case_id: int) -> OutboxMessage:
    return _send(EMAIL, "document_infected", to, case_id, reference=reference, filename=filename, found_on=found_on)


def send_data_export_ready(*, to: str, expires: str, link: str) -> OutboxMessage:
    return _send(EMAIL, "data_export_ready", to, expires=expires, link=link)


def send_staff_sign_in_code(*, to: str, code: str) -> OutboxMessage:
    return _send(EMAIL, "staff_sign_in_code", to, code=code)


def send_staff_sign_in_code_sms(*, to: str, code: str) -> OutboxMessage:
    return _send(SMS, "staff_sign_in_code_sms", to, code=code)


def send_staff_mobile_check_code(*, to: str, code: str) -> OutboxMessage:
    return _send(SMS, "staff_mobile_check_code", to, code=code)


def send_staff_second_factor_changed(*, to: str, name: str, method: str) -> OutboxMessage:
    return _send(EMAIL, "staff_second_factor_changed", to, name=name, method=method)


def send_staff_invitation(*, to: str, name: str, invited_by: str, link: str, expires: str) -> OutboxMessage:
    return _send(EMAIL, "staff_invitation", to, name=name, invited_by=invited_by, link=link, expires=expires)


def send_staff_account_locked(*, to: str, link: str, expires: str) -> OutboxMessage:
    return _send(EMAIL, "staff_account_locked", to, link=link, expires=expires)


def send_caseworker_daily_reminder(*, to: str, overdue: int, due_soon: int, due_by: str, link: str) -> OutboxMessage:
    return _send(EMAIL, "caseworker_daily_reminder", to, overdue=overdue, due_soon=due_soon, due_by=due_by, link=link)


# Professionals: invitations and sign-in (issue 14)


def send_professional_sign_in_code(*, to: str, code: str) -> OutboxMessage:
    return _send(EMAIL, "professional_sign_in_code", to, code=code)


def send_professional_invitation(
    *, to: str, name: str, invited_by: str, organisation: str, link: str, expires: str
) -> OutboxMessage:
    return _send(
        EMAIL,
        "professional_invitation",
        to,
        name=name,
        invited_by=invited_by,
        organisation=organisation,
        link=link,
        expires=expires,
    )


# Advice asked of an organisation (issue 14)


def send_advice_requested(
    *, to: str, council: str, reference: str, child_first_name: str, kind: str, due_by: str, link: str, case_id: int
) -> OutboxMessage:
    return _send(EMAIL, "advice_requested", to, case_id, council=council, reference=reference,
                 child_first_name=child_first_name, kind=kind, due_by=due_by, link=link)  # fmt: skip


def send_advice_due_soon(
    *, to: str, council: str, reference: str, child_first_name: str, due_by: str, link: str, case_id: int
) -> OutboxMessage:
    return _send(EMAIL, "advice_due_soon", to, case_id, council=council, reference=reference,
                 child_first_name=child_first_name, due_by=due_by, link=link)  # fmt: skip


def send_advice_overdue(
    *, to: str, council: str, reference: str, child_first_name: str, due_by: str, link: str, case_id: int
) -> OutboxMessage:
    return _send(EMAIL, "advice_overdue", to, case_id, council=council, reference=reference,
                 child_first_name=child_first_name, due_by=due_by, link=link)  # fmt: skip


def send_advice_received(
    *, to: str, organisation: str, reference: str, timing: str, due_by: str, link: str, case_id: int
) -> OutboxMessage:
    return _send(EMAIL, "advice_received", to, case_id, organisation=organisation, reference=reference,
                 timing=timing, due_by=due_by, link=link)  # fmt: skip


# Annual reviews (issue 15)


def send_review_requested(
    *, to: str, council: str, reference: str, child_first_name: str, due_by: str, link: str, case_id: int
) -> OutboxMessage:
    return _send(EMAIL, "review_requested", to, case_id, council=council, reference=reference,
                 child_first_name=child_first_name, due_by=due_by, link=link)  # fmt: skip


# Consultations with settings (issue 14)


def send_consultation_sent(
    *, to: str, council: str, reference: str, child_first_name: str, due_by: str, link: str, case_id: int
) -> OutboxMessage:
    return _send(EMAIL, "consultation_sent", to, case_id, council=council, reference=reference,
                 child_first_name=child_first_name, due_by=due_by, link=link)  # fmt: skip


def send_consultation_answered(
    *,
    to: str,
    setting: str,
    reference: str,
    child_first_name: str,
    answered_on: str,
    due_by: str,
    link: str,
    case_id: int,
) -> OutboxMessage:
    return _send(EMAIL, "consultation_answered", to, case_id, setting=setting, reference=reference,
                 child_first_name=child_first_name, answered_on=answered_on, due_by=due_by, link=link)  # fmt: skip


# Ceasing a plan (issue 15)


def send_cease_decision_setting(
    *, to: str, council: str, reference: str, child_first_name: str, decided_on: str, due_by: str, case_id: int
) -> OutboxMessage:
    return _send(EMAIL, "cease_decision_setting", to, case_id, council=council, reference=reference,
                 child_first_name=child_first_name, decided_on=decided_on, due_by=due_by)  # fmt: skip


# (message name, channel) -> the function that sends it; the catalogue and its test read this.
SENDERS: dict[tuple[str, str], Callable[..., OutboxMessage]] = {
    ("family_sign_in_link", EMAIL): send_family_sign_in_link,
    ("request_received", EMAIL): send_request_received,
    ("request_received_sms", SMS): send_request_received_sms,
    ("council_new_request", EMAIL): send_council_new_request,
    ("plan_transferred_in", EMAIL): send_plan_transferred_in,
    ("draft_resume_link", EMAIL): send_draft_resume_link,
    ("draft_expiry_reminder", EMAIL): send_draft_expiry_reminder,
    ("data_export_ready", EMAIL): send_data_export_ready,
    ("case_update", EMAIL): send_case_update_email,
    ("case_update", SMS): send_case_update_sms,
    ("draft_plan_comment_reminder", EMAIL): send_draft_plan_comment_reminder,
    ("draft_plan_comment_reminder", SMS): send_draft_plan_comment_reminder_sms,
    # Letters, for a family who chose post (issue 16)
    ("request_received", LETTER): send_request_received_letter,
    ("case_update", LETTER): send_case_update_letter,
    ("draft_plan_comment_reminder", LETTER): send_draft_plan_comment_reminder_letter,
    ("document_infected", EMAIL): send_document_infected,
    ("staff_sign_in_code", EMAIL): send_staff_sign_in_code,
    ("staff_sign_in_code_sms", SMS): send_staff_sign_in_code_sms,
    ("staff_mobile_check_code", SMS): send_staff_mobile_check_code,
    ("staff_second_factor_changed", EMAIL): send_staff_second_factor_changed,
    ("staff_invitation", EMAIL): send_staff_invitation,
    ("staff_account_locked", EMAIL): send_staff_account_locked,
    ("caseworker_daily_reminder", EMAIL): send_caseworker_daily_reminder,
    # Professionals: invitations and sign-in (issue 14)
    ("professional_sign_in_code", EMAIL): send_professional_sign_in_code,
    ("professional_invitation", EMAIL): send_professional_invitation,
    #
    # Advice asked of an organisation (issue 14)
    #
    ("advice_requested", EMAIL): send_advice_requested,
    ("advice_due_soon", EMAIL): send_advice_due_soon,
    ("advice_overdue", EMAIL): send_advice_overdue,
    ("advice_received", EMAIL): send_advice_received,
    # Consultations with settings (issue 14)
    ("consultation_sent", EMAIL): send_consultation_sent,
    ("review_requested", EMAIL): send_review_requested,
    ("consultation_answered", EMAIL): send_consultation_answered,
    #
    # Ceasing a plan (issue 15)
    ("cease_decision_setting", EMAIL): send_cease_decision_setting,
}
