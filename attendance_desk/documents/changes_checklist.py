"""The printable checklist of changes to key in to the MIS: one row per decision, a tick box each.

Whoever keys the codes into SIMS, Arbor, Bromcom or ScholarPack works down the list and ticks; the foot of the
last page is signed and dated, so the office can show when each decided code reached the legal register.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from attendance_desk.documents.fonts import SANS, SANS_BOLD, register_fonts
from attendance_desk.domain.decisions import ChangeToKeyIn
from attendance_desk.domain.text import plural

_COLUMNS = (
    ("", 8),
    ("UPN", 30),
    ("Pupil", 45),
    ("Date", 22),
    ("AM/PM", 17),
    ("In MIS", 15),
    ("New", 14),
    ("Reason", 68),
    ("Decided by", 35),
    ("Decided", 27),
)


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_checklist(changes: Sequence[ChangeToKeyIn], *, school: str, generated_at: datetime) -> bytes:
    """A4 landscape PDF; an empty list gives a one-page 'nothing to key in' sheet rather than no file."""
    register_fonts()
    cell = ParagraphStyle("cell", fontName=SANS, fontSize=8, leading=10)
    head = ParagraphStyle("head", fontName=SANS_BOLD, fontSize=8, leading=10)
    title = ParagraphStyle("title", fontName=SANS_BOLD, fontSize=14, leading=18)
    note = ParagraphStyle("note", fontName=SANS, fontSize=9, leading=12)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
        title="Changes to key in to the MIS",
        author=school,
    )
    story: list[Flowable] = [
        Paragraph("Changes to key in to the MIS", title),
        Paragraph(
            _escape(
                f"{school} · produced {generated_at:%d/%m/%Y at %H:%M} · {plural(len(changes), 'change')}. "
                "Key each new code into the register, then tick the box."
            ),
            note,
        ),
        Spacer(1, 4 * mm),
    ]
    if changes:
        rows: list[list[Paragraph | str]] = [[Paragraph(name, head) for name, _w in _COLUMNS]]
        for c in changes:
            rows.append(
                [
                    "☐",
                    c.upn,
                    Paragraph(_escape(c.pupil), cell),
                    f"{c.date:%d/%m/%Y}",
                    c.session,
                    c.mis_code or "—",
                    c.new_code,
                    Paragraph(_escape(c.reason), cell),
                    Paragraph(_escape(c.decided_by), cell),
                    f"{c.decided_at:%d/%m/%Y}",
                ]
            )
        table = Table(rows, colWidths=[w * mm for _n, w in _COLUMNS], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), SANS, 8),
                    ("FONT", (0, 1), (0, -1), SANS, 12),
                    ("FONT", (6, 1), (6, -1), SANS_BOLD, 9),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF4")),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F7F7F7")]),
                ]
            )
        )
        story.append(table)
    else:
        story.append(Paragraph("Nothing to key in: every decision has been seen in an MIS import.", note))
    story += [
        Spacer(1, 10 * mm),
        Paragraph("Keyed in by: ______________________________    Date: ______________", note),
    ]

    def footer(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(SANS, 8)
        canvas.drawRightString(doc.pagesize[0] - 12 * mm, 8 * mm, f"Page {doc.page}")
        canvas.drawString(12 * mm, 8 * mm, f"Changes to key in · {generated_at:%d/%m/%Y %H:%M}")
        canvas.restoreState()

    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
