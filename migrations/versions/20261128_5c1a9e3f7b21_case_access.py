"""case access: young people's own accounts and their agreement to a parent seeing the case

Revision ID: 5c1a9e3f7b21
Revises: 7e4709076e1a
Create Date: 2026-11-28 21:45:00

"""

from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

revision: str = "5c1a9e3f7b21"
down_revision: Union[str, Sequence[str], None] = "7e4709076e1a"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "case_access",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("agreed_by_young_person", sa.Boolean(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["ehc_case.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "email", name="uq_case_access_case_email"),
    )
    op.create_index("ix_case_access_case_id", "case_access", ["case_id"], unique=False)
    op.create_index("ix_case_access_email", "case_access", ["email"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_case_access_email", table_name="case_access")
    op.drop_index("ix_case_access_case_id", table_name="case_access")
    op.drop_table("case_access")
