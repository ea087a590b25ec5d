"""Layouts that reflow on a narrow window. ``FlowLayout`` lines its widgets up left to right and wraps them onto
the next line when the width runs out.

Used for rows of buttons and filters at the top of pages: on a narrow window (1366×768 at 150% scaling leaves
about 700 pixels for a page) they wrap instead of pushing the page wider than the window, so nothing scrolls
sideways. Qt has no such layout built in; this follows the flow layout of Qt's own examples.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLayout, QLayoutItem, QSplitter, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 8, line_spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._line_spacing = line_spacing
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        """Everything on one line (what the layout would like); it wraps when given less."""
        hints = [item.sizeHint() for item in self._visible()]
        width = sum(h.width() for h in hints) + self.spacing() * max(len(hints) - 1, 0)
        height = max((h.height() for h in hints), default=0)
        return QSize(width, height).grownBy(self.contentsMargins())

    def minimumSize(self) -> QSize:
        """The widest single item: never wider, however many there are."""
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        return size.grownBy(self.contentsMargins())

    def _visible(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty() and item.widget() is not None]

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        """Place the items line by line (each centred in its line's height); return the height used."""
        margins: QMargins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        lines: list[list[tuple[QLayoutItem, QSize]]] = [[]]
        x = area.x()
        for item in self._visible():
            hint = item.sizeHint()
            size = QSize(min(hint.width(), area.width()), hint.height())
            if lines[-1] and x + size.width() > area.right() + 1:  # no room left on this line: start the next
                lines.append([])
                x = area.x()
            lines[-1].append((item, size))
            x += size.width() + self.spacing()
        y = area.y()
        for line in lines:
            height = max((size.height() for _item, size in line), default=0)
            x = area.x()
            for item, size in line:
                if move:
                    item.setGeometry(QRect(QPoint(x, y + (height - size.height()) // 2), size))
                x += size.width() + self.spacing()
            y += height + self._line_spacing
        used = y - self._line_spacing if any(lines) else y
        return used - rect.y() + margins.bottom()


def _least(widget: QWidget) -> QSize:
    """The smallest size a layout will give ``widget``: its minimum size where set, else its minimum size hint."""
    hint, fixed = widget.minimumSizeHint(), widget.minimumSize()
    return QSize(fixed.width() or hint.width(), fixed.height() or hint.height())


class ReflowSplitter(QSplitter):
    """Panes side by side when the window has room for them, one above the other when it has not.

    Its minimum width is the widest pane's (not the sum), so a page holding it never has to scroll sideways;
    when it is given less than the panes need side by side, it turns vertical (the page then scrolls down).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setChildrenCollapsible(False)

    def _panes(self) -> list[QWidget]:
        return [w for i in range(self.count()) if (w := self.widget(i)) is not None and not w.isHidden()]

    def side_by_side_width(self) -> int:
        panes = self._panes()
        return sum(_least(w).width() for w in panes) + self.handleWidth() * max(len(panes) - 1, 0)

    def minimumSizeHint(self) -> QSize:
        panes = self._panes()
        width = max((_least(w).width() for w in panes), default=0)
        heights = [_least(w).height() for w in panes]
        if self.orientation() == Qt.Orientation.Vertical:
            height = sum(heights) + self.handleWidth() * max(len(heights) - 1, 0)
        else:
            height = max(heights, default=0)
        return QSize(width, height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        wanted = self.side_by_side_width()
        horizontal = self.orientation() == Qt.Orientation.Horizontal
        if horizontal and event.size().width() < wanted:
            self.setOrientation(Qt.Orientation.Vertical)
            self.updateGeometry()
        elif not horizontal and event.size().width() >= wanted + 40:  # a little room to spare: no flicker
            self.setOrientation(Qt.Orientation.Horizontal)
            self.updateGeometry()
        super().resizeEvent(event)
