"""Walking a window as a screen reader and a keyboard would: every control it can reach, with the name it is
announced by, and every key (shortcuts and Alt mnemonics) it answers to. Used by the accessibility and
shortcut-clash tests."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QPlainTextEdit, QTextEdit)


@dataclass(frozen=True, slots=True)
class Control:
    widget: QWidget
    kind: str
    name: str
    path: str


def _path(widget: QWidget) -> str:
    parts = []
    current: QWidget | None = widget
    while current is not None and len(parts) < 6:
        label = current.objectName() or type(current).__name__
        parts.append(label)
        current = current.parentWidget()
    return " < ".join(parts)


def accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None else ""


def _is_internal(widget: QWidget) -> bool:
    """Parts of a composite control (a spin box's line edit, a combo's list) that are announced by their owner."""
    parent = widget.parentWidget()
    if isinstance(widget, QLineEdit) and isinstance(parent, (QAbstractSpinBox, QComboBox)):
        return True
    if isinstance(widget, QScrollBar):
        return True
    if type(widget).__name__ in ("QCalendarWidget", "QCalendarView", "QToolButton") and parent is not None:
        owner = parent
        while owner is not None:
            if type(owner).__name__ in ("QCalendarWidget", "QTabBar", "QScrollArea", "QMenu"):
                return True
            owner = owner.parentWidget()
    if isinstance(widget, QAbstractButton) and widget.objectName() in (
        "qt_scrollarea_hcontainer",
        "qt_tabwidget_tabbar",
        "qt_tableview_cornerbutton",  # a table's "select all" corner, announced with its table
    ):
        return True
    name = type(widget).__name__
    if name in ("QComboBoxListView", "QCalendarView", "QColumnView", "QHeaderView"):
        return True
    ancestor = widget.parentWidget()
    while ancestor is not None:
        if isinstance(ancestor, (QComboBox, QAbstractSpinBox)) or type(ancestor).__name__ in (
            "QCalendarWidget",
            "QComboBoxPrivateContainer",
            "QDialogButtonBox_internal",
        ):
            return True
        ancestor = ancestor.parentWidget()
    return False


def controls(root: QWidget) -> list[Control]:
    """The controls under ``root`` a user could operate now (visible, enabled or not)."""
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or not widget.isVisibleTo(root) or _is_internal(widget):
            continue
        if isinstance(widget, QAbstractButton) and isinstance(widget.parentWidget(), QTabBar):
            continue  # the tab bar's scroll arrows
        found.append(Control(widget, type(widget).__name__, accessible_name(widget), _path(widget)))
    return found


def unnamed(root: QWidget) -> list[str]:
    return [f"{c.kind} at {c.path}" for c in controls(root) if not c.name]


def unreachable(root: QWidget) -> list[str]:
    """Controls the keyboard can never reach: no Tab focus at all."""
    out = []
    for c in controls(root):
        if not c.widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            out.append(f"{c.kind} '{c.name}' at {c.path}")
    return out


def _mnemonic(text: str) -> str | None:
    index = 0
    while True:
        index = text.find("&", index)
        if index < 0 or index + 1 >= len(text):
            return None
        if text[index + 1] != "&":
            return f"Alt+{text[index + 1].upper()}"
        index += 2


def keys_in(root: QWidget) -> dict[str, list[str]]:
    """Every key that acts in ``root`` as it is shown now: shortcuts, action keys, and Alt mnemonics of the
    visible buttons, labels with buddies, tabs and menus."""
    keys: dict[str, list[str]] = defaultdict(list)
    for shortcut in root.findChildren(QShortcut):
        parent = shortcut.parent()
        if isinstance(parent, QWidget) and not parent.isVisibleTo(root) and parent is not root:
            continue
        if shortcut.isEnabled() and not shortcut.key().isEmpty():
            keys[shortcut.key().toString()].append(
                f"shortcut on {_path(parent) if isinstance(parent, QWidget) else parent}"
            )
    for action in root.findChildren(QAction):
        for sequence in action.shortcuts():
            keys[sequence.toString()].append(f"action '{action.text()}'")
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        text = ""
        if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and widget.buddy() is not None):
            text = widget.text()
        key = _mnemonic(text) if text else None
        if key:
            keys[key].append(f"{type(widget).__name__} '{text}'")
        if isinstance(widget, QTabBar):
            for index in range(widget.count()):
                tab_key = _mnemonic(widget.tabText(index))
                if tab_key:
                    keys[tab_key].append(f"tab '{widget.tabText(index)}'")
    return dict(keys)


def clashes(keys: dict[str, list[str]]) -> dict[str, list[str]]:
    return {key: owners for key, owners in keys.items() if len(owners) > 1 and key != QKeySequence().toString()}
