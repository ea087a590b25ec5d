"""Nothing but the address shows in the envelope window; a long address line wraps at a readable size; "Enc:"
never sits alone on a page; the certificate's key is never split to leave one row behind."""

from __future__ import annotations

from dataclasses import replace
from io import BytesIO

from pypdf import PdfReader

from attendance_desk.documents.fonts import SANS, register_fonts, text_width
from attendance_desk.documents.letter import ADDRESS_SIZE, ADDRESS_WIDTH, BODY_TOP, render_letters, window_lines
from tests.documents.test_letter_layout import LETTERHEAD, content, positions

WINDOW_BOTTOM_MM = 95  # the lowest the window reaches when the sheet rides up in the envelope


def test_the_subject_line_is_below_the_window() -> None:
    pdf = render_letters([replace(content(), subject="Zofia Nowak-Wiśniewska: attendance this year")], LETTERHEAD)
    found = positions(pdf)
    subject_y = next(y for text, (_x, y) in found.items() if text.startswith("Zofia Nowak"))
    assert BODY_TOP / 2.834645669 > WINDOW_BOTTOM_MM - 1 and subject_y > WINDOW_BOTTOM_MM


def test_a_long_address_line_wraps_instead_of_shrinking() -> None:
    register_fonts()
    long_line = "Flat 12, The Old Mill Apartments, Riverside Industrial Estate North"
    lines = window_lines("Mrs Anna Nowak", ("12 Chapel Row", long_line, "Anytown", "AN1 2BC"))
    assert len(lines) >= 6 and all(text_width(line, SANS, ADDRESS_SIZE) <= ADDRESS_WIDTH + 0.01 for line in lines[1:])
    assert " ".join(lines).replace("  ", " ").count("Riverside") == 1


def test_enc_stays_with_the_signature() -> None:
    # A body long enough to push the sign-off to the foot of page 1.
    for paragraphs in range(8, 16):
        body = "\n\n".join(["We would like to work with you on attendance this term. " * 6] * paragraphs)
        letter = replace(content(body=body), enclosures=("Registration certificate",))
        reader = PdfReader(BytesIO(render_letters([letter], LETTERHEAD)))
        for page in reader.pages:
            text = page.extract_text()
            if "Enc: Registration certificate" in text:
                assert "Dana Whitfield" in text, f"Enc alone on a page with {paragraphs} paragraphs"
