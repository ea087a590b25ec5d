"""Small widgets the casework dialogs share: a date field, an editable table of rows, a dialog base that shows
the service's error in the dialog instead of closing it (so nothing typed is lost)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from attendance_desk.services.legal import LegalMeasureRefused
from attendance_desk.store.errors import StoreError
from attendance_desk.ui.widgets.accessible import name as accessible
from attendance_desk.ui.widgets.unsaved import FormState, confirm_leave, form_state
from attendance_desk.ui.widgets.values import cell_text

DATE_FORMAT = "dd/MM/yyyy"


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(day: date) -> QDateEdit:
    edit = QDateEdit(to_qdate(day))
    accessible(edit, "Date")
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    return edit


def parse_day(text: str, what: str) -> date | None:
    """A dd/mm/yyyy date typed in a table cell (blank is None); ValueError says which cell is wrong."""
    text = text.strip()
    if not text:
        return None
    try:
        day, month, year = (int(part) for part in text.replace("-", "/").split("/"))
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"{what}: '{text}' is not a date in the form dd/mm/yyyy") from None


class RowsEditor(QWidget):
    """A table of free-text rows with Add and Remove buttons (issues, difficulties, actions, people)."""

    def __init__(self, columns: Sequence[str], rows: Sequence[Sequence[str]] = (), parent: QWidget | None = None):
        super().__init__(parent)
        self.table = QTableWidget(0, len(columns))
        accessible(self.table, "Records")
        self.table.setHorizontalHeaderLabels(list(columns))
        # Each column starts as wide as its heading (never cut short), the last takes the rest; on a narrow
        # screen the table scrolls inside itself.
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(110)
        add = QPushButton("Add row")
        remove = QPushButton("Remove row")
        add.clicked.connect(lambda: self.add_row())
        remove.clicked.connect(self._remove)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        for row in rows:
            self.add_row(row)

    def add_row(self, values: Sequence[str] = ()) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column in range(self.table.columnCount()):
            self.table.setItem(row, column, QTableWidgetItem(values[column] if column < len(values) else ""))

    def _remove(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def rows(self) -> list[list[str]]:
        """Non-empty rows, each cell's text stripped."""
        out = []
        for r in range(self.table.rowCount()):
            values = [cell_text(self.table, r, c).strip() for c in range(self.table.columnCount())]
            if any(values):
                out.append(values)
        return out


class CaseDialog(QDialog):
    """A form dialog whose OK runs :meth:`save`; an error from it is shown in red and the dialog stays open.

    Subclasses override :meth:`save` (a method, never a lambda stored on ``self``: a closure over the dialog makes a
    reference cycle, and the cyclic collector would then free the wrapper at an arbitrary moment, on any thread,
    tearing down the dialog's signal connections while Qt may still be delivering them; see
    ``CaseFileWidget.run_dialog``). The form sits in a scroll area so OK stays on screen on a small display, and a
    second OK after a successful save only closes the dialog: it never saves twice.

    Closing it with edits not saved (Cancel, Esc, the window's close button) asks Save / Discard / Cancel, the
    same question as Settings (``ui/widgets/unsaved.py``): the form is compared with how it was when first shown.
    """

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.body = QVBoxLayout()
        content = QWidget()
        content.setLayout(self.body)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(content)
        self.error = QLabel()
        self.error.setStyleSheet("color: #A4262C;")
        self.error.setWordWrap(True)
        self.error.hide()
        # Shown only when the legal guard refuses in a way a school may set aside: the reason goes to the audit log.
        self.override = QLineEdit()
        self.override.setPlaceholderText("Why the school goes ahead anyway (kept in the audit log)")
        self.override.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.override)
        layout.addWidget(self.buttons)
        self.result_value: object = None
        self.saved = False
        self._clean: FormState | None = None  # the form as first shown (None until then: nothing typed yet)

    def save(self) -> object:
        """Write the record through a service and return what it returned (subclasses override)."""
        return None

    def showEvent(self, event: QShowEvent) -> None:
        self._fit_to_screen()
        self._buttons_last_for_tab()
        super().showEvent(event)
        if self._clean is None:
            self._clean = form_state(self)

    # --- unsaved changes: asked through ui/widgets/unsaved.confirm_leave ------------------------------------------

    def has_unsaved_changes(self) -> bool:
        return not self.saved and self._clean is not None and form_state(self) != self._clean

    def unsaved_description(self) -> str:
        return f"the form “{self.windowTitle()}”"

    def save_changes(self) -> bool:
        """Save as OK would; False (the dialog stays open, showing why) when the form cannot be saved yet."""
        self.try_accept()
        return self.saved

    def reject(self) -> None:
        """Cancel, Esc or the close button: ask first when the form holds edits not yet saved."""
        if not self.saved:
            if not confirm_leave(self, self):
                return  # the user chose to stay, or the save failed: the form and its error stay on screen
            if self.saved:
                return  # saved from the question: try_accept has already closed the dialog as accepted
        super().reject()

    def _buttons_last_for_tab(self) -> None:
        """Subclasses add their fields after the buttons exist, so Tab would reach OK and Cancel first: put the
        form first, then the reason for going ahead, then OK and Cancel (reading order)."""
        content = self.scroll_area.widget()
        last_field: QWidget | None = None
        widget = self.nextInFocusChain()
        while widget is not None and widget is not self:
            if content is not None and content.isAncestorOf(widget) and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                last_field = widget  # (Qt will not chain from a widget that never takes focus, e.g. a scroll bar)
            widget = widget.nextInFocusChain()
        if last_field is None:
            return
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        previous = last_field
        for next_widget in (self.override, ok, cancel):
            QWidget.setTabOrder(previous, next_widget)
            previous = next_widget

    def _fit_to_screen(self) -> None:
        """As tall as the form wants, but never taller than the screen: the rest scrolls, the buttons stay."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen is not None else None
        content = self.scroll_area.widget()
        if content is None:
            return
        want_width = max(self.sizeHint().width(), content.sizeHint().width() + 40)
        want_height = content.sizeHint().height() + self.buttons.sizeHint().height() + 60
        if available is not None:
            want_width = min(want_width, available.width() - 40)
            want_height = min(want_height, available.height() - 80)
        self.resize(want_width, want_height)

    def override_reason(self) -> str:
        """The reason typed for going ahead against an overridable refusal ("" when none was asked for)."""
        return self.override.text().strip() if not self.override.isHidden() else ""

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def try_accept(self) -> None:
        if self.saved:  # OK pressed again after a save (a double click, a slow machine): close, never save twice
            self.accept()
            return
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        was_enabled = ok.isEnabled()
        ok.setEnabled(False)
        try:
            self.result_value = self.save()
        except LegalMeasureRefused as exc:
            if exc.verdict.overridable:
                self.show_error(f"{exc} To go ahead anyway, say why below and press OK again.")
                self.override.show()
                self.override.setFocus()
            else:
                self.show_error(str(exc))
            return
        except ValueError as exc:  # rule errors, bad dates: the user can put them right
            self.show_error(str(exc))
            return
        except StoreError as exc:  # changed on another PC meanwhile, the server unreachable: a sentence, kept open
            self.show_error(str(exc))
            return
        finally:
            ok.setEnabled(was_enabled)
        self.saved = True
        self.accept()
