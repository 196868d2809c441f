"""caseload page index: (council, next due, id), so a later page of the caseload is found in the index alone

Revision ID: c4a81f0e6b2d
Revises: 5995bc25ffb7
Create Date: 2026-12-03 07:50:00

Issue 18: page 50 of Kent's caseload read 1,250 rows from the table to skip 1,225 of them. With the id in
the index, the page's 25 ids come from an index-only scan and only those 25 rows are read
(service.data.caseload.caseload_statement). ix_case_la_next_due stays: dropping it is a contract step for a
later release.
"""
from typing import Sequence, Union

from alembic import op


# revision identifiers, used by Alembic.
revision: str = 'c4a81f0e6b2d'
down_revision: Union[str, Sequence[str], None] = '5995bc25ffb7'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_index("ix_case_la_next_due_id", "ehc_case", ["local_authority_id", "next_due_on", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_case_la_next_due_id", table_name="ehc_case")
