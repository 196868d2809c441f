"""Passwordless sign-in for families: a single-use link and a 6-digit code, valid 10 minutes, bound
to the browser that asked. Only hashes are stored."""

from datetime import datetime

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
