"""Two PCs at once, on both back ends: calls logged side by side, the same contract and settings edited twice."""

from __future__ import annotations

import multiprocessing
import os
import queue
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from attendance_desk.domain.access import Role
from attendance_desk.domain.casework import records as rec
from attendance_desk.domain.casework.periods import ContractNextStep, ContractStatus
from attendance_desk.services import school as school_service
from attendance_desk.services.casework import contracts as casework_contracts
from attendance_desk.store.connection import DATABASE_URL_ENV
from attendance_desk.store.engine import Store
from attendance_desk.store.models import AttendanceContract, CallAttempt, Staff, StaffRoleGrant
from attendance_desk.store.open import open_store
from attendance_desk.store.versioning import EditConflictError
from tests.helpers.accounts import everyone
from tests.helpers.casework_seed import add_marks, poor_attendance, seed_pupil, seed_school, weekdays
from tests.helpers.two_pcs import log_calls


def _second_pc(data_dir: Path) -> Store:
    """Another engine on the same database (another PC): nothing shared with the first store but the data."""
    return open_store(data_dir)


def _add_staff(store: Store, name: str) -> int:
    with store.transaction() as session:
        member = Staff(name=name, role="attendance_lead")
        session.add(member)
        session.flush()
        return member.id


def _contract(store: Store, staff: int, pupil: int) -> int:
    parents = casework_contracts.parents_for(store, everyone(store), pupil)[:1]
    parents[0].attended = True
    draft = rec.ContractDraft(date(2025, 9, 19), ContractStatus.AGREED, parents, review_weeks=3, barriers="Mornings")
    return casework_contracts.record_contract(store, staff, pupil, draft).id


def _review(day: date) -> rec.ContractReviewDraft:
    return rec.ContractReviewDraft(day, ContractNextStep.RE_REVIEW, next_review_date=date(2025, 12, 1))


def test_two_pcs_reviewing_one_contract_the_second_is_refused_with_who_and_when(store: Store, data_dir: Path) -> None:
    jo = seed_school(store)
    sam = _add_staff(store, "Sam Okafor")
    pupil, _ = seed_pupil(store)
    add_marks(store, pupil, weekdays(date(2025, 9, 1), date(2025, 10, 24)), poor_attendance)
    contract_id = _contract(store, jo, pupil)
    other = _second_pc(data_dir)
    try:
        on_jos_screen = casework_contracts.get_contract(store, everyone(store), contract_id)
        on_sams_screen = casework_contracts.get_contract(other, everyone(other), contract_id)
        assert on_jos_screen.version == on_sams_screen.version
        casework_contracts.review_contract(
            store, jo, contract_id, _review(date(2025, 10, 10)), expected_version=on_jos_screen.version
        )
        with pytest.raises(EditConflictError, match=r"changed by Dana Whitfield at \d\d:\d\d while you were editing"):
            casework_contracts.review_contract(
                other, sam, contract_id, _review(date(2025, 10, 13)), expected_version=on_sams_screen.version
            )
        assert len(casework_contracts.get_contract(other, everyone(other), contract_id).reviews) == 1, (
            "nothing of Sam's was kept"
        )
        reloaded = casework_contracts.get_contract(other, everyone(other), contract_id)
        saved = casework_contracts.review_contract(
            other, sam, contract_id, _review(date(2025, 10, 13)), expected_version=reloaded.version
        )
        assert [r.review_date for r in saved.reviews] == [date(2025, 10, 10), date(2025, 10, 13)]
        with other.session() as session:
            assert session.get(AttendanceContract, contract_id).changed_by == sam  # type: ignore[union-attr]
    finally:
        other.dispose()


@pytest.mark.postgresql_only
def test_a_save_that_loses_the_race_between_reading_and_writing_is_refused(store: Store, data_dir: Path) -> None:
    jo = seed_school(store)
    pupil, _ = seed_pupil(store)
    contract_id = _contract(store, jo, pupil)
    version = casework_contracts.get_contract(store, everyone(store), contract_id).version
    other = _second_pc(data_dir)
    try:
        with pytest.raises(EditConflictError, match="at the same moment"), other.transaction() as session:
            row = session.get(AttendanceContract, contract_id)
            assert row is not None
            row.barriers = "Sam's wording"  # read version 1 and changed it in memory ...
            casework_contracts.review_contract(store, jo, contract_id, _review(date(2025, 10, 10)))  # ... Jo commits
            session.flush()  # UPDATE … WHERE version = 1 finds no row
        with store.session() as session:
            kept = session.get(AttendanceContract, contract_id)
            assert kept is not None and kept.barriers == "Mornings" and kept.version == version + 1
    finally:
        other.dispose()


def test_settings_saved_on_two_pcs_the_older_form_is_refused(store: Store, data_dir: Path) -> None:
    jo = seed_school(store)
    sam = _add_staff(store, "Sam Okafor")
    with store.transaction() as session:  # school settings are the administrator's to change
        session.add_all(StaffRoleGrant(staff_id=member, role=Role.ADMIN.value) for member in (jo, sam))
    other = _second_pc(data_dir)
    try:
        jos_form, jos_version = school_service.load_school_for_editing(store)
        sams_form, sams_version = school_service.load_school_for_editing(other)
        school_service.save_school(store, jo, jos_form.__class__(**{**_fields(jos_form), "phone": "01234 000001"}),
                                   expected_version=jos_version)  # fmt: skip
        with pytest.raises(EditConflictError, match=r"The school's settings were changed by Dana Whitfield at"):
            school_service.save_school(
                other, sam, sams_form.__class__(**{**_fields(sams_form), "phone": "01234 000002"}), sams_version
            )
        assert school_service.load_school(other).phone == "01234 000001"
    finally:
        other.dispose()


def _fields(details: object) -> dict[str, object]:
    from dataclasses import asdict

    return asdict(details)  # type: ignore[call-overload]


def test_two_processes_logging_calls_at_once_keep_every_call(store: Store, data_dir: Path) -> None:
    jo = seed_school(store)
    sam = _add_staff(store, "Sam Okafor")
    pupils = [seed_pupil(store, serial) for serial in range(1, 7)]
    jo_calls = [(pupil, contacts[0]) for pupil, contacts in pupils[:3]] * 5
    sam_calls = [(pupil, contacts[1]) for pupil, contacts in pupils[3:]] * 5
    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(2), context.Queue()
    url = os.environ.get(DATABASE_URL_ENV)
    workers = [
        context.Process(target=log_calls, args=(str(data_dir), url, who, calls, start, results))
        for who, calls in ((jo, jo_calls), (sam, sam_calls))
    ]
    for worker in workers:
        worker.start()
    outcomes = {}
    try:
        for _ in workers:
            who, ids = results.get(timeout=120)
            outcomes[who] = ids
    except queue.Empty:
        pytest.fail("a PC did not finish logging its calls")
    finally:
        for worker in workers:
            worker.join(timeout=30)
    assert all(isinstance(ids, list) for ids in outcomes.values()), outcomes
    with store.session() as session:
        by_staff = dict(
            session.execute(select(CallAttempt.staff_id, func.count()).group_by(CallAttempt.staff_id)).all()
        )
    assert by_staff == {jo: len(jo_calls), sam: len(sam_calls)}
    assert len(set(outcomes[jo]) | set(outcomes[sam])) == len(jo_calls) + len(sam_calls)
