"""What is due, in a few words: the caseload's and the reviews-due list's "Next due" label, from the clock's
milestone key (Case.next_due_key). One place for every key; an unknown key has no label."""

from __future__ import annotations

from datetime import date

from service.domain.plan import PhaseTransfer
from service.domain.rules import DEFAULT_RULES

DUE_LABELS = {
    "decision_to_assess": "Decision whether to assess",
    "advice": "Advice",
    "decision_to_issue": "Decision whether to issue a plan",
    "final_plan": "Final plan",
    "annual_review": "Annual review",
    "review_invitations": "Review invitations",
    "review_report": "Review report",
    "review_decision": "Review decision",
    "amended_plan": "Amended plan",
    "phase_transfer": "Phase transfer amendment",
    "transfer_to_new_la": "Transfer to new council",
    "new_la_notice": "Transfer notice to family",
    "contact_mediation_adviser": "Mediation adviser contact",
    "mediation_held": "Mediation",
    "mediation_notice": "Mediation notice",
    "mediation_certificate": "Mediation certificate",
    "health_notice": "Tell the health body",
    "agreed_action": "Agreed action",
    "tribunal_order": "Tribunal order",
    "reassessment_decision": "Decision whether to re-assess",
    "reassessment_final": "Final plan after re-assessment",
}

ADVICE_LABELS = {
    "educational_psychology": "Educational psychology advice",
    "health": "Health advice",
    "social_care": "Social care advice",
    "setting": "Setting's advice",
    "preparing_for_adulthood": "Preparation for adulthood advice",
}

TRANSFER_NAMES = {
    PhaseTransfer.EARLY_YEARS_TO_SCHOOL: "Early years to school",
    PhaseTransfer.INFANT_TO_JUNIOR: "Infant to junior school",
    PhaseTransfer.PRIMARY_TO_SECONDARY: "Primary to secondary school",
    PhaseTransfer.SECONDARY_TO_POST_16: "Secondary school to post-16",
    PhaseTransfer.POST_16_TO_POST_16: "Post-16 to another post-16 institution",
}


def due_label(key: str | None) -> str:
    """The short label of a milestone key ('advice:0:health' -> 'Health advice'); '' for an unknown key."""
    if not key:
        return ""
    head, _, rest = key.partition(":")
    if head == "advice":
        kind = rest.partition(":")[2]
        return ADVICE_LABELS.get(kind, DUE_LABELS["advice"])
    return DUE_LABELS.get(head, "")


# The caseload's "20-week clock": a case before its final plan (or a decision not to assess or issue).
CLOCK_STAGES = frozenset({"request_received", "assessing", "draft_issued"})

# The caseload's "New activity" tag says, in its visually hidden text, what the family did.
FAMILY_ACTIVITY = {
    "draft_response": "the family sent a response to the draft plan",
    "document": "the family sent a new document",
    "mediation": "the family made a mediation request",
}


def clock_week(received_on: date, today: date) -> int:
    """The week of the 20-week clock a case is in: calendar weeks from receipt (reg 13(2)), the day of
    receipt in week 1 and the due day (20 weeks on) the last day of week 20. Holidays never stop it."""
    return max(-(-(today - received_on).days // 7), 1)


def twenty_week_clock(stage: str, received_on: date, today: date, exceptions_apply: bool = False) -> str:
    """'Week 14 of 20' for a case on the clock ('' once a final plan or a decision ended it); past the
    20 weeks 'Week 23 (over 20 weeks)'. An exception does not stop the clock (reg 13(3)): it is noted."""
    if stage not in CLOCK_STAGES:
        return ""
    weeks = DEFAULT_RULES.final_plan_weeks
    week = clock_week(received_on, today)
    text = f"Week {week} of {weeks}" if week <= weeks else f"Week {week} (over {weeks} weeks)"
    return text + (" (exception applies)" if exceptions_apply else "")
