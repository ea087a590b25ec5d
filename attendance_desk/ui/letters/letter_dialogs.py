"""The Letters made tab's dialogs: recording a delivery, and reading one letter on screen."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from attendance_desk.domain.london import LONDON
from attendance_desk.domain.text import plural
from attendance_desk.domain.vocabulary import DeliveryMethod
from attendance_desk.services.letters.delivery import LetterRow
from attendance_desk.ui.generated.ui_delivery_dialog import Ui_DeliveryDialog
from attendance_desk.ui.letters.certificate_tab import pdf_page_pixmaps
from attendance_desk.ui.widgets.accessible import name as accessible
from attendance_desk.ui.widgets.values import as_datetime


class DeliveryDialog(QDialog):
    """Record one delivery; the fields asked for depend on the method."""

    def __init__(self, letter: LetterRow, parent: QWidget | None = None, count: int = 1) -> None:
        super().__init__(parent)
        self.ui = Ui_DeliveryDialog()  # layout: forms/letters/delivery_dialog.ui
        self.ui.setupUi(self)
        ui = self.ui
        self.method, self.when, self.note = ui.methodCombo, ui.whenEdit, ui.noteEdit
        self.handed_to, self.place, self.email = ui.handedToEdit, ui.placeEdit, ui.emailEdit
        self.count = count
        if count == 1:
            self.setWindowTitle(f"Delivery of the letter to {letter.recipient_name}")
        else:
            self.setWindowTitle(f"Delivery of {plural(count, 'letter')}")
        for method in DeliveryMethod:
            if count > 1 and method in (DeliveryMethod.HAND, DeliveryMethod.MEETING):
                continue  # each letter handed over needs the name of the person who took it: one at a time
            self.method.addItem(method.label, method.value)
        self.when.setDateTime(QDateTime.currentDateTime())
        self.handed_to.setPlaceholderText(f"Full name, e.g. {letter.recipient_name}")
        ui.buttonBox.accepted.connect(self.accept)
        ui.buttonBox.rejected.connect(self.reject)
        self.method.currentIndexChanged.connect(self._method_changed)
        self._method_changed()

    def _method_changed(self) -> None:
        method = self.method.currentData()
        hand = method in (DeliveryMethod.HAND, DeliveryMethod.MEETING)
        self.handed_to.setEnabled(hand)
        self.place.setEnabled(hand)
        self.email.setEnabled(method == DeliveryMethod.EMAIL and self.count == 1)  # many: each to its own address

    def values(self) -> dict[str, object]:
        moment = as_datetime(self.when.dateTime())
        return {
            "method": self.method.currentData(),
            "delivered_at": moment.replace(tzinfo=LONDON),
            "handed_to": self.handed_to.text() if self.handed_to.isEnabled() else "",
            "place": self.place.text() if self.place.isEnabled() else "",
            "email_address": self.email.text() if self.email.isEnabled() else "",
            "note": self.note.text(),
        }


class LetterReader(QDialog):
    """One letter's pages on screen, to read before approving it (no print or save here: those are for approved
    letters, from the tab's own buttons)."""

    def __init__(self, letter: LetterRow, title: str, pdf: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{title} to {letter.recipient_name}: {letter.approval.state.label.lower()}")
        pages = QWidget()
        column = QVBoxLayout(pages)
        for pixmap in pdf_page_pixmaps(pdf):
            picture = QLabel()
            picture.setPixmap(pixmap)
            column.addWidget(picture)
        scroll = QScrollArea()
        scroll.setWidget(pages)
        accessible(scroll, "The letter's pages")
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(letter.approval.summary))
        layout.addWidget(scroll, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.resize(860, 680)
