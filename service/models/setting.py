"""The register of settings (schools, colleges, nurseries): DfE's Get Information about Schools data,
loaded by `flask load-settings`, and each council's own corrections and additions.

A national row (local_authority_id None) holds GIAS's values as loaded. A council's correction is kept
as its own row in SettingCorrection (the changed fields only) and the council's copy of the setting
(a Setting row with its local_authority_id) is rebuilt from the national row and the correction, at
the correction and at every refresh, so a refresh never loses a correction. A setting a council adds
has only the council's row. Searches read the council's rows and the national rows it has not shadowed.
"""

from datetime import date, datetime

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from service.models.base import utcnow


class Setting(SQLModel, table=True):
    __tablename__ = "setting"
    __table_args__ = (
        Index("ix_setting_urn_la", "urn", "local_authority_id"),
        Index("ix_setting_la_name", "local_authority_id", "name"),
        Index("ix_setting_name", "name", "id"),  # the settings search's page by name stops after 20 rows
        Index("ix_setting_en", "easting", "northing"),
    )

    id: int | None = Field(default=None, primary_key=True)
    urn: int | None = Field(default=None, description="GIAS URN; None for a setting a council added without one")
    local_authority_id: int | None = Field(
        default=None, foreign_key="local_authority.id", description="None: the national GIAS row; else a council's copy"
    )
    source: str = Field(default="gias", max_length=10, description="gias, corrected or local")
    name: str = Field(max_length=200)
    la_code: str = Field(default="", max_length=3, description="the DfE code of the council the setting is in")
    la_name: str = Field(default="", max_length=100)
    type_name: str = Field(default="", max_length=100, description="TypeOfEstablishment (name)")
    type_group: str = Field(default="", max_length=100, description="EstablishmentTypeGroup (name)")
    phase: str = Field(default="", max_length=40, description="PhaseOfEducation (name)")
    low_age: int | None = None
    high_age: int | None = None
    gender: str = Field(default="", max_length=20)
    boarders: str = Field(default="", max_length=60)
    sixth_form: str = Field(default="", max_length=60)
    capacity: int | None = None
    pupils: int | None = None
    ukprn: str = Field(default="", max_length=12)
    street: str = Field(default="", max_length=200)
    locality: str = Field(default="", max_length=200)
    address3: str = Field(default="", max_length=200)
    town: str = Field(default="", max_length=100)
    postcode: str = Field(default="", max_length=10)
    website: str = Field(default="", max_length=300)
    telephone: str = Field(default="", max_length=40)
    sen_needs: str = Field(
        default="",
        max_length=200,
        description="GIAS SEN1..SEN13 codes, '|'-delimited with a '|' at each end: |ASD|SLCN|",
    )
    resourced_provision: str = Field(default="", max_length=60, description="TypeOfResourcedProvision (name)")
    rp_on_roll: int | None = None
    rp_capacity: int | None = None
    unit_on_roll: int | None = None
    unit_capacity: int | None = None
    section41: bool = False
    ehc_pupils: int | None = Field(default=None, description="SENStat: pupils with an EHC plan")
    easting: int | None = None
    northing: int | None = None
    status: str = Field(default="Open", max_length=40)
    opened_on: date | None = None
    closed_on: date | None = Field(default=None, description="set when a refresh no longer lists the URN")
    last_changed_on: date | None = None
    fingerprint: str = Field(default="", max_length=64, description="SHA-256 of the loaded GIAS values")
    local_offer: str = Field(default="", sa_column=Column(Text, nullable=False), description="a council's words")
    updated_at: datetime = Field(default_factory=utcnow)


class SettingCorrection(SQLModel, table=True):
    """A council's change to a GIAS setting: the changed fields as JSON, kept across refreshes."""

    __tablename__ = "setting_correction"
    __table_args__ = (Index("ix_setting_correction_la_urn", "local_authority_id", "urn", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    local_authority_id: int = Field(foreign_key="local_authority.id")
    urn: int
    fields: str = Field(sa_column=Column(Text, nullable=False), description='{"field": value, ...}')
    reason: str = Field(default="", max_length=500)
    staff_user_id: int | None = Field(default=None, foreign_key="staff_user.id")
    updated_at: datetime = Field(default_factory=utcnow)


class InclusionPlan(SQLModel, table=True):
    """A council's local inclusion plan page (public): its partnership and its offer, in its own words."""

    __tablename__ = "inclusion_plan"

    id: int | None = Field(default=None, primary_key=True)
    local_authority_id: int = Field(foreign_key="local_authority.id", unique=True)
    partnership: str = Field(default="", sa_column=Column(Text, nullable=False))
    offer: str = Field(default="", sa_column=Column(Text, nullable=False))
    published: bool = False
    updated_at: datetime = Field(default_factory=utcnow)
