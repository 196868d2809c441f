"""A plan's life after it is issued: its reviews, its transfer to another council, and Tribunal orders.

Facts only, as elsewhere: every deadline comes from service.domain (plan_timeline, order_due). The case
keeps copies of the dates the caseload filters on (review_due_on, phase_transfer_due_on), refreshed
with next_due_on whenever the facts change.
"""

from datetime import date, datetime

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from service.models.base import utcnow


class PlanReview(SQLModel, table=True):
    """One review of a plan (CFA s44; regs 18-22): the meeting, the setting's report, the council's decision,
    and, when it amends, the proposed amendments and the final amended plan. A case has at most one open
    review; a completed one becomes the base of the next review's 12 months (its meeting date)."""

    __tablename__ = "plan_review"
    __table_args__ = (
        Index("ix_plan_review_la_meeting", "local_authority_id", "meeting_on"),
        Index("ix_plan_review_case_status", "case_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="ehc_case.id", index=True)
    local_authority_id: int = Field(foreign_key="local_authority.id", index=True)
    phase_transfer: bool = Field(default=False, description="the review before a phase transfer (reg 18)")
    # Who arranges the meeting: the setting (reg 20, a school or college) or the council (reg 21)
    arranged_by: str = Field(default="setting", max_length=10, description="setting or council")
    organisation_id: int | None = Field(
        default=None, foreign_key="organisation.id", index=True, description="the setting holding the review"
    )
    meeting_on: date | None = None
    meeting_time: str = Field(default="", max_length=5, description="HH:MM, 24-hour")
    meeting_place: str = Field(default="", max_length=500)
    invitations_sent_on: date | None = None
    invitees: str = Field(default="[]", sa_column=Column(Text, nullable=False), description="JSON list of names/roles")
    short_notice: bool = Field(default=False, description="the meeting is less than 2 weeks after the invitations")
    short_notice_reason: str = Field(default="", sa_column=Column(Text, nullable=False))
    advice_asked: str = Field(default="", sa_column=Column(Text, nullable=False), description="advice asked for it")
    # The review report (the review schema's JSON): saved and not sent, then sent
    draft_report: str = Field(default="", sa_column=Column(Text, nullable=False))
    report: str = Field(default="", sa_column=Column(Text, nullable=False))
    report_sent_on: date | None = None
    report_by_professional_id: int | None = Field(default=None, foreign_key="professional.id")
    report_by_staff_id: int | None = Field(default=None, foreign_key="staff_user.id")
    # The council's decision (reg 20(10)/21: maintain, amend or cease), and the notice telling the family
    decision: str = Field(default="", max_length=10, description="'', maintain, amend or cease")
    decision_on: date | None = None
    decision_notice_sent_on: date | None = None
    decision_reasons: str = Field(default="", sa_column=Column(Text, nullable=False))
    proposals_version_id: int | None = Field(
        default=None, foreign_key="ehc_plan_version.id", description="the proposed amendments sent (reg 22)"
    )
    proposals_sent_on: date | None = None
    amended_version_id: int | None = Field(default=None, foreign_key="ehc_plan_version.id")
    amended_issued_on: date | None = None
    status: str = Field(default="open", max_length=12, description="open, complete or cancelled")
    completed_on: date | None = None
    version: int = Field(default=1, description="optimistic lock: a stale form is refused, not applied")
    created_by_id: int | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class LaTransfer(SQLModel, table=True):
    """A plan moving with the family to another council (reg 15): the old council's duty to transfer it, and
    the new council's 6-week notice and review date. The case moves to the new council's caseload; this row
    is the record both councils keep."""

    __tablename__ = "la_transfer"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="ehc_case.id", index=True)
    from_local_authority_id: int = Field(foreign_key="local_authority.id", index=True)
    to_local_authority_id: int = Field(foreign_key="local_authority.id", index=True)
    aware_on: date = Field(description="the day the old council became aware of the move (reg 15(2))")
    move_on: date | None = Field(default=None, description="the day the family moves, if known")
    transferred_on: date | None = None
    new_la_notice_on: date | None = Field(default=None, description="the new council told the family (6 weeks)")
    will_reassess: bool | None = None
    recorded_by_id: int | None = Field(default=None, foreign_key="staff_user.id")
    transferred_by_id: int | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = Field(default_factory=utcnow)


class TribunalOrderRecord(SQLModel, table=True):
    """A SEND Tribunal order, or an appeal the council did not oppose (reg 45): one thing the council must do,
    with its reg 44(2) deadline from the order date, and when it was done."""

    __tablename__ = "tribunal_order"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="ehc_case.id", index=True)
    local_authority_id: int = Field(foreign_key="local_authority.id", index=True)
    disagreement_id: int | None = Field(default=None, foreign_key="disagreement.id")
    kind: str = Field(max_length=30, description="an OrderKind value")
    ordered_on: date = Field(
        description="the order's date, or the day the council told the Tribunal it would not oppose"
    )
    unopposed: bool = Field(default=False, description="reg 45: the council did not oppose the appeal")
    description: str = Field(default="", max_length=500)
    done_on: date | None = None
    recorded_by_id: int | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = Field(default_factory=utcnow)
