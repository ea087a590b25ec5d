"""Letters on paper: embedded fonts, the address in the DL window, deterministic bytes, page numbering."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader
from reportlab.lib.units import mm

from attendance_desk.documents.letter import LetterContent, render_letters, window_lines
from attendance_desk.documents.letterhead import Letterhead

LETTERHEAD = Letterhead(
    "Ysgol Bryn Ŵyn",
    ("1 Heol y Capel", "Llanfair", "LL00 1AA"),
    "01234 567890",
    "swyddfa@example.org",
    "",
    "Mrs Siân Ŷnys",
)


def content(name: str = "Mrs Małgorzata Żółć", body: str = "We owe you £5 for the café’s trip.") -> LetterContent:
    return LetterContent(
        recipient_name=name,
        address_lines=("12 Chapel Row", "Anytown", "AN1 2BC"),
        date_text="24 November 2025",
        reference="ATT/1/241125/1",
        pupil_line="Łucja Ŵyn, Year 7",
        subject="Attendance",
        greeting="Dear Mrs Żółć,",
        body=body,
        closing="Yours sincerely,",
        signatory_name="Dana Whitfield",
        signatory_position="Attendance lead",
    )


def positions(pdf: bytes, page_index: int = 0) -> dict[str, tuple[float, float]]:
    """Text fragment → (x, y from the top) in mm, for the given page."""
    found: dict[str, tuple[float, float]] = {}
    page = PdfReader(BytesIO(pdf)).pages[page_index]
    height = float(page.mediabox.height)

    def visit(text: str, _cm, tm, _font, _size) -> None:  # type: ignore[no-untyped-def]
        if text.strip():
            found.setdefault(text.strip(), (tm[4] / mm, (height - tm[5]) / mm))

    page.extract_text(visitor_text=visit)
    return found


def test_every_character_prints_with_the_embedded_font() -> None:
    pdf = render_letters([content()], LETTERHEAD)
    text = PdfReader(BytesIO(pdf)).pages[0].extract_text()
    for fragment in ("Mrs Małgorzata Żółć", "£5", "café’s", "Ysgol Bryn Ŵyn", "Mrs Siân Ŷnys", "Łucja Ŵyn"):
        assert fragment in text
    fonts = PdfReader(BytesIO(pdf)).pages[0]["/Resources"]["/Font"]
    names = {str(f.get_object()["/BaseFont"]) for f in fonts.values()}
    assert all("DejaVu" in n for n in names)
    assert all(f.get_object()["/Subtype"] != "/Type1" for f in fonts.values())  # embedded TrueType, not base-14


def test_the_address_sits_in_the_window_of_a_dl_envelope() -> None:
    where = positions(render_letters([content()], LETTERHEAD))
    for line in ("Mrs Małgorzata Żółć", "12 Chapel Row", "Anytown", "AN1 2BC"):
        x, y = where[line]
        assert 20 <= x <= 110 - 60, line  # inside the window's 20–110 mm, with room for the line's width
        assert 50 <= y <= 84, line  # visible whether the sheet rests low or high in the envelope


def test_a_long_address_is_trimmed_to_the_window_keeping_the_postcode() -> None:
    lines = window_lines(
        "Mr A", ["Flat 1", "Block B", "Long Estate", "Some Lane", "District", "Big Town", "County", "AB1 2CD"]
    )
    assert len(lines) == 7 and lines[-1] == "AB1 2CD" and lines[0] == "Mr A"


def test_the_same_letters_render_to_the_same_bytes() -> None:
    assert render_letters([content(), content("Mr B")], LETTERHEAD) == render_letters(
        [content(), content("Mr B")], LETTERHEAD
    )


def test_long_letters_are_numbered_per_letter_with_a_continuation_header() -> None:
    long_body = "\n\n".join(f"Paragraph {i}: " + "words " * 80 for i in range(12))
    pdf = render_letters([content(body=long_body), content("Mr Second")], LETTERHEAD)
    pages = [p.extract_text() for p in PdfReader(BytesIO(pdf)).pages]
    total = len(pages) - 1  # the second letter is one page
    assert total >= 2
    for i in range(total):
        assert f"Page {i + 1} of {total}" in pages[i]
    assert "(continued)" in pages[1] and "Mrs Małgorzata Żółć" in pages[1]
    assert "Page 1 of 1" in pages[-1] and "Mr Second" in pages[-1]


def test_body_markup_makes_bullets_and_headings() -> None:
    pdf = render_letters(
        [content(body="## What happens next\n\n- first point\n- second point\n\nA **bold** end.")], LETTERHEAD
    )
    text = PdfReader(BytesIO(pdf)).pages[0].extract_text()
    assert "What happens next" in text and "•" in text and "first point" in text and "**" not in text
