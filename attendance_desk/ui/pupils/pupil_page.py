"""One pupil's page: who they are, their flags, then the registered tabs (attendance, register, contacts, …)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from attendance_desk.services import pupils as pupil_service
from attendance_desk.services.pupils import PupilDetail
from attendance_desk.ui.context import AppContext, DataArea
from attendance_desk.ui.pupils.tabs import PUPIL_TABS, create_pupil_tab
from attendance_desk.ui.tasks import TaskControl


def _call_on_shown(widget: QWidget | None) -> None:
    hook = getattr(widget, "on_shown", None)
    if callable(hook):
        hook()


class PupilPage(QWidget):
    back_requested = Signal()

    def __init__(self, context: AppContext, pupil_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.pupil_id = pupil_id
        self.detail: PupilDetail | None = None

        self.back = QPushButton("← Back")
        self.back.setToolTip("Back to where you came from (Esc)")
        self.back.setAccessibleName("Back")
        self.back.clicked.connect(self.back_requested)
        self.name_label = QLabel("")
        self.name_label.setObjectName("pageTitle")
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts_label = QLabel("")
        self.facts_label.setObjectName("pageSubtitle")
        self.facts_label.setWordWrap(True)  # reflows beside the recent-contact panel on a small screen
        self.facts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.flags_row = QHBoxLayout()
        self.flags_row.setSpacing(6)
        self.notes_label = QLabel("")
        self.notes_label.setWordWrap(True)
        self.notes_label.setVisible(False)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(False)
        for spec in PUPIL_TABS:
            tab = create_pupil_tab(spec, context, pupil_id)
            tab.setObjectName(f"pupilTab_{spec.key}")
            self.tabs.addTab(tab, spec.title)
        self.tabs.currentChanged.connect(lambda i: _call_on_shown(self.tabs.widget(i)))

        top = QHBoxLayout()
        top.addWidget(self.back, 0, Qt.AlignmentFlag.AlignTop)
        top.addSpacing(12)
        who = QVBoxLayout()
        who.setSpacing(2)
        who.addWidget(self.name_label)
        who.addWidget(self.facts_label)
        who.addLayout(self.flags_row)
        top.addLayout(who, 1)
        from attendance_desk.ui.pupils.recent_panel import RecentContactPanel

        self.recent = RecentContactPanel(context, pupil_id)
        top.addWidget(self.recent, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addLayout(top)
        layout.addWidget(self.notes_label)
        layout.addWidget(self.tabs, 1)
        context.events.data_changed.connect(self._on_data_changed)
        self.reload()

    def on_shown(self) -> None:
        _call_on_shown(self.tabs.currentWidget())

    def reload(self) -> None:
        store, actor, pupil_id = self.context.store, self.context.staff_id, self.pupil_id

        def load(_control: TaskControl) -> PupilDetail:
            return pupil_service.pupil_detail(store, actor, pupil_id)

        self.context.tasks.run(load, on_done=self._show, on_error=self._show_error, label="Loading a pupil")

    def _on_data_changed(self, area: str) -> None:
        if area in (DataArea.PUPILS, DataArea.ALL):
            self.reload()

    def _show_error(self, error: BaseException) -> None:
        if isinstance(error, LookupError):
            self.name_label.setText("Pupil not found")
            self.facts_label.setText(str(error))
            self.tabs.setEnabled(False)
            return
        self.context.tasks.report_unhandled("Loading a pupil", error)

    def _show(self, detail: PupilDetail) -> None:
        self.detail = detail
        self.name_label.setText(detail.display_name)
        facts = [f"UPN {detail.upn}", f"Year {detail.year_group}"]
        if detail.reg_group:
            facts.append(f"Group {detail.reg_group}")
        facts.append(f"Born {detail.date_of_birth:%d/%m/%Y}")
        if detail.admission_number:
            facts.append(f"Adm. no. {detail.admission_number}")
        if detail.legal_name and detail.legal_name != detail.display_name:
            facts.append(f"Legal name {detail.legal_name}")
        if detail.leaving_date:
            facts.append(f"Left {detail.leaving_date:%d/%m/%Y}")
        self.facts_label.setText("   ·   ".join(facts))
        while self.flags_row.count():
            item = self.flags_row.takeAt(0)
            if item is not None and (widget := item.widget()) is not None:
                widget.deleteLater()
        for flag in detail.flags:
            chip = QLabel(flag)
            chip.setObjectName("flagChip")
            self.flags_row.addWidget(chip)
        self.flags_row.addStretch(1)
        notes = []
        name, phone, email = detail.social_worker
        if name:
            notes.append("Social worker: " + ", ".join(p for p in (name, phone, email) if p))
        if detail.medical_note:
            notes.append(f"Medical: {detail.medical_note}")
        self.notes_label.setText("\n".join(notes))
        self.notes_label.setVisible(bool(notes))
