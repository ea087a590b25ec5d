"""Attendance codes and their statistical categories.

Two code sets are in force at different times: the pre-2024 set for marks dated before 19 August 2024 and the
2024 set from that date. Both are data files (``resources/codes/*.csv``); this module only reads them and answers
"what does this code mean on this date".
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from pathlib import Path

CODE_SET_2024_START = date(2024, 8, 19)
NO_MARK = "-"
"""The MIS placeholder for "register not yet taken". Not a DfE code and never stored as a mark."""


class Category(StrEnum):
    PRESENT = "PRESENT"
    AEA = "AEA"
    AUTHORISED = "AUTHORISED"
    UNAUTHORISED = "UNAUTHORISED"
    NOT_POSSIBLE = "NOT_POSSIBLE"


@dataclass(frozen=True, slots=True)
class AttendanceCode:
    code: str
    label: str
    meaning: str
    category: Category


@dataclass(frozen=True, slots=True)
class CodeSet:
    name: str
    codes: dict[str, AttendanceCode]

    def category_by_code(self) -> dict[str, Category]:
        return {c.code: c.category for c in self.codes.values()}


class UnknownCodeError(ValueError):
    def __init__(self, code: str, on: date, code_set: str) -> None:
        super().__init__(f"'{code}' is not an attendance code in the {code_set} code set (for {on:%d/%m/%Y})")
        self.code = code
        self.on = on


class CodeBook:
    """Both code sets, and the rule for which one applies on a date."""

    def __init__(self, pre2024: CodeSet, set2024: CodeSet) -> None:
        self.pre2024 = pre2024
        self.set2024 = set2024
        self._pre_categories = pre2024.category_by_code()
        self._new_categories = set2024.category_by_code()

    def code_set_for(self, on: date) -> CodeSet:
        return self.set2024 if on >= CODE_SET_2024_START else self.pre2024

    def categories_for(self, on: date) -> dict[str, Category]:
        """code → category for the set in force on ``on``; callers cache this per date in hot loops."""
        return self._new_categories if on >= CODE_SET_2024_START else self._pre_categories

    def lookup(self, code: str, on: date) -> AttendanceCode:
        code_set = self.code_set_for(on)
        try:
            return code_set.codes[code]
        except KeyError:
            raise UnknownCodeError(code, on, code_set.name) from None

    def category(self, code: str, on: date) -> Category:
        return self.lookup(code, on).category

    def is_valid(self, code: str, on: date) -> bool:
        return code in self.categories_for(on)


def read_code_set(name: str, path: Path) -> CodeSet:
    with path.open(newline="", encoding="utf-8") as handle:
        rows: Iterable[dict[str, str]] = csv.DictReader(handle)
        codes = {
            row["code"]: AttendanceCode(row["code"], row["label"], row["meaning"], Category(row["category"]))
            for row in rows
        }
    return CodeSet(name, codes)


@cache
def default_codebook() -> CodeBook:
    """The code book shipped in ``resources/codes``."""
    from attendance_desk.paths import resource_path

    return CodeBook(
        read_code_set("pre-2024", resource_path("codes", "codes-pre2024.csv")),
        read_code_set("2024", resource_path("codes", "codes-2024.csv")),
    )
