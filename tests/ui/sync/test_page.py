"""The Import/Export page: mapping dialog, import with progress and cancel, report, history, watched folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from attendance_desk.domain.upn import make_upn
from attendance_desk.services.sync.watch import set_watched_folder
from attendance_desk.store.models import Mark, Pupil
from attendance_desk.ui.context import AppContext
from attendance_desk.ui.sync.mapping_dialog import MappingDialog
from attendance_desk.ui.sync.page import SyncPage
from attendance_desk.ui.tasks import TaskRunner

DATA = Path(__file__).parents[2] / "data" / "sync"
SCREENSHOTS = Path(__file__).parents[3] / "docs" / "screenshots"


def count(context: AppContext, model: type) -> int:
    with context.store.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_import_through_the_page_shows_the_report_and_history(qtbot: QtBot, context: AppContext) -> None:
    page = SyncPage(context)
    qtbot.addWidget(page)
    page.run_import(str(DATA / "pupils_sims_cp1252.csv"), "pupils", None)
    assert count(context, Pupil) == 4
    html = page.report.toPlainText()
    assert "4 new" in html and "Pupils new to the app (4)" in html and "Siân Evans" in html
    assert page.history_table.rowCount() == 1 and page.history_table.item(0, 3).text() == "imported"
    page.report.clear()
    page.history_table.selectRow(0)
    assert "Zoë Nowak" in page.report.toPlainText()
    page.resize(1200, 700)
    page.run_import(str(DATA / "marks_long_sims.csv"), "marks", None)
    if os.environ.get("SAVE_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.grab().save(str(SCREENSHOTS / "sync-page.png"))


def test_a_rejected_file_lists_its_errors_and_offers_the_report(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    page = SyncPage(context)
    qtbot.addWidget(page)
    bad = tmp_path / "bad.csv"
    bad.write_text("upn,legal_surname,legal_forename,date_of_birth,year_group\nX,A,B,31/02/2014,7\n", encoding="utf-8")
    page.run_import(str(bad), "pupils", None)
    text = page.report.toPlainText()
    assert "rejected" in text and "is not a real calendar date" in text and "31/02/2014" in text
    assert page.save_errors.isEnabled() and count(context, Pupil) == 0


def test_mapping_dialog_lets_the_user_map_odd_columns_then_checks_before_importing(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    page = SyncPage(context)
    qtbot.addWidget(page)
    page.run_import(str(DATA / "pupils_sims_cp1252.csv"), "pupils", None)
    odd = tmp_path / "odd.csv"
    odd.write_text(
        "Pupil Ref,Day,Half,What\nA000300117001,02/09/2024,AM,/\nA000300117001,02/09/2024,PM,B\n", encoding="utf-8"
    )
    dialog = MappingDialog(context, str(odd), "marks")
    qtbot.addWidget(dialog)
    assert not dialog.import_button.isEnabled() and "Still needed" in dialog.problems.text()
    for field, column in (("upn", 1), ("date", 2), ("session", 3), ("code", 4)):
        dialog.combos[field].setCurrentIndex(column)
    assert dialog.import_button.isEnabled() and dialog.preview.item(1, 3).text() == "B"
    dialog.check()
    assert "Ready to import: 2 new" in dialog.check_result.toPlainText()
    assert count(context, Mark) == 0  # the check wrote nothing
    dialog.save_profile.setChecked(True)
    dialog.profile_name.setText("Odd weekly report")
    page.run_import(str(odd), "marks", dialog.chosen_profile())
    assert count(context, Mark) == 2
    again = MappingDialog(context, str(odd), "marks")  # the saved mapping is found for the same headers
    qtbot.addWidget(again)
    assert again.import_button.isEnabled() and again.profile_name.text() == "Odd weekly report"


def test_cancel_leaves_the_database_as_it_was(qtbot: QtBot, context: AppContext, tmp_path: Path) -> None:
    page = SyncPage(context)
    qtbot.addWidget(page)
    page.run_import(str(DATA / "pupils_sims_cp1252.csv"), "pupils", None)
    big = tmp_path / "marks.csv"
    with big.open("w", encoding="utf-8") as handle:
        handle.write("upn,date,session,code\n")
        for day in range(1, 29):
            for _ in range(2_000):  # repeats of the same mark: counted, but the file is long enough to cancel
                handle.write(f"A000300117001,2024-09-{day:02d},AM,/\n")
    context.tasks = TaskRunner(synchronous=False)
    try:
        page.run_import(str(big), "marks", None)
        assert page.cancel_button.isVisible() or not page.isVisible()
        page.cancel_import()
        qtbot.waitUntil(lambda: "Cancelled" in page.report.toPlainText(), timeout=20_000)
    finally:
        context.tasks.shutdown()
    assert count(context, Mark) == 0 and page.import_button.isEnabled()


def test_watched_folder_imports_a_dropped_export(qtbot: QtBot, context: AppContext, tmp_path: Path) -> None:
    page = SyncPage(context)
    qtbot.addWidget(page)
    folder = tmp_path / "exports"
    folder.mkdir()
    set_watched_folder(context.store, context.staff_id, str(folder))
    page.watcher.reload_setting()
    assert page.watcher.timer.isActive()
    shutil.copy(DATA / "pupils_arbor_bom_semicolon.csv", folder / "pupils-nightly.csv")
    page.watcher.look()  # first look: remember the size
    with qtbot.waitSignal(page.watcher.imported, timeout=5_000):
        page.watcher.look()
    assert count(context, Pupil) == 5 and (folder / "imported").is_dir()
    assert "From the watched folder" in page.report.toPlainText()
    assert make_upn(0, 3001, 17, 5) in page.report.toPlainText()


def _marks_with_one_removal(context: AppContext, tmp_path: Path) -> Path:
    """Two pupils with a day of marks, then a file for that day without one pupil's afternoon."""
    upns = [make_upn(0, 6001, 20, n) for n in (1, 2)]
    pupils = tmp_path / "p.csv"
    pupils.write_text(
        "upn,legal_surname,legal_forename,date_of_birth,year_group\n"
        + "".join(f"{u},Surname{n},Forename{n},2016-01-01,5\n" for n, u in enumerate(upns)),
        encoding="utf-8",
    )
    full = tmp_path / "full.csv"
    full.write_text(
        "upn,date,session,code\n" + "".join(f"{u},2026-11-16,{s},/\n" for u in upns for s in ("AM", "PM")),
        encoding="utf-8",
    )
    page = SyncPage(context)
    page.run_import(str(pupils), "pupils", None)
    page.run_import(str(full), "marks", None)
    page.deleteLater()
    short = tmp_path / "short.csv"
    short.write_text(
        "upn,date,session,code\n"
        + f"{upns[0]},2026-11-16,AM,/\n{upns[0]},2026-11-16,PM,/\n{upns[1]},2026-11-16,AM,/\n",
        encoding="utf-8",
    )
    return short


def test_a_file_that_would_remove_marks_asks_first_and_declining_writes_nothing(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch
) -> None:
    from attendance_desk.ui.sync.removals_dialog import RemovalsDialog

    short = _marks_with_one_removal(context, tmp_path)
    shown: list[RemovalsDialog] = []

    def decline(dialog: RemovalsDialog) -> int:
        shown.append(dialog)
        return RemovalsDialog.DialogCode.Rejected

    monkeypatch.setattr(RemovalsDialog, "exec", decline)
    page = SyncPage(context)
    qtbot.addWidget(page)
    page.run_import(str(short), "marks", None)
    [dialog] = shown
    assert dialog.table.rowCount() == 1
    assert [dialog.table.item(0, c).text() for c in (2, 3, 4)] == ["Mon 16/11/2026", "PM", "/"]
    assert "Surname1" in dialog.table.item(0, 1).text()
    assert "would remove 1 stored mark" in page.report.toPlainText()
    assert count(context, Mark) == 4


def test_agreeing_imports_exactly_the_listed_removals(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch
) -> None:
    from attendance_desk.ui.sync.removals_dialog import RemovalsDialog

    short = _marks_with_one_removal(context, tmp_path)
    monkeypatch.setattr(RemovalsDialog, "exec", lambda dialog: RemovalsDialog.DialogCode.Accepted)
    page = SyncPage(context)
    qtbot.addWidget(page)
    page.run_import(str(short), "marks", None)
    assert count(context, Mark) == 3
    text = page.report.toPlainText()
    assert "1 removed" in text and "Marks removed (1)" in text


def test_a_pupils_file_leaving_out_many_pupils_asks_first(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch
) -> None:
    from attendance_desk.ui.sync.removals_dialog import RemovalsDialog

    upns = [make_upn(0, 6002, 20, n) for n in range(1, 6)]
    header = "upn,legal_surname,legal_forename,date_of_birth,year_group\n"
    full = tmp_path / "all.csv"
    full.write_text(header + "".join(f"{u},Surname{n},Forename{n},2016-01-01,5\n" for n, u in enumerate(upns)))
    page = SyncPage(context)
    qtbot.addWidget(page)
    page.run_import(str(full), "pupils", None)
    few = tmp_path / "few.csv"
    few.write_text(header + f"{upns[0]},Surname0,Forename0,2016-01-01,5\n")
    seen: list[list[str]] = []

    def look_then_agree(dialog: RemovalsDialog) -> int:
        seen.extend([dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())] for _ in [0])
        return RemovalsDialog.DialogCode.Accepted

    monkeypatch.setattr(RemovalsDialog, "exec", look_then_agree)
    page.run_import(str(few), "pupils", None)
    assert [sorted(rows) for rows in seen] == [sorted(upns[1:])]
    text = page.report.toPlainText()
    assert "already up to date" in text and "Pupils no longer in the MIS file (kept here) (4)" in text
