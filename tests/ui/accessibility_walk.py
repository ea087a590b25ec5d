"""Walking a window as a screen reader and a keyboard would: every control it can reach, with the name it is
announced by, and every key (shortcuts and Alt mnemonics) it answers to. Used by the accessibility and
shortcut-clash tests."""

from __future__ import annotations

import itertools
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
    """What a screen reader announces the control as. A combo box is named by its own accessible name or by the
    label whose buddy it is (as Qt does on Windows); on Linux Qt falls back to its current choice ("Stage 3"),
    which does not say what the choice is for, so that does not count as a name."""
    if isinstance(widget, QComboBox):
        if widget.accessibleName().strip():
            return widget.accessibleName().strip()
        window = widget.window()
        captions = [label.text() for label in window.findChildren(QLabel) if label.buddy() is widget]
        return captions[0].replace("&", "").strip() if captions else ""
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


def tab_chain(root: QWidget) -> list[QWidget]:
    """The controls Tab visits under ``root``, in the order it visits them (visible, enabled, Tab-focusable),
    from the first one the focus chain reaches after ``root`` (where a window's first focus lands)."""
    reachable = {c.widget for c in controls(root) if c.widget.isEnabled()}
    reachable |= {
        w for w in root.findChildren(QTabBar) if w.isVisibleTo(root) and w.focusPolicy() & Qt.FocusPolicy.TabFocus
    }
    reachable = {w for w in reachable if w.focusPolicy() & Qt.FocusPolicy.TabFocus}
    chain: list[QWidget] = []
    widget = root.nextInFocusChain()
    for _ in range(20_000):
        if widget is root:
            break
        if widget in reachable and widget not in chain:
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def _rect(widget: QWidget, root: QWidget) -> tuple[int, int, int, int]:
    top_left = widget.mapTo(root, widget.rect().topLeft())
    return top_left.x(), top_left.y(), top_left.x() + widget.width(), top_left.y() + widget.height()


def out_of_reading_order(root: QWidget) -> list[str]:
    """Each Tab step that goes against reading order: back up the page within the same column, or leftwards
    within the same row. A step up into a column further right is allowed (the next pane of a page laid out in
    side-by-side panes), and so is a step down to anything below (the buttons under a form)."""
    chain = tab_chain(root)
    problems = []
    for before, after in itertools.pairwise(chain):
        if before.isAncestorOf(after) or after.isAncestorOf(before):
            continue
        ax0, ay0, ax1, ay1 = _rect(before, root)
        bx0, by0, bx1, by1 = _rect(after, root)
        horizontal_overlap = min(ax1, bx1) - max(ax0, bx0)
        vertical_overlap = min(ay1, by1) - max(ay0, by0)
        same_row = vertical_overlap > 0.5 * min(ay1 - ay0, by1 - by0)
        went_up_same_column = by1 <= ay0 + 2 and horizontal_overlap > 0
        went_left_same_row = same_row and bx1 <= ax0 + 2
        if went_up_same_column or went_left_same_row:
            problems.append(f"Tab from {_describe(before)} goes back to {_describe(after)}")
    return problems


def _describe(widget: QWidget) -> str:
    return f"{type(widget).__name__} '{accessible_name(widget)}' ({_path(widget)})"
