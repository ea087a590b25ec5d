"""Charts on the Reports page, drawn with pyqtgraph.

pyqtgraph is a well-kept plotting library built on Qt's own graphics view; it works with PySide6-Essentials (QtCharts
would need the 200 MB PySide6-Addons, matched to the exact Qt version). Importing it (with numpy) costs about 0.3 s,
paid once when the Reports page is first opened, never at start-up.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QVBoxLayout, QWidget

pg.setConfigOptions(antialias=True, background="w", foreground="#333333")

THIS_YEAR = "#1F4E79"
LAST_YEAR = "#9DB7D5"
NATIONAL = "#C55A11"
TARGET = "#2E7D32"
BAR = "#4F81BD"
BELOW = "#C0504D"


def _tick_font(item: pg.PlotItem, size: int = 8) -> None:
    font = QFont()
    font.setPointSize(size)
    for name in ("left", "bottom"):
        item.getAxis(name).setStyle(tickFont=font)


def _plot(title: str, left: str, bottom: str) -> pg.PlotWidget:
    widget = pg.PlotWidget()
    widget.setMenuEnabled(False)
    widget.setMouseEnabled(x=False, y=False)
    widget.hideButtons()
    item = widget.getPlotItem()
    item.setTitle(title, size="10pt")
    item.setLabel("left", left)
    item.setLabel("bottom", bottom)
    item.showGrid(x=False, y=True, alpha=0.2)
    _tick_font(item)
    return widget


class TrendChart(QWidget):
    """Weekly attendance: this year, last year, national and target lines, and the forecast."""

    def __init__(self, title: str = "Weekly attendance", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = _plot(title, "Attendance %", "School week")
        self.legend = self.plot.getPlotItem().addLegend(offset=(8, 4), colCount=5, labelTextSize="8pt")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)

    def show_weeks(
        self,
        this_year: Sequence[float | None],
        last_year: Sequence[float | None],
        national: float | None,
        target: float | None = None,
        forecast: Sequence[float] = (),
        forecast_label: str = "Forecast",
    ) -> None:
        item = self.plot.getPlotItem()
        item.clear()
        self.legend.clear()
        weeks = max(len(this_year) + len(forecast), len(last_year), 1)

        def line(values: Sequence[float | None], start: int, colour: str, width: float, name: str, dash: bool) -> None:
            points = [(start + i, v) for i, v in enumerate(values) if v is not None]
            if not points:
                return
            pen = pg.mkPen(QColor(colour), width=width, style=Qt.PenStyle.DashLine if dash else Qt.PenStyle.SolidLine)
            symbol = "o" if not dash and name == "This year" else None
            item.plot(
                [p[0] for p in points],
                [p[1] for p in points],
                pen=pen,
                name=name,
                symbol=symbol,
                symbolSize=5,
                symbolBrush=colour,
                symbolPen=None,
            )

        line(last_year, 1, LAST_YEAR, 1.5, "Last year", False)
        line(this_year, 1, THIS_YEAR, 2.5, "This year", False)
        line(forecast, len(this_year) + 1, THIS_YEAR, 1.5, forecast_label, True)
        if national is not None:
            line([national, national], 1, NATIONAL, 1.5, "National", True)
            item.listDataItems()[-1].setData([1, weeks], [national, national])
        if target is not None:
            line([target, target], 1, TARGET, 1.5, "Target", True)
            item.listDataItems()[-1].setData([1, weeks], [target, target])
        values = [v for v in (*this_year, *last_year, *forecast, national, target) if v is not None]
        low = min(values, default=90.0)
        item.setYRange(max(0.0, low - 1), 100, padding=0)
        item.setXRange(1, weeks, padding=0.02)


class BandsChart(QWidget):
    """Pupils per DfE band as bars; clicking a bar emits its band key."""

    band_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = _plot("Pupils by absence band (DfE 5% bands): click a bar for its pupils", "Pupils", "Absence %")
        _tick_font(self.plot.getPlotItem(), 7)
        self.keys: list[str] = []
        self.bars: pg.BarGraphItem | None = None
        self.plot.scene().sigMouseClicked.connect(self._clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)

    def show_bands(self, keys: Sequence[str], labels: Sequence[str], counts: Sequence[int]) -> None:
        item = self.plot.getPlotItem()
        item.clear()
        self.keys = list(keys)
        xs = list(range(len(keys)))
        self.bars = pg.BarGraphItem(x=xs, height=list(counts), width=0.7, brush=QColor(BAR), pen=None)
        item.addItem(self.bars)
        font = QFont()
        font.setPointSize(8)
        for x, count in zip(xs, counts, strict=True):
            text = pg.TextItem(str(count), color="#333333", anchor=(0.5, 1))
            text.setFont(font)
            text.setPos(x, count)
            item.addItem(text)
        item.getAxis("bottom").setTicks([list(zip(xs, labels, strict=True))])
        item.setYRange(0, max(max(counts, default=0) * 1.15, 1), padding=0)
        item.setXRange(-0.6, len(keys) - 0.4, padding=0)

    def bar_at(self, x: float) -> str | None:
        index = round(x)
        if 0 <= index < len(self.keys) and abs(x - index) <= 0.35:
            return self.keys[index]
        return None

    def _clicked(self, event: object) -> None:
        position = event.scenePos()  # type: ignore[attr-defined]
        view = self.plot.getPlotItem().vb
        if not view.sceneBoundingRect().contains(position):
            return
        key = self.bar_at(view.mapSceneToView(position).x())
        if key is not None:
            self.band_clicked.emit(key)


class GapChart(QWidget):
    """Each group's attendance gap to the rest of the school, in percentage points."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = _plot("Attendance gap to the rest of the school", "", "Percentage points")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)

    def show_gaps(self, labels: Sequence[str], gaps: Sequence[float]) -> None:
        item = self.plot.getPlotItem()
        item.clear()
        ys = list(range(len(labels)))
        brushes = [QColor(BELOW if g < 0 else BAR) for g in gaps]
        item.addItem(pg.BarGraphItem(x0=0, y=ys, width=list(gaps), height=0.7, brushes=brushes, pen=None))
        item.getAxis("left").setTicks([list(zip(ys, labels, strict=True))])
        item.getViewBox().invertY(True)
        bound = max((abs(g) for g in gaps), default=1.0) + 0.5
        item.setXRange(-bound, bound, padding=0)
        item.setYRange(-0.6, max(len(labels) - 0.4, 0.6), padding=0)
        item.addLine(x=0, pen=pg.mkPen("#666666", width=1))
