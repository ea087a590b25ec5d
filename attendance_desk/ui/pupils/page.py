"""The Pupils page: the whole-school list, and one pupil's page in front of it when opened."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from attendance_desk.ui.context import AppContext
from attendance_desk.ui.pupils.list_panel import PupilListPanel
from attendance_desk.ui.pupils.pupil_page import PupilPage


class PupilsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.stack = QStackedWidget()
        self.list_panel = PupilListPanel(context)
        self.stack.addWidget(self.list_panel)
        self.pupil_page: PupilPage | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        back = QShortcut(QKeySequence("Esc"), self, self._back)
        back.setWhatsThis("back to where you came from (the report, follow-up or list)")

    def _back(self) -> None:
        if self.stack.currentWidget() is self.list_panel:
            return
        self.context.events.back_requested.emit()

    def shown_pupil_id(self) -> int | None:
        """The pupil whose page is in front, or None on the list (the main window's history asks)."""
        if self.pupil_page is not None and self.stack.currentWidget() is self.pupil_page:
            return self.pupil_page.pupil_id
        return None

    def on_shown(self) -> None:
        current = self.stack.currentWidget()
        if current is self.list_panel:
            self.list_panel.on_shown()
        elif isinstance(current, PupilPage):
            current.on_shown()

    def open_pupil(self, pupil_id: int) -> PupilPage:
        if self.pupil_page is not None:
            self.stack.removeWidget(self.pupil_page)
            self.pupil_page.deleteLater()
        self.pupil_page = PupilPage(self.context, pupil_id)
        self.pupil_page.back_requested.connect(self.context.events.back_requested)
        self.stack.addWidget(self.pupil_page)
        self.stack.setCurrentWidget(self.pupil_page)
        self.pupil_page.on_shown()
        return self.pupil_page

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list_panel)
        self.list_panel.on_shown()
        self.list_panel.table.setFocus()


def create_page(context: AppContext) -> QWidget:
    return PupilsPage(context)
