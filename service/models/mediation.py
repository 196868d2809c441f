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
