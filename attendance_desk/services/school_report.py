"""The whole-school report record: one per pupil, every figure under its published key.

The CLI's JSON and CSV and the app's Reports export share these keys, so a scheduled report and a saved
spreadsheet always read the same.
"""

from __future__ import annotations

from attendance_desk.services.figures import PupilFiguresRow

REPORT_KEYS = (
    "upn",
    "name",
    "year_group",
    "reg_group",
    "possible_sessions",
    "present_sessions",
    "aea_sessions",
    "authorised_absence_sessions",
    "unauthorised_absence_sessions",
    "attendance_percent",
    "absence_percent",
    "late_before_close",
    "late_after_close",
    "school_weeks",
    "broken_weeks",
    "band",
    "unauthorised_last_10_school_weeks",
    "pn_threshold_met_on",
    "longest_unauthorised_run_days",
    "illness_days",
    "days_missed",
    "lessons_missed",
    "codes",
)


def report_record(row: PupilFiguresRow) -> dict[str, object]:
    figures = row.figures.as_json()
    record: dict[str, object] = {"upn": row.upn, "name": row.name, "year_group": row.year_group}
    record["reg_group"] = row.reg_group
    for key in REPORT_KEYS[4:]:
        record[key] = figures[key]
    return record
