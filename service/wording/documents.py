"""The categories of a case's documents, as staff choose and see them."""

from __future__ import annotations

DOCUMENT_CATEGORIES = {
    "decision_letter": "Decision letter",
    "advice": "Advice",
    "draft_plan": "Draft plan",
    "final_plan": "Final plan",
    "evidence": "Evidence from the family",
    "mediation_certificate": "Mediation certificate",
    "other": "Other",
}


def document_label(category: str) -> str:
    return DOCUMENT_CATEGORIES.get(category, "Document")
