"""A plan's reviews (CFA s44; SEND Regulations 2014 regs 18-22): finding one within its scope, the
optimistic lock every review form carries, and completing a review.

Staff reach a review through a case already scoped to their council, professionals through their
organisation. Every step on a review bumps its version: a form opened before another person's step is
refused with what changed (StaleReview), never applied over it.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlmodel import col, select

from service.data.plan_life import CANCELLED, COMPLETE, OPEN
from service.db import db
from service.models import Case, PlanReview, utcnow

__all__ = ["CANCELLED", "COMPLETE", "OPEN", "StaleReview"]


class StaleReview(Exception):
    """The review changed since the form was opened: another person took a step on it."""

    def __init__(self, review: PlanReview) -> None:
        super().__init__("review changed")
        self.review = review


def review_for_case(case: Case, review_id: int) -> PlanReview | None:
    """One review of this (already scoped) case; another case's review id finds nothing."""
    query = select(PlanReview).where(col(PlanReview.id) == review_id, col(PlanReview.case_id) == case.id)
    return db.session.exec(query).first()


def lock(review: PlanReview) -> PlanReview:
    """Re-read the review, locked until the transaction ends, so two steps at once cannot both apply."""
    db.session.refresh(review, with_for_update=True)
    return review


def check_version(review: PlanReview, opened_version: int | None) -> None:
    """Refuse a step from a form opened at another version of the review (the lock is taken first)."""
    lock(review)
    if opened_version is not None and review.version != opened_version:
        db.session.rollback()
        raise StaleReview(review)


def touched(review: PlanReview) -> None:
    """Record that a step changed the review: a new version for the next form to check against."""
    review.version += 1
    review.updated_at = utcnow()
    db.session.add(review)


def report_of(review: PlanReview) -> dict[str, Any] | None:
    """The review report as sent (the review schema's JSON), or None before it is sent."""
    if not review.report:
        return None
    report: dict[str, Any] = json.loads(review.report)
    return report


def complete(case: Case, review: PlanReview, on: date) -> None:
    """The review is done (the decision to maintain sent, or the amended plan issued): its meeting starts the
    next 12 months (CFA s44(1)). The caller finishes the change on the case (refresh_clock)."""
    review.status = COMPLETE
    review.completed_on = on
    touched(review)
    if review.meeting_on is not None:
        case.last_review_on = review.meeting_on
    db.session.add(case)
