"""The statutory steps a caseworker records, in words: the short label on the form and in the confirmation,
the sentence written into the case's history and the family's message, and the family's appeal rights."""

from __future__ import annotations

from datetime import date

from service.domain.clock import Step, adviser_contact_due, appeal_deadline, format_govuk_date

STEP_LABELS = {
    Step.DECIDE_TO_ASSESS: "Decided to assess",
    Step.DECIDE_NOT_TO_ASSESS: "Decided not to assess",
    Step.DECIDE_TO_ISSUE: "Decided to issue a plan",
    Step.DECIDE_NOT_TO_ISSUE: "Decided not to issue a plan",
    Step.SERVE_DRAFT: "Draft plan served",
    Step.ISSUE_FINAL: "Final plan issued",
    Step.WITHDRAW: "Request withdrawn",
}

STEP_EVENTS = {
    Step.DECIDE_TO_ASSESS: "The council decided to carry out an EHC needs assessment",
    Step.DECIDE_NOT_TO_ASSESS: "The council decided not to carry out an EHC needs assessment",
    Step.DECIDE_TO_ISSUE: "The council decided to make an EHC plan",
    Step.DECIDE_NOT_TO_ISSUE: "The council decided not to make an EHC plan",
    Step.SERVE_DRAFT: "The council sent the draft EHC plan",
    Step.ISSUE_FINAL: "The council issued the final EHC plan",
    Step.WITHDRAW: "The request was withdrawn",
}


def appeal_rights(decided_on: date) -> str:
    """What a family can do after an appealable decision, with the clock's dates from the day its notice
    was sent (`decided_on`). Appeals must reach the Tribunal by 5pm on the last day (HESC Rules r.12(1))."""
    return (
        "You can appeal to the SEND Tribunal. First contact a mediation adviser (the council's letter says who) "
        f"by {format_govuk_date(adviser_contact_due(decided_on))}: you can choose mediation, or ask for a certificate "
        f"so you can appeal. You can appeal by 5pm on {format_govuk_date(appeal_deadline(decided_on, None))}, "
        "or by 5pm one month after the date of your mediation certificate if that is later."
    )


# Who advice is from, in a sentence: "Advice from the educational psychologist was asked for on ..."
ADVICE_FROM = {
    "educational_psychology": "the educational psychologist",
    "health": "health services",
    "social_care": "social care",
    "setting": "the early years setting, school or college",
    "preparing_for_adulthood": "preparation for adulthood services",
}


def advice_not_arrived(kind: str, adviser: str, requested_on: date) -> str:
    """The warning for one piece of advice asked for that has not arrived (serving a draft without it)."""
    source = ADVICE_FROM.get(kind) or adviser or "an adviser"
    return f"Advice from {source} was asked for on {format_govuk_date(requested_on)} and has not arrived"
