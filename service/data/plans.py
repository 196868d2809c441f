"""Reading plans: a case's plan and its working copy, the issued versions, the edit log and the family's
comments. Staff reach a plan through a case already scoped to their council; families through a case
scoped to their email (service.data.family), and they see issued versions only."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select

from service.data import case_reads
from service.db import db
from service.domain.ehcp.document import Document
from service.models import Case, Plan, PlanComment, PlanEdit, PlanVersion, utcnow
from service.models import Document as StoredDocument
from service.models.document import CLEAN


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
    """The plan's newest issued version (None before the first is issued)."""
    found = case_reads.rows("latest_version", case.id)
    return found[0] if found else None


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
    query = (
        select(func.count())
        .select_from(PlanComment)
        .where(col(PlanComment.case_id) == case.id, col(PlanComment.response) == "")
    )
    return db.session.exec(query).one()


# --- The version's PDF (made by the worker, workers/plan_pdf.py) ---------------------------------------


def version_by_id(version_id: int) -> PlanVersion | None:
    """A version by its id, for the worker that makes its PDF (a job carries only the id)."""
    return db.session.get(PlanVersion, version_id)


def pdf_filename(version: PlanVersion) -> str:
    return f"EHC plan - {version.label}.pdf"


def attach_pdf(version_id: int, *, storage_key: str, size_bytes: int, generated_at: datetime) -> StoredDocument | None:
    """Record the stored PDF as a clean document shared with the family and link it to the version, in the
    caller's transaction. The version's row is locked first: if another run attached a PDF meanwhile, this
    one attaches nothing and returns None (the caller deletes the file it stored)."""
    query = select(PlanVersion).where(col(PlanVersion.id) == version_id).with_for_update()
    version = db.session.exec(query).first()
    if version is None or version.pdf_document_id is not None:
        return None
    document = StoredDocument(
        case_id=version.case_id,
        category="final_plan" if version.status == "final" else "draft_plan",
        filename=pdf_filename(version),
        content_type="application/pdf",
        size_bytes=size_bytes,
        storage_key=storage_key,
        status=CLEAN,  # made by the service from the plan's own data: nothing to scan
        uploaded_by=f"staff:{version.issued_by_id}" if version.issued_by_id else "council",
        shared_with_family=True,
        created_at=generated_at,
        checked_at=generated_at,
    )
    db.session.add(document)
    db.session.flush()
    version.pdf_document_id = document.id
    db.session.add(version)
    db.session.flush()
    return document


def versions_without_pdf(older_than: timedelta, limit: int = 200) -> list[int]:
    """Versions issued more than older_than ago whose PDF is still missing (its job was lost or failed):
    the sweeper enqueues them again, newest first (a backlog of old versions, such as synthetic data's, waits
    behind what families are waiting for)."""
    query = (
        select(PlanVersion.id)
        .where(col(PlanVersion.pdf_document_id).is_(None), col(PlanVersion.created_at) <= utcnow() - older_than)
        .order_by(col(PlanVersion.created_at).desc())
        .limit(limit)
    )
    return [version_id for version_id in db.session.exec(query) if version_id is not None]
