"""The embedded TrueType fonts every document uses.

ReportLab's built-in PDF fonts (Helvetica, Times) only cover Latin-1, so a Welsh ŵ/ŷ or a Polish ł/ś/ż would print
as a black box. We embed DejaVu Sans and DejaVu Serif (bundled in ``resources/fonts`` with their licence) instead;
ReportLab subsets them, so each PDF carries only the glyphs it uses.

Usage::

    from attendance_desk.documents.fonts import SANS, SANS_BOLD, register_fonts
    register_fonts()                 # idempotent and cheap after the first call
    canvas.setFont(SANS_BOLD, 12)    # or fontName=SANS in a ParagraphStyle

``<b>`` and ``<i>`` inside a Paragraph pick the bold and italic faces because the families are registered.
"""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from attendance_desk.paths import resource_path

SANS = "DejaVuSans"
SANS_BOLD = "DejaVuSans-Bold"
SANS_ITALIC = "DejaVuSans-Oblique"
SANS_BOLD_ITALIC = "DejaVuSans-BoldOblique"
SERIF = "DejaVuSerif"
SERIF_BOLD = "DejaVuSerif-Bold"
SERIF_ITALIC = "DejaVuSerif-Italic"
SERIF_BOLD_ITALIC = "DejaVuSerif-BoldItalic"

_FAMILIES = {
    SANS: (SANS, SANS_BOLD, SANS_ITALIC, SANS_BOLD_ITALIC),
    SERIF: (SERIF, SERIF_BOLD, SERIF_ITALIC, SERIF_BOLD_ITALIC),
}
_lock = threading.Lock()
_registered = False


class FontMissingError(RuntimeError):
    """A bundled font file is missing: the installation is incomplete."""


def register_fonts() -> None:
    """Register both families with ReportLab (once per process; safe from worker threads)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for family, faces in _FAMILIES.items():
            for face in faces:
                path = resource_path("fonts", f"{face}.ttf")
                if not path.is_file():
                    raise FontMissingError(f"the font file {path} is missing; reinstall Attendance Desk")
                pdfmetrics.registerFont(TTFont(face, str(path)))
            regular, bold, italic, bold_italic = faces
            addMapping(family, 0, 0, regular)
            addMapping(family, 1, 0, bold)
            addMapping(family, 0, 1, italic)
            addMapping(family, 1, 1, bold_italic)
        _registered = True


def text_width(text: str, font: str, size: float) -> float:
    """Width in points of ``text`` set in ``font`` at ``size`` (fonts registered on demand)."""
    register_fonts()
    return pdfmetrics.stringWidth(text, font, size)
