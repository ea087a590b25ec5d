"""marks keyed: the marks table stored in its key's order (pupil, date, session)

Revision ID: 0015_marks_keyed
Revises: 0014_approval
Create Date: 2026-11-27

On SQLite the table becomes ``WITHOUT ROWID``: rows live in the primary key's B-tree itself, so one pupil's marks
for a range of dates are one contiguous range scan, an import in key order appends, and the separate key index
(as large as the table) is gone. SQLite cannot change that in place: the table is copied into a keyed twin in key
order, checked row for row, and swapped in, all in the upgrade's one transaction. PostgreSQL already has the
primary key ``pk_marks`` (0001); the upgrade makes sure of it and otherwise leaves the table as it is.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_marks_keyed"
down_revision: str | None = "0014_approval"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = "pupil_id, date, session, code, minutes_late, import_batch_id"
_TABLE = """CREATE TABLE {name} (
    pupil_id INTEGER NOT NULL,
    date DATE NOT NULL,
    session VARCHAR(2) NOT NULL,
    code VARCHAR(3) NOT NULL,
    minutes_late INTEGER,
    import_batch_id INTEGER,
    CONSTRAINT pk_marks PRIMARY KEY (pupil_id, date, session),
    CONSTRAINT fk_marks_import_batch_id_import_batches FOREIGN KEY(import_batch_id) REFERENCES import_batches (id),
    CONSTRAINT fk_marks_pupil_id_pupils FOREIGN KEY(pupil_id) REFERENCES pupils (id) ON DELETE CASCADE
){options}"""
_INDEXES = (
    "CREATE INDEX ix_marks_date_code ON marks (date, code)",
    "CREATE INDEX ix_marks_late ON marks (date, pupil_id, minutes_late) WHERE code IN ('L', 'U')",
)


def _rebuild_sqlite(options: str) -> None:
    """Copy ``marks`` into a new table made with ``options`` (in key order), check, swap, and index it again."""
    bind = op.get_bind()
    before: int = bind.exec_driver_sql("SELECT count(*) FROM marks").scalar_one()
    op.execute(_TABLE.format(name="marks_keyed", options=options))
    op.execute(f"INSERT INTO marks_keyed ({_COLUMNS}) SELECT {_COLUMNS} FROM marks ORDER BY pupil_id, date, session")
    copied: int = bind.exec_driver_sql("SELECT count(*) FROM marks_keyed").scalar_one()
    different: int = bind.exec_driver_sql(
        f"SELECT count(*) FROM (SELECT {_COLUMNS} FROM marks EXCEPT SELECT {_COLUMNS} FROM marks_keyed)"
    ).scalar_one()
    if copied != before or different:  # never: the upgrade's transaction is rolled back and nothing changes
        raise RuntimeError(f"the marks were not copied faithfully ({before} rows, {copied} copied, {different} differ)")
    op.execute("DROP TABLE marks")  # nothing refers to marks, so no cascade runs
    op.execute("ALTER TABLE marks_keyed RENAME TO marks")
    for statement in _INDEXES:
        op.execute(statement)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        _rebuild_sqlite(" WITHOUT ROWID")
        return
    key = sa.inspect(bind).get_pk_constraint("marks")
    if list(key.get("constrained_columns") or []) != ["pupil_id", "date", "session"]:
        name = key.get("name")
        if name:
            op.drop_constraint(name, "marks", type_="primary")
        op.create_primary_key("pk_marks", "marks", ["pupil_id", "date", "session"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite("")
