"""Pieces every casework form shares: dates and yes/no on paper, label-and-value grids, signing tables."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from attendance_desk.documents import page
from attendance_desk.documents.page import BODY_WIDTH, HEADER_FILL
from attendance_desk.domain.casework.records import CasePupil

FULL_WIDTH_MM = BODY_WIDTH / mm


def d(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def yes_no(value: bool | None) -> str:
    return "Not recorded" if value is None else ("Yes" if value else "No")


def pct(value: Decimal | None) -> str:
    return "no sessions yet" if value is None else f"{value}%"


def grid(pairs: Sequence[tuple[str, str]], columns: int = 2) -> Table:
    """Label/value cells, ``columns`` pairs per row, labels shaded (a form's boxes, filled in)."""
    per_pair = FULL_WIDTH_MM / columns
    rows: list[list[str]] = []
    for i in range(0, len(pairs), columns):
        chunk = list(pairs[i : i + columns])
        chunk += [("", "")] * (columns - len(chunk))
        rows.append([cell for label, value in chunk for cell in (label, value)])
    widths = [per_pair * 0.42, per_pair * 0.58] * columns
    shading = [("BACKGROUND", (c, 0), (c, -1), HEADER_FILL) for c in range(0, columns * 2, 2)]
    return page.table(rows, widths, header_rows=0, zebra=False, extra=shading)


def pupil_grid(pupil: CasePupil, extra: Sequence[tuple[str, str]] = ()) -> Table:
    pairs = [
        ("Pupil", pupil.name),
        ("Date of birth", d(pupil.date_of_birth)),
        ("Year / class", " ".join(p for p in (pupil.year_group, pupil.reg_group) if p)),
        ("UPN", pupil.upn),
        *extra,
    ]
    return grid(pairs)


def signing_table(rows: Sequence[tuple[str, str]]) -> Table:
    """Role, printed name, and space to sign and date by hand."""
    data: list[list[object]] = [["Signed by", "Print name", "Signature", "Date"]]
    data += [[role, name, Spacer(1, 9 * mm), ""] for role, name in rows]  # room for a handwritten signature
    return page.table(data, [38, 52, 52, 28], zebra=False)


def section(title: str) -> list[Flowable]:
    return [Spacer(1, 2 * mm), page.para(title, page.styles().heading)]


def blank_or(text: str, placeholder: str = "None recorded") -> str:
    return text.strip() or placeholder
