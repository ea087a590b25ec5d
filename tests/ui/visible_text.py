"""Every piece of text a window shows (labels, buttons, tabs, table cells and headers, list and tree items,
combo choices, text boxes, tooltips, titles), and the rules words on screen must keep: dates in the UK style,
no "(s)" plurals, no "1 sessions", no stored keys such as "attendance_concern". Used by the visible-text sweep."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

ROWS_READ = 60  # of each table, list or tree: enough to meet every kind of row the demo school has

ISO_DATE = re.compile(r"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])")
PLURAL_S = re.compile(r"\w\(s\)")
# One of something in the plural: "1 sessions", "1 broken weeks", "1 days off".
ONE_MANY = re.compile(
    r"(?<![\d.,])1 (?:[a-z-]+ )?(?:sessions|weeks|days|pupils|letters|tasks|families|marks|rows|contacts|problems|"
    r"errors|warnings|calls|visits|notices|documents|files|pages|sheets|concerns|returns|changes|codes)\b"
)
# A stored key: lower-case words joined by underscores (attendance_concern, seen_safe, stage_review).
STORED_KEY = re.compile(r"(?<![\w.{@/\\-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w}@/\\-])")
# Where such text is wanted: a file name or path, a web or email address, a merge field ({pupil.first_name}).
ALLOWED_TOKEN = re.compile(r"[/\\]|\.(pdf|csv|zip|txt|tsv|png|jpe?g|sqlite3|ini|json|log)\b|@|https?:|\{[^}]*\}", re.I)


@dataclass(frozen=True, slots=True)
class Shown:
    where: str  # the view and the widget the text is in
    text: str


def plain(text: str) -> str:
    """Rich text as it reads on screen."""
    if "<" in text and ">" in text:
        return QTextDocumentFragment.fromHtml(text).toPlainText()
    return text


def _model_texts(model: QAbstractItemModel, parent: QModelIndex, rows: int, out: list[str]) -> None:
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(parent)
    for row in range(min(model.rowCount(parent), rows)):
        for column in range(columns):
            index = model.index(row, column, parent)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = index.data(role)
                if isinstance(value, str) and value:
                    out.append(value)
            if column == 0 and not isinstance(model, QAbstractListModel) and model.rowCount(index):
                _model_texts(model, index, rows, out)


def _header_texts(model: QAbstractItemModel, out: list[str]) -> None:
    if isinstance(model, QAbstractListModel):
        return
    for orientation, count in ((Qt.Orientation.Horizontal, model.columnCount()), (Qt.Orientation.Vertical, 0)):
        for section in range(count):
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.headerData(section, orientation, role)
                if isinstance(value, str) and value:
                    out.append(value)


def texts_of(widget: QWidget) -> list[str]:
    out: list[str] = []
    if widget.toolTip():
        out.append(widget.toolTip())
    if widget.isWindow() and widget.windowTitle():
        out.append(widget.windowTitle())
    if isinstance(widget, (QLabel, QAbstractButton)):
        out.append(widget.text())
    elif isinstance(widget, QGroupBox):
        out.append(widget.title())
    elif isinstance(widget, QLineEdit):
        out += [widget.text(), widget.placeholderText()]
    elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
        out += [widget.toPlainText(), widget.placeholderText()]
    elif isinstance(widget, QAbstractSpinBox):  # date pickers show their date as text
        out.append(widget.text())
    elif isinstance(widget, QComboBox):
        out += [widget.itemText(i) for i in range(widget.count())]
    elif isinstance(widget, QTabBar):
        out += [widget.tabText(i) for i in range(widget.count())] + [
            widget.tabToolTip(i) for i in range(widget.count())
        ]
    elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model = widget.model()
        _model_texts(model, widget.rootIndex(), ROWS_READ, out)
        _header_texts(model, out)
    return [plain(t) for t in out if t]


def shown_texts(root: QWidget, where: str) -> list[Shown]:
    """The text of every widget under ``root`` that is on screen (visible to ``root``)."""
    widgets = [root, *root.findChildren(QWidget)]
    out: list[Shown] = []
    for widget in widgets:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        if type(widget).__name__ in ("QCalendarWidget", "QCalendarView"):
            continue
        name = widget.objectName() or type(widget).__name__
        out += [Shown(f"{where} › {name}", text) for text in texts_of(widget)]
    return out


def problems(shown: list[Shown]) -> list[str]:
    """Each piece of text that breaks a rule, with where it is and the words around it."""
    found: list[str] = []
    for item in shown:
        for line in item.text.splitlines():
            for rule, pattern in (
                ("ISO date", ISO_DATE),
                ('"(s)" plural', PLURAL_S),
                ("plural for one", ONE_MANY),
                ("stored key", STORED_KEY),
            ):
                for match in pattern.finditer(line):
                    token = _token_around(line, match.start(), match.end())
                    if ALLOWED_TOKEN.search(token):
                        continue
                    around = line[max(0, match.start() - 60) : match.end() + 60].strip()
                    found.append(f"{rule} in {item.where}: {around!r}")
    return sorted(set(found))


def _token_around(line: str, start: int, end: int) -> str:
    """The whitespace-separated word (or quoted file name) the match sits in."""
    left = line.rfind(" ", 0, start) + 1
    right = line.find(" ", end)
    token = line[left : right if right != -1 else len(line)]
    # A file name may hold spaces ("Communication log - 2026-11-27.csv"): look on to the end of the line too.
    return token + " " + line[end:]
