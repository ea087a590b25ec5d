"""A record withdrawn as a mistake never vanishes and never looks current: the pupil's chronology marks it
withdrawn (with who, when and why) and lists the withdrawal; the communication-log export says so on its row."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from attendance_desk.domain.calling.rules import CallOutcome
from attendance_desk.services import staff as staff_service
from attendance_desk.services.calling import calls as calling
from attendance_desk.services.calling.visits import VisitInput, record_visit
from attendance_desk.services.casework import printing as casework_print
from attendance_desk.services.chronology import pupil_chronology
from attendance_desk.services.sync.exports import export_communications
from attendance_desk.services.withdrawals import withdraw
from attendance_desk.store.engine import Store
from attendance_desk.store.models import CaseStageChange, NoticeToImprove
from tests.helpers import calling_seed as seed
from tests.helpers.casework_seed import build_case

DAY = date(2026, 9, 16)
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def absent(store: Store) -> dict[str, int]:
    lead = staff_service.add_staff(store, None, name="Lee Lead", role="attendance_lead")
    pupil = seed.add_pupil(store, 1, "Ben", "Birch")
    mum = seed.add_contact(store, pupil, "Bea", "Birch", mobile="07700 900201")
    seed.add_marks(store, [pupil], [DAY], lambda *_: "N")
    return {"lead": lead.id, "pupil": pupil, "mum": mum}


def _call(store: Store, ids: dict[str, int], outcome: CallOutcome) -> int:
    return calling.log_attempt(
        store,
        ids["lead"],
        pupil_id=ids["pupil"],
        contact_id=ids["mum"],
        outcome=outcome,
        absence_date=DAY,
        session="AM",
        phone_number="07700 900201",
    ).id


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_a_withdrawn_call_and_visit_are_marked_in_the_chronology_and_the_export(
    store: Store, absent: dict[str, int]
) -> None:
    wrong = _call(store, absent, CallOutcome.ANSWERED)
    right = _call(store, absent, CallOutcome.NO_ANSWER)
    visit = record_visit(
        store,
        absent["lead"],
        VisitInput(absent["pupil"], datetime(2026, 9, 16, 14, 0, tzinfo=LONDON), "seen_safe", True),
    )
    withdraw(store, absent["lead"], "call_attempts", wrong, "Logged against the wrong pupil")
    withdraw(store, absent["lead"], "home_visits", visit.id, "Visit was to the neighbour")

    entries = pupil_chronology(store, absent["lead"], absent["pupil"])
    by_source = {e.source: e for e in entries}
    call, kept = by_source[f"call_attempts:{wrong}"], by_source[f"call_attempts:{right}"]
    assert call.title.endswith("(withdrawn)") and "withdrawn" in call.tags
    assert call.detail.splitlines()[-1].startswith("Withdrawn on ")
    assert call.detail.endswith("by Lee Lead: Logged against the wrong pupil"), "what was recorded, then the withdrawal"
    assert "withdrawn" not in kept.title and "withdrawn" not in kept.tags, "a call that stands looks as it did"
    assert by_source[f"home_visits:{visit.id}"].title.endswith("(withdrawn)")
    withdrawals = [e for e in entries if e.kind == "withdrawal"]
    assert sorted(e.title for e in withdrawals) == [
        "Call withdrawn (recorded by mistake)",
        "Home visit withdrawn (recorded by mistake)",
    ]
    assert {e.staff for e in withdrawals} == {"Lee Lead"}
    assert casework_print.kind_label("withdrawal") == "Withdrawal"

    data, count = export_communications(store, absent["lead"])
    rows = _csv_rows(data)
    assert count == len(rows) == 3, "withdrawn records stay in the log"
    withdrawn = [r for r in rows if r["Withdrawn"]]
    assert len(withdrawn) == 2
    assert all(r["Summary"].startswith("WITHDRAWN: ") for r in withdrawn)
    assert {r["Withdrawn"].split(": ", 1)[1] for r in withdrawn} == {
        "Logged against the wrong pupil",
        "Visit was to the neighbour",
    }
    assert all("by Lee Lead" in r["Withdrawn"] for r in withdrawn)
    standing = next(r for r in rows if not r["Withdrawn"])
    assert not standing["Summary"].startswith("WITHDRAWN")


def test_a_withdrawn_stage_change_and_notice_stay_in_the_chronology_marked(store: Store) -> None:
    case = build_case(store)
    with store.session() as session:
        change_id = session.scalars(
            select(CaseStageChange.id).where(CaseStageChange.pupil_id == case["pupil"]).order_by(CaseStageChange.id)
        ).all()[-1]
        notice_communication = session.get(NoticeToImprove, case["notice"]).communication_id  # type: ignore[union-attr]
    withdraw(store, case["staff"], "case_stage_changes", change_id, "Moved the wrong sibling")
    withdraw(store, case["staff"], "notices_to_improve", case["notice"], "Issued before the review was held")
    entries = pupil_chronology(store, case["staff"], case["pupil"])
    stage = next(e for e in entries if e.source == f"case_stage_changes:{change_id}")
    assert stage.title.endswith("(withdrawn)") and "Moved the wrong sibling" in stage.detail
    notices = [e for e in entries if e.source == f"notices_to_improve:{case['notice']}"]
    assert notices and all(e.title.endswith("(withdrawn)") for e in notices)
    assert "Issued before the review was held" in notices[0].detail
    earlier = [e for e in entries if e.kind == "stage" and e.source != f"case_stage_changes:{change_id}"]
    assert earlier and not any("withdrawn" in e.tags for e in earlier)
    assert notice_communication is not None
    rows = _csv_rows(export_communications(store, case["staff"])[0])
    assert any("Issued before the review was held" in r["Withdrawn"] for r in rows)
    # The chronology PDF shows it too.
    chronology = casework_print.chronology_for(store, case["staff"], case["pupil"])
    pdf = casework_print.chronology_pdf(store, case["staff"], chronology)
    text = " ".join(" ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Notice to Improve issued (withdrawn)" in text
    assert "Notice to improve withdrawn (recorded by mistake)" in text


def test_a_withdrawn_call_whose_log_row_was_corrected_is_still_marked_in_the_export(
    store: Store, absent: dict[str, int]
) -> None:
    """Log rows are corrected by a new row superseding the old (append-only evidence); the withdrawal follows."""
    from attendance_desk.services.evidence import correct_communication
    from attendance_desk.store.models import CallAttempt

    call = _call(store, absent, CallOutcome.ANSWERED)
    with store.transaction() as session:
        row = session.get(CallAttempt, call)
        assert row is not None
        assert correct_communication(session, row.communication_id, outcome="Answered (corrected)") is not None
    withdraw(store, absent["lead"], "call_attempts", call, "Logged against the wrong pupil")
    rows = _csv_rows(export_communications(store, absent["lead"])[0])
    assert [(r["Outcome"], r["Withdrawn"].endswith("Logged against the wrong pupil")) for r in rows] == [
        ("Answered (corrected)", True)
    ]
