"""The family's side of a plan: the issued versions they may read and their comments on them.

A family reaches a plan only through a case scoped to their email (service.data.family.case_for_family),
so another family's case or version id finds nothing. A comment made after the 15-day window is still
kept, marked late, and reaches the caseworker like any other."""

from __future__ import annotations

from datetime import date

from service.data.family_messages import send_case_update
from service.data.rows import saved_id
from service.db import db
from service.models import Case, CaseEvent, PlanComment, PlanVersion

KINDS = ("comment", "change", "setting", "meeting")


def add_comment(
    case: Case,
    version: PlanVersion,
    *,
    section: str,
    item_id: str,
    kind: str,
    text: str,
    author_role: str,
    late: bool,
    today: date,
) -> PlanComment:
    """Keep the family's comment, add a timeline event the caseworker sees, and acknowledge it."""
    if kind not in KINDS:
        raise ValueError(kind)
    comment = PlanComment(
        plan_version_id=saved_id(version),
        case_id=saved_id(case),
        section=section,
        item_id=item_id,
        kind=kind,
        text=text,
        author_role=author_role,
        late=late,
    )
    db.session.add(comment)
    summary = f"The family commented on {version.label.lower()} of the plan" + (
        " (after the 15-day window)" if late else ""
    )
    db.session.add(CaseEvent(case_id=saved_id(case), kind="plan_comment", summary=summary, actor="The family"))
    send_case_update(
        case, f"We received your comment on {version.label.lower()} of the plan and sent it to your caseworker", today
    )
    db.session.flush()
    return comment
