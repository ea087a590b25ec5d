"""Create the demo school in a store: settings and staff, then pupils, contacts and marks through the importer.

The CSV files go through :func:`attendance_desk.services.importing.import_file`, exactly as a school's own files
would, so the demo also proves the import path end to end.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from attendance_desk.domain.term_calendar import Closure
from attendance_desk.domain.text import plural
from attendance_desk.domain.vocabulary import StaffRole
from attendance_desk.services.calling.settings import check_term_year, save_term_year
from attendance_desk.services.demo.calendar import SchoolYearCalendar
from attendance_desk.services.demo.generate import generate_demo_files
from attendance_desk.services.demo.model import Phase
from attendance_desk.services.demo.school import details_for, seed_school
from attendance_desk.services.sync.importing import ImportResult, import_file
from attendance_desk.store.chain import seal_unsealed
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Pupil
from attendance_desk.sync.marks import last_mark_date

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
"""(done, total, message): the same shape as the UI task runner's ``control.progress``."""

PROGRESS_TOTAL = 1000
_GENERATE_SHARE = 300  # of PROGRESS_TOTAL: writing the CSV files
_IMPORT_SHARES = (("pupils", 40), ("contacts", 60), ("marks", 590))  # the rest: importing, by file


class DemoError(Exception):
    """The demo school could not be created; the message says why in the user's terms."""


class DemoCancelled(Exception):
    """Raised when the caller cancels while the demo files are being written (nothing has been stored)."""


@dataclass(frozen=True, slots=True)
class DemoSummary:
    school_name: str
    phase: str  # "primary" | "secondary"
    pupils_on_roll: int
    pupils: int  # every pupil written, leavers included
    contacts: int
    contact_links: int
    marks: int
    first_date: date
    last_date: date
    staff: int
    attendance_lead_id: int  # a staff member to work as in the app
    import_warnings: int
    csv_folder: Path | None  # where the CSV files were kept (None when they went to a temporary folder)
    seconds: float


def _check_empty(store: Store) -> None:
    with store.session() as session:
        pupils = session.scalar(select(func.count()).select_from(Pupil)) or 0
    if pupils:
        raise DemoError(
            f"this database already holds {plural(pupils, 'pupil')}; the demo school needs an empty one "
            "(start Attendance Desk with --data-dir pointing at a new folder)"
        )


def _raise_if_rejected(result: ImportResult) -> None:
    if result.ok and not result.error_count:
        return
    shown = "; ".join(issue.describe() for issue in result.errors[:5])
    raise DemoError(f"the demo {result.kind} file was not accepted by the importer: {shown or result.status}")


def create_demo_school(
    store: Store,
    pupils: int = 420,
    seed: int = 1,
    *,
    actor_id: int | None = None,
    year: int | None = None,
    today: date | None = None,
    out_dir: str | Path | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> DemoSummary:
    """Create a realistic synthetic school in an empty ``store`` and return what was made.

    - ``pupils``: on roll at the end (60–3,000). Under 1,000 the school is a primary (Reception–Year 6), from
      1,000 a secondary (Years 7–11). Leavers are written as well.
    - ``seed``: the same seed, ``today`` and ``year`` always give the same school.
    - ``year``: the first school year of the register (``2025`` for 2025/26). By default the one before the
      current school year, so the register holds a complete year and the current year up to the last school
      day before ``today`` (default: the real date).
    - ``out_dir``: keep the three CSV files there; by default they are written to a temporary folder and removed.
    - ``progress(done, total, message)`` is called often; ``cancelled()`` is polled while the files are written,
      and cancelling raises :class:`DemoCancelled` with nothing stored. Once the import starts it runs to the end.

    Raises :class:`DemoError` when the store already has pupils or the year has not started yet.
    """
    started = time.perf_counter()
    today = today or date.today()
    if today > last_mark_date(date.today()):
        raise DemoError(
            f"the demo cannot pretend today is {today:%d/%m/%Y}: the register holds no marks after "
            f"{last_mark_date(date.today()):%d/%m/%Y}"
        )
    _check_empty(store)

    def report(done: int, message: str) -> None:
        if progress is not None:
            progress(done, PROGRESS_TOTAL, message)

    def on_marks(written: int, expected: int) -> None:
        if cancelled is not None and cancelled():
            raise DemoCancelled("the demo school was cancelled; nothing was stored")
        report(min(_GENERATE_SHARE, _GENERATE_SHARE * written // max(expected, 1)), "Writing the register…")

    report(0, "Creating the pupils and families…")
    with tempfile.TemporaryDirectory(prefix="attendance-desk-demo-") as scratch:
        folder = Path(out_dir) if out_dir else Path(scratch)
        try:
            generated = generate_demo_files(
                folder, pupils=pupils, seed=seed, today=today, first_year=year, progress=on_marks
            )
        except ValueError as exc:  # a size or year the demo cannot make
            raise DemoError(str(exc)) from exc
        if cancelled is not None and cancelled():
            raise DemoCancelled("the demo school was cancelled; nothing was stored")
        phase = Phase(generated.data.phase)
        _check_term_dates(generated.period.years)  # before anything is stored: a refusal leaves the database empty
        _check_empty(store)  # another window may have imported while the files were written
        with store.transaction() as session:
            staff_ids = seed_school(session, phase, actor_id)
        actor_id = actor_id if actor_id is not None else staff_ids[StaffRole.ADMIN]  # the demo's own administrator
        _save_term_dates(store, actor_id, generated.period.years)
        done, warnings = _GENERATE_SHARE, 0
        files = generated.files
        paths = {"pupils": files.pupils_csv, "contacts": files.contacts_csv, "marks": files.marks_csv}
        for kind, share in _IMPORT_SHARES:
            base = done
            message = f"Importing {kind}…"
            report(base, message)

            def on_bytes(read: int, size: int, base: int = base, share: int = share, message: str = message) -> None:
                report(base + share * read // max(size, 1), message)

            result = import_file(store, kind, paths[kind], actor_id, progress=on_bytes, profile=None)
            _raise_if_rejected(result)
            warnings += result.warning_count
            done += share
        with store.transaction() as session:
            seal_unsealed(session)  # rows the importer wrote in bulk join the evidence chain
        report(PROGRESS_TOTAL, "The demo school is ready.")
    data, period = generated.data, generated.period
    on_roll = sum(1 for p in data.pupils if p.leaving_date is None)
    summary = DemoSummary(
        school_name=details_for(phase).name,
        phase=phase.value,
        pupils_on_roll=on_roll,
        pupils=files.pupils,
        contacts=files.contacts,
        contact_links=files.contact_links,
        marks=files.marks,
        first_date=period.start,
        last_date=period.end,
        staff=len(details_for(phase).staff),
        attendance_lead_id=staff_ids[StaffRole.ATTENDANCE_LEAD],
        import_warnings=warnings,
        csv_folder=Path(out_dir) if out_dir else None,
        seconds=time.perf_counter() - started,
    )
    log.info("Demo school created: %d pupils, %d marks in %.1f s", summary.pupils, summary.marks, summary.seconds)
    return summary


def _year_closures(year: SchoolYearCalendar) -> list[Closure]:
    return [Closure(day, "INSET day") for day in sorted(year.inset_days)]


def _check_term_dates(years: Sequence[SchoolYearCalendar]) -> None:
    for year in years:
        try:
            check_term_year(year.start_year, year.terms, _year_closures(year))
        except ValueError as exc:
            raise DemoError(f"the demo's term dates for {year.label} do not fit: {exc}") from exc


def _save_term_dates(store: Store, actor_id: int | None, years: Sequence[SchoolYearCalendar]) -> None:
    """Give the calling desk the demo's real term dates and INSET days, so follow-up tasks fall on school days."""
    for year in years:
        save_term_year(store, actor_id, year.start_year, year.terms, _year_closures(year))
