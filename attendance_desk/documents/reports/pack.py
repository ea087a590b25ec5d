"""The termly pack for the targeting meeting, governors and inspectors: headline figures, the trend, bands, cohorts
and gaps, returns made, the 10-in-10 list and casework activity by month. Plain data in, PDF bytes out.

The governors' version is built from data that has no pupil names in it (the service never passes them), so
nothing here has to remember to hide them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from attendance_desk.documents import page
from attendance_desk.documents.casework.common import FULL_WIDTH_MM, grid, section
from attendance_desk.documents.letterhead import Letterhead
from attendance_desk.documents.reports.charts import bar_chart, gap_chart, trend_chart

WIDTH = FULL_WIDTH_MM * mm


@dataclass(frozen=True)
class TableData:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths_mm: tuple[float, ...]
    empty: str = "None"


@dataclass(frozen=True)
class PackData:
    school_name: str
    title: str  # "Attendance: autumn term 2026"
    period_label: str  # "01/09/2026 to 18/12/2026"
    governors: bool
    made_on: date
    headlines: tuple[tuple[str, str], ...]
    target_lines: tuple[str, ...]
    trend_this: tuple[float | None, ...]
    trend_last: tuple[float | None, ...]
    trend_forecast: tuple[float, ...]
    national: float | None
    target: float | None
    band_labels: tuple[str, ...]
    band_counts: tuple[int, ...]
    school_bands: TableData
    cohorts: TableData
    gap_labels: tuple[str, ...]
    gaps: tuple[float, ...]
    returns: TableData
    threshold: TableData
    casework: TableData
    notes: tuple[str, ...] = field(default_factory=tuple)


def _table(data: TableData) -> Flowable:
    rows: list[list[str]] = [list(data.header), *[list(r) for r in data.rows]]
    if not data.rows:
        rows.append([data.empty] + [""] * (len(data.header) - 1))
    return page.table(rows, list(data.widths_mm), extra=[("ALIGN", (1, 1), (-1, -1), "RIGHT")])


def pack_story(data: PackData) -> list[Flowable]:
    s = page.styles()
    version = (
        "Governors' version: no pupil is named, and groups of fewer than five pupils are not shown."
        if data.governors
        else "Staff version: names pupils. Keep it in school; the governors' version has none."
    )
    story: list[Flowable] = [
        page.para(data.title, s.title),
        page.para(f"{data.school_name}. Register from {data.period_label}. Made on {data.made_on:%d/%m/%Y}.", s.body),
        page.para(version, s.small),
        *section("Headline figures"),
        grid(list(data.headlines)),
    ]
    if data.target_lines:
        story += [Spacer(1, 2 * mm), *[page.para(line, s.body) for line in data.target_lines]]
    story += [
        KeepTogether(
            [
                *section("Weekly attendance this year against last year and national"),
                trend_chart(
                    WIDTH,
                    62 * mm,
                    data.trend_this,
                    data.trend_last,
                    data.national,
                    data.target,
                    data.trend_forecast,
                ),
            ]
        ),
        KeepTogether(
            [
                *section("Pupils by absence band (the DfE's 5% bands)"),
                bar_chart(WIDTH, 55 * mm, data.band_labels, data.band_counts, "Absence this school year"),
                Spacer(1, 2 * mm),
                _table(data.school_bands),
            ]
        ),
        CondPageBreak(80 * mm),
        *section("Groups compared with the rest of the school"),
        _table(data.cohorts),
        Spacer(1, 2 * mm),
        gap_chart(WIDTH, data.gap_labels, data.gaps),
        CondPageBreak(50 * mm),
        *section("Returns made to the local authority"),
        _table(data.returns),
        CondPageBreak(50 * mm),
        *section("Pupils who met the 10-in-10 threshold"),
        _table(data.threshold),
        CondPageBreak(50 * mm),
        *section("Casework by month"),
        _table(data.casework),
    ]
    if data.notes:
        story += [*section("How these figures are worked out"), *[page.para(n, s.small) for n in data.notes]]
    return story


def render_pack(data: PackData, letterhead: Letterhead) -> bytes:
    return page.render_document(
        pack_story(data),
        letterhead=letterhead,
        title=data.title,
        continuation=f"{data.title} ({'governors' if data.governors else 'staff'})",
        author=data.school_name,
    )
