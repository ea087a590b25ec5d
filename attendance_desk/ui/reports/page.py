"""The Reports page: charts people would rather look at than read, the attendance lead's lists with "act on these",
returns to the local authority, the improvement target, the termly pack, and every figure for every pupil."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from attendance_desk.domain.calendar import DateRange
from attendance_desk.domain.reports.bands import band_label
from attendance_desk.services import pupils as pupil_service
from attendance_desk.services.reports import analysis, lists, returns
from attendance_desk.services.reports.analysis import TargetStatus
from attendance_desk.services.reports.lists import ReportList
from attendance_desk.services.reports.pack import termly_pack
from attendance_desk.ui.context import AppContext, DataArea
from attendance_desk.ui.preferences import file_name
from attendance_desk.ui.reports import columns
from attendance_desk.ui.reports.charts import BandsChart, GapChart, TrendChart
from attendance_desk.ui.reports.figures_tab import SchoolFiguresTab
from attendance_desk.ui.reports.list_view import ReportListView
from attendance_desk.ui.reports.returns_tab import ReturnsTab
from attendance_desk.ui.reports.target_tab import TargetTab
from attendance_desk.ui.tasks import Lane, TaskControl, run_with_progress
from attendance_desk.ui.widgets.accessible import name as accessible
from attendance_desk.ui.widgets.dialogs import ask_save_path
from attendance_desk.ui.widgets.flow import FlowLayout
from attendance_desk.ui.widgets.values import as_date

RELOAD_ON = {DataArea.MARKS, DataArea.PUPILS, DataArea.SETTINGS, DataArea.ALL, "reports", "casework"}


@dataclass(frozen=True)
class ReportsData:
    period: DateRange
    bands: ReportList
    threshold: ReportList
    returns: ReportList
    patterns: ReportList
    cohorts: ReportList
    trend: ReportList
    target: TargetStatus


def load_reports(
    store: object, actor: int | None, period: DateRange, control: TaskControl | None = None
) -> ReportsData:
    """Every list for the page, one after another (off the UI thread), read as ``actor``."""
    steps = [
        ("bands", lambda: lists.bands_list(store, actor, period.end)),  # type: ignore[arg-type]
        ("threshold", lambda: lists.threshold_list(store, actor, period)),  # type: ignore[arg-type]
        ("returns", lambda: returns.returns_list(store, actor, period)),  # type: ignore[arg-type]
        ("patterns", lambda: lists.patterns_list(store, actor, period)),  # type: ignore[arg-type]
        ("cohorts", lambda: analysis.cohorts_list(store, actor, period)),  # type: ignore[arg-type]
        ("trend", lambda: analysis.trend_list(store, actor, period.end)),  # type: ignore[arg-type]
        ("target", lambda: analysis.target_status(store, actor, period.end)),  # type: ignore[arg-type]
    ]
    out = {}
    for i, (name, step) in enumerate(steps):
        if control is not None:
            control.raise_if_cancelled()
            control.progress(i, len(steps), f"Working out {name}…")
        out[name] = step()
    return ReportsData(period, **out)  # type: ignore[arg-type]


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


class OverviewTab(QWidget):
    group_chosen = Signal(str)  # a group for the trend chart ("all": the whole school)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headline = QLabel("")
        self.headline.setWordWrap(True)
        self.group = QComboBox()
        self.group.setAccessibleName("Group followed in the chart")
        self.group.setToolTip("Follow one group's weekly attendance in the chart")
        self.group.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.group.addItem("Whole school", "all")
        self.group.activated.connect(lambda _i: self.group_chosen.emit(str(self.group.currentData())))
        self.trend = TrendChart("Weekly attendance: this year, last year and national")
        self.bands = BandsChart()
        self.gaps = GapChart()
        top = QHBoxLayout()
        top.addWidget(self.headline, 1)
        top.addWidget(QLabel("Trend for"))
        top.addWidget(self.group)
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 8, 8, 8)
        grid.addLayout(top, 0, 0, 1, 2)
        grid.addWidget(self.trend, 1, 0, 1, 2)
        grid.addWidget(self.bands, 2, 0)
        grid.addWidget(self.gaps, 2, 1)
        grid.setRowStretch(1, 1)
        grid.setRowStretch(2, 1)

    def show_data(self, data: ReportsData) -> None:
        whole = data.cohorts.records[0] if data.cohorts.records else {}
        status = data.target
        returns_due = data.returns.summary.get("due", 0)
        parts = [
            f"<b>Attendance {whole.get('attendance_percent', '–')}%</b> in these dates "
            f"(national {whole.get('national_attendance_percent') or '–'}%, "
            f"{whole.get('national_period') or 'no figure'})",
            f"persistent absence {whole.get('persistent_percent', '–')}%, severe {whole.get('severe_percent', '–')}%",
            f"<b>{len(data.threshold.records)}</b> met 10\u2011in\u201110",  # non-breaking hyphens
            f"<b>{returns_due}</b> {'return' if returns_due == 1 else 'returns'} to make",
            f"year to date on the DfE basis {status.dfe_percent}%; forecast {status.forecast.year_end_percent}%",
        ]
        self.headline.setText("; ".join(parts) + ".")
        self.group.clear()
        for record in data.cohorts.records:
            self.group.addItem(str(record["label"]), str(record["group"]))
        trend = data.trend.records
        self.trend.show_weeks(
            [_float(r["attendance_percent"]) for r in trend],
            [_float(w.attendance_percent) for w in status.last_year],
            _float(trend[0]["national_attendance_percent"]) if trend else None,
            None,
            [float(w.attendance_percent) for w in status.forecast.weeks],
            "Forecast (weekly)",
        )
        self.trend.plot.getPlotItem().setTitle("Weekly attendance: this year, last year and national", size="10pt")
        counts = data.bands.summary["dfe_bands"]
        assert isinstance(counts, dict)
        self.bands.show_bands(list(counts), [k.replace("-", "–") for k in counts], list(counts.values()))
        gaps = [
            (str(r["label"]), float(r["attendance_gap"]))
            for r in data.cohorts.records
            if r["attendance_gap"] is not None
        ]
        self.gaps.show_gaps([g[0] for g in gaps], [g[1] for g in gaps])

    def show_group_trend(self, report: ReportList, label: str) -> None:
        """One group's weekly attendance against its own last year (and national, where published)."""
        records = report.records
        self.trend.show_weeks(
            [_float(r["attendance_percent"]) for r in records],
            [_float(r["last_year_attendance_percent"]) for r in records],
            _float(records[0]["national_attendance_percent"]) if records else None,
        )
        self.trend.plot.getPlotItem().setTitle(f"Weekly attendance: {label}, this year and last", size="10pt")


class ReportsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.data: ReportsData | None = None
        self._loaded = False  # the dates are set on first showing
        self._stale = False  # something changed while the page was hidden
        title = QLabel("Reports")
        title.setObjectName("pageTitle")
        self.start_edit, self.end_edit = QDateEdit(), QDateEdit()
        accessible(self.start_edit, "Report from")
        accessible(self.end_edit, "Report to")
        for edit in (self.start_edit, self.end_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.show_button = QPushButton("Show")
        self.show_button.setObjectName("primary")
        self.governors = QCheckBox("Governors' version (no names)")
        self.pack_button = QPushButton("Termly &pack…")
        self.pack_button.setToolTip("Headline figures, trend, bands, groups, returns, 10-in-10 and casework, as a PDF")
        self.status = QLabel("")
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)

        self.overview = OverviewTab()
        self.bands = ReportListView(context, columns.BANDS)
        self.threshold = ReportListView(context, columns.THRESHOLD)
        self.returns = ReturnsTab(context)
        self.patterns = ReportListView(context, columns.PATTERNS)
        self.cohorts = ReportListView(context, columns.COHORTS, pupil_actions=False)
        self.target = TargetTab(context)
        self.figures = SchoolFiguresTab(context)
        self.tabs = QTabWidget()
        for widget, label in (
            (self.overview, "Overview"),
            (self.bands, "Bands"),
            (self.threshold, "10 in 10"),
            (self.returns, "Returns to the LA"),
            (self.patterns, "Patterns"),
            (self.cohorts, "Groups"),
            (self.target, "Target"),
            (self.figures, "All figures"),
        ):
            self.tabs.addTab(widget, label)
        for view in (self.bands, self.threshold, self.returns.view, self.patterns, self.cohorts):
            view.status.connect(self.status.setText)
        self.overview.bands.band_clicked.connect(self.show_band)
        self.overview.group_chosen.connect(self.show_group_trend)
        self.returns.reload_requested = self.reload_returns

        controls = FlowLayout()  # the title, the period and the actions; they wrap on a narrow window
        controls.addWidget(title)
        controls.addWidget(QLabel("From"))
        controls.addWidget(self.start_edit)
        controls.addWidget(QLabel("to"))
        controls.addWidget(self.end_edit)
        controls.addWidget(self.show_button)
        controls.addWidget(self.governors)
        controls.addWidget(self.pack_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 8)
        layout.addLayout(controls)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)
        self.show_button.clicked.connect(self.run_reports)
        self.pack_button.clicked.connect(self.make_pack)
        self.tabs.currentChanged.connect(self._tab_changed)
        context.events.data_changed.connect(self._on_data_changed)

    # -- loading -------------------------------------------------------------------------------------------------
    def on_shown(self) -> None:
        if not self._loaded:
            self._loaded = True
            period = pupil_service.current_year_to_date(self.context.store)
            self.start_edit.setDate(_qdate(period.start))
            self.end_edit.setDate(_qdate(period.end))
            self.run_reports()
        elif self._stale:
            self.run_reports()  # the dates chosen stay

    def _on_data_changed(self, area: str) -> None:
        if area not in RELOAD_ON or not self._loaded:
            return
        if self.isVisible():
            self.run_reports()
        else:
            self._stale = True

    def period(self) -> DateRange | None:
        try:
            return DateRange(as_date(self.start_edit.date()), as_date(self.end_edit.date()))
        except ValueError as exc:
            self.status.setText(str(exc).capitalize())
            return None

    def run_reports(self) -> None:
        period = self.period()
        if period is None:
            return
        store, actor = self.context.store, self.context.staff_id
        self.status.setText("Working out the reports…")

        def compute(control: TaskControl) -> ReportsData:
            return load_reports(store, actor, period, control)

        run_with_progress(self, self.context.tasks, compute, title="Reports", on_done=self.show_data)

    def show_data(self, data: ReportsData) -> None:
        self.data = data
        self._stale = False
        self.overview.show_data(data)
        self.bands.show_report(data.bands)
        self.threshold.show_report(data.threshold)
        self.returns.view.show_report(data.returns)
        self.patterns.show_report(data.patterns)
        self.cohorts.show_report(data.cohorts)
        self.target.show_status(data.target)
        p = data.period
        self.status.setText(
            f"From {p.start:%d/%m/%Y} to {p.end:%d/%m/%Y}. Bands and the target use the DfE basis (the school year "
            "to the end date, each pupil from admission). Click a bar to list its pupils; Enter opens a pupil."
        )
        if self.tabs.currentWidget() is self.figures:
            self._tab_changed(self.tabs.currentIndex())

    def show_group_trend(self, group: str) -> None:
        if self.data is None:
            return
        if group == "all":
            self.overview.show_data(self.data)
            return
        store, actor, end = self.context.store, self.context.staff_id, self.data.period.end
        label = self.overview.group.currentText()
        self.context.tasks.run(
            lambda _control: analysis.trend_list(store, actor, end, group),
            on_done=lambda report: self.overview.show_group_trend(report, label),
            label="Weekly attendance for a group",
        )

    def reload_returns(self) -> None:
        """After a form is made or a return marked sent: only the returns list changes."""
        period = self.data.period if self.data is not None else self.period()
        if period is None:
            return
        store, actor = self.context.store, self.context.staff_id
        self.context.tasks.run(
            lambda _control: returns.returns_list(store, actor, period),
            on_done=self.returns.view.show_report,
            label="Reloading the returns",
        )

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.figures:
            self.figures.start_edit.setDate(self.start_edit.date())
            self.figures.end_edit.setDate(self.end_edit.date())
            self.figures._loaded = True  # the dates are this page's; show them
            self.figures.run_report()

    def show_band(self, key: str) -> None:
        """Click-through from the bands chart: the Bands tab, only that band's pupils."""
        self.bands.filter.clear()
        self.bands.show_only(columns.BAND_COLUMN, band_label(key))
        self.tabs.setCurrentWidget(self.bands)
        self.status.setText(
            f"Pupils with absence {band_label(key)} on the DfE basis; Show all rows lists every band again."
        )

    # -- the pack --------------------------------------------------------------------------------------------------
    def choose_pdf_path(self, suggested: str) -> str:
        """Ask where to save ("" if cancelled). Tests replace this."""
        return ask_save_path(self, "Save the termly pack", suggested, "PDF files (*.pdf)")

    def make_pack(self) -> None:
        period = self.period()
        if period is None:
            return
        governors = self.governors.isChecked()
        version = "governors" if governors else "staff"
        reader = "for governors" if governors else "for staff"
        path = self.choose_pdf_path(
            file_name("Attendance pack", reader, f"{period.start:%Y-%m-%d} to {period.end:%Y-%m-%d}", suffix="pdf")
        )
        if not path:
            return
        store, actor = self.context.store, self.context.staff_id

        def work(_control: TaskControl) -> int:
            pdf = termly_pack(store, actor, period, governors)
            target = Path(path)
            partial = target.with_name(target.name + ".part")
            partial.write_bytes(pdf)
            partial.replace(target)
            return len(pdf)

        def failed(error: BaseException) -> None:
            self.status.setText(
                f"The pack could not be made: {error}"
                if isinstance(error, OSError | ValueError)
                else "The pack could not be made."
            )

        run_with_progress(
            self,
            self.context.tasks,
            work,
            title="Termly pack",
            on_done=lambda _n: self.status.setText(
                f"Termly pack ({version}) saved to {path}; a copy is in the archive."
            ),
            on_error=failed,
            lane=Lane.WRITE,
            cancellable=False,
        )

    def show_figures(self) -> None:
        self.tabs.setCurrentWidget(self.figures)


def create_page(context: AppContext) -> QWidget:
    return ReportsPage(context)
