"""evidence: the local authority's "support before legal action" setting, read by the legal guard

Revision ID: 0007_evidence
Revises: 0006_imports
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_evidence"
down_revision: str | None = "0006_imports"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("school_settings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("support_before_legal_action", sa.Boolean(), server_default=sa.true(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("school_settings", schema=None) as batch_op:
        batch_op.drop_column("support_before_legal_action")
