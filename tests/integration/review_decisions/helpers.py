"""A case whose final plan was issued a year ago, with an open review: its meeting held and its report sent
(the review schema's JSON, with the setting's proposed changes), as the reviews pages would leave it."""

from __future__ import annotations

import json
from datetime import date, timedelta

from service.db import db
from service.models import Case, PlanReview
from tests.integration.plan_family.plans import issue, planned_case

REPORT = {
    "views": {"child": "I like my class.", "family": "We want more speech therapy."},
    "outcomes": [{"outcome_id": "outcome-1", "progress": "Partly met"}],
    "changes": [
        {
            "section": "f",
            "item_id": "provision-1",
            "proposed": "Speech and language therapy twice a week, not once.",
            "reason": "The therapist's new advice.",
        },
        {
            "section": "b",
            "item_id": "need-2",
            "proposed": "Update the reading age to the May assessment.",
            "reason": "",
        },
    ],
    "recommendation": "amend",
}


def days_ago(n: int) -> date:
    return date.today() - timedelta(days=n)


def reviewed_case(
    *,
    email: str | None = None,
    meeting: int = 40,
    report: int | None = 35,
    final: int = 360,
    local_authority: str | None = None,
):
    """(case id, review id, staff id): the final plan issued `final` days ago, the review meeting `meeting` days
    ago and its report sent `report` days ago (None: not sent). Call inside an app context."""
    fields = {"local_authority": local_authority} if local_authority else {}
    case, staff, _ = planned_case(email=email, served_on=days_ago(final + 20), **fields)
    issue(case, staff, "final", on=days_ago(final))
    case = db.session.get(Case, case.id)
    review = PlanReview(
        case_id=case.id,
        local_authority_id=case.local_authority_id,
        meeting_on=days_ago(meeting),
        invitations_sent_on=days_ago(meeting + 15),
        report=json.dumps(REPORT) if report is not None else "",
        report_sent_on=days_ago(report) if report is not None else None,
    )
    db.session.add(review)
    db.session.commit()
    return case.id, review.id, staff.id
