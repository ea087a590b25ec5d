"""Which evidence tables the database itself guards, how to check the guards are in place, and the one way round
them (a retention deletion).

Two kinds of evidence table (both sealed in the audit chain, ``store/chain.py``):

- **Append-only** (``APPEND_ONLY_TABLES``): records of something that happened (a call, a visit, a letter, a stage
  change, a review, the audit log itself). Triggers refuse every UPDATE and DELETE; a correction is a new row that
  points at the one it corrects (``supersedes_id``) or a withdrawal beside it (``withdrawals``).
- **Versioned** (``VERSIONED_TABLES``): records with a lifecycle that other rows point at (a concern reviewed, a
  plan closed, a notice paid, a staff member's name). The app may change them; every version it replaces is kept,
  whole, as a new row of ``evidence_row_versions`` in the same flush (``store/history.py``), and triggers refuse
  DELETE. ``staff_roles`` grants are removed when roles change (each removal keeps its last version).

The triggers are written by migrations (``0001``, ``0004``, ``0010``, ``0013``, ``0014``); the names here are what they
made, so ``verify`` can tell when one has been dropped or disabled.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

APPEND_ONLY_TABLES: tuple[str, ...] = (
    "audit_log",
    "communications",
    "call_attempts",
    "call_prompt_answers",
    "home_visits",
    "case_stage_changes",
    "letters",
    "letter_deliveries",
    "letter_approvals",
    "letter_templates",
    "archived_documents",
    "archived_document_contents",
    "medical_plan_reviews",
    "contract_reviews",
    "attendance_meetings",
    "withdrawals",
    "evidence_row_versions",
)
VERSIONED_TABLES: tuple[str, ...] = (
    "code_decisions",
    "absence_reports",
    "safeguarding_concerns",
    "medical_action_plans",
    "attendance_contracts",
    "notices_to_improve",
    "penalty_notices",
    "import_batches",
    "staff",
    "staff_roles",
)
# Versioned tables whose rows are still removed by the app (role grants); every other one refuses DELETE.
DELETABLE_TABLES: frozenset[str] = frozenset({"staff_roles"})
GUARDED_TABLES: tuple[str, ...] = APPEND_ONLY_TABLES + tuple(t for t in VERSIONED_TABLES if t not in DELETABLE_TABLES)


def expected_triggers(dialect: str) -> dict[str, set[str]]:
    """The guard triggers each table should have, by name, on ``dialect`` (sqlite or postgresql)."""
    expected: dict[str, set[str]] = {}
    for table in GUARDED_TABLES:
        if table in APPEND_ONLY_TABLES:
            names = {f"{table}_no_update", f"{table}_no_delete"} if dialect == "sqlite" else {f"{table}_append_only"}
        else:
            names = {f"{table}_no_delete"}
        expected[table] = names
    return expected


def present_triggers(connection: Connection) -> set[str]:
    """The names of the triggers that are in place and enabled."""
    if connection.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    else:
        query = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'"
    return {str(name) for (name,) in connection.execute(text(query))}


def missing_guards(connection: Connection, tables: Sequence[str]) -> dict[str, list[str]]:
    """For each guarded table among ``tables`` (those that exist), the guard triggers that are missing or off."""
    present = present_triggers(connection)
    expected = expected_triggers(connection.dialect.name)
    return {
        table: sorted(expected[table] - present) for table in tables if table in expected and expected[table] - present
    }


@contextmanager
def guards_lifted(session: Session, tables: Sequence[str] = GUARDED_TABLES) -> Iterator[None]:
    """Inside the caller's transaction only, the guard triggers of ``tables`` step aside (DDL is transactional on
    SQLite and PostgreSQL, so a failure puts them back with the rollback). For a confirmed retention deletion."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        names = ", ".join(f"'{table}'" for table in tables)
        query = f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ({names})"
        triggers = connection.execute(text(query)).all()
        for name, _sql in triggers:
            connection.execute(text(f'DROP TRIGGER "{name}"'))
        yield
        for _name, sql in triggers:
            connection.execute(text(str(sql)))
    else:
        existing = set(connection.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")))
        present = [table for table in tables if (table,) in existing]
        for table in present:
            connection.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
        yield
        for table in present:
            connection.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER USER"))
