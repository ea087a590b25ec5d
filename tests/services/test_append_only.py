"""Every evidence row is append-only: the database refuses changes from outside the app, a correction through the
app keeps the old row (a new one points at it, or the old version is kept whole), reads show the newest, and a
change made from outside before the app's own change is still caught. Both back ends.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from attendance_desk.services.calling import calls as calling
from attendance_desk.services.calling.concerns import dsl_list, review_concern
from attendance_desk.services.chronology import pupil_chronology
from attendance_desk.services.evidence import correct_communication, current_communication
from attendance_desk.services.recent_contact import recent_contact
from attendance_desk.services.verify import run_verify
from attendance_desk.store.append_only import APPEND_ONLY_TABLES, GUARDED_TABLES, VERSIONED_TABLES, missing_guards
from attendance_desk.store.chain import EVIDENCE_TABLES
from attendance_desk.store.digests import digest
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Communication, EvidenceRowVersion, SafeguardingConcern, Staff
from tests.helpers.accounts import everyone
from tests.helpers.evidence_school import build_evidence_school


@pytest.fixture
def school(store: Store) -> tuple[Store, dict[str, int]]:
    return store, build_evidence_school(store)


def _first_key(store: Store, table: str) -> str | None:
    with store.engine.connect() as connection:
        column = "staff_id" if table == "staff_roles" else ("document_id" if table.endswith("_contents") else "id")
        value = connection.execute(text(f"SELECT min({column}) FROM {table}")).scalar()
    return None if value is None else f"{column} = {value}"


def _refused(store: Store, statement: str) -> str:
    """Run ``statement`` as any database tool would (straight SQL); return the database's refusal."""
    with pytest.raises(DBAPIError) as refusal, store.engine.begin() as connection:
        connection.execute(text(statement))
    return str(refusal.value.orig)


def test_the_lists_cover_every_evidence_table() -> None:
    assert set(EVIDENCE_TABLES) <= set(APPEND_ONLY_TABLES) | set(VERSIONED_TABLES)
    assert not set(APPEND_ONLY_TABLES) & set(VERSIONED_TABLES)
    assert {"withdrawals", "evidence_row_versions", "communications", "letters", "audit_log"} <= set(APPEND_ONLY_TABLES)


def test_every_evidence_table_refuses_raw_updates_and_deletes(school: tuple[Store, dict[str, int]]) -> None:
    store, _ = school
    checked = []
    for table in GUARDED_TABLES:
        where = _first_key(store, table)
        if where is None:
            assert table == "archived_document_contents" and store.engine.dialect.name == "sqlite"
            continue  # PDF bytes live in the database only on the school's server
        if table in APPEND_ONLY_TABLES:
            column = where.split(" = ")[0]
            assert "append-only" in _refused(store, f"UPDATE {table} SET {column} = {column} WHERE {where}")
        assert "append-only" in _refused(store, f"DELETE FROM {table} WHERE {where}") or "never deleted" in _refused(
            store, f"DELETE FROM {table} WHERE {where}"
        )
        checked.append(table)
    assert len(checked) >= len(GUARDED_TABLES) - 1
    with store.engine.connect() as connection:
        assert missing_guards(connection, GUARDED_TABLES) == {}
    assert run_verify(store).ok  # nothing got through


def test_a_school_used_through_the_app_keeps_every_version_and_verifies_clean(
    school: tuple[Store, dict[str, int]],
) -> None:
    store, ids = school
    result = run_verify(store)
    assert result.ok, result.findings
    with store.session() as session:
        versions = session.scalars(select(EvidenceRowVersion).order_by(EvidenceRowVersion.id)).all()
        concern = session.get(SafeguardingConcern, ids["concern"])
        assert concern is not None and concern.reviewed_at is not None
    kept = {(v.table_name, v.row_key): v for v in versions}
    # The concern as it stood before the review: open, with no review note; kept by the DSL who reviewed it.
    before_review = kept[("safeguarding_concerns", str(ids["concern"]))]
    assert before_review.content["reviewed_at"] is None and before_review.content["review_note"] == ""
    assert before_review.replaced_by == ids["actor"] and before_review.action == "update"
    assert before_review.row_hash == digest(before_review.content)
    # A contract changed three times keeps three versions, each pointing at the one before.
    contract = [v for v in versions if v.table_name == "attendance_contracts"]
    assert [v.version for v in contract] == [1, 2, 3]
    assert [v.previous_id for v in contract] == [None, contract[0].id, contract[1].id]
    # A role taken away keeps its grant as its last version.
    assert any(v.table_name == "staff_roles" and v.action == "delete" for v in versions)
    assert {v.table_name for v in versions} >= {"absence_reports", "penalty_notices", "code_decisions"}


def test_a_staff_members_old_password_hash_is_kept_only_as_its_digest(school: tuple[Store, dict[str, int]]) -> None:
    store, ids = school
    from attendance_desk.services.accounts import set_password

    set_password(store, ids["actor"], ids["actor"], "a long enough passphrase 1")
    set_password(store, ids["actor"], ids["actor"], "a long enough passphrase 2")
    with store.session() as session:
        staff = session.get(Staff, ids["actor"])
        assert staff is not None
        kept = session.scalars(
            select(EvidenceRowVersion).where(
                EvidenceRowVersion.table_name == "staff", EvidenceRowVersion.row_key == str(ids["actor"])
            )
        ).all()
    assert len(kept) == 2
    assert all(v.content["password_hash"].startswith("sha256:") for v in kept[1:])
    assert staff.password_hash not in str([v.content for v in kept])
    assert run_verify(store).ok


def test_a_corrected_call_answer_keeps_the_old_row_and_reads_show_the_newest(
    school: tuple[Store, dict[str, int]],
) -> None:
    store, ids = school
    record = calling.attempt_record(store, ids["call"])
    assert [(a.key, a.answer) for a in record.answers] == [("how_are_they", "Better")]
    with store.session() as session:
        rows = session.execute(text("SELECT id, answer, supersedes_id FROM call_prompt_answers ORDER BY id")).all()
    assert [(answer, supersedes) for _id, answer, supersedes in rows] == [("Unwell", None), ("Better", rows[0][0])]
    details = [e.detail for e in pupil_chronology(store, everyone(store), ids["pupil"]) if e.kind == "call"]
    assert any("Better" in d for d in details) and not any("Unwell" in d for d in details)


def test_a_corrected_communication_points_at_the_old_one_and_only_the_newest_is_shown(
    school: tuple[Store, dict[str, int]],
) -> None:
    store, ids = school
    with store.transaction() as session:
        first = session.scalars(select(Communication).order_by(Communication.id)).first()
        assert first is not None
        original_summary = first.summary
        second = correct_communication(session, first.id, summary="Meeting held in the library")
        third = correct_communication(session, first.id, summary="Meeting held in the hall")  # corrects the newest
        assert second is not None and third is not None and third.supersedes_id == second.id
    with store.session() as session:
        assert session.get(Communication, first.id).summary == original_summary  # type: ignore[union-attr]
        shown = session.scalars(select(Communication.summary).where(current_communication())).all()
    assert "Meeting held in the hall" in shown
    assert original_summary not in shown and "Meeting held in the library" not in shown
    events = recent_contact(store, everyone(store), ids["pupil"], limit=100).events
    assert "Meeting held in the hall" in [e.summary for e in events]
    assert run_verify(store).ok
    with pytest.raises(ValueError, match="no field 'pupil'"), store.transaction() as session:
        correct_communication(session, first.id, pupil=3)


def test_a_row_changed_from_outside_then_by_the_app_is_still_caught(school: tuple[Store, dict[str, int]]) -> None:
    store, ids = school
    with store.transaction() as session:  # a fresh concern, still open
        session.add(SafeguardingConcern(pupil_id=ids["pupil"], note="Bruise on the left arm, explained as a fall"))
    with store.session() as session:
        concern_id = session.scalar(select(func.max(SafeguardingConcern.id)))
    with store.engine.begin() as connection:  # the versioned tables allow UPDATE: someone rewrites the note
        connection.execute(
            text("UPDATE safeguarding_concerns SET note = 'Nothing to report' WHERE id = :id"), {"id": concern_id}
        )
    assert f"safeguarding_concerns row {concern_id}: changed outside the app" in [
        str(f) for f in run_verify(store).findings
    ]
    review_concern(store, ids["actor"], concern_id, "Seen; nothing further")  # the app's change would hide it
    found = [str(f) for f in run_verify(store).findings]
    assert found == [f"safeguarding_concerns row {concern_id}: was changed outside the app before version 1 was kept"]
    with store.session() as session:
        kept = session.scalars(
            select(EvidenceRowVersion.content).where(EvidenceRowVersion.row_key == str(concern_id))
        ).one()
    assert kept["note"] == "Nothing to report"  # what the app found is kept too, for whoever investigates
    assert concern_id not in [c.id for c in dsl_list(store, ids["actor"])]


def test_a_dropped_or_disabled_guard_is_reported(school: tuple[Store, dict[str, int]]) -> None:
    store, _ = school
    with store.engine.begin() as connection:
        if store.engine.dialect.name == "sqlite":
            connection.execute(text("DROP TRIGGER home_visits_no_update"))
        else:
            connection.execute(text("ALTER TABLE home_visits DISABLE TRIGGER USER"))
        connection.execute(text("UPDATE home_visits SET child_seen = NOT child_seen"))
    found = [str(f) for f in run_verify(store).findings]
    with store.engine.begin() as connection:  # put back (the server's test database outlives this test)
        if store.engine.dialect.name == "sqlite":
            connection.execute(
                text(
                    "CREATE TRIGGER home_visits_no_update BEFORE UPDATE ON home_visits "
                    "BEGIN SELECT RAISE(ABORT, 'home_visits is append-only'); END"
                )
            )
        else:
            connection.execute(text("ALTER TABLE home_visits ENABLE TRIGGER USER"))
    assert any(f.startswith("home_visits row -: the database no longer refuses changes here") for f in found), found
    assert "home_visits row 1: changed outside the app" in found
