"""staff second factor: room for the encrypted authenticator app secret, and the last step used

Revision ID: aa55af9ee0d7
Revises: b3f1d2c4e5a6
Create Date: 2026-11-29 05:10:00

"""

from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

revision: str = "aa55af9ee0d7"
down_revision: Union[str, Sequence[str], None] = "b3f1d2c4e5a6"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # Batch mode: SQLite cannot alter a column's type in place (Alembic copies the table there).
    with op.batch_alter_table("staff_user") as batch:
        batch.alter_column(
            "totp_secret",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=64),
            type_=sqlmodel.sql.sqltypes.AutoString(length=200),
            existing_nullable=True,
        )
        batch.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("staff_user") as batch:
        batch.drop_column("totp_last_step")
        batch.alter_column(
            "totp_secret",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=200),
            type_=sqlmodel.sql.sqltypes.AutoString(length=64),
            existing_nullable=True,
        )
