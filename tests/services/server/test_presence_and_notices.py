"""Who is calling whom, change notices between PCs, and one import at a time (the lock says who holds it)."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest

from attendance_desk.domain.access import Role
from attendance_desk.services.server import presence
from attendance_desk.services.sync.importing import import_file
from attendance_desk.store.engine import Store
from attendance_desk.store.locks import ImportBusyError, hold_import_lock
from attendance_desk.store.models import DeskPresence, ImportBatch, utc_now
from attendance_desk.store.notify import ChangeListener, parse_notice
from attendance_desk.store.open import open_store
from tests.helpers.accounts import sign_in_cli
from tests.helpers.calling_seed import add_staff
from tests.helpers.casework_seed import seed_pupil

DATA = Path(__file__).parents[2] / "data" / "sync"


def test_presence_reads_as_a_sentence_for_the_others_only(store: Store) -> None:
    jo = add_staff(store, "Jo Bloggs")
    sam = add_staff(store, "Sam Okafor")
    pupil, (mother, father) = seed_pupil(store)
    presence.set_calling(store, jo, pupil, mother)
    presence.set_calling(store, sam, pupil, None)
    assert [line.text for line in presence.others_now(store, sam)] == ["Jo Bloggs is calling Zofia1’s mother"]
    assert [line.text for line in presence.others_now(store, jo)] == ["Sam Okafor is calling Zofia1’s family"]
    presence.set_calling(store, jo, pupil, father)  # replaces Jo's line, never adds a second
    assert [line.text for line in presence.others_now(store, sam)] == ["Jo Bloggs is calling Zofia1’s father"]
    presence.clear(store, jo)
    assert presence.others_now(store, sam) == []


def test_a_presence_line_left_by_a_crashed_pc_goes_stale(store: Store) -> None:
    jo = add_staff(store, "Jo Bloggs")
    pupil, (mother, _) = seed_pupil(store)
    with store.transaction() as session:
        session.add(
            DeskPresence(
                staff_id=jo,
                activity="calling",
                pupil_id=pupil,
                contact_id=mother,
                since=utc_now() - presence.STALE_AFTER,
            )
        )
    assert presence.others_now(store, None) == []


def _wait_for(listener: ChangeListener, table: str, seconds: float = 10.0) -> set[str]:
    """Collect notices until ``table`` arrives (the test's own deadline, not a timing assumption)."""
    seen: set[str] = set()
    deadline = time.monotonic() + seconds
    while table not in seen and time.monotonic() < deadline:
        seen |= listener.wait(timeout=0.5)
    return seen


@pytest.mark.postgresql_only
def test_another_pcs_call_and_presence_arrive_as_notices_and_our_own_do_not(
    store: Store, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    jo = add_staff(store, "Jo Bloggs")
    pupil, (mother, _) = seed_pupil(store)
    listener = ChangeListener(store.engine)
    try:
        assert listener.wait(timeout=0.2) == set()  # connects and listens
        presence.set_calling(store, jo, pupil, mother)  # this process wrote it: not news to this PC
        assert listener.wait(timeout=0.5) == set()
        # Another PC: another application name on its connections.
        import attendance_desk.store.engine as engine_module

        monkeypatch.setattr(engine_module, "INSTANCE_NAME", "Attendance Desk other-pc")
        other = open_store(data_dir)
        try:
            presence.set_calling(other, jo, pupil, mother)
            assert "desk_presence" in _wait_for(listener, "desk_presence")
            from attendance_desk.services.calling.calls import log_attempt

            log_attempt(
                other, jo, pupil_id=pupil, contact_id=mother, outcome="no_answer", absence_date=date(2025, 9, 22)
            )
            assert {"call_attempts", "communications"} <= _wait_for(listener, "call_attempts")
        finally:
            other.dispose()
    finally:
        listener.close()


def test_notice_payloads_name_the_table_and_the_writer() -> None:
    assert parse_notice("call_attempts Attendance Desk 0123abcd") == ("call_attempts", "Attendance Desk 0123abcd")


@pytest.mark.postgresql_only
def test_a_second_import_is_refused_naming_who_is_importing(store: Store, data_dir: Path) -> None:
    jo = add_staff(store, "Jo Bloggs")
    sam = add_staff(store, "Sam Okafor")
    other = open_store(data_dir)
    try:
        with other.transaction() as session:
            hold_import_lock(session, jo)  # Jo's import is under way on another PC
            with pytest.raises(ImportBusyError, match=r"^Jo Bloggs is importing a file \(since \d\d:\d\d\)\."):
                import_file(store, "pupils", DATA / "pupils_sims_cp1252.csv", sam)
        with store.session() as session:
            assert session.query(ImportBatch).count() == 0, "the refused import wrote nothing"
        assert import_file(store, "pupils", DATA / "pupils_sims_cp1252.csv", sam).status == "imported"
    finally:
        other.dispose()


@pytest.mark.sqlite_only
def test_on_one_pc_the_import_lock_costs_nothing(store: Store) -> None:
    with store.transaction() as session:
        hold_import_lock(session, None)


@pytest.mark.postgresql_only
def test_a_backup_from_one_pc_of_the_server_is_refused_with_where_backups_are_made(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from attendance_desk.cli import main

    sign_in_cli(monkeypatch, store.data_dir, Role.ADMIN)
    assert main(["--data-dir", str(store.data_dir), "backup", "-o", str(tmp_path / "school.zip")]) == 1
    error = capsys.readouterr().err
    assert "works on the school's server" in error and "pg_dump" in error and "Nothing was written" in error
    assert not (tmp_path / "school.zip").exists()
