"""Reports, calls, visits, concerns and tasks land in the pupil's chronology."""

from __future__ import annotations

from datetime import UTC, date, datetime

from attendance_desk.services.calling import calls as calling
from attendance_desk.services.calling import followups
from attendance_desk.services.calling import reports as calling_reports
from attendance_desk.services.calling import visits as calling_visits
from attendance_desk.services.calling.reports import ReportInput
from attendance_desk.services.chronology import pupil_chronology
from attendance_desk.store.engine import Store
from tests.helpers.accounts import everyone
from tests.helpers.calling_seed import add_contact, add_marks, add_pupil, add_staff

DAY = date(2026, 9, 16)


def test_everything_the_desk_records_is_in_the_chronology(store: Store) -> None:
    staff = add_staff(store, "Pat Office")
    pupil = add_pupil(store, 1, "Ruby", "Reid")
    mum = add_contact(store, pupil, "Lena", "Reid", mobile="07700 900101")
    add_marks(store, [pupil], [DAY], lambda *_: "N")
    calling_reports.record_report(
        store,
        staff,
        ReportInput(
            pupil_id=pupil,
            first_date=date(2026, 9, 14),
            reason="Hospital appointment",
            proposed_code="M",
            reported_by="Lena Reid",
            reporter_relationship="Mother",
            reported_at=datetime(2026, 9, 11, 15, tzinfo=UTC),
        ),
    )
    calling.log_attempt(
        store,
        staff,
        pupil_id=pupil,
        contact_id=mum,
        outcome="voicemail",
        absence_date=DAY,
        at=datetime(2026, 9, 16, 8, 50, tzinfo=UTC),
        answers=[calling.PromptAnswer("k", "Any worries?", "None mentioned")],
        concern="Sounded very distressed",
    )
    calling_visits.record_visit(
        store,
        staff,
        calling_visits.VisitInput(
            pupil_id=pupil, visited_at=datetime(2026, 9, 16, 13, 0, tzinfo=UTC), outcome="no_answer", child_seen=False
        ),
    )
    task = followups.add_task(store, staff, title="Ring again after lunch", due_on=DAY, pupil_id=pupil)
    followups.complete_task(store, staff, task, "Spoke to Lena")

    entries = pupil_chronology(store, everyone(store), pupil)
    kinds = [e.kind for e in entries]
    for kind in ("absence_report", "call", "concern", "home_visit", "task", "task_done"):
        assert kind in kinds, kind
    report = next(e for e in entries if e.kind == "absence_report")
    assert report.title == "Absence reported by Lena Reid (Mother)" and "Proposed code M" in report.detail
    call = next(e for e in entries if e.kind == "call")
    assert call.title == "Call to Lena Reid on 07700 900101: voicemail left" and call.staff == "Pat Office"
    assert "Any worries? None mentioned" in call.detail
    assert entries.index(report) < entries.index(call)  # oldest first
    only_visit_day = pupil_chronology(store, everyone(store), pupil, date(2026, 9, 11), date(2026, 9, 11))
    assert [e.kind for e in only_visit_day] == ["absence_report"]
