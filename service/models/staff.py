"""Council staff accounts. Every account belongs to exactly one local authority (its tenant)."""

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from service.models.base import utcnow

CASEWORKER = "caseworker"
MANAGER = "manager"
READ_ONLY = "read_only"
MEDIATION_ADVISER = "mediation_adviser"
ROLES = (CASEWORKER, MANAGER, READ_ONLY, MEDIATION_ADVISER)
# Aggregate-only roles (issue 17): DfE's national view and a regional team's. No council, no case: they are
# not council roles, so staff_required() refuses them on every case page.
NATIONAL = "national"
REGIONAL = "regional"
AGGREGATE_ROLES = (NATIONAL, REGIONAL)


class StaffUser(SQLModel, table=True):
    """A council's staff member; or (role national or regional, no council) a DfE or regional analyst."""

    __tablename__ = "staff_user"

    id: int | None = Field(default=None, primary_key=True)
    local_authority_id: int = Field(
        foreign_key="local_authority.id", index=True, nullable=True, description="None for national and regional roles"
    )
    region: str = Field(default="", max_length=50, description="a regional user's region (LocalAuthority.region)")
    email: str = Field(max_length=320, unique=True)
    name: str = Field(max_length=200)
    role: str = Field(max_length=20)
    password_hash: str | None = Field(
        default=None, max_length=200, description="argon2id; None until invited staff set one"
    )
    totp_secret: str | None = Field(
        default=None, max_length=200, description="the authenticator app's secret, encrypted (service.auth.totp)"
    )
    totp_last_step: int | None = Field(
        default=None, description="the last 30-second step whose app code was accepted: a code works once"
    )
    second_factor: str = Field(default="email", max_length=10, description="email, sms or totp")
    mobile: str = Field(default="", max_length=20)
    failed_attempts: int = 0
    locked_until: datetime | None = None
    disabled: bool = False
    created_at: datetime = Field(default_factory=utcnow)


class AuditEvent(SQLModel, table=True):
    """Append-only: every staff read and change of a case (who, which case, what, when, from where)."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    staff_user_id: int | None = Field(default=None, foreign_key="staff_user.id", index=True)
    professional_id: int | None = Field(
        default=None, foreign_key="professional.id", index=True, description="a professional's read or change"
    )
    local_authority_id: int | None = Field(default=None, foreign_key="local_authority.id")
    case_id: int | None = Field(default=None, foreign_key="ehc_case.id", index=True)
    action: str = Field(max_length=60, description="e.g. case.view, case.decision_to_assess")
    detail: str = Field(default="", max_length=500, description="no special category data")
    ip_address: str = Field(default="", max_length=45)


class StaffLockout(SQLModel, table=True):
    """Failed sign-in tries of one account from one address (issue 12 L2): a stranger who locks an
    account locks it only for their own address, and the owner can unlock it by an emailed link."""

    __tablename__ = "staff_lockout"
    __table_args__ = (UniqueConstraint("staff_user_id", "ip_address"),)

    id: int | None = Field(default=None, primary_key=True)
    staff_user_id: int = Field(foreign_key="staff_user.id", index=True)
    ip_address: str = Field(max_length=45)
    failures: int = 0
    locked_until: datetime | None = None
    unlock_token_hash: str | None = Field(default=None, max_length=64, index=True)
