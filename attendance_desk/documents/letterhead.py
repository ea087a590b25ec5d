"""The school's letterhead: logo, name, address and contact details across the top of a first page, and a slim
continuation header on the pages after it.

Plain data in (:class:`Letterhead`), drawing on a ReportLab canvas out. Build a ``Letterhead`` from the school
settings in a service (``services.letters.data.letterhead_for`` does it) and hand it to
:func:`attendance_desk.documents.page.render_document`, which calls these functions for you; call them directly
only from your own ``PageTemplate.onPage`` handler::

    draw_letterhead(canvas, letterhead)                         # first page: top 40 mm
    draw_continuation_header(canvas, letterhead, "Zofia Nowak: registration certificate")  # later pages

Everything the letterhead draws stays above :data:`LETTERHEAD_BOTTOM` (42 mm from the top edge), which keeps
the address window of a DL envelope (from about 45 mm down) free for the recipient.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from attendance_desk.documents.fonts import SANS, SANS_BOLD, register_fonts, text_width

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 20 * mm
LETTERHEAD_BOTTOM = 42 * mm  # from the top edge
CONTINUATION_BOTTOM = 20 * mm
ACCENT = colors.HexColor("#1F4E79")
RULE = colors.HexColor("#8FA9C4")
LOGO_MAX_WIDTH = 32 * mm
LOGO_MAX_HEIGHT = 26 * mm


class LogoError(ValueError):
    """The stored logo or signature image cannot be read as a picture."""


@dataclass(frozen=True, slots=True)
class Letterhead:
    school_name: str
    address_lines: tuple[str, ...] = ()
    phone: str = ""
    email: str = ""
    website: str = ""
    head_teacher: str = ""
    logo: bytes | None = None

    @property
    def contact_line(self) -> str:
        parts = [f"Tel {self.phone}" if self.phone else "", self.email, self.website]
        return "  ·  ".join(p for p in parts if p)


def image_reader(data: bytes, what: str = "image") -> ImageReader:
    """An ImageReader over PNG/JPEG bytes, or :class:`LogoError` naming what could not be read."""
    try:
        reader = ImageReader(BytesIO(data))
        reader.getSize()
    except Exception as exc:  # Pillow raises several unrelated types for a bad file
        raise LogoError(f"the {what} could not be read as a PNG or JPEG picture ({exc})") from exc
    return reader


def fit_image(reader: ImageReader, max_width: float, max_height: float) -> tuple[float, float]:
    """Width and height that fit the box while keeping the picture's proportions."""
    width, height = reader.getSize()
    scale = min(max_width / width, max_height / height)
    return width * scale, height * scale


def _fit_font(text: str, font: str, size: float, width: float, smallest: float = 7) -> float:
    while size > smallest and text_width(text, font, size) > width:
        size -= 0.5
    return size


def draw_letterhead(canvas: Canvas, letterhead: Letterhead) -> None:
    """Draw the full letterhead in the top 42 mm of the current page."""
    register_fonts()
    canvas.saveState()
    top = PAGE_HEIGHT - 12 * mm
    text_x = MARGIN_X
    if letterhead.logo:
        reader = image_reader(letterhead.logo, "school logo")
        width, height = fit_image(reader, LOGO_MAX_WIDTH, LOGO_MAX_HEIGHT)
        canvas.drawImage(reader, MARGIN_X, top - height, width, height, mask="auto")
        text_x = MARGIN_X + width + 6 * mm
    available = PAGE_WIDTH - MARGIN_X - text_x
    name_size = _fit_font(letterhead.school_name, SANS_BOLD, 16, available)
    canvas.setFillColor(ACCENT)
    canvas.setFont(SANS_BOLD, name_size)
    canvas.drawString(text_x, top - 5 * mm, letterhead.school_name)
    canvas.setFillColor(colors.black)
    y = top - 11 * mm
    for line in _address_rows(letterhead.address_lines, available):
        canvas.setFont(SANS, _fit_font(line, SANS, 8.5, available))
        canvas.drawString(text_x, y, line)
        y -= 4 * mm
    if letterhead.contact_line:
        canvas.setFont(SANS, _fit_font(letterhead.contact_line, SANS, 8.5, available))
        canvas.drawString(text_x, y, letterhead.contact_line)
        y -= 4 * mm
    if letterhead.head_teacher:
        canvas.setFont(SANS, 8.5)
        canvas.drawString(text_x, y, f"Head teacher: {letterhead.head_teacher}")
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.8)
    rule_y = PAGE_HEIGHT - LETTERHEAD_BOTTOM + 2 * mm
    canvas.line(MARGIN_X, rule_y, PAGE_WIDTH - MARGIN_X, rule_y)
    canvas.restoreState()


def _address_rows(lines: tuple[str, ...], width: float) -> list[str]:
    """The school address on one line when it fits, else two balanced lines."""
    joined = ", ".join(lines)
    if not joined or text_width(joined, SANS, 8.5) <= width:
        return [joined] if joined else []
    half = (len(lines) + 1) // 2
    return [", ".join(lines[:half]), ", ".join(lines[half:])]


def draw_continuation_header(canvas: Canvas, letterhead: Letterhead, text: str) -> None:
    """Draw the slim header of a continuation page: school name left, ``text`` right, a rule under both."""
    register_fonts()
    canvas.saveState()
    y = PAGE_HEIGHT - 13 * mm
    canvas.setFillColor(ACCENT)
    canvas.setFont(SANS_BOLD, 8.5)
    canvas.drawString(MARGIN_X, y, letterhead.school_name)
    canvas.setFillColor(colors.black)
    width = PAGE_WIDTH - 2 * MARGIN_X - text_width(letterhead.school_name, SANS_BOLD, 8.5) - 8 * mm
    canvas.setFont(SANS, _fit_font(text, SANS, 8.5, width, smallest=6))
    canvas.drawRightString(PAGE_WIDTH - MARGIN_X, y, text)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN_X, y - 2.5 * mm, PAGE_WIDTH - MARGIN_X, y - 2.5 * mm)
    canvas.restoreState()
