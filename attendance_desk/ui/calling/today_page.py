"""Today: the morning worklist in priority order beside the call panel, keyboard first.

A trained user works down the list without the mouse: ↑/↓ to choose the pupil, 1–9 to choose the contact, one
letter per outcome, Ctrl+Enter to save the outcome and move on. Every key is shown in the legend at the bottom.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from attendance_desk.domain.access import Permission, who_can
from attendance_desk.domain.calling.rules import CallOutcome
from attendance_desk.domain.text import plural
from attendance_desk.services.calling import reports as calling_reports
from attendance_desk.services.calling import settings as calling_settings
from attendance_desk.services.calling.escalation import EscalationRun, close_resolved_tasks, run_escalation
from attendance_desk.services.calling.worklist import Worklist, WorklistEntry, build_worklist
from attendance_desk.services.pupils import register_as_of
from attendance_desk.ui.calling import shortcuts
from attendance_desk.ui.calling.call_panel import CallPanel
from attendance_desk.ui.calling.messages import escalation_summary
from attendance_desk.ui.calling.presence_bar import PresenceBar
from attendance_desk.ui.calling.worklist_model import PUPIL_ID_ROLE, ExplainedModel, WorklistModel
from attendance_desk.ui.context import AppContext, DataArea
from attendance_desk.ui.errors import show_refusal
from attendance_desk.ui.tasks import Lane
from attendance_desk.ui.widgets.flow import ReflowSplitter
from attendance_desk.ui.widgets.values import as_date


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _table(model: object) -> QTableView:
    table = QTableView()
    table.setModel(model)  # type: ignore[arg-type]
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setTabKeyNavigation(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class TodayPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.worklist: Worklist | None = None
        self._loaded = False
        self._keep_row = 0
        # The order the user is working down: fixed when the list is (re)loaded by hand, so that pupils who move
        # within the list after a call do not make the "next pupil" jump around.
        self._round: list[int] = []
        self._after_pupil: int | None = None

        title = QLabel("Today")  # the navigation's name; the summary below says what the list is
        title.setObjectName("pageTitle")
        self.date_edit = QDateEdit(_qdate(date.today()))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd dd/MM/yyyy")
        self.session_combo = QComboBox()
        self.session_combo.addItems(["AM", "PM"])
        self.refresh_button = QPushButton(f"Refresh ({shortcuts.REFRESH})")
        self.report_button = QPushButton(f"Reported… ({shortcuts.REPORT_ABSENCE})")
        self.report_button.setToolTip("Record an absence a family reported, or a planned absence")
        self.visit_button = QPushButton(f"Visit… ({shortcuts.HOME_VISIT})")
        self.visit_button.setToolTip("Record a home visit for the chosen pupil")
        self.escalate_button = QPushButton(f"Escalate ({shortcuts.ESCALATE})")
        self.dsl_button = QPushButton(f"DSL list ({shortcuts.DSL_LIST})")
        self.date_edit.setAccessibleName("Date")
        self.session_combo.setAccessibleName("Session")
        for button in (
            self.refresh_button,
            self.report_button,
            self.visit_button,
            self.escalate_button,
            self.dsl_button,
        ):
            # Tab reaches them (and a screen reader finds them); a click does not take focus from the worklist.
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.setMinimumWidth(button.sizeHint().width())  # never cut a label (or its shortcut) short
        # Two rows, so the page fits a 1366×768 screen at 125%: the title with the actions, then the day.
        heading = QHBoxLayout()
        heading.addWidget(title)
        heading.addStretch(1)
        for action in (self.report_button, self.visit_button, self.escalate_button, self.dsl_button):
            heading.addWidget(action)
        controls = QHBoxLayout()
        for widget in (QLabel("Date"), self.date_edit, QLabel("Session"), self.session_combo, self.refresh_button):
            controls.addWidget(widget)
        controls.addStretch(1)
        self.summary = QLabel("")
        self.summary.setObjectName("muted")

        self.model = WorklistModel(self)
        self.table = _table(self.model)
        self.table.setAccessibleName("Worklist")
        self.table.setAccessibleDescription(
            "Absent pupils to call, most urgent first. Up and Down choose the pupil; the call panel follows."
        )
        for column, width in enumerate((28, 150, 50, 46, 42, 42)):
            self.table.setColumnWidth(column, width)
        # "Why near the top" is last and takes the width that is left, elided with the whole text in its tooltip:
        # the short columns before it stay in sight on a laptop screen and at 125% (it used to push "Tries" off).
        self.table.horizontalHeader().setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        for column in (2, 3, 4, 5):  # short headings ("Group", "Tries"): as wide as the heading or the values
            self.table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setMinimumSectionSize(28)
        self.explained_model = ExplainedModel(self)
        self.explained_table = _table(self.explained_model)
        self.explained_table.setAccessibleName("Absences already explained")
        for column, width in enumerate((160, 58, 58, 50, 200, 120)):
            self.explained_table.setColumnWidth(column, width)
        self.explained_table.horizontalHeader().setStretchLastSection(False)
        self.explained_table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.explained_table.setVisible(False)
        self.explained_table.setMaximumHeight(180)
        self.explained_toggle = QToolButton()
        self.explained_toggle.setCheckable(True)
        self.explained_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.explained_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.explained_toggle.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.explained_toggle.toggled.connect(self._toggle_explained)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.explained_toggle)
        left_layout.addWidget(self.explained_table)

        self.panel = CallPanel(context, calling_settings.load_script(context.store))
        splitter = ReflowSplitter()  # the worklist above the call panel on a narrow window (150%)
        splitter.addWidget(left)
        splitter.addWidget(self.panel)
        # The call panel is where the work happens: it gets the room it needs first; the list takes the rest.
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([640, 580])  # the panel reflows (buttons wrap), so the list can show its headings
        self.legend = QLabel(shortcuts.legend(shortcuts.TODAY_SHORTCUTS))
        self.legend.setObjectName("muted")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addLayout(heading)
        layout.addLayout(controls)
        layout.addWidget(self.summary)
        self.presence = PresenceBar(context)  # on the server: who on the other PCs is calling whom
        layout.addWidget(self.presence)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.legend)

        self.refresh_button.clicked.connect(self.refresh)
        self.date_edit.dateChanged.connect(lambda _d: self.refresh())
        self.session_combo.currentTextChanged.connect(lambda _s: self.refresh())
        self.report_button.clicked.connect(self.report_absence)
        self.visit_button.clicked.connect(self.home_visit)
        self.escalate_button.clicked.connect(self.escalate)
        self.dsl_button.clicked.connect(self.open_dsl_list)
        self.dsl_button.setVisible(context.can(Permission.SAFEGUARDING))  # only the DSL and head read concerns
        context.events.staff_changed.connect(
            lambda _s: self.dsl_button.setVisible(context.can(Permission.SAFEGUARDING))
        )
        self.table.selectionModel().currentRowChanged.connect(lambda current, _prev: self._show_row(current.row()))
        self.explained_table.activated.connect(
            lambda index: context.events.open_pupil.emit(int(index.data(PUPIL_ID_ROLE)))
        )
        self.panel.attempt_logged.connect(lambda _pid: self.refresh(new_round=False))
        self.panel.outcome_saved.connect(self._after_outcome)
        self.panel.contact_list.currentRowChanged.connect(lambda _row: self._announce())
        context.events.data_changed.connect(self._on_data_changed)
        self._bind_keys()

    # --- keys -----------------------------------------------------------------------------------------------------

    def shortcut_help(self) -> list[tuple[str, str]]:
        """The page's keys for F1 (the same table as the legend and docs/calling-desk.md)."""
        return list(shortcuts.TODAY_SHORTCUTS_DOC)

    def _key(self, sequence: str, action: Callable[[], object]) -> QShortcut:
        shortcut = QShortcut(QKeySequence(sequence), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(action)
        return shortcut

    def _bind_keys(self) -> None:
        self.keys: dict[str, QShortcut] = {}
        for outcome in CallOutcome:
            self.keys[outcome.key] = self._key(outcome.key, partial(self.panel.log_outcome, outcome))
        for n in range(1, 10):
            self.keys[str(n)] = self._key(str(n), partial(self.panel.choose_contact, n))
        bindings: dict[str, Callable[[], object]] = {
            shortcuts.NEXT_PHONE: self.panel.next_phone,
            shortcuts.SAVE_OUTCOME: self.panel.save_outcome,
            "Ctrl+Enter": self.panel.save_outcome,
            shortcuts.SAVE_ANSWERS: self.panel.save_answers,
            shortcuts.CONCERN: self.panel.focus_concern,
            shortcuts.BACK_TO_LIST: self.table.setFocus,
            shortcuts.REFRESH: self.refresh,
            shortcuts.REPORT_ABSENCE: self.report_absence,
            shortcuts.HOME_VISIT: self.home_visit,
            shortcuts.ESCALATE: self.escalate,
            shortcuts.DSL_LIST: self.open_dsl_list,
            shortcuts.SHOW_EXPLAINED: self.explained_toggle.toggle,
        }
        for sequence, action in bindings.items():
            self.keys[sequence] = self._key(sequence, action)

    # --- loading --------------------------------------------------------------------------------------------------

    @property
    def on(self) -> date:
        return as_date(self.date_edit.date())

    @property
    def session(self) -> str:
        return self.session_combo.currentText()

    def on_shown(self) -> None:
        self.presence.reload()
        if self._loaded:
            return
        self._loaded = True

        def latest(_control: object) -> date:
            with self.context.store.session() as db:
                return register_as_of(db, date.today())  # today, or the last register day when that is earlier

        def start(day: date) -> None:
            if day != self.on:
                self.date_edit.setDate(_qdate(day))  # refreshes
            else:
                self.refresh()
            self.table.setFocus()

        self.context.tasks.run(latest, on_done=start, label="Finding the latest register")

    def refresh(self, new_round: bool = True) -> None:
        on, session = self.on, self.session
        current = self.table.currentIndex()
        keep = int(current.data(PUPIL_ID_ROLE)) if current.isValid() else None
        if current.isValid():
            self._keep_row = current.row()

        def work(_control: object) -> Worklist:
            calling_reports.propose_codes_for_date(self.context.store, self.context.staff_id, on)
            close_resolved_tasks(self.context.store, self.context.staff_id, on)
            return build_worklist(self.context.store, self.context.staff_id, on, session)

        self.context.tasks.run(
            work,
            on_done=lambda result: self._show(result, keep, new_round),
            label="Loading the worklist",
            lane=Lane.WRITE,
        )

    def _next_in_round(self, entries: list[WorklistEntry]) -> int:
        """The row of the first pupil after ``_after_pupil`` in the working order who has not been reached."""
        rows = {e.pupil_id: row for row, e in enumerate(entries) if not e.contacted_today}
        order = self._round
        start = order.index(self._after_pupil) + 1 if self._after_pupil in order else 0
        for pupil_id in [*order[start:], *order[:start]]:
            if pupil_id in rows:
                return rows[pupil_id]
        return 0 if entries else -1

    def _show(self, worklist: Worklist, keep_pupil: int | None, new_round: bool = True) -> None:
        if (worklist.on, worklist.session) != (self.on, self.session):
            return  # the user has moved on to another date; a newer load is on its way
        if new_round or not self._round:
            self._round = [e.pupil_id for e in worklist.entries]
        self.worklist = worklist
        self.model.set_entries(worklist.entries)
        self.explained_model.set_entries(worklist.explained)
        self.explained_toggle.setText(f"Already explained ({len(worklist.explained)})  {shortcuts.SHOW_EXPLAINED}")
        if not worklist.register_taken:
            self.summary.setText(
                f"No {worklist.session} marks are in for {worklist.on:%A %d/%m/%Y} yet: import the "
                "register to see who is absent. Reported absences are listed below."
            )
        else:
            reached = sum(e.contacted_today for e in worklist.entries)
            self.summary.setText(
                f"{len(worklist.entries)} to follow up ({plural(reached, 'family', 'families')} reached), "
                f"{len(worklist.explained)} already explained, for {worklist.on:%A %d/%m/%Y} "
                f"{worklist.session}."
            )
        row = self.model.row_of(keep_pupil) if keep_pupil is not None else -1
        if row < 0 and self._after_pupil is not None:
            row = self._next_in_round(self.model.entries)
            self._after_pupil = None
        if row < 0 and self.model.entries:
            row = min(self._keep_row, len(self.model.entries) - 1)
        if row >= 0:
            self.table.selectRow(row)
            self.table.setCurrentIndex(self.model.index(row, 1))
            self._show_row(row)
        else:
            self.panel.set_entry(None, worklist.on, worklist.session)

    def _show_row(self, row: int) -> None:
        entry = self.model.entries[row] if 0 <= row < len(self.model.entries) else None
        self.panel.set_entry(entry, self.on, self.session)
        self._announce()

    def _announce(self) -> None:
        entry, chosen = self.panel.entry, self.panel.chosen
        self.presence.calling(entry.pupil_id if entry else None, chosen.contact_id if entry and chosen else None)

    def _after_outcome(self, pupil_id: int) -> None:
        # The explained pupil leaves the list; the next one in the working order who is not reached is chosen.
        self._after_pupil = pupil_id
        self._keep_row = max(self.table.currentIndex().row(), 0)
        self.table.selectionModel().clearCurrentIndex()
        self.table.setFocus()
        self.refresh(new_round=False)

    def _toggle_explained(self, shown: bool) -> None:
        self.explained_table.setVisible(shown)
        self.explained_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    def _on_data_changed(self, area: str) -> None:
        if self._loaded and area in (DataArea.MARKS, DataArea.PUPILS, DataArea.ALL, "calls"):
            self.refresh()
            self.presence.reload()

    # --- dialogs and escalation -------------------------------------------------------------------------------------

    def current_pupil_id(self) -> int | None:
        entry = self.panel.entry
        return entry.pupil_id if entry is not None else None

    def report_absence(self) -> None:
        from attendance_desk.ui.calling.report_dialog import ReportDialog

        dialog = ReportDialog(self.context, self.on, self.current_pupil_id(), self)
        if dialog.exec():
            self.refresh()
        self.table.setFocus()

    def home_visit(self) -> None:
        from attendance_desk.ui.calling.visit_dialog import VisitDialog

        pupil = self.current_pupil_id()
        if pupil is None:
            self.summary.setText("Choose a pupil on the worklist first, then press Ctrl+H for a home visit.")
            return
        dialog = VisitDialog(self.context, pupil, self.panel.entry.name if self.panel.entry else "", self)
        if dialog.exec():
            self.refresh()
        self.table.setFocus()

    def open_dsl_list(self) -> None:
        from attendance_desk.ui.calling.dsl_dialog import DslDialog

        if not self.context.can(Permission.SAFEGUARDING):
            show_refusal(who_can(Permission.SAFEGUARDING))
            return
        DslDialog(self.context, self).exec()
        self.table.setFocus()

    def escalate(self) -> None:
        on = self.on

        def done(result: EscalationRun) -> None:
            self.summary.setText(escalation_summary(result))
            self.context.notify(DataArea.ACTIVITY)

        self.context.tasks.run(
            lambda _c: run_escalation(self.context.store, self.context.staff_id, on),
            on_done=done,
            label="Escalating",
            lane=Lane.WRITE,
        )


def create_page(context: AppContext) -> QWidget:
    return TodayPage(context)
