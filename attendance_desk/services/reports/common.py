"""What every report needs: who the pupils are, their groups, and the DfE's basis for each pupil."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from attendance_desk.domain.calendar import DateRange, school_year_start
from attendance_desk.domain.codes import Category, CodeBook
from attendance_desk.domain.names import pupil_display_name
from attendance_desk.domain.reports.cohorts import FLAG_GROUPS, groups_of
from attendance_desk.store.models import Pupil


@dataclass(frozen=True, slots=True)
class PupilInfo:
    pupil_id: int
    upn: str
    name: str
    year_group: str
    reg_group: str
    sex: str
    date_of_birth: date
    admission_date: date | None
    leaving_date: date | None
    groups: tuple[str, ...]


def pupil_info(session: Session) -> dict[int, PupilInfo]:
    """Every pupil (leavers too), with the groups they belong to."""
    columns = [getattr(Pupil, flag) for flag in FLAG_GROUPS]
    rows = session.execute(
        select(
            Pupil.id,
            Pupil.upn,
            Pupil.preferred_forename,
            Pupil.legal_forename,
            Pupil.preferred_surname,
            Pupil.legal_surname,
            Pupil.year_group,
            Pupil.reg_group,
            Pupil.sex,
            Pupil.date_of_birth,
            Pupil.admission_date,
            Pupil.leaving_date,
            *columns,
        )
    )
    out: dict[int, PupilInfo] = {}
    for row in rows:
        values = tuple(row)
        pid, upn, pf, lf, ps, ls, year, group, sex, born, admitted, left = values[:12]
        flags = values[12:]
        groups = groups_of(year, sex or "", dict(zip(FLAG_GROUPS, flags, strict=True)))
        out[pid] = PupilInfo(
            pid, upn, pupil_display_name(pf, lf, ps, ls), year, group, sex or "", born, admitted, left, tuple(groups)
        )
    return out


def dfe_year_to_date(to: date) -> DateRange:
    """The DfE tool's period: the school year to ``to``."""
    return DateRange(school_year_start(to), to)


def dfe_windows(pupils: dict[int, PupilInfo], period: DateRange) -> dict[int, DateRange]:
    """Each pupil's part of ``period`` on the DfE basis: from admission, leavers to their leaving date.

    Only pupils whose dates cut the period appear; a pupil whose dates miss it entirely gets an empty window
    (start after end is not allowed, so the window sits wholly outside the period).
    """
    out: dict[int, DateRange] = {}
    for pid, info in pupils.items():
        start = max(period.start, info.admission_date) if info.admission_date else period.start
        end = min(period.end, info.leaving_date) if info.leaving_date else period.end
        if start == period.start and end == period.end:
            continue
        out[pid] = (
            DateRange(start, end)
            if start <= end
            else DateRange(period.end + timedelta(days=1), period.end + timedelta(days=1))
        )
    return out


def codes_in(codebook: CodeBook, *categories: Category) -> set[str]:
    """Every code, in either code set, whose category is one of ``categories`` (to narrow a query)."""
    wanted = set(categories)
    return {
        code
        for code_set in (codebook.pre2024, codebook.set2024)
        for code, category in code_set.category_by_code().items()
        if category in wanted
    }


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def number(value: object) -> object:
    """Decimals as JSON numbers (ints when whole)."""
    from decimal import Decimal

    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral() else float(value)
    return value
