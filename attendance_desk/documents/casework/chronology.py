"""The evidence chronology: everything that happened for one pupil, oldest first, as a dated table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.platypus import Flowable

from attendance_desk.documents import page
from attendance_desk.documents.casework.common import d, pupil_grid
from attendance_desk.documents.letterhead import Letterhead
from attendance_desk.domain.casework.records import CasePupil


@dataclass(frozen=True, slots=True)
class ChronologyLine:
    when: str  # dd/mm/yyyy, with the time where one was recorded
    kind: str  # what sort of entry, in words
    title: str
    detail: str
    staff: str


def chronology_story(
    lines: Sequence[ChronologyLine], pupil: CasePupil, start: date | None, end: date | None
) -> list[Flowable]:
    s = page.styles()
    span = f"{d(start) or 'the first record'} to {d(end) or 'the latest record'}"
    rows = [[ln.when, ln.kind, ln.title + (f"\n{ln.detail}" if ln.detail else ""), ln.staff] for ln in lines]
    return [
        page.para("Evidence chronology", s.title),
        pupil_grid(pupil, [("Period", span), ("Entries", str(len(lines)))]),
        page.para("Every recorded contact, decision and weekly attendance figure, oldest first.", s.small),
        page.table(
            [["Date", "Type", "What happened", "Staff"], *(rows or [["", "", "Nothing recorded", ""]])],
            [26, 30, 88, 26],
        ),
    ]


def render_chronology(
    lines: Sequence[ChronologyLine],
    pupil: CasePupil,
    letterhead: Letterhead,
    start: date | None = None,
    end: date | None = None,
) -> bytes:
    return page.render_document(
        chronology_story(lines, pupil, start, end),
        letterhead=letterhead,
        title=f"Evidence chronology: {pupil.name}",
        continuation=f"Evidence chronology: {pupil.name}",
        author=letterhead.school_name,
    )
