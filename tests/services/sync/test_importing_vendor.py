"""Real-looking vendor exports go in through the same import: encodings, layouts, synonyms, lost zeros."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from attendance_desk.services.sync.importing import import_file
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Contact, Mark, Pupil, PupilContact
from tests.helpers.accounts import importer

DATA = Path(__file__).parents[2] / "data" / "sync"
UPNS = ["A000300117001", "P000300117002", "D000300117003", "T000300117004", "G000300117005"]


def imported(store: Store, kind: str, name: str) -> None:
    result = import_file(store, kind, DATA / name, importer(store))
    assert result.status == "imported", [e.describe() for e in result.errors]


def marks_by_upn(store: Store) -> dict[tuple[str, date, str], tuple[str, int | None]]:
    with store.session() as session:
        rows = session.execute(
            select(Pupil.upn, Mark.date, Mark.session, Mark.code, Mark.minutes_late).join(Pupil)
        ).all()
    return {(upn, day, s): (code, minutes) for upn, day, s, code, minutes in rows}


def test_sims_pupils_in_windows_1252_keep_names_and_read_vendor_values(store: Store) -> None:
    imported(store, "pupils", "pupils_sims_cp1252.csv")
    with store.session() as session:
        pupils = {p.upn: p for p in session.scalars(select(Pupil))}
    assert [pupils[u].legal_surname for u in UPNS[:4]] == ["Nowak", "Evans", "Ó Briain", "O’Connor"]
    zoe, sian, liam = pupils[UPNS[0]], pupils[UPNS[1]], pupils[UPNS[3]]
    assert (zoe.legal_forename, zoe.date_of_birth, zoe.sex, zoe.year_group) == ("Zoë", date(2013, 3, 14), "F", "7")
    assert (zoe.admission_number, zoe.reg_group) == ("000123", "7B")
    assert sian.medical_note == "Asthma, inhaler in office (£5 spare)"
    assert (liam.preferred_forename, liam.sex) == ("Li", "M")


def test_the_same_pupils_from_another_vendor_are_unchanged_despite_lost_zeros(store: Store) -> None:
    imported(store, "pupils", "pupils_sims_cp1252.csv")
    result = import_file(store, "pupils", DATA / "pupils_arbor_bom_semicolon.csv", importer(store))
    # Arbor's file adds Ava and a multi-line medical note for Siân; the admission numbers lost their zeros.
    assert (result.inserted, result.updated, result.unchanged) == (1, 1, 3), result.report
    with store.session() as session:
        pupils = {p.upn: p for p in session.scalars(select(Pupil))}
    assert pupils[UPNS[0]].admission_number == "000123"  # the stored number keeps its zeros
    assert pupils[UPNS[1]].medical_note == "Asthma; inhaler\nkept in the office"
    assert pupils[UPNS[4]].year_group == "R" and pupils[UPNS[4]].legal_forename == "Ava"
    assert pupils[UPNS[0]].legal_forename == "Zoë"  # stray spaces trimmed, so no change


def test_bromcom_contacts_match_pupils_by_admission_number_without_zeros(store: Store) -> None:
    imported(store, "pupils", "pupils_sims_cp1252.csv")
    imported(store, "contacts", "contacts_bromcom_tab.txt")
    with store.session() as session:
        links = session.execute(
            select(
                Pupil.upn,
                Contact.forename,
                PupilContact.priority,
                PupilContact.parental_responsibility,
                PupilContact.court_order_restriction,
            )
            .join(Pupil)
            .join(Contact)
        ).all()
    assert sorted(tuple(row) for row in links) == [
        (UPNS[0], "Magda", 1, True, False),
        (UPNS[0], "Piotr", 2, True, True),
        (UPNS[1], "Cerys", 1, True, False),
        (UPNS[3], "Siobhán", 1, True, False),
    ]


def test_scholarpack_contacts_with_repeated_name_columns(store: Store) -> None:
    imported(store, "pupils", "pupils_arbor_bom_semicolon.csv")
    imported(store, "contacts", "contacts_scholarpack.csv")
    with store.session() as session:
        magda = session.scalar(select(Contact).where(Contact.mis_id == "P9001"))
        sean = session.scalar(select(PupilContact).join(Contact).where(Contact.mis_id == "P9005"))
    assert magda is not None and (magda.forename, magda.address_line1, magda.postcode) == (
        "Magda",
        "Flat 2, 10 Elm Road",
        "ZZ1 1AA",
    )
    assert sean is not None and sean.parental_responsibility and not sean.lives_with_pupil


def test_long_marks_with_short_dates_and_minutes_late(store: Store) -> None:
    imported(store, "pupils", "pupils_sims_cp1252.csv")
    imported(store, "marks", "marks_long_sims.csv")
    marks = marks_by_upn(store)
    assert len(marks) == 8
    assert marks[(UPNS[0], date(2024, 9, 3), "AM")] == ("L", 7)
    assert marks[(UPNS[1], date(2024, 9, 2), "PM")] == ("N", None)


def test_grid_marks_import_the_same_marks_and_empty_cells_are_no_mark(store: Store) -> None:
    imported(store, "pupils", "pupils_sims_cp1252.csv")
    result = import_file(store, "marks", DATA / "marks_grid.csv", importer(store))
    assert (result.status, result.inserted, result.report["layout"]) == ("imported", 10, "grid")
    marks = marks_by_upn(store)
    assert marks[(UPNS[1], date(2024, 9, 2), "AM")] == ("N", None)
    assert (UPNS[2], date(2024, 9, 3), "AM") not in marks  # the empty cell
    assert (result.first_date, result.last_date) == (date(2024, 9, 2), date(2024, 9, 3))


def test_marks_keyed_by_admission_number_with_lost_zeros(store: Store) -> None:
    imported(store, "pupils", "pupils_sims_cp1252.csv")
    imported(store, "marks", "marks_adno_tab.txt")
    marks = marks_by_upn(store)
    assert marks == {
        (UPNS[0], date(2024, 9, 2), "AM"): ("/", None),
        (UPNS[0], date(2024, 9, 2), "PM"): ("\\", None),
        (UPNS[2], date(2024, 9, 2), "AM"): ("I", None),
    }


def test_every_fixture_imports_twice_and_the_second_time_changes_nothing(store: Store) -> None:
    for kind, name in [
        ("pupils", "pupils_arbor_bom_semicolon.csv"),
        ("contacts", "contacts_scholarpack.csv"),
        ("marks", "marks_grid.csv"),
        ("marks", "marks_adno_tab.txt"),
    ]:
        if name == "marks_adno_tab.txt":
            # The grid gave pupil 125 an afternoon mark on 02/09/2024; this file covers that session (pupil 123
            # has one) and names pupil 125, but shows no afternoon mark for them: a removal, refused until agreed.
            refused = import_file(store, kind, DATA / name, importer(store))
            assert refused.status == "rejected" and len(refused.removals) == 1
            assert import_file(store, kind, DATA / name, importer(store), allow_removals=True).status == "imported"
            continue
        imported(store, kind, name)
        again = import_file(store, kind, DATA / name, importer(store))
        assert (again.status, again.changes) == ("unchanged", 0), (name, again.summary())
        assert "already up to date" in again.summary()
