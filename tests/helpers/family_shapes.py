"""One pupil for each family shape a school meets, with a full case, for the render matrix.

Shapes: two parents together; separated parents (father elsewhere); a step-parent without parental
responsibility beside a father elsewhere; a father under a court-order restriction; a looked-after child (birth
mother at another address); a Reception child not of compulsory school age. Every pupil misses Mondays without a
reason (O) and Tuesday mornings for a holiday the school refused (G), so the 10-in-10 threshold is met; support is
recorded. All names, addresses and numbers are invented; UPNs use LA code 000.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import insert

from attendance_desk.domain.upn import make_upn
from attendance_desk.paths import resource_path
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Contact, Mark, Pupil, PupilContact, SchoolSettings, Staff, StaffRoleGrant

FIRST_DAY = date(2025, 9, 1)
LAST_DAY = date(2025, 11, 21)
TODAY = date(2025, 11, 24)
HALF_TERM = (date(2025, 10, 27), date(2025, 10, 31))


@dataclass(frozen=True)
class Person:
    key: str
    title: str
    forename: str
    surname: str
    relationship: str
    address: tuple[str, str, str]
    phone: str
    responsibility: bool = True
    lives_with: bool = True
    restricted: bool = False

    @property
    def name(self) -> str:
        return f"{self.title} {self.forename} {self.surname}"


HOME = ("14 Lark Rise", "Anytown", "AN1 4LR")
AWAY = ("3 Quarry Lane", "Seaport", "SP2 7QL")
OTHER = ("88 Canal Wharf", "Millbrook", "MB5 8CW")


@dataclass(frozen=True)
class Family:
    shape: str
    forename: str
    surname: str
    born: date
    people: tuple[Person, ...]
    looked_after: bool = False
    year_group: str = "5"
    pupil_id: int = 0
    contact_ids: dict[str, int] = field(default_factory=dict)

    @property
    def legal(self) -> bool:
        """Whether legal measures may be used at all for this pupil."""
        return not self.looked_after and self.born.year < 2020

    def person(self, key: str) -> Person:
        return next(p for p in self.people if p.key == key)


FAMILIES = (
    Family(
        "together",
        "Amira",
        "Haddad",
        date(2015, 4, 2),
        (
            Person("mum", "Mrs", "Leila", "Haddad", "Mother", HOME, "07700 900101"),
            Person("dad", "Mr", "Karim", "Haddad", "Father", HOME, "07700 900102"),
        ),
    ),
    Family(
        "separated",
        "Bethan",
        "Price",
        date(2014, 9, 20),
        (
            Person("mum", "Ms", "Carys", "Price", "Mother", HOME, "07700 900201"),
            Person("dad", "Mr", "Owain", "Jenkins", "Father", AWAY, "07700 900202", lives_with=False),
        ),
    ),
    Family(
        "step_parent",
        "Tomasz",
        "Kowalski",
        date(2015, 1, 11),
        (
            Person("mum", "Mrs", "Ewa", "Kowalska", "Mother", HOME, "07700 900301"),
            Person("step", "Mr", "Gary", "Booth", "Step-father", HOME, "07700 900303", responsibility=False),
            Person("dad", "Mr", "Marek", "Kowalski", "Father", AWAY, "07700 900302", lives_with=False),
        ),
    ),
    Family(
        "court_order",
        "Chidi",
        "Okafor",
        date(2014, 12, 3),
        (
            Person("mum", "Mrs", "Ngozi", "Okafor", "Mother", HOME, "07700 900401"),
            Person("dad", "Mr", "Emeka", "Obi", "Father", AWAY, "07700 900402", lives_with=False, restricted=True),
        ),
    ),
    Family(
        "looked_after",
        "Kayla",
        "Reid",
        date(2015, 7, 30),
        (Person("birth_mum", "Ms", "Donna", "Reid", "Mother", OTHER, "07700 900501", lives_with=False),),
        looked_after=True,
    ),
    Family(
        "not_csa",
        "Rosie",
        "Fletcher",
        date(2021, 2, 1),  # compulsory school age from 31 August 2026
        (
            Person("mum", "Mrs", "Hannah", "Fletcher", "Mother", HOME, "07700 900601"),
            Person("dad", "Mr", "Liam", "Fletcher", "Father", HOME, "07700 900602"),
        ),
        year_group="R",
    ),
)


def code_for(day: date, session: str) -> str:
    if day.weekday() == 0:
        return "O"
    if day.weekday() == 1 and session == "AM":
        return "G"
    if day.weekday() == 4 and session == "PM" and day.day % 2:
        return "I"
    return "/"


def school_days() -> list[date]:
    out, day = [], FIRST_DAY
    while day <= LAST_DAY:
        if day.weekday() < 5 and not HALF_TERM[0] <= day <= HALF_TERM[1]:
            out.append(day)
        day += timedelta(days=1)
    return out


def build_families(store: Store, *, with_images: bool) -> tuple[int, list[Family]]:
    """The school (with the demo logo and signature when ``with_images``), its attendance lead, and each family.
    Returns the staff id and the families with their ids filled in."""
    built: list[Family] = []
    with store.transaction() as session:
        settings = session.get(SchoolSettings, 1)
        assert settings is not None
        settings.name = "Harbourside Primary School"
        settings.address = "1 Harbour Road\nAnytown\nAN1 1HR"
        settings.phone = "01234 000111"
        settings.email = "office@harbourside.example"
        settings.head_teacher = "Mrs J. Example"
        settings.la_name = "Anyshire Council"
        if with_images:
            settings.logo_image = resource_path("demo", "logo.png").read_bytes()
            settings.signature_image = resource_path("demo", "signature.png").read_bytes()
        # The head teacher's signature is on some letters: the lead here also holds the head's role (issue 12).
        lead = Staff(name="Dana Whitfield", position="Attendance lead", role="attendance_lead")
        session.add(lead)
        session.flush()
        staff_id = lead.id
        session.add(StaffRoleGrant(staff_id=staff_id, role="head"))
        days = school_days()
        for serial, family in enumerate(FAMILIES, start=1):
            pupil = Pupil(
                upn=make_upn(0, 2002, 25, serial),
                legal_surname=family.surname,
                legal_forename=family.forename,
                date_of_birth=family.born,
                year_group=family.year_group,
                reg_group=f"{family.year_group}H",
                looked_after=family.looked_after,
                admission_number=f"A{serial:03d}",
            )
            session.add(pupil)
            session.flush()
            ids: dict[str, int] = {}
            for n, person in enumerate(family.people, start=1):
                contact = Contact(
                    mis_id=f"F{serial}-{n}",
                    title=person.title,
                    forename=person.forename,
                    surname=person.surname,
                    address_line1=person.address[0],
                    town=person.address[1],
                    postcode=person.address[2],
                    phone_mobile=person.phone,
                )
                session.add(contact)
                session.flush()
                session.add(
                    PupilContact(
                        pupil_id=pupil.id,
                        contact_id=contact.id,
                        relationship_to_pupil=person.relationship,
                        priority=n,
                        parental_responsibility=person.responsibility,
                        lives_with_pupil=person.lives_with,
                        court_order_restriction=person.restricted,
                    )
                )
                ids[person.key] = contact.id
            session.execute(
                insert(Mark),
                [
                    {"pupil_id": pupil.id, "date": d, "session": s, "code": code_for(d, s)}
                    for d in days
                    for s in ("AM", "PM")
                ],
            )
            built.append(
                Family(
                    family.shape,
                    family.forename,
                    family.surname,
                    family.born,
                    family.people,
                    family.looked_after,
                    family.year_group,
                    pupil.id,
                    ids,
                )
            )
    return staff_id, built
