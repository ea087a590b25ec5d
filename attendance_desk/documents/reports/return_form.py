"""The return to the local authority, filled from the record: the pupil, the dates and codes, the attempts to
contact the family and what the school has done. Plain data in, PDF bytes out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from attendance_desk.documents import page
from attendance_desk.documents.casework.common import FULL_WIDTH_MM, d, grid, section
from attendance_desk.documents.letterhead import Letterhead


@dataclass(frozen=True, slots=True)
class ReturnParent:
    name: str
    relationship: str
    address: str
    phones: str
    parental_responsibility: bool


@dataclass(frozen=True, slots=True)
class ReturnEvent:
    at: datetime
    what: str
    detail: str
    staff: str


@dataclass(frozen=True)
class ReturnFormData:
    title: str  # e.g. "Attendance return (10 school days' continuous unauthorised absence)"
    la_name: str
    la_contact: str
    school_name: str
    school_urn: str
    pupil_name: str
    upn: str
    date_of_birth: date
    year_group: str
    reg_group: str
    sex: str
    flags: str  # e.g. "SEN support, free school meals"
    parents: tuple[ReturnParent, ...]
    first_date: date
    reached_on: date
    due_by: date
    days: str  # "10" or "15.5"
    registers: tuple[tuple[date, str, str], ...]  # (date, AM code, PM code) of the episode
    attendance_this_year: str
    contacts: tuple[ReturnEvent, ...]
    actions: tuple[ReturnEvent, ...]
    made_by: str
    made_on: date


def _events(events: tuple[ReturnEvent, ...], empty: str) -> Flowable:
    rows: list[list[str]] = [["When", "What", "Details", "By"]]
    rows += [[e.at.strftime("%d/%m/%Y %H:%M"), e.what, e.detail, e.staff] for e in events]
    if not events:
        rows.append(["", empty, "", ""])
    return page.table(rows, [26, 62, FULL_WIDTH_MM - 26 - 62 - 30, 30])


def _registers(registers: tuple[tuple[date, str, str], ...]) -> Flowable:
    """Dates and codes, four days to a row so a long episode stays on one page."""
    per_row = 4
    header = ["Date", "AM", "PM"] * per_row
    rows: list[list[str]] = [header]
    for i in range(0, len(registers), per_row):
        chunk = list(registers[i : i + per_row])
        cells = [c for day, am, pm in chunk for c in (day.strftime("%a %d/%m/%y"), am, pm)]
        rows.append(cells + [""] * (len(header) - len(cells)))
    date_w, code_w = 25.0, (FULL_WIDTH_MM / per_row - 25.0) / 2
    return page.table(rows, [date_w, code_w, code_w] * per_row)


def return_form_story(data: ReturnFormData) -> list[Flowable]:
    s = page.styles()
    story: list[Flowable] = [
        page.para(data.title, s.title),
        page.para(
            f"To: {data.la_name or 'the local authority'}"
            + (f" ({data.la_contact})" if data.la_contact else "")
            + f". From: {data.school_name}"
            + (f", URN {data.school_urn}" if data.school_urn else "")
            + ".",
            s.body,
        ),
        grid(
            [
                ("Pupil", data.pupil_name),
                ("Date of birth", d(data.date_of_birth)),
                ("UPN", data.upn),
                ("Year / class", " ".join(p for p in (data.year_group, data.reg_group) if p)),
                ("Sex", data.sex),
                ("Needs and circumstances", data.flags or "None recorded"),
            ]
        ),
        *section("Parents and carers"),
        page.table(
            [
                ["Name", "Relationship", "Address", "Phone", "Parental responsibility"],
                *[
                    [p.name, p.relationship, p.address, p.phones, "Yes" if p.parental_responsibility else "No"]
                    for p in data.parents
                ],
                *([["None recorded", "", "", "", ""]] if not data.parents else []),
            ],
            [36, 22, FULL_WIDTH_MM - 36 - 22 - 30 - 28, 30, 28],
        ),
        *section("The absence"),
        grid(
            [
                ("First day", d(data.first_date)),
                ("Return due from", d(data.reached_on)),
                ("School days", data.days),
                ("To reach the authority by", d(data.due_by)),
                ("Attendance this school year", data.attendance_this_year),
                ("", ""),
            ]
        ),
        Spacer(1, 2 * mm),
        _registers(data.registers),
        page.para("Codes as in the school's register on the day this form was made.", s.small),
        *section("Attempts to contact the family"),
        _events(data.contacts, "No contact recorded"),
        *section("What the school has done"),
        _events(data.actions, "No action recorded"),
        Spacer(1, 4 * mm),
        page.para(
            f"Made by {data.made_by or 'the school'} on {d(data.made_on)}, from Attendance Desk's record.", s.small
        ),
    ]
    return story


def render_return_form(data: ReturnFormData, letterhead: Letterhead) -> bytes:
    return page.render_document(
        return_form_story(data),
        letterhead=letterhead,
        title=data.title,
        continuation=f"{data.title}: {data.pupil_name}",
        author=data.school_name,
    )
