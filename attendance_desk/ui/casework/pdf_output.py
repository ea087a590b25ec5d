"""Where a case-file document goes once made: saved as a PDF file, or printed through the print dialog.

Shared by the case file's "Save … PDF…" and "Print ……" buttons and the chronology's Export / Print.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from attendance_desk.ui.context import AppContext
from attendance_desk.ui.preferences import file_name
from attendance_desk.ui.printing import print_pdf
from attendance_desk.ui.widgets.dialogs import ask_save_path

MakePdf = Callable[[], bytes]


class PdfOutput(QWidget):
    """Mixin base for widgets that make casework PDFs; needs ``self.context``."""

    context: AppContext

    def file_subject(self) -> str:
        """Who the document is about, for its file name ("Attendance contract - Amy Birch - 2026-11-27.pdf")."""
        return ""

    def warn(self, message: str) -> None:
        QMessageBox.warning(self, "Casework", message)

    def _make(self, make: MakePdf) -> bytes | None:
        try:
            return make()
        except (ValueError, PermissionError) as exc:  # what is missing (no parent …), or who may make it
            self.warn(str(exc))
            return None

    def save_pdf(self, make: MakePdf, name: str) -> Path | None:
        """Make the PDF, ask where to save it, write it. Returns the file written (None if cancelled)."""
        pdf = self._make(make)
        if pdf is None:
            return None
        suggested = file_name(name.replace("-", " ").capitalize(), self.file_subject(), on=date.today(), suffix="pdf")
        path = ask_save_path(self, "Save PDF", suggested, "PDF (*.pdf)")
        if not path:
            return None
        target = Path(path)
        try:
            target.write_bytes(pdf)
        except OSError as exc:
            self.warn(f"Could not write {target}: {exc.strerror or exc}")
            return None
        self.context.events.status_message.emit(f"Saved {target.name}")
        return target

    def print_document(self, make: MakePdf, name: str) -> None:
        """Make the PDF and print it through the print dialog. The job is named after the kind of document, never
        the pupil: print queues on a shared office printer are visible to everyone."""
        pdf = self._make(make)
        if pdf is not None:
            print_pdf(self, pdf, name.replace("-", " ").capitalize(), self.context)

    def output_pdf(self, to_printer: bool, make: MakePdf, name: str) -> None:
        (self.print_document if to_printer else self.save_pdf)(make, name)
