"""Observability (issue 19 item 5): each outbox message's delay to Notify, and indexes for /metrics.

send_delay_ms is how long a message waited from the event that caused it (created_at, written in the
event's own transaction) to Notify accepting it (sent_at); the public performance page counts the share
under 10 seconds. Rows already sent get it from their two timestamps. The two (status, created_at)
indexes let /metrics read the oldest unsent message and the oldest document waiting for its scan with
one index probe each.

Revision ID: 9c64f0a3bfe0
Revises: 98886d668962
Create Date: 2026-12-02 06:09:29.207322

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9c64f0a3bfe0"
down_revision: str | Sequence[str] | None = "98886d668962"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BACKFILL = {
    "postgresql": "UPDATE outbox_message SET send_delay_ms = "
    "GREATEST(0, ROUND(EXTRACT(EPOCH FROM (sent_at - created_at)) * 1000)) WHERE sent_at IS NOT NULL",
    "sqlite": "UPDATE outbox_message SET send_delay_ms = "
    "MAX(0, CAST(ROUND((julianday(sent_at) - julianday(created_at)) * 86400000) AS INTEGER)) WHERE sent_at IS NOT NULL",
}


def upgrade() -> None:
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.create_index("ix_document_status_created", ["status", "created_at"], unique=False)

    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("send_delay_ms", sa.Integer(), nullable=True))
        batch_op.create_index("ix_outbox_message_status_created", ["status", "created_at"], unique=False)
    op.execute(BACKFILL[op.get_bind().dialect.name])


def downgrade() -> None:
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_message_status_created")
        batch_op.drop_column("send_delay_ms")

    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_index("ix_document_status_created")
