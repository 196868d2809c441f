"""What is due, in a few words: the caseload's and the reviews-due list's "Next due" label, from the clock's
milestone key (Case.next_due_key). One place for every key; an unknown key has no label."""

from __future__ import annotations

from service.domain.plan import PhaseTransfer

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
