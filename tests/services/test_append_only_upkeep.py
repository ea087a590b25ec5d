"""The one removal the app makes (a confirmed retention deletion) still works with every guard in place, and a
database from before this version (the demo school) upgrades to it: guards on, new evidence tables sealed."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from alembic import command
from sqlalchemy import func, select, text

from attendance_desk.services import retention
from attendance_desk.services.calling import calls as calling
from attendance_desk.services.calling.visits import VisitInput, record_visit
from attendance_desk.services.demo import create_demo_school
from attendance_desk.services.verify import run_verify
from attendance_desk.services.withdrawals import withdraw
from attendance_desk.store import chain
from attendance_desk.store.append_only import GUARDED_TABLES, missing_guards
from attendance_desk.store.engine import Store
from attendance_desk.store.migrate import alembic_config
from attendance_desk.store.models import (
    AuditEntry,
    Communication,
    EvidenceRowVersion,
    Pupil,
    PupilContact,
    SafeguardingConcern,
    Withdrawal,
)
from attendance_desk.store.open import open_store
from tests.helpers.accounts import admin, everyone
from tests.helpers.casework_seed import build_case
from tests.helpers.evidence_school import build_evidence_school


def test_retention_removes_the_rows_their_versions_and_corrections_and_leaves_the_guards(store: Store) -> None:
    ids = build_evidence_school(store)
    with store.transaction() as session:
        pupil = session.get(Pupil, ids["pupil"])
        assert pupil is not None
        pupil.leaving_date = date(2019, 7, 19)
    boss = admin(store)
    report = retention.records_due(store, boss, as_of=date(2026, 11, 27))
    assert report.pupil_ids == (ids["pupil"],)
    done = retention.delete_due(store, boss, report)
    assert done.pupils == 1 and done.files_left == 0
    with store.session() as session:
        for model in (Communication, SafeguardingConcern, Withdrawal):
            assert session.scalar(select(func.count()).select_from(model)) == 0, model
        left = session.scalars(select(EvidenceRowVersion.table_name)).all()
        [entry] = session.scalars(select(AuditEntry).where(AuditEntry.action == "retention-delete"))
    # Only versions of rows that are not the pupil's stay (a staff member's role grant, the import batch).
    assert set(left) <= {"staff_roles", "staff", "import_batches"}, left
    assert entry.staff_id == boss and entry.after is not None and entry.after["pupils"] == 1
    with store.engine.connect() as connection:
        assert missing_guards(connection, GUARDED_TABLES) == {}  # put back after the deletion
    assert run_verify(store).ok, run_verify(store).findings


def test_the_demo_school_goes_down_a_version_and_up_again_with_its_data(store: Store) -> None:
    create_demo_school(store, 60, 1, today=date(2026, 11, 23))
    office = everyone(store)
    with store.session() as session:
        link = session.scalars(select(PupilContact).order_by(PupilContact.id)).first()
    assert link is not None
    call = calling.log_attempt(  # rows that point at a communication, kept through both migrations
        store,
        office,
        pupil_id=link.pupil_id,
        contact_id=link.contact_id,
        outcome="answered",
        absence_date=date(2026, 11, 20),
        answers=[calling.PromptAnswer("how_are_they", "How is the child?", "Unwell")],
    )
    withdraw(store, office, "call_attempts", call.id, "Recorded against the wrong pupil")
    with store.session() as session:
        tables = ("pupils", "marks", "staff", "communications", "call_attempts", "call_prompt_answers", "withdrawals")
        counts = {t: session.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in tables}
        versions = session.scalars(select(EvidenceRowVersion.id)).all()
    assert versions  # the importer's batches changed as they ran
    config = alembic_config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0008_accounts")
    with store.engine.connect() as connection:
        assert "communications" in missing_guards(connection, GUARDED_TABLES)
    data_dir = store.data_dir
    store.dispose()
    upgraded = open_store(data_dir)  # upgrades again
    try:
        with upgraded.engine.connect() as connection:
            assert missing_guards(connection, GUARDED_TABLES) == {}
            assert {t: connection.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in counts} == counts
        # Going down a version dropped the kept versions: the check says so, and finds nothing else.
        found = {str(f) for f in run_verify(upgraded).findings}
        assert found == {f"evidence_row_versions row {i}: deleted outside the app" for i in versions}
    finally:
        upgraded.dispose()


def test_a_table_that_becomes_evidence_is_sealed_once_when_the_store_opens(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = build_case(store)
    actor = everyone(store)
    visit = record_visit(
        store, actor, VisitInput(ids["pupil"], datetime(2025, 10, 7, 10, tzinfo=UTC), "no_answer", False)
    )
    with monkeypatch.context() as earlier_version:  # a version for which withdrawals were not evidence yet
        earlier_version.setattr(chain, "EVIDENCE_TABLES", tuple(t for t in chain.EVIDENCE_TABLES if t != "withdrawals"))
        withdraw(store, actor, "home_visits", visit.id, "Visit was to the wrong address")
    assert [str(f) for f in run_verify(store).findings] == [
        "withdrawals row 1: added outside the app (no seal in the audit chain)"
    ]
    data_dir = store.data_dir
    store.dispose()
    reopened = open_store(data_dir)  # this version: withdrawals are evidence, and join the chain
    try:
        assert run_verify(reopened).ok
        with reopened.session() as session:
            [joined] = session.scalars(select(AuditEntry).where(AuditEntry.action == chain.CHAIN_EXTEND)).all()
        assert joined.entity_id == "withdrawals" and joined.after == {"rows": 1}
        with reopened.transaction() as session:
            assert chain.seal_joining_tables(session) == []  # once only: a later row added from outside stays caught
    finally:
        reopened.dispose()


def test_a_row_sealed_before_a_column_was_added_still_matches_its_seal() -> None:
    from attendance_desk.store.digests import LATE_COLUMNS, digest, row_hash
    from attendance_desk.store.models import Base

    for name, columns in LATE_COLUMNS.items():
        table = Base.metadata.tables[name]
        row = {c.key: None for c in table.columns} | {"id": 7}
        as_sealed_before = digest({k: v for k, v in row.items() if k not in columns})  # the older version's hash
        assert row_hash(table, row) == as_sealed_before
        for column in columns:
            assert row_hash(table, row | {column: 3}) != as_sealed_before  # set from outside: still a change
