"""Unexpected errors: logged with their traceback and shown in a dialog; the app carries on.

``install_error_handlers()`` sets ``sys.excepthook`` (Python exceptions in slots and callbacks land there) and a
Qt message handler (Qt's own warnings go to the log). The dialog is non-modal and at most one is open at a time,
so a fault that repeats on every repaint cannot bury the user in dialogs.
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from attendance_desk.store.errors import describe_failure

log = logging.getLogger("attendance_desk.errors")
_open_dialog: QMessageBox | None = None


def format_error(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    return "".join(traceback.format_exception(exc_type, exc, tb))


def show_error_dialog(summary: str, details: str) -> QMessageBox | None:
    """A non-blocking error box (returns it, or None when one is already open or there is no app)."""
    global _open_dialog
    if QApplication.instance() is None or _open_dialog is not None:
        return None
    box = QMessageBox(QMessageBox.Icon.Critical, "Attendance Desk: something went wrong", summary)
    box.setInformativeText(
        "Your data is safe: nothing half-done has been saved. You can carry on working. "
        "The details have been written to the log."
    )
    if details:
        box.setDetailedText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)

    def closed() -> None:
        global _open_dialog
        _open_dialog = None

    box.finished.connect(closed)
    _open_dialog = box
    box.open()
    return box


_open_refusals: list[QMessageBox] = []


def show_refusal(message: str) -> QMessageBox | None:
    """A non-blocking "not allowed" box that names who can do it."""
    if QApplication.instance() is None:
        return None
    box = QMessageBox(QMessageBox.Icon.Information, "Not allowed for your role", message)
    box.setInformativeText("Nothing was changed. Sign in as that person (File → Switch staff member) to do it.")
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    _open_refusals.append(box)  # a Python reference until it closes, or the box vanishes at once
    box.finished.connect(lambda _result: _open_refusals.remove(box))
    box.open()
    return box


def excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    from attendance_desk.services.access import PermissionRefused

    if isinstance(exc, PermissionRefused):  # not a fault: the person at the keyboard may not do this
        log.info("Refused an action needing %s", exc.permission.value)
        show_refusal(str(exc))
        return
    described = describe_failure(exc)
    if described is not None:
        # A known failure of the database or the disk (locked, full, read-only, damaged): the sentence says what
        # to do; no traceback and nothing from the exception's text (it could quote personal data).
        log.error("Store failure: %s", type(exc).__name__)
        show_error_dialog(f"{described[:1].upper()}{described[1:]}.", "")
        return
    log.critical("Unexpected error", exc_info=(exc_type, exc, tb))
    show_error_dialog(
        f"An unexpected error ({exc_type.__name__}) stopped that piece of work.", format_error(exc_type, exc, tb)
    )


def _qt_message_handler(mode: QtMsgType, _context: object, message: str) -> None:
    level = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }.get(mode, logging.WARNING)
    logging.getLogger("qt").log(level, "%s", message)


def install_error_handlers() -> None:
    sys.excepthook = excepthook
    qInstallMessageHandler(_qt_message_handler)
