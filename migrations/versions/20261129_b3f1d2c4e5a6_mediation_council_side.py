"""mediation, council side: arranging mediation, the generated certificate, appeals, agreed actions
(reg 42) and each council's mediation adviser and health (ICB) disagreement contacts

Revision ID: b3f1d2c4e5a6
Revises: a5e7c3d91b42
Create Date: 2026-11-29 05:00:00

"""

from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

revision: str = "b3f1d2c4e5a6"
down_revision: Union[str, Sequence[str], None] = "a5e7c3d91b42"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

TEXT = sqlmodel.sql.sqltypes.AutoString


def _disagreement_columns() -> list[sa.Column]:
    return [
        sa.Column("contact_method", TEXT(length=20), nullable=False, server_default="online"),
        sa.Column("mediation_arranged_on", sa.Date(), nullable=True),
        sa.Column("mediation_on", sa.Date(), nullable=True),
        sa.Column("mediation_time", TEXT(length=5), nullable=False, server_default=""),
        sa.Column("mediator_name", TEXT(length=200), nullable=False, server_default=""),
        sa.Column("mediation_format", TEXT(length=20), nullable=False, server_default=""),
        sa.Column("mediation_place", TEXT(length=500), nullable=False, server_default=""),
        sa.Column("mediation_late", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("certificate_document_id", TEXT(length=36), nullable=True),
        sa.Column("appealed_on", sa.Date(), nullable=True),
    ]


CONTACT_COLUMNS = [
    ("mediation_adviser_name", 200),
    ("mediation_adviser_email", 320),
    ("mediation_adviser_phone", 40),
    ("health_contact_name", 200),
    ("health_contact_email", 320),
    ("health_contact_phone", 40),
]


def upgrade() -> None:
    with op.batch_alter_table("disagreement", schema=None) as batch_op:
        for column in _disagreement_columns():
            batch_op.add_column(column)
    with op.batch_alter_table("local_authority", schema=None) as batch_op:
        for name, length in CONTACT_COLUMNS:
            batch_op.add_column(sa.Column(name, TEXT(length=length), nullable=False, server_default=""))
    op.create_table(
        "agreed_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("disagreement_id", sa.Integer(), nullable=False),
        sa.Column("local_authority_id", sa.Integer(), nullable=False),
        sa.Column("description", TEXT(length=500), nullable=False),
        sa.Column("kind", TEXT(length=30), nullable=False),
        sa.Column("agreed_on", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["disagreement_id"], ["disagreement.id"]),
        sa.ForeignKeyConstraint(["local_authority_id"], ["local_authority.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("agreed_action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agreed_action_disagreement_id"), ["disagreement_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_agreed_action_local_authority_id"), ["local_authority_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("agreed_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreed_action_local_authority_id"))
        batch_op.drop_index(batch_op.f("ix_agreed_action_disagreement_id"))
    op.drop_table("agreed_action")
    with op.batch_alter_table("local_authority", schema=None) as batch_op:
        for name, _ in reversed(CONTACT_COLUMNS):
            batch_op.drop_column(name)
    with op.batch_alter_table("disagreement", schema=None) as batch_op:
        for column in reversed(_disagreement_columns()):
            batch_op.drop_column(column.name)
