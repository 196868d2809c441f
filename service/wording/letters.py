"""What staff read about a letter to the family: its dispatch status in plain English (issue 16).

letter_dispatch("sent", "received", sent_on=date(2026, 12, 2), status_on=date(2026, 12, 3), returned_on=None)
# "Sent by post on 3 December 2026"
"""

from __future__ import annotations

from datetime import date

from service.domain.dates import format_govuk_date


def letter_dispatch(
    status: str, delivery_status: str | None, *, sent_on: date | None, status_on: date | None, returned_on: date | None,
    error: str | None = None
) -> str:  # fmt: skip
    """The dispatch status of one letter, as the staff case page shows it."""
    if returned_on is not None:
        return f"Returned on {format_govuk_date(returned_on)}: the address may be wrong. Check it with the family"
    if status == "failed":
        return f"Not sent: {error or 'GOV.UK Notify refused it'}. Check the address with the family"
    if status in ("pending", "sending"):
        return "Waiting to be sent to GOV.UK Notify"
    if delivery_status == "received":
        return f"Sent by post on {format_govuk_date(status_on or sent_on)}"
    if delivery_status == "pending-virus-check":
        return "GOV.UK Notify is checking the letter before printing it"
    return f"With GOV.UK Notify to print and post since {format_govuk_date(sent_on)}"


LETTER_TOPICS = {
    "request_received": "We received your request",
    "case_update": "An update on the request",
    "draft_plan_comment_reminder": "Reminder: the draft plan comment window is closing",
}


def letter_topic(template: str) -> str:
    return LETTER_TOPICS.get(template, "A letter about the request")
