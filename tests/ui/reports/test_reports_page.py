"""The Reports page as the attendance lead uses it: charts, click-through, act on these, returns, target, pack."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QItemSelectionModel
from PySide6.QtWidgets import QDialog

from attendance_desk.services.calling.followups import tasks_for_pupil
from attendance_desk.services.chronology import pupil_chronology
from attendance_desk.services.reports.settings import load_options
from attendance_desk.ui.context import AppContext
from attendance_desk.ui.main_window import MainWindow
from attendance_desk.ui.reports import columns
from attendance_desk.ui.reports.list_view import PUPIL_ID_ROLE, ReportListView
from attendance_desk.ui.reports.page import ReportsPage
from attendance_desk.ui.reports.returns_tab import SentDialog
from tests.helpers.accounts import everyone
from tests.helpers.reports_school import DAYS, TERM_END, build_reports_school


@pytest.fixture
def school(context: AppContext) -> dict[str, int]:
    return build_reports_school(context.store)


@pytest.fixture
def page(qtbot, context: AppContext, school: dict[str, int]) -> ReportsPage:  # type: ignore[no-untyped-def]
    context.set_staff(school["lead"], "Dana Whitfield")  # returns and packs are the attendance lead's work
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    reports = window.show_page("reports")
    assert isinstance(reports, ReportsPage)
    reports.start_edit.setDate(QDate(DAYS[0].year, DAYS[0].month, DAYS[0].day))
    reports.end_edit.setDate(QDate(TERM_END.year, TERM_END.month, TERM_END.day))
    reports.run_reports()
    qtbot.waitUntil(lambda: reports.data is not None and reports.data.period.end == TERM_END)
    return reports


def select(view: ReportListView, name: str) -> int:
    for row in range(view.proxy.rowCount()):
        if view.proxy.index(row, 0).data() == name:
            view.table.selectionModel().select(
                view.proxy.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            return int(view.proxy.index(row, 0).data(PUPIL_ID_ROLE))
    raise AssertionError(f"{name} is not listed")


def test_overview_and_band_click_through(page: ReportsPage) -> None:
    assert "<b>5</b> met 10\u2011in\u201110" in page.overview.headline.text()  # Ruby, Farah, Fred, Nell, Yusuf
    assert page.overview.bands.keys[0] == "0-5"
    assert page.overview.bands.bar_at(2.1) == "10-15" and page.overview.bands.bar_at(2.5) is None
    page.overview.bands.band_clicked.emit("10-15")
    assert page.tabs.currentWidget() is page.bands
    shown = {page.bands.proxy.index(r, 0).data() for r in range(page.bands.proxy.rowCount())}
    assert shown == {"Ruby Runner", "Nell Nearly", "Yusuf Young"}  # 13.33%, 10.67%, 13.33%
    assert page.bands.all_rows.isVisible()
    page.bands.all_rows.click()
    assert page.bands.proxy.rowCount() == page.bands.model.rowCount() == 16


def test_the_trend_follows_a_group(page: ReportsPage) -> None:
    combo = page.overview.group
    index = combo.findData("fsm")
    assert index > 0 and combo.itemText(index) == "Free school meals"
    combo.setCurrentIndex(index)
    page.show_group_trend("fsm")
    title = page.overview.trend.plot.getPlotItem().titleLabel.text
    assert "Free school meals" in title
    lines = {item.name(): item for item in page.overview.trend.plot.getPlotItem().listDataItems()}
    assert set(lines) == {"This year", "National"}  # the test school has no last year
    first_week = lines["This year"].getData()[1][0]
    assert round(float(first_week), 2) == 33.33  # Farah and Fred away all week, Fay in: 10 of 30
    page.show_group_trend("all")
    assert "this year, last year and national" in page.overview.trend.plot.getPlotItem().titleLabel.text


def test_act_on_these_uses_letters_and_casework(qtbot, page: ReportsPage, school: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    view = page.threshold
    ruby = select(view, "Ruby Runner")
    view.make_letters()
    window = page.window()
    letters = window.page("letters")  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: letters.make.ticked_pupils() == [ruby])
    assert window.current_page_key() == "letters"  # type: ignore[attr-defined]

    window.show_page("reports")  # type: ignore[attr-defined]
    view.add_to_review()
    tasks = [
        t
        for t in tasks_for_pupil(page.context.store, everyone(page.context.store), ruby)
        if t.kind == "casework:stage_review"
    ]
    assert len(tasks) == 1 and tasks[0].due_on == date.today()

    view.open_case()
    casework = window.page("casework")  # type: ignore[attr-defined]
    assert window.current_page_key() == "casework" and casework.case_file is not None  # type: ignore[attr-defined]
    assert casework.case_file.pupil_id == ruby


def test_make_the_return_form_and_mark_it_sent(
    qtbot, page: ReportsPage, school: dict[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    page.tabs.setCurrentWidget(page.returns)
    tab = page.returns
    select(tab.view, "Nell Nearly")  # approaching: nothing to make yet
    assert not tab.form_button.isEnabled()
    ruby = select(tab.view, "Ruby Runner")
    assert tab.form_button.isEnabled() and not tab.sent_button.isEnabled()
    out = tmp_path / "return.pdf"
    monkeypatch.setattr(tab, "choose_pdf_path", lambda _s: str(out))
    tab.make_form()
    assert out.read_bytes().startswith(b"%PDF")
    qtbot.waitUntil(lambda: any(r["status"] == "form_made" for r in tab.view.model.records))
    select(tab.view, "Ruby Runner")
    assert tab.sent_button.isEnabled()

    def accept(dialog: SentDialog) -> int:
        dialog.sent_on.setDate(QDate(2025, 11, 10))
        dialog.method.setCurrentIndex(dialog.method.findData("portal"))
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(SentDialog, "exec", accept)
    tab.mark_sent()
    qtbot.waitUntil(lambda: any(r["status"] == "sent" for r in tab.view.model.records))
    titles = [e.title for e in pupil_chronology(page.context.store, everyone(page.context.store), ruby)]
    assert any("sent to the local authority through the authority's portal" in t for t in titles)


def test_target_saved_and_shown(qtbot, page: ReportsPage) -> None:  # type: ignore[no-untyped-def]
    tab = page.target
    tab.target.setText("ninety")
    tab.save()
    assert "not a percentage" in tab.message.text()
    tab.target.setText("96.5%")
    tab.save()
    assert "where the target comes from" in tab.message.text()  # a target needs its basis
    tab.basis.setText("DfE letter, 20/11/2025")
    tab.continuous_rule.setText("last_friday_of_month")
    tab.save()
    qtbot.waitUntil(lambda: tab.verdict.text().startswith(("On track", "Not on track")))
    options = load_options(page.context.store)
    assert (str(options.target_percent), options.continuous_due_rule) == ("96.50", "last_friday_of_month")
    assert "DfE basis so far" in tab.explain.text() and "Off-roll pupils" in tab.explain.text()


def test_termly_pack_button(page: ReportsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "pack.pdf"
    monkeypatch.setattr(page, "choose_pdf_path", lambda _s: str(out))
    page.governors.setChecked(True)
    page.make_pack()
    assert out.read_bytes().startswith(b"%PDF")
    assert "governors" in page.status.text()


def test_columns_match_the_lists(page: ReportsPage) -> None:
    assert page.bands.model.headings[columns.BAND_COLUMN] == "DfE band"
    assert page.cohorts.letters_button.isHidden()  # groups are not pupils: no letters from them


def test_every_save_dialog_starts_in_the_last_folder_with_a_meaningful_name(
    qtbot, page: ReportsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Lists, figures, returns and the pack: the folder this PC last saved to, a name that says what and when."""
    from PySide6.QtWidgets import QFileDialog

    from attendance_desk.ui import preferences

    folder = tmp_path / "attendance work"
    folder.mkdir()
    preferences.remember_folder(folder / "earlier.pdf")
    asked: list[Path] = []

    def cancel(_parent, _title, start, _filters):  # type: ignore[no-untyped-def]
        asked.append(Path(start))
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(cancel))
    today = date.today().isoformat()
    page.bands.export()
    page.tabs.setCurrentWidget(page.figures)
    qtbot.waitUntil(lambda: page.figures.period is not None)
    page.figures.export()
    page.tabs.setCurrentWidget(page.returns)
    select(page.returns.view, "Ruby Runner")
    page.returns.make_form()
    page.governors.setChecked(True)
    page.make_pack()
    assert all(path.parent == folder for path in asked), asked
    names = [path.name for path in asked]
    assert names[0] == f"Attendance bands - {today}.csv"
    period = page.figures.period
    assert names[1] == f"Attendance figures - {period.start:%Y-%m-%d} to {period.end:%Y-%m-%d}.csv"
    assert names[2].startswith("Attendance return - Ruby Runner - ") and names[2].endswith(".pdf")
    assert names[3] == f"Attendance pack - for governors - {DAYS[0]:%Y-%m-%d} to {TERM_END:%Y-%m-%d}.pdf"
