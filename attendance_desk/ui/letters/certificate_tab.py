"""The registration certificate in the app: choose a pupil (on the Letters page) and any range, preview it page by
page, then issue it: archived with its fingerprint, saved as a PDF or printed. Before issuing, it warns when the
range still holds N marks or codes waiting in "changes to key in" (the certificate would then read differently
once the register is settled).

The same panel is the Certificate tab of a pupil's page, with the pupil fixed."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from attendance_desk.domain.calendar import DateRange, school_year_start
from attendance_desk.services import pupils as pupil_service
from attendance_desk.services.letters import certificate as certificate_service
from attendance_desk.services.letters.data import LetterError
from attendance_desk.ui.context import AppContext
from attendance_desk.ui.preferences import file_name
from attendance_desk.ui.printing import print_pdf
from attendance_desk.ui.widgets.dialogs import ask_save_path


def date_edit(day: date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    return edit


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


PREVIEW_SCALE = 1.3  # about 94 dpi: readable on a 1366 × 768 screen


def pdf_page_pixmaps(pdf: bytes, scale: float = PREVIEW_SCALE) -> list[QPixmap]:
    """Each page of ``pdf`` as a picture (PDFium, as the printing module uses)."""
    document = pdfium.PdfDocument(pdf)
    try:
        pixmaps = []
        for index in range(len(document)):
            image = document[index].render(scale=scale).to_pil()
            buffer = BytesIO()
            image.save(buffer, format="PNG")
            pixmap = QPixmap()
            pixmap.loadFromData(buffer.getvalue(), "PNG")
            pixmaps.append(pixmap)
        return pixmaps
    finally:
        document.close()


class CertificatePanel(QWidget):
    def __init__(
        self, context: AppContext, pupil_id: int | None = None, today: date | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.today = today or date.today()
        self.fixed_pupil = pupil_id
        self.pupil = QComboBox()
        self.pupil.setEditable(True)
        self.pupil.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.pupil.setMinimumWidth(260)
        self.pupil.setAccessibleName("Pupil")
        self.start = date_edit(school_year_start(self.today))
        self.end = date_edit(self.today)
        self.start.setAccessibleName("Certificate from")
        self.end.setAccessibleName("Certificate to")
        self.preview_button = QPushButton("&Preview")
        self.save_button = QPushButton("Issue and &save PDF…")
        self.print_button = QPushButton("Issue and p&rint…")
        self.preview_button.clicked.connect(self.preview)
        self.save_button.clicked.connect(lambda: self.issue(to_printer=False))
        self.print_button.clicked.connect(lambda: self.issue(to_printer=True))
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #8A5300;")
        self.warning.hide()
        self.status = QLabel("Choose the dates, then Preview.")
        self.pages = QVBoxLayout()
        pages_widget = QWidget()
        pages_widget.setLayout(self.pages)
        self.page_area = QScrollArea()
        self.page_area.setWidgetResizable(True)
        self.page_area.setWidget(pages_widget)
        self.page_area.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        bar = QHBoxLayout()
        if pupil_id is None:
            bar.addWidget(QLabel("Pupil"))
            bar.addWidget(self.pupil)
        bar.addWidget(QLabel("From"))
        bar.addWidget(self.start)
        bar.addWidget(QLabel("to"))
        bar.addWidget(self.end)
        bar.addStretch(1)
        buttons = QHBoxLayout()  # a row of their own, so nothing is cut off at 1280 pixels wide
        for button in (self.preview_button, self.save_button, self.print_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(buttons)
        layout.addWidget(self.warning)
        layout.addWidget(self.status)
        layout.addWidget(self.page_area, 1)
        self.last_pdf: bytes | None = None
        self.last_issued_id: int | None = None

    # --- pupils ------------------------------------------------------------------------------------------------
    def reload(self) -> None:
        if self.fixed_pupil is not None:
            return
        current = self.pupil.currentData()
        self.pupil.clear()
        for row in pupil_service.list_pupils(self.context.store, self.context.staff_id, self.today).rows:
            self.pupil.addItem(f"{row.name} ({row.year_group} {row.reg_group}, {row.upn})", row.id)
        if current is not None:
            self.pupil.setCurrentIndex(max(0, self.pupil.findData(current)))

    def on_shown(self) -> None:
        if self.fixed_pupil is None and self.pupil.count() == 0:
            self.reload()

    def pupil_id(self) -> int | None:
        if self.fixed_pupil is not None:
            return self.fixed_pupil
        index = self.pupil.findText(self.pupil.currentText())
        return self.pupil.itemData(index) if index >= 0 else None

    def period(self) -> DateRange | None:
        start, end = from_qdate(self.start.date()), from_qdate(self.end.date())
        if end < start:
            self.show_problem(f"The end date {end:%d/%m/%Y} is before the start date {start:%d/%m/%Y}.")
            return None
        return DateRange(start, end)

    def show_problem(self, message: str) -> None:
        self.status.setText(message)
        self.status.setStyleSheet("color: #A4262C;")

    # --- preview and issue -------------------------------------------------------------------------------------
    def _chosen(self) -> tuple[int, DateRange] | None:
        pupil_id, period = self.pupil_id(), self.period()
        if pupil_id is None:
            self.show_problem("Choose a pupil from the list.")
            return None
        return (pupil_id, period) if period is not None else None

    def _show_warnings(self, pupil_id: int, period: DateRange) -> list[str]:
        warnings = certificate_service.check_certificate_range(self.context.store, pupil_id, period).warnings
        self.warning.setText("\n".join(warnings))
        self.warning.setVisible(bool(warnings))
        return warnings

    def preview(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        pupil_id, period = chosen
        self._show_warnings(pupil_id, period)
        try:
            pdf = certificate_service.preview_certificate(self.context.store, pupil_id, period, issued_on=self.today)
        except (LetterError, ValueError) as exc:
            self.show_problem(str(exc))
            return
        self.last_pdf = pdf
        while self.pages.count():
            item = self.pages.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.deleteLater()
        pixmaps = pdf_page_pixmaps(pdf)
        for pixmap in pixmaps:
            label = QLabel()
            label.setPixmap(pixmap)
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.pages.addWidget(label)
        self.status.setStyleSheet("")
        self.status.setText(
            f"Preview: {len(pixmaps)} {'page' if len(pixmaps) == 1 else 'pages'}, "
            f"{period.start:%d/%m/%Y} to {period.end:%d/%m/%Y}. Not issued yet."
        )

    def confirm(self, warnings: list[str]) -> bool:
        """Ask before issuing a certificate whose range is not settled (tests replace this)."""
        answer = QMessageBox.question(
            self,
            "Issue the certificate?",
            "\n\n".join([*warnings, "Issue the certificate anyway?"]),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def choose_file(self) -> Path | None:
        pupil = self.pupil.currentText().split(" (")[0]
        suggested = file_name("Registration certificate", pupil, on=date.today(), suffix="pdf")
        name = ask_save_path(self, "Save the certificate as", suggested, "PDF (*.pdf)")
        return Path(name) if name else None

    def issue(self, to_printer: bool = False) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        pupil_id, period = chosen
        warnings = self._show_warnings(pupil_id, period)
        if warnings and not self.confirm(warnings):
            return
        target = None if to_printer else self.choose_file()
        if not to_printer and target is None:
            return
        try:
            produced = certificate_service.make_certificate(
                self.context.store, self.context.staff_id, pupil_id, period, issued_on=self.today
            )
        except (LetterError, ValueError) as exc:
            self.show_problem(str(exc))
            return
        self.last_pdf, self.last_issued_id = produced.pdf, produced.document_id
        self.context.notify("letters")
        self.status.setStyleSheet("")
        self.status.setText(f"Issued and archived (document {produced.document_id}, SHA-256 {produced.sha256[:12]}…).")
        if to_printer:
            print_pdf(self, produced.pdf, "Registration certificate", self.context)
        elif target is not None:
            target.write_bytes(produced.pdf)
            self.status.setText(self.status.text() + f" Saved as {target.name}.")


def create_pupil_tab(context: AppContext, pupil_id: int) -> QWidget:
    return CertificatePanel(context, pupil_id)
