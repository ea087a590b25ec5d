"""The "Recent contact" panel on a pupil's page: the last calls, letters and visits, and the tasks still open,
so the office can see at a glance whether the family has been reached without opening the chronology."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from attendance_desk.domain.london import LONDON
from attendance_desk.domain.text import plural
from attendance_desk.services.recent_contact import RecentContact, recent_contact
from attendance_desk.ui.context import AppContext, DataArea
from attendance_desk.ui.tasks import TaskControl


class RecentContactPanel(QGroupBox):
    def __init__(self, context: AppContext, pupil_id: int, parent: QWidget | None = None) -> None:
        super().__init__("Recent contact", parent)
        self.context = context
        self.pupil_id = pupil_id
        self.setAccessibleName("Recent contact")
        self.body = QLabel("Loading…")
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.withdraw_button = QPushButton("Withdraw a record made by mistake…")
        self.withdraw_button.setToolTip(
            "A call, visit, stage change or notice recorded in error: kept, marked withdrawn"
        )
        self.withdraw_button.clicked.connect(self.open_withdraw)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.body)
        layout.addWidget(self.withdraw_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.setMinimumWidth(300)
        self.setMaximumWidth(420)
        context.events.data_changed.connect(self._on_data_changed)
        self.reload()

    def _on_data_changed(self, area: str) -> None:
        if area in (DataArea.ACTIVITY, DataArea.ALL, "calls", "letters"):
            self.reload()

    def open_withdraw(self) -> None:
        from attendance_desk.ui.pupils.withdraw_dialog import WithdrawDialog

        WithdrawDialog(self.context, self.pupil_id, self).open()

    def reload(self) -> None:
        store, actor, pupil_id = self.context.store, self.context.staff_id, self.pupil_id

        def load(_control: TaskControl) -> RecentContact:
            return recent_contact(store, actor, pupil_id, limit=4)

        self.context.tasks.run(load, on_done=self.show_recent, label="Loading recent contact")

    def show_recent(self, recent: RecentContact) -> None:
        lines: list[str] = []
        for event in recent.events:
            when = (
                event.at.astimezone(LONDON).strftime("%d/%m/%Y %H:%M")
                if event.at.tzinfo
                else f"{event.at:%d/%m/%Y %H:%M}"
            )
            bits = [event.what]
            if event.who:
                bits.append(f"with {event.who}")
            if event.outcome:
                bits.append(f"({event.outcome})")
            line = f"{when}  {escape(' '.join(bits))}"
            if event.staff_name:
                line += f", {escape(event.staff_name)}"
            if event.withdrawn:
                line = f"<s>{line}</s> (withdrawn)"  # said in words too, not only struck through
            lines.append(line)
        if not lines:
            lines.append("No calls, letters or visits recorded yet.")
        if recent.open_tasks:
            lines.append(f"<b>{plural(len(recent.open_tasks), 'open task')}</b>")
            for task in recent.open_tasks[:3]:
                owner = f", {escape(task.owner_name)}" if task.owner_name else ""
                lines.append(f"due {task.due_on:%d/%m/%Y}: {escape(task.title)}{owner}")
            if len(recent.open_tasks) > 3:
                lines.append(f"and {plural(len(recent.open_tasks) - 3, 'more')} on Follow-ups")
        else:
            lines.append("No open tasks.")
        self.body.setText("<br>".join(lines))
