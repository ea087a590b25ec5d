"""casework: stages and their history, medical action plans, attendance contracts, meetings, notices

Revision ID: 0005_casework
Revises: 0004_letters
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import attendance_desk.store.models.base

revision: str = "0005_casework"
down_revision: str | None = "0004_letters"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "case_stage_definitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("legal", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_stage_definitions")),
        sa.UniqueConstraint("key", name=op.f("uq_case_stage_definitions_key")),
    )
    op.create_table(
        "casework_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_bands", sa.JSON(), nullable=False),
        sa.Column("review_on_penalty_threshold", sa.Boolean(), nullable=False),
        sa.Column("broken_weeks_ratio", sa.Numeric(precision=4, scale=2), nullable=False),
        sa.Column("min_broken_weeks", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_casework_settings")),
    )
    op.create_table(
        "case_stage_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("stage_key", sa.String(length=40), nullable=False),
        sa.Column("stage_name", sa.String(length=120), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", attendance_desk.store.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["pupil_id"], ["pupils.id"], name=op.f("fk_case_stage_changes_pupil_id_pupils"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_case_stage_changes_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_stage_changes")),
    )
    with op.batch_alter_table("case_stage_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_stage_changes_pupil_id"), ["pupil_id"], unique=False)
        batch_op.create_index("ix_case_stage_changes_pupil_on", ["pupil_id", "changed_on"], unique=False)

    op.create_table(
        "attendance_contracts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("meeting_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=False),
        sa.Column("sessions_missed", sa.Integer(), nullable=False),
        sa.Column("minutes_late", sa.Integer(), nullable=False),
        sa.Column("attendance_percent", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("authorised_percent", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("unauthorised_percent", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("parents", sa.JSON(), nullable=False),
        sa.Column("review_weeks", sa.Integer(), nullable=True),
        sa.Column("review_at", attendance_desk.store.models.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column("barriers", sa.Text(), nullable=False),
        sa.Column("parent_requirements", sa.Text(), nullable=False),
        sa.Column("support_offered", sa.Text(), nullable=False),
        sa.Column("actions", sa.JSON(), nullable=False),
        sa.Column("consent_to_share", sa.Boolean(), nullable=False),
        sa.Column("signatories", sa.JSON(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("communication_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", attendance_desk.store.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["communication_id"],
            ["communications.id"],
            name=op.f("fk_attendance_contracts_communication_id_communications"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(["created_by"], ["staff.id"], name=op.f("fk_attendance_contracts_created_by_staff")),
        sa.ForeignKeyConstraint(
            ["pupil_id"], ["pupils.id"], name=op.f("fk_attendance_contracts_pupil_id_pupils"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_contracts")),
    )
    with op.batch_alter_table("attendance_contracts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendance_contracts_pupil_id"), ["pupil_id"], unique=False)

    op.create_table(
        "attendance_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("meeting_date", sa.Date(), nullable=False),
        sa.Column("meeting_number", sa.Integer(), nullable=False),
        sa.Column("attendees", sa.Text(), nullable=False),
        sa.Column("apologies", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("background", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("actions", sa.JSON(), nullable=False),
        sa.Column("next_meeting_date", sa.Date(), nullable=True),
        sa.Column("next_agenda", sa.Text(), nullable=False),
        sa.Column("communication_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", attendance_desk.store.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["communication_id"],
            ["communications.id"],
            name=op.f("fk_attendance_meetings_communication_id_communications"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(["created_by"], ["staff.id"], name=op.f("fk_attendance_meetings_created_by_staff")),
        sa.ForeignKeyConstraint(
            ["pupil_id"], ["pupils.id"], name=op.f("fk_attendance_meetings_pupil_id_pupils"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_meetings")),
    )
    with op.batch_alter_table("attendance_meetings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendance_meetings_pupil_id"), ["pupil_id"], unique=False)

    op.create_table(
        "medical_action_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("plan_date", sa.Date(), nullable=False),
        sa.Column("key_adult", sa.String(length=200), nullable=False),
        sa.Column("send", sa.Text(), nullable=False),
        sa.Column("chair", sa.String(length=200), nullable=False),
        sa.Column("attendance_percent", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("broken_weeks", sa.Integer(), nullable=False),
        sa.Column("school_weeks", sa.Integer(), nullable=False),
        sa.Column("days_off", sa.Numeric(precision=6, scale=1), nullable=False),
        sa.Column("invitees", sa.JSON(), nullable=False),
        sa.Column("gp_consent", sa.Boolean(), nullable=True),
        sa.Column("gp_consent_date", sa.Date(), nullable=True),
        sa.Column("consent_form_completed", sa.Boolean(), nullable=False),
        sa.Column("authorise_absence", sa.Boolean(), nullable=True),
        sa.Column("authorise_date", sa.Date(), nullable=True),
        sa.Column("authorised_by", sa.String(length=200), nullable=False),
        sa.Column("medical_issues", sa.JSON(), nullable=False),
        sa.Column("difficulties", sa.JSON(), nullable=False),
        sa.Column("target_attendance", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("review_date", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("communication_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", attendance_desk.store.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["communication_id"],
            ["communications.id"],
            name=op.f("fk_medical_action_plans_communication_id_communications"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(["created_by"], ["staff.id"], name=op.f("fk_medical_action_plans_created_by_staff")),
        sa.ForeignKeyConstraint(
            ["pupil_id"], ["pupils.id"], name=op.f("fk_medical_action_plans_pupil_id_pupils"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_medical_action_plans")),
    )
    with op.batch_alter_table("medical_action_plans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_medical_action_plans_pupil_id"), ["pupil_id"], unique=False)

    op.create_table(
        "notices_to_improve",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("school_weeks", sa.Integer(), nullable=False),
        sa.Column("holiday_weeks", sa.JSON(), nullable=False),
        sa.Column("max_unauthorised_percent", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("criteria", sa.Text(), nullable=False),
        sa.Column("support_given", sa.Text(), nullable=False),
        sa.Column("support_offered", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("reviewed_on", sa.Date(), nullable=True),
        sa.Column("period_unauthorised_percent", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=False),
        sa.Column("reviewed_by", sa.Integer(), nullable=True),
        sa.Column("communication_id", sa.Integer(), nullable=True),
        sa.Column("review_communication_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", attendance_desk.store.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["communication_id"],
            ["communications.id"],
            name=op.f("fk_notices_to_improve_communication_id_communications"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(["created_by"], ["staff.id"], name=op.f("fk_notices_to_improve_created_by_staff")),
        sa.ForeignKeyConstraint(
            ["pupil_id"], ["pupils.id"], name=op.f("fk_notices_to_improve_pupil_id_pupils"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["review_communication_id"],
            ["communications.id"],
            name=op.f("fk_notices_to_improve_review_communication_id_communications"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(["reviewed_by"], ["staff.id"], name=op.f("fk_notices_to_improve_reviewed_by_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notices_to_improve")),
    )
    with op.batch_alter_table("notices_to_improve", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notices_to_improve_pupil_id"), ["pupil_id"], unique=False)

    op.create_table(
        "penalty_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("parent_name", sa.String(length=200), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("reduced_amount", sa.Numeric(precision=7, scale=2), nullable=True),
        sa.Column("full_amount", sa.Numeric(precision=7, scale=2), nullable=False),
        sa.Column("reference", sa.String(length=60), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("amount_paid", sa.Numeric(precision=7, scale=2), nullable=True),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.Column("withdrawn_reason", sa.Text(), nullable=False),
        sa.Column("prosecuted_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("communication_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", attendance_desk.store.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["communication_id"],
            ["communications.id"],
            name=op.f("fk_penalty_notices_communication_id_communications"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_penalty_notices_contact_id_contacts"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["created_by"], ["staff.id"], name=op.f("fk_penalty_notices_created_by_staff")),
        sa.ForeignKeyConstraint(
            ["pupil_id"], ["pupils.id"], name=op.f("fk_penalty_notices_pupil_id_pupils"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_penalty_notices")),
    )
    with op.batch_alter_table("penalty_notices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_penalty_notices_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_penalty_notices_pupil_id"), ["pupil_id"], unique=False)

    op.create_table(
        "contract_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("review_date", sa.Date(), nullable=False),
        sa.Column("sessions_possible", sa.Integer(), nullable=False),
        sa.Column("sessions_attended", sa.Integer(), nullable=False),
        sa.Column("lates", sa.Integer(), nullable=False),
        sa.Column("progress_evidence", sa.Text(), nullable=False),
        sa.Column("barriers_reduced", sa.Text(), nullable=False),
        sa.Column("new_barriers", sa.Text(), nullable=False),
        sa.Column("new_actions", sa.JSON(), nullable=False),
        sa.Column("next_step", sa.String(length=20), nullable=False),
        sa.Column("next_review_date", sa.Date(), nullable=True),
        sa.Column("communication_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_by", sa.Integer(), nullable=True),
        sa.Column("recorded_at", attendance_desk.store.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["communication_id"],
            ["communications.id"],
            name=op.f("fk_contract_reviews_communication_id_communications"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["attendance_contracts.id"],
            name=op.f("fk_contract_reviews_contract_id_attendance_contracts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["reviewed_by"], ["staff.id"], name=op.f("fk_contract_reviews_reviewed_by_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contract_reviews")),
    )
    with op.batch_alter_table("contract_reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contract_reviews_contract_id"), ["contract_id"], unique=False)

    op.create_table(
        "medical_plan_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("review_date", sa.Date(), nullable=False),
        sa.Column("attendance_percent", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("progress", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=30), nullable=False),
        sa.Column("next_review_date", sa.Date(), nullable=True),
        sa.Column("communication_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_by", sa.Integer(), nullable=True),
        sa.Column("recorded_at", attendance_desk.store.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["communication_id"],
            ["communications.id"],
            name=op.f("fk_medical_plan_reviews_communication_id_communications"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["medical_action_plans.id"],
            name=op.f("fk_medical_plan_reviews_plan_id_medical_action_plans"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["reviewed_by"], ["staff.id"], name=op.f("fk_medical_plan_reviews_reviewed_by_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_medical_plan_reviews")),
    )
    with op.batch_alter_table("medical_plan_reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_medical_plan_reviews_plan_id"), ["plan_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("medical_plan_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_medical_plan_reviews_plan_id"))

    op.drop_table("medical_plan_reviews")
    with op.batch_alter_table("contract_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contract_reviews_contract_id"))

    op.drop_table("contract_reviews")
    with op.batch_alter_table("penalty_notices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_penalty_notices_pupil_id"))
        batch_op.drop_index(batch_op.f("ix_penalty_notices_contact_id"))

    op.drop_table("penalty_notices")
    with op.batch_alter_table("notices_to_improve", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notices_to_improve_pupil_id"))

    op.drop_table("notices_to_improve")
    with op.batch_alter_table("medical_action_plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_medical_action_plans_pupil_id"))

    op.drop_table("medical_action_plans")
    with op.batch_alter_table("attendance_meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_meetings_pupil_id"))

    op.drop_table("attendance_meetings")
    with op.batch_alter_table("attendance_contracts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_contracts_pupil_id"))

    op.drop_table("attendance_contracts")
    with op.batch_alter_table("case_stage_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_case_stage_changes_pupil_on")
        batch_op.drop_index(batch_op.f("ix_case_stage_changes_pupil_id"))

    op.drop_table("case_stage_changes")
    op.drop_table("casework_settings")
    op.drop_table("case_stage_definitions")
