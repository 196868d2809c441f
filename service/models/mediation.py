"""A family's disagreement with an appealable decision: mediation or a certificate, then appeal.
Every date shown comes from service.domain (disagreement_timeline)."""

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from service.models.base import utcnow


class Disagreement(SQLModel, table=True):
    __tablename__ = "disagreement"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="ehc_case.id", index=True)
    local_authority_id: int = Field(foreign_key="local_authority.id", index=True)
    decision_kind: str = Field(max_length=30)
    decision_notice_on: date
    sections: str = Field(default="", max_length=50, description="comma-separated: B,F,I,health,social_care")
    wants_mediation: bool
    availability: str = Field(default="", max_length=2000)
    access_needs: str = Field(default="", max_length=2000)
    attendees: str = Field(default="", max_length=2000)
    contacted_on: date
    late: bool = False
    mediation_held_on: date | None = None
    mediation_ended_on: date | None = None
    outcome: str = Field(default="", max_length=20)
    certificate_issued_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow)
    contact_method: str = Field(default="online", max_length=20, description="online, phone, letter, email, in_person")
    mediation_arranged_on: date | None = Field(default=None, description="the day the family was told the date")
    mediation_on: date | None = None
    mediation_time: str = Field(default="", max_length=5, description="HH:MM, 24-hour")
    mediator_name: str = Field(default="", max_length=200)
    mediation_format: str = Field(default="", max_length=20, description="in_person, online or phone")
    mediation_place: str = Field(default="", max_length=500, description="the venue, or the link or number")
    mediation_late: bool = Field(default=False, description="arranged for after the 30-day duty")
    certificate_document_id: str | None = Field(default=None, max_length=36)
    appealed_on: date | None = Field(default=None, description="the family registered an appeal (if recorded)")
    icb_told_on: date | None = Field(default=None, description="the council told the ICB of the health issues")


class AgreedActionRecord(SQLModel, table=True):
    """Something the council agreed to in a written mediation agreement, with its reg 42 deadline from the
    clock (order_due of its kind from agreed_on)."""

    __tablename__ = "agreed_action"

    id: int | None = Field(default=None, primary_key=True)
    disagreement_id: int = Field(foreign_key="disagreement.id", index=True)
    local_authority_id: int = Field(foreign_key="local_authority.id", index=True)
    description: str = Field(max_length=500)
    kind: str = Field(max_length=30, description="an OrderKind: not_appealable, or the Tribunal-order kind")
    agreed_on: date
    done_on: date | None = None
    health: bool = Field(default=False, description="about health provision: the ICB tells the council (reg 42(4))")
    icb_told_council_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow)
