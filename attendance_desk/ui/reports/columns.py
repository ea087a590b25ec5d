"""What each list shows on screen (the CSV and JSON carry every key; see docs/reports.md)."""

from __future__ import annotations

from typing import Any

from attendance_desk.domain.reports.bands import band_label
from attendance_desk.domain.reports.patterns import WEEKDAY_KEYS
from attendance_desk.services.reports.return_records import SEND_METHODS
from attendance_desk.ui.reports.list_view import Column, key_column

SCHOOL_BAND_WORDS = {"expected": "Expected", "at_risk": "At risk", "persistent": "Persistent", "severe": "Severe"}
MOVEMENT_WORDS = {"worse": "▲ worse", "better": "▼ better", "same": "same", "new": "new", "none": ""}
KIND_WORDS = {"continuous_unauthorised": "Attendance (10 days)", "sickness": "Sickness (15 days)"}
STATUS_WORDS = {"due": "Due", "form_made": "Form made", "sent": "Sent", "approaching": "Approaching"}


def _band(record: dict[str, Any], key: str) -> str:
    value = record.get(key)
    return band_label(value) if value else ""


def _words(key: str, words: dict[str, str]) -> Any:
    return lambda r: words.get(str(r.get(key)), str(r.get(key) or ""))


def _weekday(day: str) -> Column:
    def count(record: dict[str, Any]) -> int:
        return int(record["absence_by_weekday"][day])

    return Column(day, lambda r: str(count(r)), count, 45)


NAME = key_column("Name", "name", 170)
UPN = key_column("UPN", "upn", 115)
YEAR = Column(
    "Year", lambda r: str(r.get("year_group") or ""), lambda r: (len(str(r.get("year_group"))), r.get("year_group")), 45
)
GROUP = key_column("Group", "reg_group", 60)

BANDS = [
    NAME,
    YEAR,
    GROUP,
    key_column("Possible", "possible_sessions", 65),
    key_column("Absent", "absence_sessions", 60),
    key_column("Absence %", "absence_percent", 75),
    Column("DfE band", lambda r: _band(r, "dfe_band"), lambda r: r["absence_percent"] or 0, 90),
    Column("A week ago", lambda r: _band(r, "previous_dfe_band"), lambda r: r["previous_absence_percent"] or 0, 90),
    Column("Movement", _words("movement", MOVEMENT_WORDS), lambda r: r["movement"], 80),
    Column("School band", _words("school_band", SCHOOL_BAND_WORDS), lambda r: r["absence_percent"] or 0, 90),
    UPN,
]
BAND_COLUMN = 6  # where the DfE band sits, for a chart click

THRESHOLD = [
    NAME,
    YEAR,
    GROUP,
    key_column("Met on", "met_on", 85),
    key_column("Already over before", "met_before_range", 130),
    key_column("Window from", "window_start", 90),
    Column(
        "Sessions",
        lambda r: ", ".join(f"{s['date'][8:]}/{s['date'][5:7]} {s['session']} {s['code']}" for s in r["sessions"]),
        lambda r: len(r["sessions"]),
        330,
    ),
    key_column("Used by a notice", "used_by_notice", 105),
    Column(
        "Legal measures",
        lambda r: "" if r["compulsory_school_age"] else "below school age",
        lambda r: r["compulsory_school_age"],
        110,
    ),
]

RETURNS = [
    NAME,
    YEAR,
    Column("Return", _words("kind", KIND_WORDS), lambda r: r["kind"], 170),
    key_column("Days", "days", 45),
    key_column("First day", "first_date", 85),
    key_column("Due from", "reached_on", 85),
    key_column("Due by", "due_by", 85),
    Column("Status", _words("status", STATUS_WORDS), lambda r: r["status"], 90),
    key_column("Sent on", "sent_on", 85),
    Column("How", _words("sent_method", SEND_METHODS), lambda r: r["sent_method"] or "", 180),
]

PATTERNS = [
    NAME,
    YEAR,
    GROUP,
    key_column("Absent sessions", "absence_sessions", 100),
    *[_weekday(day) for day in WEEKDAY_KEYS],
    key_column("Spells", "spells", 55),
    key_column("Longest (days)", "longest_spell_days", 95),
    key_column("Pattern", "flag", 200),
]

COHORTS = [
    key_column("Group", "label", 200),
    key_column("Pupils", "pupils", 55),
    key_column("Attendance %", "attendance_percent", 90),
    key_column("Rest %", "rest_attendance_percent", 65),
    key_column("Gap", "attendance_gap", 55),
    key_column("Persistent %", "persistent_percent", 90),
    key_column("Rest", "rest_persistent_percent", 55),
    key_column("Severe %", "severe_percent", 70),
    key_column("Rest", "rest_severe_percent", 55),
    key_column("National %", "national_attendance_percent", 80),
    key_column("National persistent %", "national_persistent_percent", 140),
]
