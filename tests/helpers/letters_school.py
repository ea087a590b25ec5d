"""A small synthetic school for the letter tests, built with Core inserts (imported by the letter tests).

Families (all names invented; UPNs use LA code 000):
- pupil 1 Łucja Wiśniewska and pupil 4 Jan Wiśniewski: two parents with parental responsibility at one address;
- pupil 2 Rhys Gwŷn: separated parents at two addresses, and a step-parent without parental responsibility who
  lives with him;
- pupil 3 Chloé O’Brien: a father with parental responsibility under a court-order restriction.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from pypdf import PdfReader

from attendance_desk.domain.upn import make_upn
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Contact, Mark, Pupil, PupilContact, SchoolSettings, Staff

START = date(2025, 9, 1)
END = date(2025, 11, 21)
SCHOOL_DAYS = [
    START + timedelta(days=n)
    for n in range((END - START).days + 1)
    if (START + timedelta(days=n)).weekday() < 5
    and not date(2025, 10, 27) <= START + timedelta(days=n) <= date(2025, 10, 31)
]
STAFF_ID = 1

ADDRESS_KEYS = ("address_line1", "address_line2", "address_line3", "town", "county", "postcode")
ADDRESS_A = {"address_line1": "12 Chapel Row", "town": "Anytown", "postcode": "AN1 2BC"}
ADDRESS_B = {
    "address_line1": "Flat 3, Mill House",
    "address_line2": "45 River Street",
    "town": "Othertown",
    "postcode": "OT4 5DE",
}
ADDRESS_C = {"address_line1": "7 Orchard Close", "town": "Anytown", "postcode": "AN3 9XY"}
ADDRESS_D = {"address_line1": "99 Harbour Road", "town": "Seaport", "postcode": "SP1 1AA"}

PUPILS = [
    (1, "Łucja", "Wiśniewska", date(2014, 3, 2), "7"),
    (2, "Rhys", "Gwŷn", date(2013, 11, 20), "8"),
    (3, "Chloé", "O’Brien", date(2015, 6, 14), "6"),
    (4, "Jan", "Wiśniewski", date(2016, 1, 9), "5"),
]
CONTACTS = [
    (11, "Mrs", "Małgorzata", "Wiśniewska", ADDRESS_A, "m.wisniewska@example.org"),
    (12, "Mr", "Paweł", "Wiśniewski", ADDRESS_A, "thewisniewskifamily@example.org"),
    (21, "Ms", "Siân", "Gwŷn", ADDRESS_C, "sian.gwyn@example.org"),
    (22, "Mr", "Dafydd", "Rees", ADDRESS_B, "dafydd.rees@example.org"),
    (23, "Mr", "Tom", "Barker", ADDRESS_C, ""),
    (31, "Ms", "Aoife", "O’Brien", ADDRESS_C | {"address_line1": "2 Elm Terrace"}, "aoife@example.org"),
    (32, "Mr", "Declan", "O’Brien", ADDRESS_D, "declan@example.org"),
]
# pupil, contact, relationship, priority, parental responsibility, lives with pupil, court-order restriction
LINKS = [
    (1, 11, "Mother", 1, True, True, False),
    (1, 12, "Father", 2, True, True, False),
    (4, 11, "Mother", 1, True, True, False),
    (4, 12, "Father", 2, True, True, False),
    (2, 21, "Mother", 1, True, True, False),
    (2, 22, "Father", 2, True, False, False),
    (2, 23, "Step-father", 3, False, True, False),
    (3, 31, "Mother", 1, True, True, False),
    (3, 32, "Father", 2, True, False, True),
]


def code_for(pupil_id: int, index: int) -> str:
    """A fixed, varied register: some illness, some unauthorised absence, some lateness."""
    if pupil_id == 2 and index % 9 == 4:
        return "O"
    if index % 13 == 5:
        return "I"
    if index % 17 == 3:
        return "N"
    if index % 11 == 7:
        return "L"
    return "/" if index % 2 == 0 else "\\"


def build_school(store: Store, *, signature: bytes | None = None, logo: bytes | None = None) -> None:
    with store.transaction() as session:
        settings = session.get(SchoolSettings, 1)
        assert settings is not None
        settings.name = "Hillside Academy"
        settings.address = "1 Hill Road\nAnytown\nAN1 1AA"
        settings.phone = "01234 567890"
        settings.email = "office@hillside.example"
        settings.website = "www.hillside.example"
        settings.head_teacher = "Mrs Joanna Patel"
        settings.attendance_lead = "Dana Whitfield"
        settings.la_name = "Anytown Council"
        settings.signature_image = signature
        settings.logo_image = logo
        connection = session.connection()
        connection.execute(
            Staff.__table__.insert(),
            [
                {
                    "id": STAFF_ID,
                    "name": "Dana Whitfield",
                    "position": "Attendance lead",
                    "role": "attendance_lead",
                    "email": "d.whitfield@hillside.example",
                    "active": True,
                },
            ],
        )
        connection.execute(
            Pupil.__table__.insert(),
            [
                {
                    "id": pid,
                    "upn": make_upn(0, 2001, 19, pid),
                    "legal_forename": fore,
                    "legal_surname": sur,
                    "date_of_birth": born,
                    "year_group": year,
                    "reg_group": f"{year}H",
                    "admission_number": f"00{pid}",
                }
                for pid, fore, sur, born, year in PUPILS
            ],
        )
        connection.execute(
            Contact.__table__.insert(),
            [
                {
                    "id": cid,
                    "mis_id": f"C{cid}",
                    "title": title,
                    "forename": fore,
                    "surname": sur,
                    "email": email,
                    **dict.fromkeys(ADDRESS_KEYS, ""),
                    **address,
                }  # executemany takes its columns from the first row
                for cid, title, fore, sur, address, email in CONTACTS
            ],
        )
        connection.execute(
            PupilContact.__table__.insert(),
            [
                {
                    "pupil_id": p,
                    "contact_id": c,
                    "relationship": rel,
                    "priority": pri,
                    "parental_responsibility": pr,
                    "lives_with_pupil": lives,
                    "court_order_restriction": court,
                }
                for p, c, rel, pri, pr, lives, court in LINKS
            ],
        )
        connection.execute(
            Mark.__table__.insert(),
            [
                {"pupil_id": pid, "date": day, "session": session_name, "code": code_for(pid, 2 * i + s)}
                for pid, *_ in PUPILS
                for i, day in enumerate(SCHOOL_DAYS)
                for s, session_name in enumerate(("AM", "PM"))
            ],
        )


def pdf_pages_text(data: bytes | Path) -> list[str]:
    reader = PdfReader(data if isinstance(data, Path) else __import__("io").BytesIO(data))
    return [page.extract_text() or "" for page in reader.pages]
