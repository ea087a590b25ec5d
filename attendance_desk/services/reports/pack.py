"""The termly pack: everything the targeting meeting, governors and inspectors ask for, in one PDF.

The governors' version is assembled without pupil names or UPNs (counts by group and year instead), and leaves out
any group of fewer than five pupils, which could point to a child.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from attendance_desk.documents.reports.pack import PackData, TableData, render_pack
from attendance_desk.domain.calendar import DateRange
from attendance_desk.domain.london import LONDON
from attendance_desk.domain.reports.bands import band_label
from attendance_desk.domain.reports.returns import ReturnKind
from attendance_desk.domain.vocabulary import DocumentKind
from attendance_desk.services.archive import archive_transaction
from attendance_desk.services.letters.data import letterhead_for, settings_of
from attendance_desk.services.pupils import BAND_LABELS
from attendance_desk.services.reports.analysis import cohorts_list, target_status
from attendance_desk.services.reports.lists import ReportList, bands_list, threshold_list
from attendance_desk.services.reports.return_records import SEND_METHODS, sent_in
from attendance_desk.services.reports.returns import returns_list
from attendance_desk.store.engine import Store
from attendance_desk.store.models import (
    AttendanceContract,
    AttendanceMeeting,
    LaReturn,
    Letter,
    MedicalActionPlan,
    NoticeToImprove,
    PenaltyNotice,
    Pupil,
)

SMALL_GROUP = 5
KIND_WORDS = {ReturnKind.CONTINUOUS.value: "Attendance (10 days)", ReturnKind.SICKNESS.value: "Sickness (15 days)"}


def _pct(value: object) -> str:
    return "–" if value is None else f"{float(value):.2f}%"  # type: ignore[arg-type]


def _gap(value: object) -> str:
    return "–" if value is None else f"{float(value):+.2f}"  # type: ignore[arg-type]


def _d(text: object) -> str:
    return "" if not text else date.fromisoformat(str(text)).strftime("%d/%m/%Y")


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _months(period: DateRange) -> list[tuple[int, int]]:
    out, (year, month) = [], (period.start.year, period.start.month)
    while (year, month) <= (period.end.year, period.end.month):
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _by_month(days: list[date]) -> Counter[tuple[int, int]]:
    return Counter((d.year, d.month) for d in days)


def casework_by_month(session: Session, period: DateRange) -> TableData:
    def dates(column: Any) -> list[date]:
        query = select(column).where(column >= period.start, column <= period.end)
        return list(session.scalars(query))

    start = datetime.combine(period.start, datetime.min.time(), tzinfo=LONDON)
    end = datetime.combine(period.end, datetime.max.time(), tzinfo=LONDON)
    letters = [
        at.astimezone(LONDON).date()
        for at in session.scalars(select(Letter.created_at).where(Letter.created_at >= start, Letter.created_at <= end))
    ]
    lines = [
        ("Letters sent", letters),
        ("Attendance meetings", dates(AttendanceMeeting.meeting_date)),
        ("Medical action plans", dates(MedicalActionPlan.plan_date)),
        ("Attendance contracts", dates(AttendanceContract.meeting_date)),
        ("Notices to improve", dates(NoticeToImprove.issued_on)),
        ("Penalty notices", dates(PenaltyNotice.issued_on)),
        ("Returns sent to the LA", dates(LaReturn.sent_on)),
    ]
    months = _months(period)
    header = ("", *(date(y, m, 1).strftime("%b %Y") for y, m in months), "Total")
    rows: list[tuple[str, ...]] = []
    for label, days in lines:
        counts = _by_month(days)
        rows.append((label, *(str(counts.get(m, 0)) for m in months), str(len(days))))
    first = 46.0
    rest = (190.0 - first) / (len(months) + 1)
    return TableData(header, tuple(rows), (first, *[rest] * (len(months) + 1)))


def _cohort_table(cohorts: ReportList, governors: bool) -> tuple[TableData, tuple[str, ...], tuple[float, ...]]:
    rows: list[tuple[str, ...]] = []
    labels: list[str] = []
    gaps: list[float] = []
    for r in cohorts.records:
        small = int(r["pupils"]) < SMALL_GROUP or (r["rest_pupils"] is not None and int(r["rest_pupils"]) < SMALL_GROUP)
        if governors and small and r["group"] != "all":
            continue
        rows.append(
            (
                str(r["label"]),
                str(r["pupils"]),
                _pct(r["attendance_percent"]),
                _pct(r["rest_attendance_percent"]),
                _gap(r["attendance_gap"]),
                _pct(r["persistent_percent"]),
                _pct(r["severe_percent"]),
                _pct(r["national_attendance_percent"]),
            )
        )
        if r["attendance_gap"] is not None:
            labels.append(str(r["label"]))
            gaps.append(float(r["attendance_gap"]))
    header = ("Group", "Pupils", "Attendance", "Rest of school", "Gap", "Persistent", "Severe", "National")
    return TableData(header, tuple(rows), (46, 16, 22, 24, 16, 22, 20, 24)), tuple(labels), tuple(gaps)


def _returns_table(session: Session, returns: ReportList, period: DateRange, governors: bool) -> TableData:
    due = [r for r in returns.records if not r["approaching"]]
    sent = sent_in(session, period)
    if governors:
        rows: list[tuple[str, ...]] = []
        for kind, label in KIND_WORDS.items():
            became_due = sum(1 for r in due if r["kind"] == kind)
            sent_count = sum(1 for r in sent if r.kind == kind)
            rows.append(
                (
                    label,
                    str(became_due),
                    str(sent_count),
                    str(sum(1 for r in due if r["kind"] == kind and r["status"] != "sent")),
                )
            )
        return TableData(("Return", "Became due", "Sent", "Still to send"), tuple(rows), (60, 40, 40, 50))
    staff_rows: list[tuple[str, ...]] = [
        (
            str(r["name"]),
            KIND_WORDS[str(r["kind"])],
            _d(r["reached_on"]),
            _d(r["due_by"]),
            _d(r["sent_on"]) or "not yet",
            SEND_METHODS.get(str(r["sent_method"]), "") if r["sent_method"] else "",
        )
        for r in due
    ]
    return TableData(
        ("Pupil", "Return", "Due from", "Due by", "Sent", "How"),
        tuple(staff_rows),
        (44, 34, 22, 22, 22, 46),
        "No return became due",
    )


def _threshold_table(threshold: ReportList, governors: bool) -> TableData:
    if governors:
        years = Counter(str(r["year_group"]) for r in threshold.records)
        used = Counter(str(r["year_group"]) for r in threshold.records if r["used_by_notice"])
        year_rows: tuple[tuple[str, ...], ...] = tuple(
            (f"Year {y}" if y.isdigit() else y, str(n), str(used.get(y, 0)))
            for y, n in sorted(years.items(), key=lambda kv: (len(kv[0]), kv[0]))
        )
        return TableData(
            ("Year group", "Pupils who met it", "Already used by a notice"), year_rows, (60, 60, 70), "No pupil"
        )
    name_rows: tuple[tuple[str, ...], ...] = tuple(
        (
            str(r["name"]),
            str(r["year_group"]),
            _d(r["met_on"]),
            str(len(r["sessions"])),
            "yes" if r["used_by_notice"] else "no",
        )
        for r in threshold.records
    )
    return TableData(
        ("Pupil", "Year", "Met on", "Sessions in window", "Used by a notice"),
        name_rows,
        (70, 20, 30, 35, 35),
        "No pupil",
    )


def pack_data(
    store: Store, actor_id: int | None, period: DateRange, governors: bool, today: date | None = None
) -> PackData:
    today = today or date.today()
    bands = bands_list(store, actor_id, period.end)
    threshold = threshold_list(store, actor_id, period)
    returns = returns_list(store, actor_id, period)
    cohorts = cohorts_list(store, actor_id, period)
    status = target_status(store, actor_id, period.end)
    with store.session() as session:
        school = settings_of(session).name
        returns_table = _returns_table(session, returns, period, governors)
        casework = casework_by_month(session, period)
        on_roll = len(list(session.scalars(select(Pupil.id).where(Pupil.leaving_date.is_(None)))))
    whole = cohorts.records[0]
    cohort_table, gap_labels, gaps = _cohort_table(cohorts, governors)
    school_bands = bands.summary["school_bands"]
    assert isinstance(school_bands, dict)
    counted = sum(school_bands.values()) or 1
    band_rows = tuple(
        (BAND_LABELS[b], str(school_bands.get(b.value, 0)), f"{100 * school_bands.get(b.value, 0) / counted:.1f}%")
        for b in BAND_LABELS
    )
    dfe_bands = bands.summary["dfe_bands"]
    assert isinstance(dfe_bands, dict)
    options = status.options
    target = float(options.target_percent) if options.target_percent is not None else None
    if target is not None and options.target_measure == "absence":
        target = 100 - target
    target_lines = []
    if options.target_percent is not None:
        target_lines.append(
            f"Improvement target: {options.target_measure} {options.target_percent}% ({options.target_basis}). "
            f"{status.verdict} {status.forecast.method}"
        )
    target_lines += status.differences
    headlines = (
        ("Pupils on roll", str(on_roll)),
        ("Attendance in these dates", _pct(whole["attendance_percent"])),
        ("Attendance, year to date (DfE basis)", _pct(status.dfe_percent)),
        ("National attendance", f"{_pct(whole['national_attendance_percent'])} ({whole['national_period']})"),
        ("Persistent absence (10%+)", _pct(whole["persistent_percent"])),
        ("National persistent absence", _pct(whole["national_persistent_percent"])),
        ("Severe absence (50%+)", _pct(whole["severe_percent"])),
        ("Forecast for the year", _pct(status.forecast.year_end_percent)),
        ("Met the 10-in-10 threshold", str(len(threshold.records))),
        (
            "Returns that became due (sent)",
            f"{sum(1 for r in returns.records if not r['approaching'])} ({returns.summary.get('sent', 0)} sent)",
        ),
    )
    return PackData(
        school_name=school,
        title=f"Attendance report: {period.start:%d/%m/%Y} to {period.end:%d/%m/%Y}",
        period_label=f"{period.start:%d/%m/%Y} to {period.end:%d/%m/%Y}",
        governors=governors,
        made_on=today,
        headlines=headlines,
        target_lines=tuple(target_lines),
        trend_this=tuple(
            float(w.attendance_percent) if w.attendance_percent is not None else None for w in status.this_year
        ),
        trend_last=tuple(
            float(w.attendance_percent) if w.attendance_percent is not None else None for w in status.last_year
        ),
        trend_forecast=tuple(float(w.attendance_percent) for w in status.forecast.weeks),
        national=_float(whole["national_attendance_percent"]),
        target=target,
        band_labels=tuple(band_label(k).replace(" or more", "+") for k in dfe_bands),
        band_counts=tuple(int(v) for v in dfe_bands.values()),
        school_bands=TableData(("The school's own bands", "Pupils", "Share"), band_rows, (70, 40, 40)),
        cohorts=cohort_table,
        gap_labels=gap_labels,
        gaps=gaps,
        returns=returns_table,
        threshold=_threshold_table(threshold, governors),
        casework=casework,
        notes=(bands.basis, cohorts.basis, threshold.basis, returns.basis),
    )


def termly_pack(
    store: Store, actor_id: int | None, period: DateRange, governors: bool, today: date | None = None
) -> bytes:
    """The pack as a PDF, archived (so what governors were shown can be produced later)."""
    data = pack_data(store, actor_id, period, governors, today)
    with store.session() as session:
        letterhead = letterhead_for(session)
    pdf = render_pack(data, letterhead)
    with archive_transaction(store) as (session, writer):
        writer.add(
            session,
            kind=DocumentKind.TERMLY_PACK,
            title=f"{data.title} ({'governors' if governors else 'staff'})",
            pdf=pdf,
            actor_id=actor_id,
            data={"from": period.start.isoformat(), "to": period.end.isoformat(), "governors": governors},
        )
    return pdf
