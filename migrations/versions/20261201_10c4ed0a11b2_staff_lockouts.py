"""staff lockouts per account and address, with an emailed unlock link (issue 12 L2)

Revision ID: 10c4ed0a11b2
Revises: c0de5a7e1e12
Create Date: 2026-12-01 12:50:00

"""

from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

revision: str = "10c4ed0a11b2"
down_revision: Union[str, Sequence[str], None] = "c0de5a7e1e12"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "staff_lockout",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_user_id", sa.Integer(), nullable=False),
        sa.Column("ip_address", sqlmodel.sql.sqltypes.AutoString(length=45), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("unlock_token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.ForeignKeyConstraint(["staff_user_id"], ["staff_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("staff_user_id", "ip_address"),
    )
    op.create_index("ix_staff_lockout_staff_user_id", "staff_lockout", ["staff_user_id"], unique=False)
    op.create_index("ix_staff_lockout_unlock_token_hash", "staff_lockout", ["unlock_token_hash"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_staff_lockout_unlock_token_hash", table_name="staff_lockout")
    op.drop_index("ix_staff_lockout_staff_user_id", table_name="staff_lockout")
    op.drop_table("staff_lockout")
