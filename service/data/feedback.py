"""The feedback page's answers: how satisfied the person was, and what would improve the service. Nothing
that says who sent it is kept (no email, session or address)."""

from __future__ import annotations

from service.db import db
from service.models import Feedback

RATINGS = (
    ("very_satisfied", "Very satisfied"),
    ("satisfied", "Satisfied"),
    ("neither", "Neither satisfied or dissatisfied"),
    ("dissatisfied", "Dissatisfied"),
    ("very_dissatisfied", "Very dissatisfied"),
)


def add_feedback(rating: str, improve: str) -> Feedback:
    """Keep one person's feedback (the request commits it)."""
    if rating not in dict(RATINGS):
        raise ValueError("not a rating on the feedback page")
    feedback = Feedback(rating=rating, improve=improve)
    db.session.add(feedback)
    db.session.flush()
    return feedback
