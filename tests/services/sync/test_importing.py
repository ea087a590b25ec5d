"""The canonical import: whole file checked first, one transaction, every problem located."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from attendance_desk.domain.upn import make_upn
from attendance_desk.services.sync.importing import import_file
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Contact, ImportBatch, Mark, Pupil, PupilContact
from tests.helpers.accounts import importer

UPN_A = make_upn(0, 2001, 19, 1)
UPN_B = make_upn(0, 2001, 19, 2)
WRONG_CHECK = ("A" if UPN_B[0] != "A" else "B") + make_upn(0, 2001, 19, 3)[1:]

PUPILS = f"""upn,legal_surname,legal_forename,date_of_birth,year_group,reg_group,admission_date,ehcp,favourite_colour
{UPN_A},Okafor,Chidi,2015-03-14,5,5B,2019-09-04,N,green
{UPN_B},Nowak,Zoë,2016-01-02,4,4A,2020-09-03,Yes,blue
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def count(store: Store, model: type) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def load_pupils(store: Store, tmp_path: Path) -> None:
    assert import_file(store, "pupils", write(tmp_path, "pupils.csv", PUPILS), importer(store)).status == "imported"


def test_pupils_import_with_extra_columns_ignored_and_flags_read(store: Store, tmp_path: Path) -> None:
    result = import_file(store, "pupils", write(tmp_path, "pupils.csv", PUPILS), importer(store))
    assert (result.status, result.inserted, result.error_count) == ("imported", 2, 0)
    with store.session() as session:
        zoe = session.scalar(select(Pupil).where(Pupil.upn == UPN_B))
        assert zoe is not None and zoe.legal_forename == "Zoë" and zoe.ehcp and zoe.year_group == "4"
        batch = session.scalar(select(ImportBatch))
        assert batch is not None and batch.inserted == 2


def test_reimporting_the_same_file_changes_nothing(store: Store, tmp_path: Path) -> None:
    load_pupils(store, tmp_path)
    again = import_file(store, "pupils", tmp_path / "pupils.csv", importer(store))
    assert (again.status, again.inserted, again.updated, again.unchanged) == ("unchanged", 0, 0, 2)


def test_missing_required_column_rejects_the_file(store: Store, tmp_path: Path) -> None:
    text = PUPILS.replace("date_of_birth", "born_on")  # not a synonym ("dob" would now be mapped)
    result = import_file(store, "pupils", write(tmp_path, "pupils.csv", text), importer(store))
    assert result.status == "rejected"
    assert [(e.line, e.column) for e in result.errors] == [(1, "date_of_birth")]
    assert "missing" in result.errors[0].describe()
    assert count(store, Pupil) == 0


def test_invalid_date_is_located_and_nothing_is_written(store: Store, tmp_path: Path) -> None:
    text = PUPILS.replace("2016-01-02", "2016-02-30")
    result = import_file(store, "pupils", write(tmp_path, "pupils.csv", text), importer(store))
    assert result.status == "rejected"
    error = result.errors[0]
    assert (error.file, error.line, error.column, error.value) == ("pupils.csv", 3, "date_of_birth", "2016-02-30")
    assert count(store, Pupil) == 0


def test_wrong_check_letter_is_a_warning_and_the_pupil_is_imported(store: Store, tmp_path: Path) -> None:
    text = PUPILS + f"{WRONG_CHECK},Evans,Siân,2016-05-05,4,4A,2020-09-03,N,red\n"
    result = import_file(store, "pupils", write(tmp_path, "pupils.csv", text), importer(store))
    assert result.status == "imported" and result.inserted == 3
    assert [(w.line, w.column, w.value) for w in result.warnings] == [(4, "upn", WRONG_CHECK)]
    assert "check letter" in result.warnings[0].message


def test_contacts_link_to_pupils_with_their_flags(store: Store, tmp_path: Path) -> None:
    load_pupils(store, tmp_path)
    contacts = write(
        tmp_path,
        "contacts.csv",
        "upn,contact_id,title,forename,surname,relationship,priority,parental_responsibility,lives_with_pupil,"
        "court_order_restriction,address_line1,town,postcode,phone_mobile\n"
        f"{UPN_A},C1,Mrs,Ngozi,Okafor,Mother,1,Yes,Yes,No,1 Elm Road,Exampleton,ZZ1 1AA,07700 900001\n"
        f"{UPN_A},C2,Mr,Emeka,Okafor,Father,2,True,False,True,9 Ash Close,Exampleton,ZZ1 2BB,07700 900002\n"
        f"{UPN_B},C1,Mrs,Ngozi,Okafor,Carer,3,N,N,N,1 Elm Road,Exampleton,ZZ1 1AA,07700 900001\n",
    )
    result = import_file(store, "contacts", contacts, importer(store))
    assert result.status == "imported", [e.describe() for e in result.errors]
    assert count(store, Contact) == 2 and count(store, PupilContact) == 3
    with store.session() as session:
        father = session.scalar(select(PupilContact).join(Contact).where(Contact.mis_id == "C2"))
        assert father is not None and father.court_order_restriction and father.parental_responsibility
        assert not father.lives_with_pupil
    assert import_file(store, "contacts", contacts, importer(store)).status == "unchanged"


def test_bad_flag_value_names_the_column(store: Store, tmp_path: Path) -> None:
    load_pupils(store, tmp_path)
    contacts = write(
        tmp_path, "contacts.csv", f"upn,contact_id,forename,surname,parental_responsibility\n{UPN_A},C1,A,B,Maybe\n"
    )
    result = import_file(store, "contacts", contacts, importer(store))
    assert [(e.line, e.column, e.value) for e in result.errors] == [(2, "parental_responsibility", "Maybe")]


MARKS_HEADER = "upn,date,session,code,minutes_late\n"


def test_marks_import_and_repeat_rows(store: Store, tmp_path: Path) -> None:
    load_pupils(store, tmp_path)
    text = MARKS_HEADER + (
        f"{UPN_A},2025-09-01,AM,/,\n{UPN_A},2025-09-01,PM,\\,\n{UPN_A},2025-09-02,AM,L,12\n"
        f"{UPN_A},2025-09-02,AM,L,12\n"  # the same mark twice with the same code: counted and ignored
        f"{UPN_B},2025-09-01,AM,-,\n"  # no mark yet: skipped
    )
    result = import_file(store, "marks", write(tmp_path, "marks.csv", text), importer(store))
    assert (result.status, result.inserted, result.duplicates_ignored) == ("imported", 3, 1)
    with store.session() as session:
        pupil_id = session.scalar(select(Pupil.id).where(Pupil.upn == UPN_A))
        late = session.get(Mark, (pupil_id, date(2025, 9, 2), "AM"))
        assert late is not None and (late.code, late.minutes_late) == ("L", 12)


def test_marks_errors_each_located_and_nothing_written(store: Store, tmp_path: Path) -> None:
    load_pupils(store, tmp_path)
    unknown = make_upn(0, 2001, 19, 99)
    text = MARKS_HEADER + (
        f"{UPN_A},2025-09-01,AM,/,\n"
        f"{UPN_A},2025-09-01,PM,H,\n"  # H was retired in 2024
        f"{UPN_A},2024-06-03,AM,J,\n"  # J is valid before 19 August 2024
        f"{unknown},2025-09-01,AM,/,\n"  # not a known pupil
        f"{UPN_B},2025-09-01,AM,/,\n"
        f"{UPN_B},2025-09-01,AM,N,\n"  # contradicts the line before
        f"{UPN_B},31/09/2025,PM,/,\n"  # no such day (day-first dates are accepted since issue 3)
    )
    result = import_file(store, "marks", write(tmp_path, "marks.csv", text), importer(store))
    assert result.status == "rejected"
    assert [(e.line, e.column, e.value) for e in result.errors] == [
        (3, "code", "H"),
        (5, "upn", unknown),
        (7, "code", "N"),
        (8, "date", "31/09/2025"),
    ]
    assert "2024 code set" in result.errors[0].message
    assert "line 6" in result.errors[2].message
    assert count(store, Mark) == 0


def test_an_error_in_the_last_row_leaves_the_marks_as_they_were(store: Store, tmp_path: Path) -> None:
    load_pupils(store, tmp_path)
    good = MARKS_HEADER + f"{UPN_A},2025-09-01,AM,/,\n"
    assert import_file(store, "marks", write(tmp_path, "marks.csv", good), importer(store)).status == "imported"
    changed = (
        MARKS_HEADER
        + f"{UPN_A},2025-09-01,AM,I,\n"
        + "".join(f"{UPN_B},2025-09-{d:02d},AM,/,\n" for d in range(1, 20))
        + f"{UPN_B},2025-09-22,AM,??,\n"
    )
    result = import_file(store, "marks", write(tmp_path, "marks2.csv", changed), importer(store))
    assert result.status == "rejected" and result.errors[-1].line == 22
    with store.session() as session:
        assert session.execute(select(Mark.code)).scalars().all() == ["/"]
        assert session.scalar(select(func.count()).select_from(ImportBatch)) == 2  # the pupils and the first marks


def test_a_changed_mark_is_updated_and_other_dates_are_untouched(store: Store, tmp_path: Path) -> None:
    load_pupils(store, tmp_path)
    first = MARKS_HEADER + f"{UPN_A},2025-09-01,AM,N,\n{UPN_A},2025-09-02,AM,/,\n"
    import_file(store, "marks", write(tmp_path, "m1.csv", first), importer(store))
    second = MARKS_HEADER + f"{UPN_A},2025-09-01,AM,I,\n"
    result = import_file(store, "marks", write(tmp_path, "m2.csv", second), importer(store))
    assert (result.inserted, result.updated) == (0, 1)
    with store.session() as session:
        assert sorted(session.execute(select(Mark.date, Mark.code)).all()) == [
            (date(2025, 9, 1), "I"),
            (date(2025, 9, 2), "/"),
        ]


def test_unreadable_file_is_a_clear_error(store: Store, tmp_path: Path) -> None:
    result = import_file(store, "pupils", tmp_path / "missing.csv", importer(store))
    assert result.status == "rejected" and "could not be read" in result.errors[0].message
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\xff\xd8\xff\xe0 not text \x00\x81")
    result = import_file(store, "pupils", binary, importer(store))
    assert result.status == "rejected" and "UTF-8" in result.errors[0].message
