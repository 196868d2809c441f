"""An EHC case: one request for an EHC needs assessment and everything that follows from it.

The statutory facts (dates received, decided, served, issued) live here and in the child tables;
every deadline is computed from them by service.domain, never stored as truth. `next_due_on` is a
copy of the clock's most urgent date, refreshed whenever the facts change, so the caseload can sort
and filter on an index.
"""

from datetime import date, datetime

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from service.models.base import utcnow


class Case(SQLModel, table=True):
    __tablename__ = "ehc_case"
    __table_args__ = (
        Index("ix_case_la_next_due", "local_authority_id", "next_due_on"),
        # a later caseload page's ids from the index alone (issue 18)
        Index("ix_case_la_next_due_id", "local_authority_id", "next_due_on", "id"),
        Index("ix_case_la_received", "local_authority_id", "received_on"),
        Index("ix_case_la_child_name", "local_authority_id", "child_last_name", "child_first_name"),
        Index("ix_case_la_stage", "local_authority_id", "stage"),
        Index("ix_case_la_review_due", "local_authority_id", "review_due_on"),
        Index("ix_case_la_phase_transfer", "local_authority_id", "phase_transfer_year", "phase_transfer"),
    )

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(max_length=16, unique=True, description="shown to families, with a check character")
    local_authority_id: int = Field(foreign_key="local_authority.id", index=True)
    stage: str = Field(max_length=30, description="a service.domain Stage value")
    source: str = Field(default="online", max_length=10, description="online, post, email or phone")
    received_on: date = Field(description="day 0 of the statutory clock, a Europe/London date")

    # The child or young person
    child_first_name: str = Field(max_length=100)
    child_last_name: str = Field(max_length=100)
    child_date_of_birth: date
    child_address: str = Field(default="", max_length=500)
    child_postcode: str = Field(default="", max_length=10)
    current_setting_type: str = Field(default="", max_length=30)
    current_setting_name: str = Field(default="", max_length=200)
    current_setting_urn: int | None = Field(default=None, description="GIAS URN, for distances to other settings")
    upn: str = Field(default="", max_length=13)

    # The person who made the request and how to reach them
    requester_role: str = Field(max_length=20, description="parent, young_person or professional")
    requester_name: str = Field(max_length=200)
    requester_relationship: str = Field(default="", max_length=100)
    requester_email: str = Field(default="", max_length=320, index=True)
    requester_mobile: str = Field(default="", max_length=20)
    contact_preference: str = Field(default="email", max_length=10, description="email, sms or post")
    requester_postal_address: str = Field(default="", max_length=500)
    # Issue 16 item 6: a request made by a school or nursery names the parent or carer, who is told of every decision.
    parent_name: str = Field(default="", max_length=200)
    parent_email: str = Field(default="", max_length=320, index=True)
    parent_mobile: str = Field(default="", max_length=20)
    parent_contact_preference: str = Field(default="", max_length=10, description="'' or email, sms or post")
    parent_postal_address: str = Field(default="", max_length=500)
    communication_needs: str = Field(default="{}", sa_column=Column(Text, nullable=False))

    # What the family told us (seeds Section A of a plan). Special category data: never logged.
    needs: str = Field(default="", sa_column=Column(Text, nullable=False))
    current_support: str = Field(default="", sa_column=Column(Text, nullable=False))
    support_tried: str = Field(default="", sa_column=Column(Text, nullable=False))
    hopes: str = Field(default="", sa_column=Column(Text, nullable=False))
    child_views: str = Field(default="", sa_column=Column(Text, nullable=False))
    professionals: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    consent_to_share: bool = False

    # Statutory steps (facts; deadlines come from service.domain)
    decision_to_assess_on: date | None = None
    decided_to_assess: bool | None = None
    decision_to_issue_on: date | None = None
    decided_to_issue: bool | None = None
    draft_served_on: date | None = None
    final_issued_on: date | None = None
    named_setting: str = Field(default="", max_length=200)
    withdrawn_on: date | None = None
    # The day each decision's notice was sent to the family (the appeal and mediation windows run from it);
    # None means it was sent on the day of the decision.
    assess_notice_sent_on: date | None = None
    issue_notice_sent_on: date | None = None

    # After the final plan (issue 15). Deadlines come from service.domain.plan; these are facts and copies.
    review_due_on: date | None = Field(default=None, description="copy: the next review's due date, for the filter")
    last_review_on: date | None = Field(default=None, description="the meeting of the last completed review")
    phase_transfer: str = Field(default="", max_length=30, description="'' or a PhaseTransfer value")
    phase_transfer_year: int | None = Field(default=None, description="the calendar year of the September move")
    phase_transfer_move_on: date | None = Field(default=None, description="post-16 to post-16: the day of the move")
    phase_transfer_due_on: date | None = Field(default=None, description="copy: reg 18's deadline, for the cohort")
    phase_transfer_amended_on: date | None = None
    cease_decision_on: date | None = None
    cease_notice_sent_on: date | None = None
    cease_consulted_on: date | None = Field(default=None, description="reg 31: the family and setting consulted")
    cease_reason: int | None = Field(default=None, description="SEN2 CeaseReason 1-9")
    cease_reasons: str = Field(default="", sa_column=Column(Text, nullable=False), description="the council's reasons")
    ceased_on: date | None = Field(default=None, description="the day the plan actually ended (SEN2 CeaseDate)")
    # SEN2 SENtype codes (service.domain.sen2.codes.SEN_TYPES) of the child's primary and secondary need:
    # the plan's sections B to D describe needs in words by area, which do not map to one SEN type.
    primary_need: str = Field(default="", max_length=4, description="'' (not recorded) or a SEN2 SENtype")
    secondary_need: str = Field(default="", max_length=4, description="'' (none) or a SEN2 SENtype")

    assigned_caseworker_id: int | None = Field(default=None, foreign_key="staff_user.id", index=True)
    family_activity_at: datetime | None = Field(
        default=None, description="the family's last draft response, document or mediation request"
    )
    family_activity: str = Field(
        default="", max_length=30, description="what it was: draft_response, document, mediation"
    )
    next_due_on: date | None = Field(default=None, description="the clock's most urgent outstanding due date")
    next_due_key: str = Field(default="", max_length=40)
    exceptions_apply: bool = Field(default=False, index=True)
    version: int = Field(default=1, description="optimistic lock: a stale form is refused, not applied")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class AdviceRequest(SQLModel, table=True):
    """Advice the LA sought under reg 6(1); each body has 6 weeks from the request (reg 8(1))."""

    __tablename__ = "advice_request"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="ehc_case.id", index=True)
    kind: str = Field(max_length=40, description="educational_psychology, health, social_care, setting, ...")
    requested_on: date
    received_on: date | None = None
    adviser: str = Field(default="", max_length=200)
    # Advice asked of an organisation in the service (issue 14); None for advice sought outside it.
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    asked: str = Field(default="", sa_column=Column(Text, nullable=False), description="what the council asks for")
    due_on: date | None = Field(default=None, description="reg 8(1): 6 weeks from the request (a copy for queries)")
    advice: str = Field(
        default="", sa_column=Column(Text, nullable=False), description="the submitted advice: JSON (advice schema)"
    )
    draft_advice: str = Field(default="", sa_column=Column(Text, nullable=False), description="saved, not yet sent")
    submitted_by_id: int | None = Field(default=None, foreign_key="professional.id")
    submitted_at: datetime | None = None
    pulled_into_plan_at: datetime | None = None
    reminded_before_on: date | None = None
    reminded_after_on: date | None = None
    requested_by_id: int | None = Field(default=None, foreign_key="staff_user.id")


class TimeLimitException(SQLModel, table=True):
    """An exception to a time limit (regs 5(4), 8(2), 10(4), 13(3)). It never moves a due date."""

    __tablename__ = "time_limit_exception"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="ehc_case.id", index=True)
    phase: str = Field(max_length=30)
    ground: str = Field(max_length=40)
    starts_on: date
    ends_on: date | None = None
    evidence: str = Field(default="", sa_column=Column(Text, nullable=False))
    recorded_by_id: int | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = Field(default_factory=utcnow)


class CaseEvent(SQLModel, table=True):
    """Something that happened on a case, for the MoJ timeline. family_visible events show on the family side."""

    __tablename__ = "case_event"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="ehc_case.id", index=True)
    at: datetime = Field(default_factory=utcnow)
    happened_on: date | None = Field(
        default=None, description="the day it happened (a step's own date), when not the day typed in"
    )
    kind: str = Field(max_length=40)
    summary: str = Field(max_length=500)
    actor: str = Field(max_length=200, description="a display name: 'Sam Patel (caseworker)', 'The family'")
    family_visible: bool = True


class CaseNote(SQLModel, table=True):
    """An internal note: staff only, never shown to families."""

    __tablename__ = "case_note"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="ehc_case.id", index=True)
    author_id: int = Field(foreign_key="staff_user.id")
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
