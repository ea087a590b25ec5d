"""Ctrl+F on any page: find a pupil or a parent by name, UPN, phone number or email, and open the pupil.

Results appear as you type; Enter opens the highlighted match (the first, or the only one); ↓ moves into the
list. A parent's match opens each of their children on roll, with the reason shown beside the pupil's name.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from attendance_desk.services.access import PermissionRefused
from attendance_desk.services.search import SearchHit, search_people
from attendance_desk.ui.context import AppContext

MIN_CHARACTERS = 2


class _SearchBox(QLineEdit):
    """Down moves into the results without leaving the keyboard."""

    def __init__(self, results: QListWidget) -> None:
        super().__init__()
        self.results = results

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down and self.results.count():
            self.results.setFocus()
            self.results.setCurrentRow(min(self.results.currentRow() + 1, self.results.count() - 1))
            return
        super().keyPressEvent(event)


class FindDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Find a pupil or parent")
        self.hits: list[SearchHit] = []
        self.results = QListWidget()
        self.results.setAccessibleName("Matching pupils")
        self.results.setAccessibleDescription("Enter opens the highlighted pupil")
        self.search = _SearchBox(self.results)
        self.search.setPlaceholderText("Name, UPN, phone number or email of a pupil or parent")
        self.search.setAccessibleName("Find a pupil or parent")
        self.search.setClearButtonEnabled(True)
        self.summary = QLabel("Type at least two letters or digits.")
        self.summary.setObjectName("muted")
        self.summary.setWordWrap(True)
        caption = QLabel("&Find")
        caption.setBuddy(self.search)
        layout = QVBoxLayout(self)
        layout.addWidget(caption)
        layout.addWidget(self.search)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)
        self.resize(560, 420)
        self.search.textChanged.connect(self.run_search)
        self.search.returnPressed.connect(self.open_current)
        self.results.itemActivated.connect(lambda _item: self.open_current())

    def run_search(self, text: str) -> None:
        self.results.clear()
        query = text.strip()
        try:
            self.hits = (
                search_people(self.context.store, self.context.staff_id, query) if len(query) >= MIN_CHARACTERS else []
            )
        except PermissionRefused as refusal:  # e.g. the scheduled-sync account: it may not look people up
            self.hits = []
            self.summary.setText(str(refusal))
            return
        for hit in self.hits:
            left = "" if hit.on_roll else ", left"
            item = QListWidgetItem(
                f"{hit.pupil_name}  ·  Year {hit.year_group} {hit.reg_group}{left}  ·  {hit.matched}"
            )
            item.setData(Qt.ItemDataRole.UserRole, hit.pupil_id)
            self.results.addItem(item)
        if self.hits:
            self.results.setCurrentRow(0)
        if len(query) < MIN_CHARACTERS:
            self.summary.setText("Type at least two letters or digits.")
        elif not self.hits:
            self.summary.setText("Nobody matches. Try part of a surname, a UPN, a phone number or an email.")
        elif len(self.hits) == 1:
            self.summary.setText("One match: Enter opens it.")
        else:
            self.summary.setText(f"{len(self.hits)} matches: Enter opens the highlighted one, ↓ moves down the list.")

    def open_current(self) -> None:
        item = self.results.currentItem()
        if item is None:
            return
        pupil_id = int(item.data(Qt.ItemDataRole.UserRole))
        self.accept()
        self.context.events.open_pupil.emit(pupil_id)
