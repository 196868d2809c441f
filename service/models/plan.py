"""The EHC plan a council writes for a case, and every version of it that was issued.

A case has at most one plan. Its working copy is the document staff edit, section by section; each
issue (draft 1, draft 2, final, amended) freezes a copy as an immutable PlanVersion row. Families read
issued versions only, never the working copy. Documents are JSON text (service.domain.ehcp's schema):
special category data, never logged.
"""

from datetime import date, datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from service.models.base import utcnow


class Plan(SQLModel, table=True):
    __tablename__ = "ehc_plan"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="ehc_case.id", unique=True)
    local_authority_id: int = Field(foreign_key="local_authority.id", index=True)
    template_id: str = Field(max_length=40)
    template_version: str = Field(max_length=10)
    working: str = Field(sa_column=Column(Text, nullable=False), description="the document being written")
    version: int = Field(default=1, description="optimistic lock: bumped by every saved edit")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class PlanEdit(SQLModel, table=True):
    """One saved edit to the working copy: which section and item, by whom. A form opened before an edit
    to the same section is refused with the list of these edits (the stale-edit warning)."""

    __tablename__ = "ehc_plan_edit"
    __table_args__ = (Index("ix_plan_edit_plan_version", "plan_id", "plan_version"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="ehc_plan.id")
    plan_version: int = Field(description="the plan's version after this edit")
    section: str = Field(max_length=20)
    item_id: str = Field(default="", max_length=20)
    summary: str = Field(max_length=200, description="what changed, without the content: 'Need 3 changed'")
    actor: str = Field(max_length=200)
    at: datetime = Field(default_factory=utcnow)


class PlanVersion(SQLModel, table=True):
    """An issued version. Never updated, except to attach its PDF once the worker has made it."""

    __tablename__ = "ehc_plan_version"
    __table_args__ = (UniqueConstraint("plan_id", "number", name="uq_plan_version_number"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="ehc_plan.id", index=True)
    case_id: int = Field(foreign_key="ehc_case.id", index=True)
    local_authority_id: int = Field(foreign_key="local_authority.id", index=True)
    number: int = Field(description="1, 2, ... in issue order")
    status: str = Field(max_length=10, description="draft or final")
    label: str = Field(max_length=30, description="Draft 1, Final, Amended 1, ...")
    document: str = Field(sa_column=Column(Text, nullable=False))
    issued_on: date
    issued_by_id: int | None = Field(default=None, foreign_key="staff_user.id")
    issued_with_flags: str = Field(
        default="[]", sa_column=Column(Text, nullable=False), description="the quality flags it was issued with"
    )
    override_reason: str = Field(default="", sa_column=Column(Text, nullable=False))
    pdf_document_id: str | None = Field(default=None, foreign_key="document.id", max_length=36)
    created_at: datetime = Field(default_factory=utcnow)


class PlanComment(SQLModel, table=True):
    """A family's comment on an issued version: on a section or one item in it, a change they ask for,
    the setting they want named, or a meeting. Comments after the 15-day window are kept and marked late.
    The council answers each one: changed, or not changed with a reason."""

    __tablename__ = "ehc_plan_comment"

    id: int | None = Field(default=None, primary_key=True)
    plan_version_id: int = Field(foreign_key="ehc_plan_version.id", index=True)
    case_id: int = Field(foreign_key="ehc_case.id", index=True)
    section: str = Field(max_length=20)
    item_id: str = Field(default="", max_length=20)
    kind: str = Field(default="comment", max_length=20, description="comment, change, setting or meeting")
    text: str = Field(sa_column=Column(Text, nullable=False))
    author_role: str = Field(max_length=20, description="parent or young_person")
    late: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    response: str = Field(default="", max_length=20, description="'', changed or not_changed")
    response_reason: str = Field(default="", sa_column=Column(Text, nullable=False))
    responded_by_id: int | None = Field(default=None, foreign_key="staff_user.id")
    responded_at: datetime | None = None
