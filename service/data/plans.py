"""Reading plans: a case's plan and its working copy, the issued versions, the edit log and the family's
comments. Staff reach a plan through a case already scoped to their council; families through a case
scoped to their email (service.data.family), and they see issued versions only."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import col, select

from service.db import db
from service.domain.ehcp.document import Document
from service.models import Case, Plan, PlanComment, PlanEdit, PlanVersion


def plan_for_case(case: Case) -> Plan | None:
    return db.session.exec(select(Plan).where(col(Plan.case_id) == case.id)).first()


def working(plan: Plan) -> Document:
    """The working copy staff edit (never shown to the family)."""
    document: Document = json.loads(plan.working)
    return document


def document_of(version: PlanVersion) -> Document:
    document: Document = json.loads(version.document)
    return document


def flags_of(version: PlanVersion) -> list[dict[str, Any]]:
    flags: list[dict[str, Any]] = json.loads(version.issued_with_flags)
    return flags


def versions(plan: Plan) -> list[PlanVersion]:
    """Every issued version, oldest first."""
    query = select(PlanVersion).where(col(PlanVersion.plan_id) == plan.id).order_by(col(PlanVersion.number))
    return list(db.session.exec(query))


def versions_for_case(case: Case) -> list[PlanVersion]:
    query = select(PlanVersion).where(col(PlanVersion.case_id) == case.id).order_by(col(PlanVersion.number))
    return list(db.session.exec(query))


def version_for_case(case: Case, number: int) -> PlanVersion | None:
    """One issued version of the case's plan (the case is already scoped to the caller)."""
    query = select(PlanVersion).where(col(PlanVersion.case_id) == case.id, col(PlanVersion.number) == number)
    return db.session.exec(query).first()


def latest_version(case: Case) -> PlanVersion | None:
    query = select(PlanVersion).where(col(PlanVersion.case_id) == case.id).order_by(col(PlanVersion.number).desc())
    return db.session.exec(query.limit(1)).first()


def edits_since(plan: Plan, opened_version: int, section: str | None = None) -> list[PlanEdit]:
    """Edits saved after a form was opened at opened_version (to one section, when given), newest first."""
    query = select(PlanEdit).where(col(PlanEdit.plan_id) == plan.id, col(PlanEdit.plan_version) > opened_version)
    if section is not None:
        query = query.where(col(PlanEdit.section) == section)
    return list(db.session.exec(query.order_by(col(PlanEdit.plan_version).desc())))


def recent_edits(plan: Plan, limit: int = 20) -> list[PlanEdit]:
    query = select(PlanEdit).where(col(PlanEdit.plan_id) == plan.id).order_by(col(PlanEdit.plan_version).desc())
    return list(db.session.exec(query.limit(limit)))


def comments_for_version(version: PlanVersion) -> list[PlanComment]:
    query = (
        select(PlanComment)
        .where(col(PlanComment.plan_version_id) == version.id)
        .order_by(col(PlanComment.created_at), col(PlanComment.id))
    )
    return list(db.session.exec(query))


def comments_for_case(case: Case) -> list[PlanComment]:
    """Every comment on every version of the case's plan, oldest first."""
    query = (
        select(PlanComment)
        .where(col(PlanComment.case_id) == case.id)
        .order_by(col(PlanComment.created_at), col(PlanComment.id))
    )
    return list(db.session.exec(query))


def comment_for_case(case: Case, comment_id: int) -> PlanComment | None:
    """One comment, only if it is on this (already scoped) case: another case's id finds nothing."""
    query = select(PlanComment).where(col(PlanComment.id) == comment_id, col(PlanComment.case_id) == case.id)
    return db.session.exec(query).first()


def unanswered_count(case: Case) -> int:
    return sum(1 for comment in comments_for_case(case) if not comment.response)
