"""sync: column-mapping profiles for MIS imports

Revision ID: 0002_sync
Revises: 0001_initial
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import attendance_desk.store.models.base

revision: str = "0002_sync"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mapping_profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("signature", sa.String(length=4000), nullable=False),
        sa.Column("columns", sa.JSON(), nullable=False),
        sa.Column("created_at", attendance_desk.store.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", attendance_desk.store.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["updated_by"], ["staff.id"], name=op.f("fk_mapping_profiles_updated_by_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mapping_profiles")),
        sa.UniqueConstraint("name", name=op.f("uq_mapping_profiles_name")),
    )
    op.create_index("ix_mapping_profiles_kind", "mapping_profiles", ["kind"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_mapping_profiles_kind", table_name="mapping_profiles")
    op.drop_table("mapping_profiles")
