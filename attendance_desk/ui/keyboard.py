"""Keyboard conventions shared by every window: what a page's keys are (for F1), and multi-line boxes that let
Tab move on and Ctrl+Enter submit.

:class:`TextBoxKeys` is an application-wide event filter (installed once, by the app and by tests): every
``QPlainTextEdit``/``QTextEdit`` passes Tab on to the next control (Ctrl+Tab still types a tab when one is ever
wanted), and Ctrl+Enter in one presses the default button of its dialog, or is left to the page's own Ctrl+Enter.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QPlainTextEdit, QPushButton, QTextEdit, QWidget

SUBMIT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def shortcuts_of(page: QWidget) -> list[tuple[str, str]]:
    """(keys, what they do) for a page: its ``shortcut_help()`` when it has one, else its described shortcuts and
    the keys of its buttons (a shortcut's description is its ``whatsThis``)."""
    helper = getattr(page, "shortcut_help", None)
    if callable(helper):
        return list(helper())
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for shortcut in page.findChildren(QShortcut):
        owner = shortcut.parent()
        if isinstance(owner, QWidget) and owner is not page and not owner.isVisibleTo(page):
            continue  # a tab not in front
        keys = shortcut.key().toString(QKeySequence.SequenceFormat.NativeText)
        if keys and keys not in seen and shortcut.whatsThis():
            seen.add(keys)
            found.append((keys, shortcut.whatsThis()))
    for button in page.findChildren(QAbstractButton):
        if not button.isVisibleTo(page):
            continue
        keys = button.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        text = button.text().replace("&", "").strip()
        if keys and text and keys not in seen:
            seen.add(keys)
            found.append((keys, text))
    return found


class TextBoxKeys(QObject):
    """Tab leaves a multi-line box; Ctrl+Enter in one submits its dialog."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(watched, (QPlainTextEdit, QTextEdit)):
            watched.setTabChangesFocus(True)
        elif kind == QEvent.Type.KeyPress and isinstance(watched, (QPlainTextEdit, QTextEdit)):
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Tab and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                watched.insertPlainText("\t")
                return True
            if event.key() in SUBMIT_KEYS and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                return submit_dialog(watched)
        return False


def submit_dialog(widget: QWidget) -> bool:
    """Press the default (or OK/Save) button of the dialog holding ``widget``; False when there is none."""
    window = widget.window()
    if not isinstance(window, QDialog):
        return False
    buttons = [b for b in window.findChildren(QPushButton) if b.isVisible() and b.isEnabled()]
    default = next((b for b in buttons if b.isDefault()), None)
    if default is None:
        return False
    default.click()
    return True


_installed: TextBoxKeys | None = None


def install_text_box_keys(app: QApplication) -> TextBoxKeys:
    global _installed
    if _installed is None:
        _installed = TextBoxKeys(app)
        app.installEventFilter(_installed)
    return _installed
