"""Follow-ups: every open task (escalation steps, call-backs, reviews, payment dates), overdue first, then due
today, coming up in the next fortnight and later, and those done in the last week with who and when.

Several tasks can be chosen (Shift/Ctrl with the arrows or the mouse) and marked done together; after marking
done the next open task is chosen. A letter task makes its letter in one step (Ctrl+L).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from attendance_desk.domain.access import Permission
from attendance_desk.domain.calling.escalation import parse_source
from attendance_desk.domain.london import LONDON
from attendance_desk.domain.merge import format_date
from attendance_desk.domain.text import plural
from attendance_desk.services.access import can
from attendance_desk.services.calling import followups
from attendance_desk.services.calling.escalation import EscalationRun, close_resolved_tasks, run_escalation
from attendance_desk.services.calling.followups import FollowUps, TaskView
from attendance_desk.ui.calling import shortcuts
from attendance_desk.ui.calling.messages import escalation_summary
from attendance_desk.ui.context import AppContext, DataArea
from attendance_desk.ui.tasks import Lane
from attendance_desk.ui.widgets.dialogs import ask_text
from attendance_desk.ui.widgets.flow import FlowLayout
from attendance_desk.ui.widgets.values import as_date

HEADINGS = ("Due", "Kind", "Pupil", "Task", "Owner", "Done")
TASK_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
PUPIL_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 2
_OVERDUE = QBrush(QColor("#7a1c16"))
# Escalation steps whose task is a letter, and the template that writes it.
TASK_LETTERS: dict[str, str] = {
    "day1_letter": "first_day_no_contact",
    "day3_letter": "no_response_further_absence",
}


class FollowUpsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.view: FollowUps | None = None
        self._loaded = False
        self._next_after: tuple[int, set[int]] | None = None
        title = QLabel("Follow-ups")
        title.setObjectName("pageTitle")
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd dd/MM/yyyy")
        self.date_edit.setAccessibleName("Date")
        self.mine = QCheckBox("Only mine (and unassigned)")
        self.escalate_button = QPushButton(f"Escalate ({shortcuts.ESCALATE})")
        self.done_button = QPushButton("Mark done…  (Ctrl+Enter)")
        self.done_button.setObjectName("primary")
        self.open_button = QPushButton("Open pupil  (Enter)")
        self.letter_button = QPushButton(f"Make the letter…  ({shortcuts.MAKE_LETTER})")
        self.letter_button.setToolTip("Open Letters with this pupil and the task's letter chosen")
        for button in (self.escalate_button, self.done_button, self.open_button, self.letter_button):
            button.setMinimumWidth(button.sizeHint().width())
        date_label = QLabel("&Date")
        date_label.setBuddy(self.date_edit)
        # The title with the actions, then the day; the actions wrap under the title on a narrow window (150%).
        heading = FlowLayout()
        heading.addWidget(title)
        for button in (self.escalate_button, self.letter_button, self.open_button, self.done_button):
            heading.addWidget(button)
        controls = QHBoxLayout()
        for widget in (date_label, self.date_edit, self.mine):
            controls.addWidget(widget)
        controls.addStretch(1)
        self.summary = QLabel("")
        self.summary.setObjectName("muted")
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(HEADINGS)
        self.tree.setRootIsDecorated(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setAccessibleName("Follow-up tasks")
        self.tree.setAccessibleDescription(
            "Grouped by when they are due. Shift or Ctrl with the arrows chooses several to mark done together."
        )
        for column, width in enumerate((140, 130, 160, 400, 140)):
            self.tree.setColumnWidth(column, width)
        self.legend = QLabel(shortcuts.legend(shortcuts.FOLLOWUP_SHORTCUTS))
        self.legend.setObjectName("muted")
        self.legend.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.addLayout(heading)
        layout.addLayout(controls)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.legend)

        self.date_edit.dateChanged.connect(lambda _d: self.refresh())
        self.mine.toggled.connect(lambda _on: self.refresh())
        self.escalate_button.clicked.connect(self.escalate)
        self.done_button.clicked.connect(self.mark_done)
        self.open_button.clicked.connect(self.open_pupil)
        self.letter_button.clicked.connect(self.make_letter)
        self.tree.itemActivated.connect(lambda _item, _col: self.open_pupil())
        for sequence, action in (
            (shortcuts.COMPLETE_TASK, self.mark_done),
            ("Ctrl+Enter", self.mark_done),
            (shortcuts.ESCALATE, self.escalate),
            (shortcuts.MAKE_LETTER, self.make_letter),
            (shortcuts.REFRESH, self.refresh),
        ):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)
        context.events.data_changed.connect(self._on_data_changed)

    @property
    def on(self) -> date:
        return as_date(self.date_edit.date())

    def shortcut_help(self) -> list[tuple[str, str]]:
        return list(shortcuts.FOLLOWUP_SHORTCUTS)

    def on_shown(self) -> None:
        self._loaded = True
        # Office staff prepare the task's letter for approval; the attendance lead or head makes it outright.
        approver = can(self.context.store, self.context.staff_id, Permission.APPROVE_LETTERS)
        verb = "Make the letter…" if approver else "Prepare the letter…"
        self.letter_button.setText(f"{verb}  ({shortcuts.MAKE_LETTER})")
        self.refresh()
        self.tree.setFocus()

    def _on_data_changed(self, area: str) -> None:
        if self._loaded and area in (DataArea.ACTIVITY, DataArea.ALL, DataArea.STAFF):
            self.refresh()

    def refresh(self) -> None:
        on = self.on
        owner = self.context.staff_id if self.mine.isChecked() else None
        store, actor = self.context.store, self.context.staff_id

        def load(_control: object) -> FollowUps:
            close_resolved_tasks(store, actor, on)  # tasks whose absence has been explained close themselves
            return followups.follow_ups(store, self.context.staff_id, on, owner_id=owner)

        self.context.tasks.run(load, on_done=self._show, label="Loading follow-ups", lane=Lane.WRITE)

    def _show(self, view: FollowUps) -> None:
        if view.on != self.on:
            return
        current = self.current_task()
        keep = current.id if current else None
        if self._next_after is not None:
            keep = self._next_after_done(view)
        self.view = view
        self.tree.clear()
        groups = (
            ("Overdue", view.overdue),
            ("Due today", view.due_today),
            ("Coming up", view.upcoming),
            ("Later", view.later),
            ("Done in the last week", view.done_recently),
        )
        chosen: QTreeWidgetItem | None = None
        for heading, tasks in groups:
            group = QTreeWidgetItem([f"{heading} ({len(tasks)})"])
            group.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{heading}: {plural(len(tasks), 'task')}")
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
            group.setExpanded(heading not in ("Done in the last week", "Later") or len(tasks) <= 10)
        self.summary.setText(
            f"{len(view.overdue)} overdue, {len(view.due_today)} due on {view.on:%d/%m/%Y}, "
            f"{len(view.upcoming)} coming up in the next fortnight, {len(view.later)} later."
        )
        if chosen is not None:
            self.tree.setCurrentItem(chosen)
            self.tree.scrollToItem(chosen)

    def _item(self, task: TaskView, overdue: bool) -> QTreeWidgetItem:
        done = ""
        if task.done_at is not None and not task.done_by_name and task.done_note:
            done = task.done_note  # closed by the desk itself: the note says when and why
        elif task.done_at is not None:
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
        if overdue:  # the group heading says "Overdue" in words; the colour is never the only sign
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{task.due_on:%d/%m/%Y}, overdue")
        item.setData(0, PUPIL_ID_ROLE, task.pupil_id)
        item.setToolTip(3, task.detail or task.title)
        if overdue:
            item.setForeground(0, _OVERDUE)
        return item

    def _task(self, item: QTreeWidgetItem | None) -> TaskView | None:
        if item is None or self.view is None:
            return None
        task_id = item.data(0, TASK_ID_ROLE)
        every = [*self.view.open_tasks, *self.view.done_recently]
        return next((t for t in every if t.id == task_id), None)

    def current_task(self) -> TaskView | None:
        return self._task(self.tree.currentItem())

    def chosen_open_tasks(self) -> list[TaskView]:
        """The open tasks chosen (several with Shift/Ctrl), or the current one."""
        chosen = [t for t in (self._task(i) for i in self.tree.selectedItems()) if t is not None and not t.is_done]
        if not chosen:
            current = self.current_task()
            chosen = [current] if current is not None and not current.is_done else []
        return chosen

    def _next_after_done(self, view: FollowUps) -> int | None:
        """The open task now at the place of the first one just marked done (the next one down the list)."""
        position, done_ids = self._next_after or (0, set())
        self._next_after = None
        remaining = [t for t in view.open_tasks if t.id not in done_ids]
        if not remaining:
            return None
        return remaining[min(position, len(remaining) - 1)].id

    def mark_done(self, note: str | None = None) -> None:
        tasks = self.chosen_open_tasks()
        if not tasks:
            return
        if note is None:
            what = tasks[0].title if len(tasks) == 1 else plural(len(tasks), "task")
            text, ok = ask_text(self, "Mark done", f"{what}\nWhat was done? (optional)")
            if not ok:
                return
            note = text
        ids = [t.id for t in tasks]
        order = [t.id for t in self.view.open_tasks] if self.view else []
        first = min((order.index(i) for i in ids if i in order), default=0)
        try:
            done = followups.complete_tasks(self.context.store, self.context.staff_id, ids, note)
        except (LookupError, ValueError) as exc:
            self.summary.setText(str(exc))
            return
        self._next_after = (first, set(ids))
        self.context.events.status_message.emit(f"{plural(done, 'task')} marked done")
        self.context.notify(DataArea.ACTIVITY)

    def make_letter(self) -> None:
        """Letters › Make letters with this task's pupil ticked and its letter chosen, ready to check and make."""
        task = self.current_task()
        if task is None or task.pupil_id is None:
            self.summary.setText("Choose a task for a pupil first.")
            return
        parsed = parse_source(task.source)
        template = TASK_LETTERS.get(parsed[0]) if parsed else None
        # The absence the letter is about began on the episode's first day, which the task carries.
        supplied = {"absence.date": format_date(parsed[2])} if parsed else {}
        self.context.events.open_page.emit("letters")
        page = self.window().findChild(QWidget, "page_letters")
        prepare = getattr(page, "prepare_letter", None)
        if callable(prepare):
            prepare(task.pupil_id, template, supplied)

    def open_pupil(self) -> None:
        task = self.current_task()
        if task is not None and task.pupil_id is not None:
            self.context.events.open_pupil.emit(task.pupil_id)

    def escalate(self) -> None:
        on = self.on

        def done(result: EscalationRun) -> None:
            self.context.events.status_message.emit(escalation_summary(result))
            self.context.notify(DataArea.ACTIVITY)

        self.context.tasks.run(
            lambda _c: run_escalation(self.context.store, self.context.staff_id, on),
            on_done=done,
            label="Escalating",
            lane=Lane.WRITE,
        )


def create_page(context: AppContext) -> QWidget:
    return FollowUpsPage(context)
