"""The Letters page: make (or prepare) letters, templates, the letters made with their approval and delivery, and
the registration certificate."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from attendance_desk.ui.context import AppContext, DataArea
from attendance_desk.ui.letters.certificate_tab import CertificatePanel
from attendance_desk.ui.letters.make_tab import MakeLettersTab
from attendance_desk.ui.letters.sent_tab import SentLettersTab
from attendance_desk.ui.letters.templates_tab import TemplatesTab

RELOAD_ON = {DataArea.PUPILS, DataArea.MARKS, DataArea.SETTINGS, DataArea.ALL, "letters"}


class LettersPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.make = MakeLettersTab(context)
        self.templates = TemplatesTab(context)
        self.sent = SentLettersTab(context)
        self.certificate = CertificatePanel(context)
        self.make.letters_made.connect(self.sent.reload)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.make, "Make letters")
        self.tabs.addTab(self.templates, "Templates")
        self.tabs.addTab(self.sent, "Letters made")
        self.tabs.addTab(self.certificate, "Registration certificate")
        self.tabs.currentChanged.connect(
            lambda _i: self.certificate.on_shown() if self.tabs.currentWidget() is self.certificate else None
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._stale = True
        context.events.data_changed.connect(self._data_changed)
        context.events.staff_changed.connect(lambda _staff: self._data_changed(DataArea.ALL))  # another person

    def _data_changed(self, area: str) -> None:
        if area in RELOAD_ON or area == DataArea.ACTIVITY:
            self._stale = True
            if self.isVisible():
                self.on_shown()

    def prepare_letter(
        self, pupil_id: int, template_key: str | None = None, supplied: dict[str, str] | None = None
    ) -> None:
        """Make letters, ready for one pupil's letter (from a follow-up task), with what the task already knows."""
        self.on_shown()
        self.tabs.setCurrentWidget(self.make)
        self.make.prepare(pupil_id, template_key, preview=True, supplied=supplied)

    # --- unsaved changes: the template editor's, asked by the main window on leaving the page or quitting ---------

    def has_unsaved_changes(self) -> bool:
        return self.templates.has_unsaved_changes()

    def unsaved_description(self) -> str:
        return self.templates.unsaved_description()

    def save_changes(self) -> bool:
        self.tabs.setCurrentWidget(self.templates)
        return self.templates.save_changes()

    def discard_changes(self) -> None:
        self.templates.discard_changes()

    def on_shown(self) -> None:
        if not self._stale:
            return
        self._stale = False
        self.make.reload()
        self.templates.reload()
        self.sent.reload()
        if self.certificate.pupil.count():
            self.certificate.reload()


def create_page(context: AppContext) -> QWidget:
    page = LettersPage(context)
    page.on_shown()
    return page
