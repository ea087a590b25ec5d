"""imports: after-import work recorded with the import (import_batches.after_import)

Revision ID: 0006_imports
Revises: 0005_casework
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_imports"
down_revision: str | None = "0005_casework"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("import_batches") as batch:
        batch.add_column(sa.Column("after_import", sa.String(length=20), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("import_batches") as batch:
        batch.drop_column("after_import")
