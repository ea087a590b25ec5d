"""Merge fields: the documented set of ``{group.name}`` placeholders a letter template may use, and the rules for
filling them.

A template writes ``{pupil.forename}``; ``{{`` and ``}}`` stand for literal braces. A field that is not in
:data:`FIELDS` is an error when the template is saved (with its line and column) and again when a letter is made;
a known field with no value (no meeting date given, no figures in the period) blocks the letter with a message
naming the field, so no letter goes out with a blank where a number or date should be.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    description: str
    example: str
    supplied: bool = False  # typed in by the user when making the letter (meeting date, plan dates …)

    @property
    def group(self) -> str:
        return self.name.split(".", 1)[0]


def _f(name: str, description: str, example: str, supplied: bool = False) -> FieldSpec:
    return FieldSpec(name, description, example, supplied)


_SPECS = (
    _f("pupil.forename", "Pupil's first name (preferred name if recorded)", "Zofia"),
    _f("pupil.surname", "Pupil's surname (preferred if recorded)", "Nowak"),
    _f("pupil.full_name", "Pupil's first name and surname", "Zofia Nowak"),
    _f("pupil.legal_name", "Pupil's full legal name including middle names", "Zofia Maria Nowak"),
    _f("pupil.date_of_birth", "Pupil's date of birth", "4 May 2014"),
    _f("pupil.year_group", "Year group", "Year 7"),
    _f("pupil.reg_group", "Registration group or class", "7JW"),
    _f("school.name", "School name", "Hillside Academy"),
    _f("school.address", "School address on one line", "1 Hill Road, Anytown, AN1 1AA"),
    _f("school.phone", "School telephone number", "01234 567890"),
    _f("school.email", "School email address", "office@hillside.example"),
    _f("school.head_teacher", "Head teacher's name", "Mrs J Patel"),
    _f("school.attendance_lead", "Attendance lead's name", "Mr D Whitfield"),
    _f("school.local_authority", "Local authority name", "Anytown Council"),
    _f("staff.name", "Staff member signing the letter", "Dana Whitfield"),
    _f("staff.position", "Signatory's position", "Attendance lead"),
    _f("staff.email", "Signatory's email address", "d.whitfield@hillside.example"),
    _f("recipient.name", "Recipient's name as addressed", "Mrs Anna Nowak"),
    _f("recipient.salutation", "How the letter greets the recipient", "Mrs Nowak"),
    _f("recipient.relationship", "Recipient's relationship to the pupil", "Mother"),
    _f("letter.date", "Date of the letter", "24 November 2026"),
    _f("letter.reference", "Our reference", "ATT/1234/241126"),
    _f("period.start", "First day of the period the figures cover", "1 September 2026"),
    _f("period.end", "Last day of the period the figures cover", "21 November 2026"),
    _f("period.label", "The period in words", "1 September 2026 to 21 November 2026"),
    _f("attendance.percent", "Attendance percentage over the period", "87.5%"),
    _f("attendance.absence_percent", "Absence percentage over the period", "12.5%"),
    _f("attendance.days_missed", "Days missed (absence sessions ÷ 2)", "7.5"),
    _f("attendance.lessons_missed", "Lessons missed (days missed × lessons per day)", "37.5"),
    _f("attendance.broken_weeks", "Weeks with at least one absence", "6"),
    _f("attendance.school_weeks", "School weeks in the period", "12"),
    _f("attendance.possible_sessions", "Sessions the pupil could have attended", "120"),
    _f("attendance.authorised_sessions", "Authorised absence sessions", "9"),
    _f("attendance.unauthorised_sessions", "Unauthorised absence sessions", "6"),
    _f("attendance.late_sessions", "Sessions late before the register closed (L)", "4"),
    _f("attendance.late_after_close", "Sessions late after the register closed (U)", "2"),
    _f("attendance.illness_days", "Days of illness absence (I)", "3"),
    _f("attendance.unauthorised_last_10_weeks", "Unauthorised sessions in the last 10 school weeks", "8"),
    _f("meeting.date", "Date of the meeting", "2 December 2026", supplied=True),
    _f("meeting.time", "Time of the meeting", "9:30am", supplied=True),
    _f("meeting.place", "Where the meeting is held", "the main school office", supplied=True),
    _f("meeting.previous_date", "Date of an earlier meeting (missed or held)", "18 November 2026", supplied=True),
    _f(
        "meeting.agreed",
        "What was agreed at the meeting, one point per line",
        "Breakfast club from Monday",
        supplied=True,
    ),
    _f("plan.start", "Date the plan, contract or notice period starts", "1 December 2026", supplied=True),
    _f("plan.end", "Date the plan, contract or notice period ends", "19 January 2027", supplied=True),
    _f("plan.review_date", "Date of the next review", "12 January 2027", supplied=True),
    _f("plan.target_percent", "Attendance the plan aims for", "95%", supplied=True),
    _f("reply.by", "Date by which we ask for a reply", "1 December 2026", supplied=True),
    _f("leave.start", "First day of the requested leave", "9 March 2027", supplied=True),
    _f("leave.end", "Last day of the requested leave", "13 March 2027", supplied=True),
    _f("leave.return_due", "Date the pupil was due back", "16 March 2027", supplied=True),
    _f("absence.date", "Date of the absence the letter is about", "24 November 2026", supplied=True),
)
FIELDS: dict[str, FieldSpec] = {spec.name: spec for spec in _SPECS}
SUPPLIED_FIELDS: tuple[str, ...] = tuple(spec.name for spec in _SPECS if spec.supplied)
LIST_FIELDS = frozenset({"meeting.agreed"})
"""Fields whose value is several lines, each printed as a bullet point."""

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


@dataclass(frozen=True, slots=True)
class FieldUse:
    name: str
    line: int
    column: int


class TemplateSyntaxError(ValueError):
    def __init__(self, part: str, line: int, column: int, problem: str) -> None:
        super().__init__(f"{part}, line {line}, column {column}: {problem}")
        self.part, self.line, self.column = part, line, column


class MergeError(ValueError):
    """The letter cannot be made: fields are unknown or have no value. ``fields`` names them all."""

    def __init__(self, unknown: Iterable[str] = (), empty: Iterable[str] = ()) -> None:
        self.unknown = sorted(set(unknown))
        self.empty = sorted(set(empty))
        problems = []
        if self.unknown:
            problems.append("unknown merge field " + ", ".join("{" + f + "}" for f in self.unknown))
        if self.empty:
            problems.append("no value for " + ", ".join("{" + f + "}" for f in self.empty))
        super().__init__("The letter was not made: " + "; ".join(problems) + ".")

    @property
    def fields(self) -> list[str]:
        return [*self.unknown, *self.empty]


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def fields_in(text: str, part: str = "text") -> list[FieldUse]:
    """Every ``{field}`` used in ``text`` with its line and column; a stray brace is a syntax error."""
    uses: list[FieldUse] = []
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        line, column = _position(text, match.start())
        if match.group(1) is None:
            raise TemplateSyntaxError(part, line, column, f"a single '{token}' (write '{token * 2}' for a brace)")
        name = match.group(1).strip()
        if not name:
            raise TemplateSyntaxError(part, line, column, "empty braces '{}'")
        uses.append(FieldUse(name, line, column))
    return uses


def unknown_fields(parts: Mapping[str, str]) -> list[str]:
    """Problems in a template's text parts (name → text), one message each with the place; empty when fine."""
    problems: list[str] = []
    for part, text in parts.items():
        try:
            uses = fields_in(text, part)
        except TemplateSyntaxError as exc:
            problems.append(str(exc))
            continue
        problems.extend(
            f"{part}, line {u.line}, column {u.column}: unknown merge field {{{u.name}}}"
            for u in uses
            if u.name not in FIELDS
        )
    return problems


def merge(text: str, values: Mapping[str, str], part: str = "text") -> str:
    """Fill every field of ``text`` from ``values``; :class:`MergeError` if any is unknown or empty."""
    unknown: list[str] = []
    empty: list[str] = []
    for use in fields_in(text, part):
        if use.name not in FIELDS:
            unknown.append(use.name)
        elif not str(values.get(use.name, "") or "").strip():
            empty.append(use.name)
    if unknown or empty:
        raise MergeError(unknown, empty)

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        return str(values[match.group(1).strip()])

    return _TOKEN.sub(replace, text)


def merge_all(parts: Mapping[str, str], values: Mapping[str, str]) -> dict[str, str]:
    """Merge several parts at once, reporting every missing field of all parts in one error."""
    unknown: set[str] = set()
    empty: set[str] = set()
    out: dict[str, str] = {}
    for part, text in parts.items():
        try:
            out[part] = merge(text, values, part)
        except MergeError as exc:
            unknown.update(exc.unknown)
            empty.update(exc.empty)
    if unknown or empty:
        raise MergeError(unknown, empty)
    return out


# Formatting: dates in words on paper ("4 March 2027"), figures as the figure functions give them.


def format_date(value: date | None) -> str:
    return "" if value is None else f"{value.day} {value:%B %Y}"


def format_number(value: Decimal | int | None) -> str:
    """7 → "7", Decimal("7.50") → "7.5"; None → "" (which blocks a letter that uses it)."""
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    text = format(value.normalize(), "f")
    return text


def format_percent(value: Decimal | None) -> str:
    return "" if value is None else f"{format_number(value)}%"
