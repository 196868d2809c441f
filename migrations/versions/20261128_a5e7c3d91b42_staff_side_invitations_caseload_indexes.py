"""staff side: invitations to join a council's team, and the caseload's indexes on ehc_case

Revision ID: a5e7c3d91b42
Revises: 5c1a9e3f7b21
Create Date: 2026-11-28 22:30:00

"""

from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

revision: str = "a5e7c3d91b42"
down_revision: Union[str, Sequence[str], None] = "5c1a9e3f7b21"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

CASE_INDEXES = {
    "ix_case_la_stage_due": [
        "local_authority_id",
        "stage",
        "next_due_on",
        "assigned_caseworker_id",
        "exceptions_apply",
    ],
    "ix_case_la_caseworker_due": ["local_authority_id", "assigned_caseworker_id", "next_due_on"],
    "ix_case_la_exceptions_due": ["local_authority_id", "exceptions_apply", "next_due_on"],
    "ix_case_la_date_of_birth": ["local_authority_id", "child_date_of_birth"],
    "ix_case_la_first_name": ["local_authority_id", "child_first_name"],
}


def upgrade() -> None:
    op.create_table(
        "staff_invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("used_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["invited_by_id"], ["staff_user.id"]),
        sa.ForeignKeyConstraint(["staff_user_id"], ["staff_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_staff_invitation_staff_user_id", "staff_invitation", ["staff_user_id"], unique=False)
    for name, columns in CASE_INDEXES.items():
        op.create_index(name, "ehc_case", columns, unique=False)


def downgrade() -> None:
    for name in CASE_INDEXES:
        op.drop_index(name, table_name="ehc_case")
    op.drop_index("ix_staff_invitation_staff_user_id", table_name="staff_invitation")
    op.drop_table("staff_invitation")
