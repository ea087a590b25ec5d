"""first-day calling desk: reported absences, call attempts, prompt answers, concerns, home visits, escalation
steps, call-back script, term dates and closures

Revision ID: 0003_calling
Revises: 0002_sync
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import attendance_desk.store.models.base

revision: str = "0003_calling"
down_revision: str | None = "0002_sync"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "callback_prompts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("guidance", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_callback_prompts")),
        sa.UniqueConstraint("key", name=op.f("uq_callback_prompts_key")),
    )
    op.create_table(
        "escalation_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("task_title", sa.String(length=300), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("notice_days", sa.Integer(), nullable=False),
        sa.Column("owner_role", sa.String(length=40), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_escalation_steps")),
        sa.UniqueConstraint("key", name=op.f("uq_escalation_steps_key")),
    )
    op.create_table(
        "school_closures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school_closures")),
        sa.UniqueConstraint("day", name=op.f("uq_school_closures_day")),
    )
    op.create_table(
        "term_dates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_term_dates")),
    )
    with op.batch_alter_table("term_dates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_term_dates_start_date"), ["start_date"], unique=False)

    op.create_table(
        "call_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("communication_id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("phone_label", sa.String(length=20), nullable=False),
        sa.Column("phone_number", sa.String(length=40), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("absence_date", sa.Date(), nullable=False),
        sa.Column("absence_session", sa.String(length=2), nullable=False),
        sa.Column("at", attendance_desk.store.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["communication_id"],
            ["communications.id"],
            name=op.f("fk_call_attempts_communication_id_communications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_call_attempts_contact_id_contacts"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["pupil_id"], ["pupils.id"], name=op.f("fk_call_attempts_pupil_id_pupils"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_call_attempts_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_attempts")),
        sa.UniqueConstraint("communication_id", name=op.f("uq_call_attempts_communication_id")),
    )
    with op.batch_alter_table("call_attempts", schema=None) as batch_op:
        batch_op.create_index("ix_call_attempts_date", ["absence_date", "pupil_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_call_attempts_pupil_id"), ["pupil_id"], unique=False)

    op.create_table(
        "home_visits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("communication_id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("visited_at", attendance_desk.store.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("accompanied_by", sa.String(length=200), nullable=False),
        sa.Column("people_seen", sa.Text(), nullable=False),
        sa.Column("child_seen", sa.Boolean(), nullable=False),
        sa.Column("outcome", sa.String(length=30), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("concerns", sa.Text(), nullable=False),
        sa.Column("recorded_at", attendance_desk.store.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["communication_id"],
            ["communications.id"],
            name=op.f("fk_home_visits_communication_id_communications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pupil_id"], ["pupils.id"], name=op.f("fk_home_visits_pupil_id_pupils"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["recorded_by"], ["staff.id"], name=op.f("fk_home_visits_recorded_by_staff")),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_home_visits_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_home_visits")),
        sa.UniqueConstraint("communication_id", name=op.f("uq_home_visits_communication_id")),
    )
    with op.batch_alter_table("home_visits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_home_visits_pupil_id"), ["pupil_id"], unique=False)

    op.create_table(
        "absence_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("first_date", sa.Date(), nullable=False),
        sa.Column("first_session", sa.String(length=2), nullable=False),
        sa.Column("last_date", sa.Date(), nullable=False),
        sa.Column("last_session", sa.String(length=2), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("proposed_code", sa.String(length=3), nullable=False),
        sa.Column("expected_return", sa.Date(), nullable=True),
        sa.Column("reported_by", sa.String(length=200), nullable=False),
        sa.Column("reporter_relationship", sa.String(length=60), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("reported_at", attendance_desk.store.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("taken_by", sa.Integer(), nullable=True),
        sa.Column("evidence_requested", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("call_attempt_id", sa.Integer(), nullable=True),
        sa.Column("communication_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", attendance_desk.store.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", attendance_desk.store.models.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_by", sa.Integer(), nullable=True),
        sa.Column("withdrawn_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["call_attempt_id"],
            ["call_attempts.id"],
            name=op.f("fk_absence_reports_call_attempt_id_call_attempts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["communication_id"],
            ["communications.id"],
            name=op.f("fk_absence_reports_communication_id_communications"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_absence_reports_contact_id_contacts"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["pupil_id"], ["pupils.id"], name=op.f("fk_absence_reports_pupil_id_pupils"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["taken_by"], ["staff.id"], name=op.f("fk_absence_reports_taken_by_staff")),
        sa.ForeignKeyConstraint(["withdrawn_by"], ["staff.id"], name=op.f("fk_absence_reports_withdrawn_by_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_absence_reports")),
    )
    with op.batch_alter_table("absence_reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_absence_reports_pupil_id"), ["pupil_id"], unique=False)
        batch_op.create_index("ix_absence_reports_span", ["first_date", "last_date"], unique=False)

    op.create_table(
        "call_prompt_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_attempt_id", sa.Integer(), nullable=False),
        sa.Column("prompt_key", sa.String(length=40), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("recorded_at", attendance_desk.store.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["call_attempt_id"],
            ["call_attempts.id"],
            name=op.f("fk_call_prompt_answers_call_attempt_id_call_attempts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_call_prompt_answers_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_prompt_answers")),
    )
    with op.batch_alter_table("call_prompt_answers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_call_prompt_answers_call_attempt_id"), ["call_attempt_id"], unique=False)

    op.create_table(
        "safeguarding_concerns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("call_attempt_id", sa.Integer(), nullable=True),
        sa.Column("home_visit_id", sa.Integer(), nullable=True),
        sa.Column("raised_at", attendance_desk.store.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("raised_by", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", attendance_desk.store.models.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column("reviewed_by", sa.Integer(), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["call_attempt_id"],
            ["call_attempts.id"],
            name=op.f("fk_safeguarding_concerns_call_attempt_id_call_attempts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["home_visit_id"],
            ["home_visits.id"],
            name=op.f("fk_safeguarding_concerns_home_visit_id_home_visits"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["pupil_id"], ["pupils.id"], name=op.f("fk_safeguarding_concerns_pupil_id_pupils"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["raised_by"], ["staff.id"], name=op.f("fk_safeguarding_concerns_raised_by_staff")),
        sa.ForeignKeyConstraint(["reviewed_by"], ["staff.id"], name=op.f("fk_safeguarding_concerns_reviewed_by_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safeguarding_concerns")),
    )
    with op.batch_alter_table("safeguarding_concerns", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_safeguarding_concerns_pupil_id"), ["pupil_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("safeguarding_concerns", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_safeguarding_concerns_pupil_id"))

    op.drop_table("safeguarding_concerns")
    with op.batch_alter_table("call_prompt_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_call_prompt_answers_call_attempt_id"))

    op.drop_table("call_prompt_answers")
    with op.batch_alter_table("absence_reports", schema=None) as batch_op:
        batch_op.drop_index("ix_absence_reports_span")
        batch_op.drop_index(batch_op.f("ix_absence_reports_pupil_id"))

    op.drop_table("absence_reports")
    with op.batch_alter_table("home_visits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_home_visits_pupil_id"))

    op.drop_table("home_visits")
    with op.batch_alter_table("call_attempts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_call_attempts_pupil_id"))
        batch_op.drop_index("ix_call_attempts_date")

    op.drop_table("call_attempts")
    with op.batch_alter_table("term_dates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_term_dates_start_date"))

    op.drop_table("term_dates")
    op.drop_table("school_closures")
    op.drop_table("escalation_steps")
    op.drop_table("callback_prompts")
