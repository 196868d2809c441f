"""Choosing where a child is educated (issue 14): the council's tailored list of settings for a child,
the family's preferences in order, and the council's consultation of each setting (CFA 2014 s39(2)).

The family's right to ask for any setting (s38-39) is kept: a preference may name a setting that is
not on the list, or one that is not in the register at all.
"""

from datetime import date, datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from service.models.base import utcnow


class TailoredSetting(SQLModel, table=True):
    """A setting the caseworker thinks can meet the needs in the draft plan, with why."""

    __tablename__ = "tailored_setting"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="ehc_case.id", index=True)
    setting_id: int = Field(foreign_key="setting.id")
    urn: int | None = None
    name: str = Field(max_length=200, description="as the setting was named when added")
    reason: str = Field(default="", max_length=1000, description="what it provides for this child, for the family")
    added_by_id: int | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = Field(default_factory=utcnow)


class SettingPreference(SQLModel, table=True):
    """One of the family's preferences, in order (rank 1 first). A new statement replaces the rows of the
    last one; the case's timeline keeps each statement."""

    __tablename__ = "setting_preference"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="ehc_case.id", index=True)
    rank: int
    setting_id: int | None = Field(default=None, foreign_key="setting.id", description="None for another setting")
    urn: int | None = None
    name: str = Field(max_length=200)
    other_details: str = Field(default="", max_length=1000, description="what the family said of another setting")
    stated_on: date
    stated_by: str = Field(default="", max_length=40, description="parent or young_person")
    created_at: datetime = Field(default_factory=utcnow)


PENDING, CAN_MEET, CANNOT_MEET = "pending", "can_meet", "cannot_meet"
NAMED, NOT_NAMED = "named", "not_named"


class Consultation(SQLModel, table=True):
    """The council asks a setting whether it can meet the child's needs, sending it the draft plan; the
    setting should answer within 15 days (CFA s39(2); CoP 9.80). A late answer is accepted, marked late."""

    __tablename__ = "consultation"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="ehc_case.id", index=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    setting_id: int | None = Field(default=None, foreign_key="setting.id")
    urn: int | None = None
    setting_name: str = Field(max_length=200)
    plan_version_id: int | None = Field(default=None, foreign_key="ehc_plan_version.id", description="the draft sent")
    sent_on: date
    due_on: date
    message: str = Field(default="", sa_column=Column(Text, nullable=False), description="the council's covering note")
    answer: str = Field(default=PENDING, max_length=20, description="pending, can_meet or cannot_meet")
    reasons: str = Field(default="", sa_column=Column(Text, nullable=False), description="the setting's reasons")
    would_need: str = Field(default="", sa_column=Column(Text, nullable=False), description="what it would need")
    answered_on: date | None = None
    answered_by_id: int | None = Field(default=None, foreign_key="professional.id")
    late: bool = False
    shared_with_family: bool = Field(default=False, description="the council chose to show the reasons")
    decision: str = Field(default="", max_length=20, description="'', named or not_named")
    decision_reason: str = Field(default="", sa_column=Column(Text, nullable=False))
    decided_on: date | None = None
    sent_by_id: int | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = Field(default_factory=utcnow)
