"""The registration (attendance) certificate: the document a court accepts as evidence of a pupil's attendance
when the head teacher signs it (Education Act 1996, s.566).

It shows, for one pupil and one period: the pupil's details; a herringbone grid with one row per week and the
Monday-to-Friday morning and afternoon marks; the key to the codes used; the totals by category and by code and
the attendance percentage (all straight from the figures functions, never counted here); each unauthorised
session with its date; the people with parental responsibility; and the head teacher's declaration and
signature. The grid's header repeats on every page, so a full year spans pages cleanly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from attendance_desk.documents import page
from attendance_desk.documents.letterhead import Letterhead

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri")
UNAUTHORISED_FILL = colors.HexColor("#F6D5D5")
AUTHORISED_FILL = colors.HexColor("#FBEFD0")


@dataclass(frozen=True, slots=True)
class CertificateWeek:
    monday: date
    cells: tuple[str, ...]  # ten codes: Mon AM, Mon PM … Fri PM ("" where no mark)
    categories: tuple[str, ...]  # the category of each cell ("" where no mark)


@dataclass(frozen=True, slots=True)
class CertificateData:
    school_name: str
    pupil_name: str
    date_of_birth: date
    upn: str
    year_group: str
    reg_group: str
    admission_date: date | None
    period_start: date
    period_end: date
    status_statement: str
    weeks: tuple[CertificateWeek, ...]
    code_key: tuple[tuple[str, str, str, str], ...]  # code, meaning, category in words, sessions in the period
    totals: tuple[tuple[str, str], ...]  # label, value (from PupilFigures)
    unauthorised: tuple[tuple[date, str, str], ...]  # date, AM|PM, code
    parents: tuple[tuple[str, str, str], ...]  # name, relationship, address on one line
    head_teacher: str
    signature: bytes | None
    issued_on: date


def _d(value: date | None) -> str:
    return "" if value is None else value.strftime("%d/%m/%Y")


def _grid(data: CertificateData) -> Flowable:
    header1: list[str] = ["Week beginning"]
    header2: list[str] = [""]
    for day in DAYS:
        header1 += [day, ""]
        header2 += ["AM", "PM"]
    rows: list[list[str]] = [header1, header2]
    extra: list[tuple[object, ...]] = [
        ("SPAN", (0, 0), (0, 1)),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
    ]
    for i in range(len(DAYS)):
        extra.append(("SPAN", (1 + 2 * i, 0), (2 + 2 * i, 0)))
    for r, week in enumerate(data.weeks, start=2):
        rows.append([_d(week.monday), *week.cells])
        for c, category in enumerate(week.categories, start=1):
            if category == "UNAUTHORISED":
                extra.append(("BACKGROUND", (c, r), (c, r), UNAUTHORISED_FILL))
            elif category == "AUTHORISED":
                extra.append(("BACKGROUND", (c, r), (c, r), AUTHORISED_FILL))
    s = page.styles()
    return page.table(rows, [26, *([14.4] * 10)], header_rows=2, zebra=False, style=s.cell_centre, extra=extra)


UNAUTHORISED_PER_ROW = 4
KEPT_WITH_HEADING = 3  # rows of the list that always share a page with its heading


def _unauthorised_tables(data: CertificateData) -> tuple[Flowable, Flowable | None]:
    """The list, four sessions a row, as its first rows (kept with the heading) and the rest (free to break)."""
    items = [f"{_d(day)} {session} ({code})" for day, session, code in data.unauthorised]
    per_row = UNAUTHORISED_PER_ROW
    rows = [
        items[i : i + per_row] + [""] * (per_row - len(items[i : i + per_row])) for i in range(0, len(items), per_row)
    ]
    first = page.table(rows[:KEPT_WITH_HEADING], [42.5] * per_row, header_rows=0, zebra=False)
    rest = rows[KEPT_WITH_HEADING:]
    return first, page.table(rest, [42.5] * per_row, header_rows=0, zebra=False) if rest else None


def certificate_story(data: CertificateData) -> list[Flowable]:
    s = page.styles()
    story: list[Flowable] = [
        page.para("Registration certificate", s.title),
        page.para(
            "A certificate of attendance taken from the school's attendance register "
            "(Education Act 1996, section 566).",
            s.small,
        ),
        Spacer(1, 2 * mm),
        page.table(
            [
                ["Pupil", data.pupil_name, "Date of birth", _d(data.date_of_birth)],
                ["UPN", data.upn, "Year / group", " ".join(p for p in (data.year_group, data.reg_group) if p)],
                ["School", data.school_name, "Admitted", _d(data.admission_date) or "not recorded"],
                ["Period", f"{_d(data.period_start)} to {_d(data.period_end)}", "Issued", _d(data.issued_on)],
            ],
            [22, 63, 25, 60],
            header_rows=0,
            zebra=False,
            extra=[
                ("BACKGROUND", (0, 0), (0, -1), page.HEADER_FILL),
                ("BACKGROUND", (2, 0), (2, -1), page.HEADER_FILL),
            ],
        ),
        Spacer(1, 2 * mm),
        page.para(data.status_statement, s.body),
        page.para("Summary", s.heading),
        page.table([["Figure", "Sessions"], *data.totals], [80, 30], extra=[("ALIGN", (1, 0), (1, -1), "RIGHT")]),
        page.para("Session marks", s.heading),
    ]
    if data.weeks:
        story.append(_grid(data))
        story.append(
            page.para("Shaded cells: unauthorised absence (darker) and authorised absence (lighter).", s.small)
        )
    else:
        story.append(page.para("There are no register marks for this pupil in the period.", s.body))
    if data.code_key:
        key = page.table(
            [["Code", "Meaning", "Counts as", "Sessions"], *[list(row) for row in data.code_key]],
            [14, 100, 36, 20],
            extra=[("ALIGN", (3, 0), (3, -1), "RIGHT")],
        )
        # The key is short: kept whole with its heading, so no row is left alone on the next page.
        story.append(KeepTogether([page.para("Key to the codes used", s.heading), key]))
    # A heading never ends a page: it goes over with its opening lines (ReportLab's KeepTogether moves the group
    # to the next page when it does not fit at the foot of this one).
    heading = page.para("Unauthorised absence", s.heading)
    if data.unauthorised:
        n = len(data.unauthorised)
        intro = (
            "1 session, with its date, session and code:"
            if n == 1
            else f"{n} sessions, each with its date, session and code:"
        )
        first, rest = _unauthorised_tables(data)
        story.append(KeepTogether([heading, page.para(intro, s.body), first]))
        if rest is not None:
            story.append(rest)
    else:
        story.append(
            KeepTogether([heading, page.para("No session in the period is recorded as unauthorised absence.", s.body)])
        )
    heading = page.para("People with parental responsibility", s.heading)
    if data.parents:
        rows = [["Name", "Relationship", "Address"], *[list(p) for p in data.parents]]
        story.append(KeepTogether([heading, page.table(rows, [45, 30, 95])]))  # a few rows: kept whole
    else:
        story.append(KeepTogether([heading, page.para("No one with parental responsibility is recorded.", s.body)]))
    declaration = [
        page.para("Declaration", s.heading),
        page.para(
            f"I certify that the information in this certificate is taken from the attendance register kept by "
            f"{data.school_name}, and that the register can be produced if required.",
            s.body,
        ),
        *page.signature_block(data.head_teacher, "Head teacher", data.signature, s, keep_together=False),
        page.para(f"Date: {_d(data.issued_on)}", s.body),
    ]
    story.append(Spacer(1, 3 * mm))
    story.append(KeepTogether(declaration))
    return story


def render_certificate(data: CertificateData, letterhead: Letterhead) -> bytes:
    return page.render_document(
        certificate_story(data),
        letterhead=letterhead,
        title=f"Registration certificate: {data.pupil_name}",
        continuation=f"Registration certificate: {data.pupil_name}, {_d(data.period_start)} to {_d(data.period_end)}",
        author=letterhead.school_name,
    )
