"""Letters to one recipient each, ready for a DL window envelope.

The recipient's name and address are printed where the window of a standard UK DL window envelope (110 × 220 mm,
window 90 × 35 mm, 20 mm from the left and 15 mm from the bottom) shows them when an A4 sheet is folded in three:
the top third of the sheet (99 mm) sits behind the envelope's front and can slide up to 11 mm, so the window shows
roughly 49–84 mm (sheet at the bottom) to 60–95 mm (sheet at the top) from the top of the page. We print the block
from 52 mm to at most 82 mm down and 25–105 mm across, and mark the two folds at the left edge.

Body text uses a small markup: blank lines separate paragraphs, lines starting ``- `` are bullet points, a line
starting ``## `` is a heading, and ``**words**`` are bold.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate, Paragraph, Spacer

from attendance_desk.documents import page
from attendance_desk.documents.certificate import CertificateData, certificate_story
from attendance_desk.documents.fonts import SANS, SANS_BOLD, text_width
from attendance_desk.documents.letterhead import MARGIN_X, PAGE_HEIGHT, PAGE_WIDTH, Letterhead, draw_letterhead

LETTER_FIRST = "letter_first"
CERTIFICATE_FIRST = "certificate_first"
ADDRESS_LEFT = 25 * mm
ADDRESS_TOP = 52 * mm  # from the top edge
ADDRESS_WIDTH = 80 * mm
ADDRESS_MAX_LINES = 7  # name + 6 lines, 10.5 pt apart: 26 mm, ending by 82 mm
ADDRESS_SIZE = 9.5
ADDRESS_LEADING = 10.5
INFO_LEFT = 122 * mm
BODY_TOP = 101 * mm  # below the first fold (99 mm): nothing of the letter's text can show in the window
FOLDS = (99 * mm, 198 * mm)


@dataclass(frozen=True, slots=True)
class LetterContent:
    """Everything printed on one recipient's letter, already merged (plain text, no fields)."""

    recipient_name: str
    address_lines: tuple[str, ...]
    date_text: str
    reference: str
    pupil_line: str
    subject: str
    greeting: str
    body: str
    closing: str
    signatory_name: str
    signatory_position: str
    signature: bytes | None = None
    enclosures: tuple[str, ...] = ()
    continuation: str = ""
    certificate: CertificateData | None = None


def window_lines(name: str, address: Sequence[str]) -> list[str]:
    """Name and address for the window: middle lines joined when there are too many, then any line too wide for
    the window wrapped at a space (never shrunk to an unreadable size)."""
    lines = [line.strip() for line in address if line.strip()]
    while len(lines) + 1 > ADDRESS_MAX_LINES and len(lines) > 2:
        # Join the two shortest neighbouring middle lines (never the postcode, which must stay on its own line).
        candidates = range(len(lines) - 2)
        i = min(candidates, key=lambda k: len(lines[k]) + len(lines[k + 1]))
        lines[i : i + 2] = [f"{lines[i]}, {lines[i + 1]}"]
    out: list[str] = []
    for i, line in enumerate([name, *lines]):
        font = SANS_BOLD if i == 0 else SANS
        out.extend(simpleSplit(line, font, ADDRESS_SIZE, ADDRESS_WIDTH) or [line])
    return out


def address_leading(count: int) -> float:
    """Line spacing that keeps ``count`` lines inside the window's height (closer only when wrapping needs it)."""
    return min(ADDRESS_LEADING, ADDRESS_LEADING * ADDRESS_MAX_LINES / max(count, 1))


def _fit(text: str, font: str, size: float, width: float) -> float:
    while size > 6.5 and text_width(text, font, size) > width:
        size -= 0.25
    return size


def _draw_address_and_details(canvas: Canvas, _doc: BaseDocTemplate) -> None:
    content: LetterContent | None = getattr(canvas, "_ad_payload", None)
    if not isinstance(content, LetterContent):
        return
    canvas.saveState()
    y = PAGE_HEIGHT - ADDRESS_TOP
    canvas.setFont(SANS_BOLD, 6.5)
    canvas.drawString(ADDRESS_LEFT, y + 3.2 * mm, "PRIVATE AND CONFIDENTIAL")
    lines = window_lines(content.recipient_name, content.address_lines)
    name_lines = len(simpleSplit(content.recipient_name, SANS_BOLD, ADDRESS_SIZE, ADDRESS_WIDTH) or [""])
    leading = address_leading(len(lines))
    for i, line in enumerate(lines):
        font = SANS_BOLD if i < name_lines else SANS
        canvas.setFont(font, _fit(line, font, ADDRESS_SIZE, ADDRESS_WIDTH))
        canvas.drawString(ADDRESS_LEFT, y - leading * (i + 1) + 3, line)
    details = [("Date", content.date_text), ("Our ref", content.reference), ("About", content.pupil_line)]
    y = PAGE_HEIGHT - ADDRESS_TOP
    width = PAGE_WIDTH - MARGIN_X - INFO_LEFT - 15 * mm
    for label, value in details:
        if not value:
            continue
        canvas.setFont(SANS_BOLD, 8.5)
        canvas.drawString(INFO_LEFT, y - 8, label)
        canvas.setFont(SANS, _fit(value, SANS, 8.5, width))
        canvas.drawString(INFO_LEFT + 15 * mm, y - 8, value)
        y -= 12
    canvas.setStrokeGray(0.55)
    canvas.setLineWidth(0.4)
    for fold in FOLDS:
        canvas.line(4 * mm, PAGE_HEIGHT - fold, 8 * mm, PAGE_HEIGHT - fold)
    canvas.restoreState()


def letter_templates(letterhead: Letterhead) -> list[PageTemplate]:
    frame = Frame(
        MARGIN_X,
        page.MARGIN_BOTTOM,
        page.BODY_WIDTH,
        PAGE_HEIGHT - BODY_TOP - page.MARGIN_BOTTOM,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )

    def on_first(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        draw_letterhead(canvas, letterhead)

    first = PageTemplate(
        id=LETTER_FIRST,
        frames=[frame],
        onPage=on_first,
        onPageEnd=_draw_address_and_details,
        autoNextPageTemplate=page.LATER,
    )
    return [first, page.first_page_template(letterhead, CERTIFICATE_FIRST), page.continuation_template(letterhead)]


_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _inline(text: str) -> str:
    return _BOLD.sub(r"<b>\1</b>", page.esc(text))


def body_flowables(body: str, s: page.Styles) -> list[Flowable]:
    """Paragraphs, bullet lists and headings from the letter's body markup."""
    out: list[Flowable] = []
    for block in re.split(r"\n\s*\n", body.strip()):
        lines = [line.rstrip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if lines[0].startswith("## "):
            out.append(Paragraph(_inline(lines[0][3:].strip()), s.heading))
            lines = lines[1:]
            if not lines:
                continue
        if lines[0].lstrip().startswith("- "):
            items: list[str] = []
            for line in lines:
                stripped = line.lstrip()
                if stripped.startswith("- "):
                    items.append(stripped[2:].strip())
                elif items:
                    items[-1] += " " + stripped
            out.extend(Paragraph(_inline(item), s.bullet, bulletText="•") for item in items)
            out.append(Spacer(1, 3))
        else:
            out.append(Paragraph(_inline(" ".join(line.strip() for line in lines)), s.body))
    return out


def letter_story(content: LetterContent, s: page.Styles | None = None) -> list[Flowable]:
    """One letter's flowables (the caller starts its part: :func:`render_letters` does)."""
    s = s or page.styles()
    story: list[Flowable] = []
    if content.subject:
        story.append(Paragraph(_inline(content.subject), s.subject))
    if content.greeting:
        story.append(Paragraph(_inline(content.greeting), s.body))
    story.extend(body_flowables(content.body, s))
    sign = page.signature_block(
        content.signatory_name,
        content.signatory_position,
        content.signature,
        s,
        sign_off=content.closing,
        keep_together=False,
    )
    if content.enclosures:  # "Enc:" stays with the signature, never alone at the top of a page
        sign += [Spacer(1, 3 * mm), page.para("Enc: " + "; ".join(content.enclosures), s.small)]
    story.append(Spacer(1, 2 * mm))
    story.append(KeepTogether(sign))
    return story


def _letter_part(content: LetterContent, first: bool) -> list[Flowable]:
    header = content.continuation or f"{content.recipient_name}: {content.subject}"
    footer = content.reference
    story: list[Flowable]
    if first:
        story = [page.PartStart(header, footer, content)]
    else:
        story = page.new_part(header, footer, template=LETTER_FIRST, payload=content)
    story.extend(letter_story(content))
    if content.certificate is not None:
        story.extend(
            page.new_part(
                f"Registration certificate: {content.certificate.pupil_name}",
                content.reference,
                template=CERTIFICATE_FIRST,
                new_group=False,
            )
        )
        story.extend(certificate_story(content.certificate))
    return story


def render_letters(
    letters: Sequence[LetterContent],
    letterhead: Letterhead,
    *,
    title: str = "Letters",
    pages_per_letter: list[int] | None = None,
) -> bytes:
    """One PDF holding every letter in order, each starting on a new sheet and numbered on its own.

    ``pages_per_letter``, when given, receives each letter's page count (enclosures included), in order.
    """
    if not letters:
        raise ValueError("there are no letters to print")
    story: list[Flowable] = []
    for i, content in enumerate(letters):
        story.extend(_letter_part(content, first=i == 0))
    return page.build_pdf(
        story, letter_templates(letterhead), title=title, author=letterhead.school_name, group_pages=pages_per_letter
    )
