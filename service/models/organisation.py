"""Organisations outside the council and the people who work for them (issue 14).

Work belongs to the organisation, never to a person: an advice request or a consultation names an
organisation, so when someone leaves, a colleague at the same organisation sees and finishes it. A
person signs in with an emailed code after an invitation from a council or from a colleague at the
same organisation. Settings are organisations with the URN of their row in the settings register.
"""

from datetime import datetime

from sqlmodel import Field, SQLModel

from service.models.base import utcnow

SETTING = "setting"
EDUCATIONAL_PSYCHOLOGY = "educational_psychology"
HEALTH = "health"
SOCIAL_CARE = "social_care"
ORGANISATION_KINDS = (SETTING, EDUCATIONAL_PSYCHOLOGY, HEALTH, SOCIAL_CARE)


class Organisation(SQLModel, table=True):
    __tablename__ = "organisation"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=30, description="setting, educational_psychology, health or social_care")
    name: str = Field(max_length=200)
    urn: int | None = Field(default=None, unique=True, description="a setting's GIAS URN; None for other kinds")
    local_authority_id: int = Field(
        foreign_key="local_authority.id", index=True, description="the council that added it"
    )
    email: str = Field(default="", max_length=320, description="a shared inbox, told of new work besides the members")
    created_at: datetime = Field(default_factory=utcnow)


class Professional(SQLModel, table=True):
    """A named person at an organisation. No password: each sign-in is an emailed 6-digit code."""

    __tablename__ = "professional"

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    email: str = Field(max_length=320, unique=True)
    name: str = Field(max_length=200)
    role: str = Field(default="", max_length=100, description="their job, e.g. SENCO (shown, not a permission)")
    active: bool = Field(default=False, description="True once the invitation is accepted")
    disabled: bool = False
    failed_attempts: int = Field(default=0, description="wrong codes since the last sign-in")
    locked_until: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class ProfessionalInvitation(SQLModel, table=True):
    """A single-use invitation link (only its SHA-256 is stored), valid 7 days."""

    __tablename__ = "professional_invitation"

    id: int | None = Field(default=None, primary_key=True)
    professional_id: int = Field(foreign_key="professional.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    invited_by: str = Field(max_length=40, description="staff:<id> or professional:<id>")
    expires_at: datetime
    used_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
