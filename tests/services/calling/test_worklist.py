"""The morning worklist: who is on it, in which order, why, and what a report explains."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import insert, select

from attendance_desk.services.calling import calls as calling
from attendance_desk.services.calling import reports as calling_reports
from attendance_desk.services.calling.reports import ReportInput
from attendance_desk.services.calling.worklist import build_worklist
from attendance_desk.store.engine import Store
from attendance_desk.store.models import CodeDecision, Communication
from attendance_desk.store.models.casework import CaseStageChange
from tests.helpers.accounts import everyone
from tests.helpers.calling_seed import add_contact, add_marks, add_pupil, add_staff, weekdays

DAY = date(2026, 9, 16)  # a Wednesday
BEFORE = weekdays(date(2026, 9, 7), date(2026, 9, 15))


@pytest.fixture
def planted(store: Store) -> dict[str, int]:
    """Ten pupils, each planted for one rule of the worklist."""
    ids = {
        "ada": add_pupil(store, 1, "Ada", "Present"),
        "ben": add_pupil(store, 2, "Ben", "Plain"),
        "cara": add_pupil(store, 3, "Cara", "Worker", social_worker_name="J. Social"),
        "dan": add_pupil(store, 4, "Dan", "Long"),
        "eve": add_pupil(store, 5, "Eve", "Needs", ehcp=True),
        "finn": add_pupil(store, 6, "Finn", "Reported"),
        "gus": add_pupil(store, 7, "Gus", "Nomark"),
        "hana": add_pupil(store, 8, "Hana", "Staged"),
        "ian": add_pupil(store, 9, "Ian", "Left", leaving_date=date(2026, 9, 11)),
        "jo": add_pupil(store, 10, "Jo", "Reached"),
    }
    ids["staff"] = add_staff(store)
    dan_absent = {date(2026, 9, 11), date(2026, 9, 14), date(2026, 9, 15)}

    def before(pid: int, day: date, session: str) -> str:
        if pid == ids["dan"] and day in dan_absent:
            return "N" if day.weekday() else "O"
        return "/" if session == "AM" else "\\"

    add_marks(store, [v for k, v in ids.items() if k != "staff"], BEFORE, before)
    today = {ids["ada"]: "/", ids["ian"]: "N"} | {
        ids[k]: "N" for k in ("ben", "cara", "dan", "eve", "finn", "hana", "jo")
    }
    add_marks(store, list(today), [DAY], lambda pid, _d, s: today[pid] if s == "AM" else None)
    with store.engine.begin() as connection:
        connection.execute(
            insert(CaseStageChange).values(
                pupil_id=ids["hana"],
                stage_key="stage2",
                stage_name="Stage 2: attendance meeting",
                changed_on=date(2026, 9, 8),
                reason="Broken weeks",
            )
        )
    for key in ("ben", "cara", "dan", "eve", "finn", "gus", "hana", "jo"):
        ids[f"{key}_contact"] = add_contact(store, ids[key], "Parent", key.title())
    calling_reports.record_report(
        store,
        ids["staff"],
        ReportInput(
            pupil_id=ids["finn"],
            first_date=DAY,
            reason="Dentist at 10",
            proposed_code="M",
            reported_by="Mr Reported",
            reporter_relationship="Father",
            method="phone",
        ),
    )
    calling.log_attempt(
        store, ids["staff"], pupil_id=ids["jo"], contact_id=ids["jo_contact"], outcome="answered", absence_date=DAY
    )
    return ids


def test_the_worklist_order_for_a_planted_set_of_pupils(store: Store, planted: dict[str, int]) -> None:
    worklist = build_worklist(store, everyone(store), DAY, "AM")
    assert worklist.register_taken
    assert [e.name for e in worklist.entries] == [
        "Cara Worker",  # social worker
        "Eve Needs",  # EHCP
        "Hana Staged",  # in a formal stage
        "Dan Long",  # 4 school days in a row (Friday, Monday, Tuesday and today)
        "Gus Nomark",  # no mark yet (ties with Ben; surname order)
        "Ben Plain",
        "Jo Reached",  # the family answered this morning
    ]
    reasons = {e.name: e.reasons for e in worklist.entries}
    assert reasons["Cara Worker"] == ("social worker", "no contact yet today")
    assert reasons["Dan Long"] == ("4 consecutive days absent", "no contact yet today")
    assert reasons["Hana Staged"] == ("formal stage: Stage 2: attendance meeting", "no contact yet today")
    assert reasons["Jo Reached"] == ()
    assert {e.name: e.mark for e in worklist.entries}["Gus Nomark"] == ""
    assert [(e.name, e.proposed_code, e.report_kind) for e in worklist.explained] == [
        ("Finn Reported", "M", "reported")
    ]


def test_attempts_without_an_answer_keep_the_pupil_up_and_say_so(store: Store, planted: dict[str, int]) -> None:
    for _ in range(2):
        calling.log_attempt(
            store,
            planted["staff"],
            pupil_id=planted["ben"],
            contact_id=planted["ben_contact"],
            outcome="no_answer",
            absence_date=DAY,
        )
    ben = next(e for e in build_worklist(store, everyone(store), DAY).entries if e.name == "Ben Plain")
    assert ben.reasons == ("not reached (2 attempts today)",) and ben.attempts_today == 2


def test_before_the_register_is_in_nobody_is_listed_as_unmarked(store: Store, planted: dict[str, int]) -> None:
    worklist = build_worklist(store, everyone(store), DAY, "PM")
    assert not worklist.register_taken and worklist.entries == []
    with pytest.raises(ValueError, match="AM or PM"):
        build_worklist(store, everyone(store), DAY, "EVE")


def test_reported_absences_explain_n_marks_and_propose_their_code(store: Store) -> None:
    staff = add_staff(store)
    pupil = add_pupil(store, 11, "Priya", "Shah")
    other = add_pupil(store, 12, "Olly", "Shah")
    first, last = date(2026, 9, 14), date(2026, 9, 16)
    # Entered in advance: an agreed absence from Monday afternoon to Wednesday morning, before any marks exist.
    report = calling_reports.record_report(
        store,
        staff,
        ReportInput(
            pupil_id=pupil,
            kind="planned",
            first_date=first,
            first_session="PM",
            last_date=last,
            last_session="AM",
            reason="Grandparent's funeral",
            proposed_code="C",
            reported_by="Mrs Shah",
            reporter_relationship="Mother",
            method="email",
        ),
    )
    assert report.decisions == ()  # no N marks yet
    add_marks(store, [pupil, other], weekdays(first, last), lambda _p, _d, _s: "N")
    for day in weekdays(first, last):
        calling_reports.propose_codes_for_date(store, staff, day)
    calling_reports.propose_codes_for_date(store, staff, last)  # running again adds nothing
    with store.session() as session:
        decisions = session.execute(
            select(
                CodeDecision.pupil_id,
                CodeDecision.date,
                CodeDecision.session,
                CodeDecision.mis_code,
                CodeDecision.new_code,
            ).order_by(CodeDecision.date, CodeDecision.session)
        ).all()
        comm = session.scalars(select(Communication).where(Communication.pupil_id == pupil)).one()
    assert decisions == [
        (pupil, first, "PM", "N", "C"),
        (pupil, date(2026, 9, 15), "AM", "N", "C"),
        (pupil, date(2026, 9, 15), "PM", "N", "C"),
        (pupil, last, "AM", "N", "C"),
    ]
    assert (comm.method, comm.direction) == ("report", "in")
    am = build_worklist(store, everyone(store), last, "AM")
    assert [e.name for e in am.explained] == ["Priya Shah"] and [e.name for e in am.entries] == ["Olly Shah"]
    pm = build_worklist(store, everyone(store), last, "PM")  # outside the report: back on the list
    assert sorted(e.name for e in pm.entries) == ["Olly Shah", "Priya Shah"]
    calling_reports.withdraw_report(store, staff, report.id, "Entered against the wrong child")
    assert [e.name for e in build_worklist(store, everyone(store), last, "AM").entries] == ["Olly Shah", "Priya Shah"]
    with store.session() as session:
        statuses = set(session.scalars(select(CodeDecision.status)))
    assert statuses == {"withdrawn"}


def test_a_report_must_be_complete_and_sensible(store: Store) -> None:
    staff = add_staff(store)
    pupil = add_pupil(store, 13, "Zac", "Young")
    base = {"pupil_id": pupil, "first_date": DAY, "reason": "Ill", "proposed_code": "I"}
    for changes, message in (
        ({"reason": " "}, "reason"),
        ({"last_date": date(2026, 9, 15)}, "before it starts"),
        ({"proposed_code": "/"}, "cannot explain"),
        ({"method": "pigeon"}, "unknown way"),
        ({"expected_return": date(2026, 9, 1)}, "expected return"),
    ):
        with pytest.raises(ValueError, match=message):
            calling_reports.record_report(store, staff, ReportInput(**(base | changes)))  # type: ignore[arg-type]
    assert calling_reports.reports_for_pupil(store, pupil) == []
