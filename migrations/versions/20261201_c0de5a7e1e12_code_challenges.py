"""code challenges: security-code tries counted in the database (issue 12 M2)

Revision ID: c0de5a7e1e12
Revises: aa55af9ee0d7
Create Date: 2026-12-01 12:40:00

"""

from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

revision: str = "c0de5a7e1e12"
down_revision: Union[str, Sequence[str], None] = "aa55af9ee0d7"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "code_challenge",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("purpose", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("staff_user_id", sa.Integer(), nullable=True),
        sa.Column("code_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("used_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["staff_user_id"], ["staff_user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_code_challenge_staff_user_id", "code_challenge", ["staff_user_id"], unique=False)
    op.create_index("ix_code_challenge_expires_at", "code_challenge", ["expires_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_code_challenge_expires_at", table_name="code_challenge")
    op.drop_index("ix_code_challenge_staff_user_id", table_name="code_challenge")
    op.drop_table("code_challenge")
