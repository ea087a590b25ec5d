"""speed: compact per-pupil registers (one string per pupil, filled from the marks already held)

Revision ID: 0012_speed
Revises: 0010_server
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_speed"
down_revision: str | None = "0010_server"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pupil_registers",
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("codes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pupil_id"], ["pupils.id"], name=op.f("fk_pupil_registers_pupil_id_pupils"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("pupil_id", name=op.f("pk_pupil_registers")),
    )
    op.create_index(
        "ix_marks_late",
        "marks",
        ["date", "pupil_id", "minutes_late"],
        sqlite_where=sa.text("code IN ('L', 'U')"),
        postgresql_where=sa.text("code IN ('L', 'U')"),
    )
    # An existing school's registers, built from its marks in this same upgrade.
    from attendance_desk.store.registers import rebuild_registers

    rebuild_registers(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_marks_late", table_name="marks")
    op.drop_table("pupil_registers")
