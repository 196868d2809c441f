"""Tables and indexes of the council staff side (issue #5): invitations to join a team, and the
caseload's indexes on ehc_case (one per filter and sort, so no caseload page scans the table)."""

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from service.models.base import utcnow
from service.models.case import Case

_case = Case.__table__.c

# Filters by stage (and the filter counts) read only this index; the stage filter sorts on it too.
Index(
    "ix_case_la_stage_due",
    _case.local_authority_id,
    _case.stage,
    _case.next_due_on,
    _case.assigned_caseworker_id,
    _case.exceptions_apply,
)
Index("ix_case_la_caseworker_due", _case.local_authority_id, _case.assigned_caseworker_id, _case.next_due_on)
Index("ix_case_la_exceptions_due", _case.local_authority_id, _case.exceptions_apply, _case.next_due_on)
Index("ix_case_la_date_of_birth", _case.local_authority_id, _case.child_date_of_birth)
Index("ix_case_la_first_name", _case.local_authority_id, _case.child_first_name)


class StaffInvitation(SQLModel, table=True):
    """A manager's invitation: a single-use link (only its SHA-256 is stored) to set a password."""

    __tablename__ = "staff_invitation"

    id: int | None = Field(default=None, primary_key=True)
    staff_user_id: int = Field(foreign_key="staff_user.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    invited_by_id: int = Field(foreign_key="staff_user.id")
    expires_at: datetime
    used_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
