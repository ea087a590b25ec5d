"""Charts for the termly pack, drawn with ReportLab's own graphics (vector, no image files, no extra library)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors

from attendance_desk.documents.fonts import register_fonts

SANS = "DejaVuSans"
THIS_YEAR = colors.HexColor("#1F4E79")
LAST_YEAR = colors.HexColor("#9DB7D5")
NATIONAL = colors.HexColor("#C55A11")
TARGET = colors.HexColor("#2E7D32")
BAR = colors.HexColor("#4F81BD")
BELOW = colors.HexColor("#C0504D")


def _axis_font(axis: object, size: float = 7) -> None:
    labels = axis.labels  # type: ignore[attr-defined]
    labels.fontName = SANS
    labels.fontSize = size


def trend_chart(
    width: float,
    height: float,
    this_year: Sequence[float | None],
    last_year: Sequence[float | None],
    national: float | None,
    target: float | None = None,
    forecast: Sequence[float] = (),
) -> Drawing:
    """Weekly attendance (%) by school week: this year, last year, a national line, and the target if set."""
    register_fonts()
    drawing = Drawing(width, height)
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 34, 30, int(width - 44), int(height - 52)
    series: list[list[tuple[float, float]]] = []
    styles: list[tuple[colors.Color, float, object]] = []
    legend: list[tuple[colors.Color, str]] = []
    weeks = max(len(this_year) + len(forecast), len(last_year), 1)

    def add(points: list[tuple[float, float]], colour: colors.Color, width_: float, dash: object, name: str) -> None:
        if points:
            series.append(points)
            styles.append((colour, width_, dash))
            legend.append((colour, name))

    add([(i + 1, v) for i, v in enumerate(last_year) if v is not None], LAST_YEAR, 1.2, None, "Last year")
    add([(i + 1, v) for i, v in enumerate(this_year) if v is not None], THIS_YEAR, 2, None, "This year")
    add(
        [(len(this_year) + i + 1, v) for i, v in enumerate(forecast)],
        THIS_YEAR,
        1,
        (2, 2),
        "Forecast",
    )
    if national is not None:
        add([(1, national), (weeks, national)], NATIONAL, 1, (4, 2), "National")
    if target is not None:
        add([(1, target), (weeks, target)], TARGET, 1, (1, 2), "Target")
    values = [y for points in series for _x, y in points] or [90.0, 100.0]
    plot.data = series or [[(1, 95.0)]]
    for i, (colour, line_width, dash) in enumerate(styles):
        plot.lines[i].strokeColor = colour
        plot.lines[i].strokeWidth = line_width
        if dash:
            plot.lines[i].strokeDashArray = dash
        if i == 1 and len(this_year) <= 20:
            plot.lines[i].symbol = makeMarker("FilledCircle", size=2.5)  # type: ignore[no-untyped-call]
    plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = 1, weeks
    plot.xValueAxis.valueStep = 1 if weeks <= 15 else 5
    low = max(0.0, float(int(min(values) - 1)))
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax = low, 100
    plot.yValueAxis.valueStep = 1 if 100 - low <= 12 else 5
    _axis_font(plot.xValueAxis)
    _axis_font(plot.yValueAxis)
    drawing.add(plot)
    drawing.add(String(plot.x + plot.width / 2, 8, "School week", fontName=SANS, fontSize=7, textAnchor="middle"))
    drawing.add(String(4, plot.y + plot.height + 6, "%", fontName=SANS, fontSize=7))
    key = Legend()
    key.x, key.y = plot.x + 10, int(height - 2)
    key.fontName, key.fontSize = SANS, 7
    key.alignment = "right"
    key.columnMaximum = 1
    key.dx, key.dy, key.deltax = 8, 6, 70
    key.colorNamePairs = legend
    drawing.add(key)
    return drawing


def bar_chart(width: float, height: float, labels: Sequence[str], values: Sequence[int], axis_title: str) -> Drawing:
    """Pupils per band (or any counts), one bar each."""
    register_fonts()
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 34, 30, int(width - 44), int(height - 44)
    chart.data = [list(values) or [0]]
    chart.categoryAxis.categoryNames = list(labels) or [""]
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    chart.valueAxis.valueMin = 0
    top = max(values, default=0)
    chart.valueAxis.valueMax = max(top * 1.15, 1)
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName, chart.barLabels.fontSize = SANS, 6.5
    chart.barLabels.nudge = 5
    _axis_font(chart.categoryAxis, 6.5)
    _axis_font(chart.valueAxis)
    drawing.add(chart)
    drawing.add(String(chart.x + chart.width / 2, 6, axis_title, fontName=SANS, fontSize=7, textAnchor="middle"))
    return drawing


def gap_chart(width: float, labels: Sequence[str], gaps: Sequence[float]) -> Drawing:
    """Each group's attendance gap to the rest of the school, in percentage points (below zero in red)."""
    register_fonts()
    rows = max(len(labels), 1)
    height = 24 + rows * 13
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 150, 16, int(width - 170), int(height - 22)
    chart.data = [list(gaps) or [0.0]]
    chart.categoryAxis.categoryNames = list(labels) or [""]
    chart.categoryAxis.reverseDirection = True
    chart.categoryAxis.joinAxisMode = "left"  # names stay at the left edge, clear of bars below zero
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    for i, gap in enumerate(gaps):
        if gap < 0:
            chart.bars[(0, i)].fillColor = BELOW
    bound = max((abs(g) for g in gaps), default=1.0)
    bound = max(1.0, float(int(bound) + 1))
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = -bound, bound
    chart.valueAxis.valueStep = max(1, int(bound / 4)) if bound > 4 else 1
    chart.barLabelFormat = lambda v: f"{v:+.1f}".replace("-0.0", "0.0").replace("+0.0", "0.0")
    chart.barLabels.fontName, chart.barLabels.fontSize = SANS, 6.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    _axis_font(chart.categoryAxis, 7)
    _axis_font(chart.valueAxis)
    drawing.add(chart)
    drawing.add(
        String(
            chart.x + chart.width / 2,
            2,
            "Gap to the rest of the school (percentage points)",
            fontName=SANS,
            fontSize=7,
            textAnchor="middle",
        )
    )
    return drawing
