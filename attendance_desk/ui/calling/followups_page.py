"""Follow-ups: every dated task (escalation steps, call-backs, reviews, payment dates), overdue first, then due
today, coming up, and done in the last week with who and when."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from attendance_desk.domain.london import LONDON
from attendance_desk.services.calling import followups
from attendance_desk.services.calling.escalation import EscalationRun, run_escalation
from attendance_desk.services.calling.followups import FollowUps, TaskView
from attendance_desk.ui.calling import shortcuts
from attendance_desk.ui.context import AppContext, DataArea
from attendance_desk.ui.tasks import Lane
from attendance_desk.ui.widgets.values import as_date

HEADINGS = ("Due", "Kind", "Pupil", "Task", "Owner", "Done")
TASK_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
PUPIL_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 2
_OVERDUE = QBrush(QColor("#7a1c16"))


class FollowUpsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.view: FollowUps | None = None
        self._loaded = False
        title = QLabel("Follow-ups")
        title.setObjectName("pageTitle")
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd dd/MM/yyyy")
        self.mine = QCheckBox("Only mine (and unassigned)")
        self.escalate_button = QPushButton(f"Escalate ({shortcuts.ESCALATE})")
        self.done_button = QPushButton("Mark done…  (Ctrl+Enter)")
        self.done_button.setObjectName("primary")
        self.open_button = QPushButton("Open pupil  (Enter)")
        for button in (self.escalate_button, self.done_button, self.open_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        controls = QHBoxLayout()
        for widget in (QLabel("Date"), self.date_edit, self.mine):
            controls.addWidget(widget)
        controls.addStretch(1)
        for button in (self.escalate_button, self.open_button, self.done_button):
            controls.addWidget(button)
        self.summary = QLabel("")
        self.summary.setObjectName("muted")
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(HEADINGS)
        self.tree.setRootIsDecorated(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for column, width in enumerate((140, 130, 160, 400, 140)):
            self.tree.setColumnWidth(column, width)
        self.legend = QLabel(shortcuts.legend(shortcuts.FOLLOWUP_SHORTCUTS))
        self.legend.setObjectName("muted")
        self.legend.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.addWidget(title)
        layout.addLayout(controls)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.legend)

        self.date_edit.dateChanged.connect(lambda _d: self.refresh())
        self.mine.toggled.connect(lambda _on: self.refresh())
        self.escalate_button.clicked.connect(self.escalate)
        self.done_button.clicked.connect(self.mark_done)
        self.open_button.clicked.connect(self.open_pupil)
        self.tree.itemActivated.connect(lambda _item, _col: self.open_pupil())
        for sequence, action in (
            (shortcuts.COMPLETE_TASK, self.mark_done),
            ("Ctrl+Enter", self.mark_done),
            (shortcuts.ESCALATE, self.escalate),
            (shortcuts.REFRESH, self.refresh),
        ):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)
        context.events.data_changed.connect(self._on_data_changed)

    @property
    def on(self) -> date:
        return as_date(self.date_edit.date())

    def on_shown(self) -> None:
        self._loaded = True
        self.refresh()
        self.tree.setFocus()

    def _on_data_changed(self, area: str) -> None:
        if self._loaded and area in (DataArea.ACTIVITY, DataArea.ALL, DataArea.STAFF):
            self.refresh()

    def refresh(self) -> None:
        on = self.on
        owner = self.context.staff_id if self.mine.isChecked() else None
        self.context.tasks.run(
            lambda _c: followups.follow_ups(self.context.store, on, owner_id=owner),
            on_done=self._show,
            label="Loading follow-ups",
        )

    def _show(self, view: FollowUps) -> None:
        if view.on != self.on:
            return
        current = self.current_task()
        keep = current.id if current else None
        self.view = view
        self.tree.clear()
        groups = (
            ("Overdue", view.overdue),
            ("Due today", view.due_today),
            ("Coming up", view.upcoming),
            ("Done in the last week", view.done_recently),
        )
        chosen: QTreeWidgetItem | None = None
        for heading, tasks in groups:
            group = QTreeWidgetItem([f"{heading} ({len(tasks)})"])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(group)
            group.setFirstColumnSpanned(True)  # only takes effect once the item is in the tree
            for task in tasks:
                item = self._item(task, heading == "Overdue")
                group.addChild(item)
                if chosen is None and (task.id == keep or (keep is None and not task.is_done)):
                    chosen = item
            group.setExpanded(heading != "Done in the last week" or len(tasks) <= 10)
        self.summary.setText(
            f"{len(view.overdue)} overdue, {len(view.due_today)} due on {view.on:%d/%m/%Y}, "
            f"{len(view.upcoming)} coming up in the next fortnight."
        )
        if chosen is not None:
            self.tree.setCurrentItem(chosen)

    def _item(self, task: TaskView, overdue: bool) -> QTreeWidgetItem:
        done = ""
        if task.done_at is not None:
            done = f"{task.done_by_name or 'someone'}, {task.done_at.astimezone(LONDON):%d/%m %H:%M}"
            if task.done_note:
                done += f": {task.done_note}"
        item = QTreeWidgetItem(
            [
                f"{task.due_on:%d/%m/%Y}",
                task.kind_label,
                task.pupil_name,
                task.title,
                task.owner_name or "unassigned",
                done,
            ]
        )
        item.setData(0, TASK_ID_ROLE, task.id)
        item.setData(0, PUPIL_ID_ROLE, task.pupil_id)
        item.setToolTip(3, task.detail or task.title)
        if overdue:
            item.setForeground(0, _OVERDUE)
        return item

    def current_task(self) -> TaskView | None:
        item = self.tree.currentItem()
        if item is None or self.view is None:
            return None
        task_id = item.data(0, TASK_ID_ROLE)
        every = [*self.view.overdue, *self.view.due_today, *self.view.upcoming, *self.view.done_recently]
        return next((t for t in every if t.id == task_id), None)

    def mark_done(self, note: str | None = None) -> None:
        task = self.current_task()
        if task is None or task.is_done:
            return
        if note is None:
            text, ok = QInputDialog.getText(self, "Mark the task done", f"{task.title}\nWhat was done? (optional)")
            if not ok:
                return
            note = text
        try:
            followups.complete_task(self.context.store, self.context.staff_id, task.id, note)
        except (LookupError, ValueError) as exc:
            self.summary.setText(str(exc))
            return
        self.context.notify(DataArea.ACTIVITY)

    def open_pupil(self) -> None:
        task = self.current_task()
        if task is not None and task.pupil_id is not None:
            self.context.events.open_pupil.emit(task.pupil_id)

    def escalate(self) -> None:
        on = self.on

        def done(result: EscalationRun) -> None:
            self.context.events.status_message.emit(
                f"Escalation: {len(result.created)} new follow-up task(s) for {on:%d/%m/%Y}"
            )
            self.context.notify(DataArea.ACTIVITY)

        self.context.tasks.run(
            lambda _c: run_escalation(self.context.store, self.context.staff_id, on),
            on_done=done,
            label="Escalating",
            lane=Lane.WRITE,
        )


def create_page(context: AppContext) -> QWidget:
    return FollowUpsPage(context)
