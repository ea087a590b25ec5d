"""A pupil's contacts in priority order: parental responsibility, who they live with, and restrictions.

A court-order restriction is shown first on the card, in red, as "do not contact": the office must never
call or write to that person about this pupil.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from attendance_desk.domain.contacts import ContactRecord
from attendance_desk.domain.text import plural
from attendance_desk.services import pupils as pupil_service
from attendance_desk.services.pupils import PupilDetail
from attendance_desk.ui.context import AppContext, DataArea
from attendance_desk.ui.tasks import TaskControl

DO_NOT_CONTACT = "Court order: DO NOT CONTACT about this pupil"


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


class ContactCard(QFrame):
    def __init__(self, contact: ContactRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.contact = contact
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        title = QLabel(
            f"{contact.priority}. {contact.name}" + (f" ({contact.relationship})" if contact.relationship else "")
        )
        title.setObjectName("sectionTitle")
        title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(title)
        self.restriction: QLabel | None = None
        if contact.court_order_restriction:
            self.restriction = QLabel(DO_NOT_CONTACT)
            self.restriction.setObjectName("restricted")
            layout.addWidget(self.restriction)
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        facts = [
            ("Parental responsibility", _yes_no(contact.parental_responsibility)),
            ("Lives with pupil", _yes_no(contact.lives_with_pupil)),
            ("Priority", str(contact.priority)),
            ("Address", ", ".join(contact.address_lines) or "–"),
            ("Phone", "   ".join(f"{label}: {number}" for label, number in contact.phones) or "–"),
            ("Email", contact.email or "–"),
        ]
        for row, (label, value) in enumerate(facts):
            caption = QLabel(label)
            caption.setObjectName("muted")
            text = QLabel(value)
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if contact.court_order_restriction and label in ("Phone", "Email", "Address"):
                text.setToolTip("Do not use: court-order restriction")
            grid.addWidget(caption, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(text, row, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)


class ContactsTab(QWidget):
    def __init__(self, context: AppContext, pupil_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.pupil_id = pupil_id
        self.cards: list[ContactCard] = []
        self._loaded = False
        self.summary = QLabel("")
        self.summary.setObjectName("muted")
        self.summary.setWordWrap(True)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setSpacing(10)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(scroll, 1)
        context.events.data_changed.connect(self._on_data_changed)

    def on_shown(self) -> None:
        if not self._loaded:
            self.load()

    def _on_data_changed(self, area: str) -> None:
        if area in (DataArea.PUPILS, DataArea.ALL):
            self._loaded = False
            if self.isVisible():
                self.load()

    def load(self) -> None:
        self._loaded = True
        store, actor, pupil_id = self.context.store, self.context.staff_id, self.pupil_id

        def fetch(_control: TaskControl) -> PupilDetail:
            return pupil_service.pupil_detail(store, actor, pupil_id)

        self.context.tasks.run(fetch, on_done=self._show, on_error=self._on_error, label="Pupil contacts")

    def _on_error(self, error: BaseException) -> None:
        if isinstance(error, LookupError):  # the pupil was removed; the page header already says so
            return
        self.context.tasks.report_unhandled("Pupil contacts", error)

    def _show(self, detail: PupilDetail) -> None:
        for card in self.cards:
            card.deleteLater()
        self.cards = []
        while self.body_layout.count():
            self.body_layout.takeAt(0)
        for contact in detail.contacts:
            card = ContactCard(contact)
            self.cards.append(card)
            self.body_layout.addWidget(card)
        self.body_layout.addStretch(1)
        with_pr = sum(c.parental_responsibility for c in detail.contacts)
        restricted = sum(c.court_order_restriction for c in detail.contacts)
        parts = [f"{plural(len(detail.contacts), 'contact')}, {with_pr} with parental responsibility"]
        if restricted:
            parts.append(f"{restricted} under a court-order restriction")
        if not detail.contacts:
            parts = ["No contacts are held for this pupil. Import contacts from your MIS (Import/Export)."]
        self.summary.setText("; ".join(parts) + ".")


def create_pupil_tab(context: AppContext, pupil_id: int) -> QWidget:
    return ContactsTab(context, pupil_id)
