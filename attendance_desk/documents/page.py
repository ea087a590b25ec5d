"""Page layout shared by every document: paragraph styles, tables, signature blocks, page numbers, continuation
headers and deterministic PDF output.

The simplest use (a form, a report, an evidence sheet)::

    from attendance_desk.documents import page
    s = page.styles()
    story = [
        page.para("Attendance contract", s.title),
        page.para("Agreed on 3 March 2026 between …", s.body),       # text is escaped for you
        page.table([["Action", "Who", "By"], ["Walk to school", "Mum", "10/03/2026"]], [90, 40, 40]),  # widths mm
        *page.signature_block("Dana Whitfield", "Attendance lead", signature_png_or_None, s),
    ]
    pdf_bytes = page.render_document(story, letterhead=letterhead, title="Attendance contract",
                                     continuation="Attendance contract: Zofia Nowak")

``render_document`` draws the letterhead on the first page, the continuation header on later pages and
"Page i of n" at the foot of every page. Several documents can share one PDF, each numbered on its own: start
each one after the first with ``*page.new_part("header text for its continuation pages")``.

Output is deterministic: the same story gives the same bytes (ReportLab's invariant mode fixes the creation date
and document id), which is what lets the evidence archive prove a reprint is identical.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, partial
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from attendance_desk.documents.fonts import SANS, SANS_BOLD, register_fonts
from attendance_desk.documents.letterhead import (
    CONTINUATION_BOTTOM,
    LETTERHEAD_BOTTOM,
    MARGIN_X,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Letterhead,
    draw_continuation_header,
    draw_letterhead,
    fit_image,
    image_reader,
)

MARGIN_BOTTOM = 18 * mm
BODY_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
GRID = colors.HexColor("#9AA5B1")
HEADER_FILL = colors.HexColor("#DCE6F0")
ZEBRA_FILL = colors.HexColor("#F3F6F9")
FIRST = "first"
LATER = "later"


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    heading: ParagraphStyle
    subject: ParagraphStyle
    body: ParagraphStyle
    bullet: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_centre: ParagraphStyle
    address: ParagraphStyle
    right: ParagraphStyle


@cache
def styles(base_size: float = 10) -> Styles:
    """The house paragraph styles (DejaVu Sans; ``base_size`` is the body text size in points)."""
    register_fonts()
    body = ParagraphStyle(
        "body", fontName=SANS, bulletFontName=SANS, fontSize=base_size, leading=base_size * 1.38, spaceAfter=6
    )
    small = ParagraphStyle("small", parent=body, fontSize=base_size - 2, leading=(base_size - 2) * 1.3, spaceAfter=2)
    cell = ParagraphStyle("cell", parent=body, fontSize=base_size - 1.5, leading=(base_size - 1.5) * 1.25, spaceAfter=0)
    return Styles(
        title=ParagraphStyle(
            "title",
            parent=body,
            fontName=SANS_BOLD,
            fontSize=base_size + 5,
            leading=(base_size + 5) * 1.25,
            spaceAfter=8,
            textColor=colors.HexColor("#1F4E79"),
        ),
        heading=ParagraphStyle(
            "heading",
            parent=body,
            fontName=SANS_BOLD,
            fontSize=base_size + 1,
            leading=(base_size + 1) * 1.3,
            spaceBefore=6,
            spaceAfter=4,
        ),
        subject=ParagraphStyle("subject", parent=body, fontName=SANS_BOLD, spaceBefore=2, spaceAfter=8),
        body=body,
        bullet=ParagraphStyle("bullet", parent=body, leftIndent=14, bulletIndent=3, spaceAfter=3),
        small=small,
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=SANS_BOLD),
        cell_centre=ParagraphStyle("cell_centre", parent=cell, alignment=TA_CENTER),
        address=ParagraphStyle(
            "address", parent=body, fontSize=base_size - 0.5, leading=(base_size - 0.5) * 1.18, spaceAfter=0
        ),
        right=ParagraphStyle("right", parent=body, alignment=TA_RIGHT, spaceAfter=0),
    )


def esc(text: str) -> str:
    """Escape text for a ReportLab Paragraph (which reads a small XML markup)."""
    return escape(text)


def para(text: str, style: ParagraphStyle, *, markup: bool = False) -> Paragraph:
    """A paragraph of plain ``text`` (escaped), or of ReportLab markup when ``markup`` is true."""
    return Paragraph(text if markup else esc(text).replace("\n", "<br/>"), style)


def table(
    rows: Sequence[Sequence[Any]],
    col_widths_mm: Sequence[float],
    *,
    header_rows: int = 1,
    zebra: bool = True,
    style: ParagraphStyle | None = None,
    extra: Sequence[tuple[Any, ...]] = (),
) -> Table:
    """A ruled table. Strings become wrapped paragraphs; header rows repeat on each new page.

    ``extra`` adds TableStyle commands (e.g. ``("ALIGN", (1, 0), (-1, -1), "CENTER")``).
    """
    s = styles()
    cell_style = style or s.cell
    data = [
        [para(v, s.cell_bold if r < header_rows else cell_style) if isinstance(v, str) else v for v in row]
        for r, row in enumerate(rows)
    ]
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL))
    if zebra:
        commands.extend(("BACKGROUND", (0, r), (-1, r), ZEBRA_FILL) for r in range(header_rows + 1, len(rows), 2))
    commands.extend(extra)
    return Table(
        data,
        colWidths=[w * mm for w in col_widths_mm],
        repeatRows=header_rows,
        style=TableStyle(commands),
        hAlign="LEFT",
    )


def signature_block(
    name: str,
    position: str,
    signature: bytes | None,
    s: Styles | None = None,
    *,
    sign_off: str = "",
    keep_together: bool = True,
) -> list[Flowable]:
    """Sign-off, the signature picture (or a line to sign on in ink), name and position, kept on one page.

    Pass ``keep_together=False`` when you wrap the block in your own ``KeepTogether`` (nesting them misbehaves).
    """
    s = s or styles()
    parts: list[Flowable] = []
    if sign_off:
        parts.append(para(sign_off, s.body))
    if signature:
        reader = image_reader(signature, "signature image")
        width, height = fit_image(reader, 55 * mm, 18 * mm)
        # platypus.Image wants a file name or a file object; an ImageReader fails at build time (TypeError).
        parts.append(Image(BytesIO(signature), width=width, height=height, hAlign="LEFT"))
    else:
        parts.append(Spacer(1, 12 * mm))
        parts.append(_SigningLine(60 * mm))
    parts.append(Spacer(1, 1.5 * mm))
    parts.append(para(f"<b>{esc(name)}</b>" + (f"<br/>{esc(position)}" if position else ""), s.body, markup=True))
    return [KeepTogether(parts)] if keep_together else parts


class _SigningLine(Flowable):
    def __init__(self, width: float) -> None:
        super().__init__()
        self.width = width
        self.height = 1

    def draw(self) -> None:
        self.canv.setLineWidth(0.6)
        self.canv.line(0, 0, self.width, 0)


class PartStart(Flowable):
    """Marks where one document of a combined PDF begins: pages are numbered per part, the continuation header
    of the part's later pages reads ``header``, and ``payload`` (any object) is left on the canvas as
    ``canvas._ad_payload`` for a page template's ``onPageEnd`` to draw from. Takes no space."""

    def __init__(self, header: str, footer: str = "", payload: object = None, *, new_group: bool = True) -> None:
        super().__init__()
        self.header = header
        self.footer = footer
        self.payload = payload
        self.new_group = new_group  # False for an enclosure that belongs with the part before it
        self.width = self.height = 0

    def draw(self) -> None:
        canvas = self.canv
        canvas._ad_part = getattr(canvas, "_ad_part", 0) + 1  # type: ignore[attr-defined]
        canvas._ad_header = self.header  # type: ignore[attr-defined]
        canvas._ad_footer = self.footer  # type: ignore[attr-defined]
        canvas._ad_payload = self.payload  # type: ignore[attr-defined]
        if self.new_group:
            canvas._ad_group = getattr(canvas, "_ad_group", 0) + 1  # type: ignore[attr-defined]


def new_part(
    header: str, footer: str = "", *, template: str = "first", payload: object = None, new_group: bool = True
) -> list[Flowable]:
    """Flowables that start the next document of a combined PDF on a fresh page of ``template``."""
    return [NextPageTemplate(template), PageBreak(), PartStart(header, footer, payload, new_group=new_group)]


class NumberedCanvas(Canvas):
    """Holds pages back until the end so each can say "Page i of n" within its own part."""

    def __init__(self, *args: Any, group_pages: list[int] | None = None, **kwargs: Any) -> None:
        if not kwargs.get("initialFontName"):
            kwargs["initialFontName"] = SANS  # otherwise every page names an unused, unembedded Helvetica
        super().__init__(*args, **kwargs)
        self._held: list[tuple[dict[str, Any], int, str]] = []
        self._group_pages = group_pages
        self._page_groups: list[int] = []
        self._ad_group = 0
        self._ad_part = 0
        self._ad_header = ""
        self._ad_footer = ""

    def showPage(self) -> None:
        self._held.append((dict(self.__dict__), self._ad_part, self._ad_footer))
        self._page_groups.append(self._ad_group)
        self._startPage()  # type: ignore[attr-defined]  # ReportLab's own reset; untyped in its stubs

    def save(self) -> None:
        if self._group_pages is not None:
            self._group_pages.extend(Counter(self._page_groups).values())  # pages per group, in order
        totals = Counter(part for _state, part, _footer in self._held)
        seen: Counter[int] = Counter()
        for state, part, footer in self._held:
            self.__dict__.update(state)
            seen[part] += 1
            self._draw_footer(seen[part], totals[part], footer)
            Canvas.showPage(self)
        Canvas.save(self)

    def _draw_footer(self, number: int, total: int, footer: str) -> None:
        self.saveState()
        self.setFont(SANS, 7.5)
        self.setFillColor(colors.HexColor("#444444"))
        self.drawRightString(PAGE_WIDTH - MARGIN_X, 10 * mm, f"Page {number} of {total}")
        if footer:
            self.drawString(MARGIN_X, 10 * mm, footer)
        self.restoreState()


PageHandler = Callable[[Canvas, BaseDocTemplate], None]


def build_pdf(
    story: list[Flowable],
    templates: list[PageTemplate],
    *,
    title: str,
    author: str = "",
    group_pages: list[int] | None = None,
) -> bytes:
    """Lay out ``story`` on ``templates`` (the first is used first) and return deterministic PDF bytes.

    ``group_pages``, when given, receives the number of pages of each group of parts, in order (a group starts
    at each :class:`PartStart` with ``new_group``), e.g. the pages of each letter with its enclosures.
    """
    register_fonts()
    buffer = BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        pageTemplates=templates,
        title=title,
        author=author,
        creator="Attendance Desk",
        invariant=1,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=CONTINUATION_BOTTOM,
        bottomMargin=MARGIN_BOTTOM,
    )
    doc.build(story, canvasmaker=partial(NumberedCanvas, group_pages=group_pages))
    return buffer.getvalue()


def continuation_template(letterhead: Letterhead) -> PageTemplate:
    """Later pages: slim header (school name and the part's header text) and a full-height body frame."""
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        BODY_WIDTH,
        PAGE_HEIGHT - CONTINUATION_BOTTOM - 4 * mm - MARGIN_BOTTOM,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )

    def on_page(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        draw_continuation_header(canvas, letterhead, f"{getattr(canvas, '_ad_header', '')} (continued)")

    return PageTemplate(id=LATER, frames=[frame], onPage=on_page)


def first_page_template(letterhead: Letterhead, template_id: str = FIRST) -> PageTemplate:
    """A first page on letterhead with one body frame below it (forms, certificates, log sheets)."""
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        BODY_WIDTH,
        PAGE_HEIGHT - LETTERHEAD_BOTTOM - 3 * mm - MARGIN_BOTTOM,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )

    def on_first(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        draw_letterhead(canvas, letterhead)

    return PageTemplate(id=template_id, frames=[frame], onPage=on_first, autoNextPageTemplate=LATER)


def render_document(
    story: list[Flowable],
    *,
    letterhead: Letterhead,
    title: str,
    continuation: str,
    footer: str = "",
    author: str = "",
) -> bytes:
    """A document on letterhead: letterhead on page 1, continuation header after, page numbers throughout."""
    return build_pdf(
        [PartStart(continuation, footer), *story],
        [first_page_template(letterhead), continuation_template(letterhead)],
        title=title,
        author=author,
    )
