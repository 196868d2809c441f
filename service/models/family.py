"""Passwordless sign-in for families: a single-use link and a 6-digit code, valid 10 minutes, bound
to the browser that asked. Only hashes are stored."""

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from service.models.base import utcnow


class FamilySignInToken(SQLModel, table=True):
    __tablename__ = "family_sign_in_token"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=320, index=True)
    token_hash: str = Field(max_length=64, unique=True)
    code_hash: str = Field(max_length=64)
    browser_hash: str = Field(max_length=64, description="SHA-256 of a nonce kept in the asking browser's session")
    created_at: datetime = Field(default_factory=utcnow, index=True)
    expires_at: datetime
    used_at: datetime | None = None
    failed_codes: int = 0


class FamilyOneLoginIdentity(SQLModel, table=True):
    """A GOV.UK One Login account (its `sub`, stable for this service) linked to the family email its
    cases are keyed by. Made the first time the account signs in with a verified email that has a case;
    from then on the account signs in as that email, whatever email One Login later holds."""

    __tablename__ = "family_one_login_identity"

    id: int | None = Field(default=None, primary_key=True)
    subject: str = Field(max_length=255, unique=True)
    email: str = Field(max_length=320, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_signed_in_at: datetime = Field(default_factory=utcnow)


class DraftPlanResponse(SQLModel, table=True):
    """A family's response to a draft plan (reg 13(1)): comments, a setting to name, a meeting request.
    Responses after the 15-day window are still accepted and marked late."""

    __tablename__ = "draft_plan_response"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="ehc_case.id", index=True)
    comments: str = Field(default="", max_length=5000)
    requested_setting: str = Field(default="", max_length=200)
    wants_meeting: bool = False
    late: bool = False
    created_at: datetime = Field(default_factory=utcnow)


class CaseAccess(SQLModel, table=True):
    """Who else may see a case on the family side, besides the requester's email.

    A young person (16 to 25) can hold their own account for their case (role young_person). Once a
    young person holds the case, a parent (the requester, or a parent row here) sees it only while
    agreed_by_young_person is true.
    """

    __tablename__ = "case_access"
    __table_args__ = (UniqueConstraint("case_id", "email", name="uq_case_access_case_email"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="ehc_case.id", index=True)
    email: str = Field(max_length=320, index=True)
    role: str = Field(max_length=20, description="parent or young_person")
    agreed_by_young_person: bool = False
    created_at: datetime = Field(default_factory=utcnow)
