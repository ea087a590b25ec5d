"""Pupils for the screens: list rows with year-to-date figures, detail with contacts, the register grid."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import insert

from attendance_desk.domain.calendar import DateRange
from attendance_desk.domain.upn import make_upn
from attendance_desk.services import pupils
from attendance_desk.services.figures import figures_for_pupil
from attendance_desk.store.models import Contact, Mark, Pupil, PupilContact
from tests.helpers.accounts import everyone

MONDAY = date(2025, 9, 8)


def seed(store) -> None:
    base = {
        "admission_number": "",
        "middle_names": "",
        "preferred_surname": "",
        "sex": "F",
        "reg_group": "7A",
        "date_of_birth": date(2014, 3, 1),
        "year_group": "7",
        "fsm": False,
        "social_worker_name": "",
        "leaving_date": None,
    }
    with store.engine.begin() as c:
        c.execute(
            insert(Pupil),
            [
                {
                    **base,
                    "id": 1,
                    "upn": make_upn(0, 4001, 2019, 1),
                    "legal_surname": "Shah",
                    "legal_forename": "Amira",
                    "preferred_forename": "Amy",
                    "fsm": True,
                    "social_worker_name": "S. Worker",
                },
                {
                    **base,
                    "id": 2,
                    "upn": make_upn(0, 4001, 2019, 2),
                    "legal_surname": "Bell",
                    "legal_forename": "Ola",
                    "preferred_forename": "",
                    "leaving_date": date(2025, 9, 10),
                },
            ],
        )
        c.execute(
            insert(Contact),
            [
                {"id": 1, "mis_id": "C1", "forename": "Rana", "surname": "Shah", "phone_mobile": "07700 900001"},
                {"id": 2, "mis_id": "C2", "forename": "Tariq", "surname": "Shah", "phone_mobile": ""},
            ],
        )
        c.execute(
            insert(PupilContact),
            [
                {
                    "pupil_id": 1,
                    "contact_id": 2,
                    "priority": 2,
                    "court_order_restriction": True,
                    "relationship": "Father",
                    "parental_responsibility": False,
                },
                {
                    "pupil_id": 1,
                    "contact_id": 1,
                    "priority": 1,
                    "parental_responsibility": True,
                    "relationship": "Mother",
                    "court_order_restriction": False,
                },
            ],
        )
        marks = []
        for day in range(5):
            d = MONDAY + timedelta(days=day)
            marks += [
                {"pupil_id": 1, "date": d, "session": "AM", "code": "/" if day else "N"},
                {"pupil_id": 1, "date": d, "session": "PM", "code": "\\" if day != 4 else "I"},
                {"pupil_id": 2, "date": d, "session": "AM", "code": "/"},
                {"pupil_id": 2, "date": d, "session": "PM", "code": "\\"},
            ]
        c.execute(insert(Mark), marks)


def test_list_rows_carry_flags_and_figures_from_the_figures_service(store) -> None:
    seed(store)
    result = pupils.list_pupils(store, everyone(store), today=date(2025, 10, 1))
    assert result.period == DateRange(date(2025, 9, 1), date(2025, 9, 12))  # the register ends before today
    by_id = {r.id: r for r in result.rows}
    assert [r.surname for r in result.rows] == ["Bell", "Shah"]
    amy = by_id[1]
    assert (amy.forename, amy.name) == ("Amy", "Shah, Amy")
    assert amy.flags == ("FSM", "Social worker")
    with store.session() as session:
        expected = figures_for_pupil(session, 1, result.period)
    assert (amy.attendance_percent, amy.band, amy.unauthorised_sessions) == (
        expected.attendance_percent,
        expected.band,
        expected.unauthorised_absence_sessions,
    )
    assert by_id[2].left_on == date(2025, 9, 10)


def test_detail_lists_contacts_in_priority_order_with_restrictions(store) -> None:
    seed(store)
    detail = pupils.pupil_detail(store, everyone(store), 1)
    assert detail.display_name == "Amy Shah" and detail.legal_name == "Amira Shah"
    assert [(c.name, c.priority, c.parental_responsibility, c.court_order_restriction) for c in detail.contacts] == [
        ("Rana Shah", 1, True, False),
        ("Tariq Shah", 2, False, True),
    ]
    assert detail.contacts[0].phones == (("Mobile", "07700 900001"),)


def test_register_weeks_lay_marks_out_monday_to_friday(store) -> None:
    seed(store)
    weeks = pupils.register_weeks(store, everyone(store), 1, DateRange(date(2025, 9, 1), date(2025, 9, 30)))
    assert [w.monday for w in weeks] == [MONDAY]
    cells = weeks[0].cells
    assert (cells[0].code, cells[0].category) == ("N", "UNAUTHORISED")
    assert (cells[9].code, cells[9].category) == ("I", "AUTHORISED") and "Illness" in cells[9].meaning
    assert cells[2].category == "PRESENT"


def test_figures_pair_uses_the_same_calculator_for_both_ranges(store) -> None:
    seed(store)
    pair = pupils.pupil_figures_pair(store, everyone(store), 1, DateRange(MONDAY, MONDAY), today=date(2025, 10, 1))
    assert pair.as_of == date(2025, 9, 12)
    assert pair.year_figures.possible_sessions == 10 and pair.chosen_figures.possible_sessions == 2
