"""Noticing unsaved edits in a form, and asking before they are lost.

A form's state is read from its editable widgets (text, numbers, choices, ticks, dates): equal states mean
nothing to save. Pages that hold forms (Settings) take a snapshot when the form is loaded or saved and compare
it when the user leaves the page or quits. A page that wants the main window to ask defines
``has_unsaved_changes() -> bool`` and ``save_changes() -> bool`` (see :func:`confirm_leave`).
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTextEdit,
    QWidget,
)

FormState = tuple[tuple[str, object], ...]


def form_state(root: QWidget) -> FormState:
    """The values of every editable widget under ``root``, in a stable order."""
    values: list[tuple[str, object]] = []
    for index, widget in enumerate(root.findChildren(QWidget)):
        key = f"{widget.objectName()}#{index}"
        if isinstance(widget, QLineEdit) and not widget.isReadOnly():
            if isinstance(widget.parent(), (QAbstractSpinBox, QComboBox)):
                continue  # read through the spin box or combo that owns it
            values.append((key, widget.text()))
        elif (isinstance(widget, QPlainTextEdit) and not widget.isReadOnly()) or (
            isinstance(widget, QTextEdit) and not widget.isReadOnly()
        ):
            values.append((key, widget.toPlainText()))
        elif isinstance(widget, QAbstractSpinBox):
            values.append((key, widget.text()))
        elif isinstance(widget, QComboBox):
            values.append((key, widget.currentText()))
        elif isinstance(widget, QTableWidget):  # rows typed into a form (actions, people invited, questions)
            values.append((key, _table_state(widget)))
        elif isinstance(widget, (QCheckBox, QRadioButton)) or (
            isinstance(widget, QAbstractButton) and widget.isCheckable() and not isinstance(widget, QPushButton)
        ):
            values.append((key, widget.isChecked()))
    return tuple(values)


def _table_state(table: QTableWidget) -> tuple[tuple[object, ...], ...]:
    rows: list[tuple[object, ...]] = []
    for row in range(table.rowCount()):
        cells: list[object] = []
        for column in range(table.columnCount()):
            item = table.item(row, column)
            cells.append((item.text(), item.checkState().value) if item is not None else None)
        rows.append(tuple(cells))
    return tuple(rows)


def find_save_button(root: QWidget) -> QPushButton | None:
    """The form's own Save button: named ``saveButton``, or labelled "Save" (with or without a mnemonic)."""
    for button in root.findChildren(QPushButton):
        if button.objectName() == "saveButton":
            return button
    for button in root.findChildren(QPushButton):
        if button.text().replace("&", "").strip().split("  ")[0] in ("Save", "Save changes"):
            return button
    return None


class LeaveChoice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    STAY = "stay"


def ask_leave(parent: QWidget, what: str) -> LeaveChoice:
    """Ask what to do with unsaved changes. Tests replace this."""
    answer = QMessageBox.question(
        parent,
        "Unsaved changes",
        f"You have changed {what} without saving. Save the changes before you go on?",
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Save,
    )
    if answer == QMessageBox.StandardButton.Save:
        return LeaveChoice.SAVE
    if answer == QMessageBox.StandardButton.Discard:
        return LeaveChoice.DISCARD
    return LeaveChoice.STAY


def confirm_leave(parent: QWidget, page: QWidget) -> bool:
    """True when the user may leave ``page``: nothing unsaved, saved successfully, or changes discarded."""
    dirty = getattr(page, "has_unsaved_changes", None)
    if not callable(dirty) or not dirty():
        return True
    describe = getattr(page, "unsaved_description", None)
    what = describe() if callable(describe) else "this page"
    choice = ask_leave(parent, what)
    if choice is LeaveChoice.STAY:
        return False
    if choice is LeaveChoice.SAVE:
        saver = getattr(page, "save_changes", None)
        return bool(saver()) if callable(saver) else False
    discard = getattr(page, "discard_changes", None)
    if callable(discard):
        discard()
    return True


class BackgroundSaveDialog(QDialog):
    """A form dialog whose :meth:`save` runs in the background and accepts the dialog once the record is written
    (the calling desk's reported absence and home visit). Cancel, Esc or the close button with edits not saved asks
    Save / Discard / Cancel, the question every other form asks: Save starts the same save as OK (the dialog closes
    when it is written, or stays open showing why not); Cancel keeps the form."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clean_form: FormState | None = None  # the form as first shown

    def save(self) -> None:
        """Start writing the record (subclasses override); ``accept()`` once it is written."""
        raise NotImplementedError

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._clean_form is None:
            self._clean_form = form_state(self)

    def has_unsaved_changes(self) -> bool:
        return self._clean_form is not None and form_state(self) != self._clean_form

    def reject(self) -> None:
        if self.has_unsaved_changes():
            choice = ask_leave(self, f"the form “{self.windowTitle()}”")
            if choice is LeaveChoice.STAY:
                return
            if choice is LeaveChoice.SAVE:
                self.save()
                return
        super().reject()
