"""The app's look: one light stylesheet (resources/style/app.qss) and the colours shared by tables and grids.

Register colours follow the statistical category of a code, not the code itself, so the grid reads the same
under both code sets. Each colour pairs a pale fill with dark text (readable, and printable in greyscale).
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QApplication

from attendance_desk.paths import resource_path

CATEGORY_COLOURS: dict[str, tuple[str, str]] = {
    # category: (fill, text)
    "PRESENT": ("#dcefe1", "#1d4d2b"),
    "AEA": ("#dde8f6", "#1f3f66"),
    "AUTHORISED": ("#fbeccb", "#6b4a05"),
    "UNAUTHORISED": ("#f6d3d1", "#7a1c16"),
    "NOT_POSSIBLE": ("#e9e9ec", "#4a4a52"),
    "": ("#ffffff", "#7a1c16"),  # a code not in the code set for its date
}
CATEGORY_LABELS: dict[str, str] = {
    "PRESENT": "Present (including late before the register closed)",
    "AEA": "Approved educational activity",
    "AUTHORISED": "Authorised absence",
    "UNAUTHORISED": "Unauthorised absence (including late after the register closed)",
    "NOT_POSSIBLE": "Not a possible session (not counted)",
}
BAND_COLOURS: dict[str, str] = {
    "expected": "#1d4d2b",
    "at_risk": "#7a4f00",
    "persistent": "#a23b12",
    "severe": "#7a1c16",
}
RESTRICTED_TEXT = "#7a1c16"
MUTED_TEXT = "#5b6170"

_fill_cache: dict[str, tuple[QColor, QColor]] = {}


def category_brushes(category: str) -> tuple[QColor, QColor]:
    """(fill, text) colours for a register category, made once each."""
    pair = _fill_cache.get(category)
    if pair is None:
        fill, text = CATEGORY_COLOURS.get(category, CATEGORY_COLOURS[""])
        pair = (QColor(fill), QColor(text))
        _fill_cache[category] = pair
    return pair


def apply_theme(app: QApplication) -> None:
    """The Fusion style with our stylesheet; a readable default font size for 1366×768 office screens."""
    app.setStyle("Fusion")
    font = QFont(app.font())
    font.setPointSizeF(max(font.pointSizeF(), 10.0))
    app.setFont(font)
    app.setStyleSheet(resource_path("style", "app.qss").read_text(encoding="utf-8"))


# Backgrounds text is drawn on in tables: plain rows, alternate rows, the selection (resources/style/app.qss).
TABLE_BACKGROUNDS: tuple[str, ...] = ("#ffffff", "#f7f8fa", "#cfe0f3")
MINIMUM_CONTRAST = 4.5  # WCAG 2.2 AA for normal text


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` colour."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """The WCAG contrast ratio of two ``#rrggbb`` colours, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
