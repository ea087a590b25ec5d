"""Readers: encodings, delimiters, quoting, blank lines and columns, dates and vendor headers, one fixture each."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from attendance_desk.sync.dates import DateCache, DateProblem, parse_date_text
from attendance_desk.sync.headers import auto_map, grid_columns
from attendance_desk.sync.mapping import MappingProfile, build_mapping, header_signature, with_changes
from attendance_desk.sync.textfile import TableReader, UnreadableFile, detect_delimiter, detect_encoding

DATA = Path(__file__).parents[1] / "data" / "sync"


def rows(name: str) -> tuple[TableReader, list[tuple[int, list[str]]]]:
    with TableReader(DATA / name) as table:
        return table, list(table.rows())


def test_windows_1252_with_crlf_keeps_accents_curly_apostrophes_and_pounds() -> None:
    assert detect_encoding(DATA / "pupils_sims_cp1252.csv") == "cp1252"
    table, found = rows("pupils_sims_cp1252.csv")
    assert table.format.delimiter == ","
    names = [(r[2], r[3]) for _line, r in found]
    assert names == [("Nowak", "Zoë"), ("Evans", "Siân"), ("Ó Briain", "Aoife"), ("O’Connor", "Liam")]
    assert found[1][1][9] == "Asthma, inhaler in office (£5 spare)"  # quoted comma, pound sign
    assert not any(cell.endswith("\r") for _line, r in found for cell in r)


def test_utf8_bom_semicolons_multiline_quotes_blank_columns_and_lines() -> None:
    assert detect_encoding(DATA / "pupils_arbor_bom_semicolon.csv") == "utf-8-sig"
    table, found = rows("pupils_arbor_bom_semicolon.csv")
    assert table.format.delimiter == ";"
    assert table.header[0] == "First name"  # the BOM is not part of the first header
    assert table.header[-2:] == ["", ""]  # blank trailing columns keep their places
    assert [line for line, _r in found] == [2, 3, 5, 6, 7]  # the quoted line break spans lines 3 and 4
    assert found[1][1][7] == "Asthma; inhaler\nkept in the office"
    assert len(found) == 5  # the row of empty cells and the blank lines at the end are skipped


def test_tab_delimited_utf8() -> None:
    table, found = rows("contacts_bromcom_tab.txt")
    assert (table.format.encoding, table.format.delimiter) == ("utf-8", "\t")
    assert found[3][1][3] == "Siobhán"


@pytest.mark.parametrize(
    ("line", "expected"),
    [("a,b;c", ","), ("a;b;c,d", ";"), ("a\tb\tc", "\t"), ('"x;y;z",b', ","), ("single", ",")],
)
def test_delimiter_is_the_most_frequent_outside_quotes(line: str, expected: str) -> None:
    assert detect_delimiter(line) == expected


def test_workbooks_and_binary_files_are_refused_with_advice(tmp_path: Path) -> None:
    workbook = tmp_path / "export.csv"
    workbook.write_bytes(b"PK\x03\x04" + bytes(100))
    with pytest.raises(UnreadableFile, match="Excel workbook"):
        detect_encoding(workbook)
    binary = tmp_path / "data.csv"
    binary.write_bytes(b"upn,\x00\x01\x02")
    with pytest.raises(UnreadableFile, match="CSV UTF-8"):
        detect_encoding(binary)


def test_a_late_windows_1252_byte_is_found_beyond_the_first_chunk(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_bytes(b"upn,name\n" + b"A000000000000,plain\n" * 200_000 + "X,Zoë\n".encode("cp1252"))
    assert detect_encoding(path) == "cp1252"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-09-02", date(2024, 9, 2)),
        ("02/09/2024", date(2024, 9, 2)),
        ("2/9/2024", date(2024, 9, 2)),
        ("02/09/24", date(2024, 9, 2)),
        ("02-Sep-2024", date(2024, 9, 2)),
        ("2 September 2024", date(2024, 9, 2)),
        ("Mon 02 Sep 2024", date(2024, 9, 2)),
        (" 2024-09-02 00:00:00 ", date(2024, 9, 2)),
        ("02/09/2024 00:00", date(2024, 9, 2)),
        ("14/03/98", date(1998, 3, 14)),
    ],
)
def test_dates_in_every_accepted_form_are_day_first(text: str, expected: date) -> None:
    assert parse_date_text(text) == expected


@pytest.mark.parametrize("text", ["31/09/2024", "2024-13-01", "Sept the second", "", "02-Foo-2024", "09/02"])
def test_bad_dates_are_refused(text: str) -> None:
    with pytest.raises(DateProblem):
        parse_date_text(text)


def test_date_cache_parses_each_text_once() -> None:
    cache = DateCache()
    assert cache.iso("02/09/2024") == "2024-09-02"
    cache._dates["02/09/2024"] = date(1999, 1, 1)  # a cached answer is reused, not recomputed
    assert cache("02/09/2024") == date(1999, 1, 1)


@pytest.mark.parametrize(
    ("kind", "header", "expected"),
    [
        (
            "pupils",
            ["Adno", "UPN", "Legal Surname", "Legal Forename", "Date of Birth", "Year", "Reg Group"],
            {
                "admission_number": 0,
                "upn": 1,
                "legal_surname": 2,
                "legal_forename": 3,
                "date_of_birth": 4,
                "year_group": 5,
                "reg_group": 6,
            },
        ),
        (
            "pupils",
            ["Last name", "First name", "DOB", "NC Year", "Tutor Group", "Gender"],
            {"legal_surname": 0, "legal_forename": 1, "date_of_birth": 2, "year_group": 3, "reg_group": 4, "sex": 5},
        ),
        (
            "pupils",
            ["Surname", "Forename", "Year Group", "Registration Form"],
            {"legal_surname": 0, "legal_forename": 1, "year_group": 2, "reg_group": 3},
        ),
        (
            "contacts",
            ["UPN", "Contact Priority", "Parental Responsibility", "Court Order Restricted Access"],
            {"upn": 0, "priority": 1, "parental_responsibility": 2, "court_order_restriction": 3},
        ),
        (
            "contacts",
            ["UPN", "Contact Order", "Responsibility", "Lives with Pupil"],
            {"upn": 0, "priority": 1, "parental_responsibility": 2, "lives_with_pupil": 3},
        ),
        (
            "marks",
            ["Adno", "Date", "Session Name", "Mark"],
            {"admission_number": 0, "date": 1, "session": 2, "code": 3},
        ),
    ],
)
def test_vendor_headers_map_onto_fields(kind: str, header: list[str], expected: dict[str, int]) -> None:
    assert auto_map(kind, header) == expected


def test_repeated_names_in_a_contacts_file_go_to_the_contact_not_the_pupil() -> None:
    header = ["UPN", "Forename", "Surname", "Contact ID", "Title", "Forename", "Surname"]
    mapping = auto_map("contacts", header)
    assert (mapping["forename"], mapping["surname"], mapping["upn"]) == (5, 6, 0)


def test_grid_headers_give_date_and_session() -> None:
    header = ["UPN", "Name", "02/09/2024 AM", "Mon 02/09/2024 PM", "2024-09-03:AM", "03-Sep-2024 (PM)", "Notes"]
    assert grid_columns(header, DateCache()) == [
        (2, "2024-09-02", "AM"),
        (3, "2024-09-02", "PM"),
        (4, "2024-09-03", "AM"),
        (5, "2024-09-03", "PM"),
    ]


def test_missing_required_columns_are_named() -> None:
    mapping = build_mapping("pupils", ["UPN", "Surname", "Favourite colour"])
    assert mapping.missing == ("legal_forename", "date_of_birth", "year_group")
    assert mapping.ignored_columns == ["Favourite colour"]
    marks = build_mapping("marks", ["Name", "Date", "Mark"])
    assert marks.missing[0] == "upn" and "session" in marks.missing


def test_a_profile_maps_unusual_headers_and_the_user_can_correct_a_mapping() -> None:
    header = ["Pupil Ref", "Day", "Half", "What"]
    assert build_mapping("marks", header).missing
    profile = MappingProfile(
        "Our SIMS report", "marks", {"upn": "Pupil Ref", "date": "Day", "session": "Half", "code": "What"}
    )
    mapping = build_mapping("marks", header, profile)
    assert (mapping.missing, mapping.fields, mapping.profile) == (
        (),
        {"upn": 0, "date": 1, "session": 2, "code": 3},
        "Our SIMS report",
    )
    corrected = with_changes(mapping, {"code": None})
    assert corrected.missing == ("code",)
    assert with_changes(corrected, {"code": 2}).fields == {"upn": 0, "date": 1, "code": 2}  # one column, one field


def test_grid_signature_ignores_the_dates_so_next_weeks_export_matches() -> None:
    this_week = ["UPN", "Surname", "02/09/2024 AM", "02/09/2024 PM"]
    next_week = ["UPN", "Surname", "09/09/2024 AM", "09/09/2024 PM", "10/09/2024 AM"]
    assert header_signature("marks", this_week) == header_signature("marks", next_week)
    assert header_signature("marks", this_week) != header_signature("pupils", this_week)


def test_a_date_the_key_cannot_hold_is_refused_not_wrapped() -> None:
    from attendance_desk.sync.marks import day_bits, key_parts, mark_key

    assert key_parts(mark_key(7, date(2027, 12, 31), "PM")) == (7, date(2027, 12, 31), "PM")
    for day in (date(1999, 12, 31), date(3500, 1, 4)):
        with pytest.raises(ValueError, match="cannot be packed"):
            day_bits(day)
