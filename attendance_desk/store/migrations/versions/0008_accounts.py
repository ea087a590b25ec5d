"""accounts: passwords and sign-in pauses, further roles, unique active names, the audit chain, retention

Revision ID: 0008_accounts
Revises: 0012_speed
Create Date: 2026-11-27

Plain ``add_column`` (no batch copy): the audit log keeps its append-only triggers. The chain itself is started
in Python when the store opens (``store/open.py``), with the models at head, so this file does not depend on
columns later migrations add.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import attendance_desk.store.models.base

revision: str = "0008_accounts"
down_revision: str | None = "0012_speed"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_chain_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.Column("legacy_last_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_chain_head")),
    )
    op.create_table(
        "staff_roles",
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_staff_roles_staff_id_staff")),
        sa.PrimaryKeyConstraint("staff_id", "role", name=op.f("pk_staff_roles")),
    )
    op.add_column("audit_log", sa.Column("seq", sa.Integer(), nullable=True))
    op.add_column("audit_log", sa.Column("row_hash", sa.String(length=64), server_default="", nullable=False))
    op.add_column("audit_log", sa.Column("prev_hash", sa.String(length=64), server_default="", nullable=False))
    op.add_column("audit_log", sa.Column("entry_hash", sa.String(length=64), server_default="", nullable=False))
    op.create_index("uq_audit_log_seq", "audit_log", ["seq"], unique=True)

    op.add_column("school_settings", sa.Column("retention_years", sa.Integer(), server_default="6", nullable=False))
    op.add_column("school_settings", sa.Column("idle_lock_minutes", sa.Integer(), server_default="10", nullable=False))

    op.add_column("staff", sa.Column("password_hash", sa.String(length=200), server_default="", nullable=False))
    op.add_column("staff", sa.Column("failed_sign_ins", sa.Integer(), server_default="0", nullable=False))
    op.add_column(
        "staff",
        sa.Column("sign_in_paused_until", attendance_desk.store.models.base.UtcDateTime(timezone=True), nullable=True),
    )
    _tell_apart_duplicate_names()
    op.create_index(
        "uq_staff_active_name",
        "staff",
        ["name"],
        unique=True,
        sqlite_where=sa.text("active = 1"),
        postgresql_where=sa.text("active"),
    )


def _tell_apart_duplicate_names() -> None:
    """Active staff sharing a name get their id added, so the unique index can be made (and nobody is lost)."""
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, name FROM staff WHERE active ORDER BY id")).all()
    seen: set[str] = set()
    for staff_id, name in rows:
        key = name.lower()
        if key in seen:
            bind.execute(
                sa.text("UPDATE staff SET name = :name WHERE id = :id"),
                {"name": f"{name} ({staff_id})", "id": staff_id},
            )
        seen.add(key)


def downgrade() -> None:
    op.drop_index("uq_staff_active_name", table_name="staff")
    op.drop_column("staff", "sign_in_paused_until")
    op.drop_column("staff", "failed_sign_ins")
    op.drop_column("staff", "password_hash")
    op.drop_column("school_settings", "idle_lock_minutes")
    op.drop_column("school_settings", "retention_years")
    op.drop_index("uq_audit_log_seq", table_name="audit_log")
    op.drop_column("audit_log", "entry_hash")
    op.drop_column("audit_log", "prev_hash")
    op.drop_column("audit_log", "row_hash")
    op.drop_column("audit_log", "seq")
    op.drop_table("staff_roles")
    op.drop_table("audit_chain_head")
