"""Families and their contacts: who the office may call, who holds parental responsibility, who must not be called.

Each family gets a shape (two parents, separated parents at two addresses, a step-parent without parental
responsibility, a court-order restriction, kinship or foster carers…). The first families take one shape each, so
every shape is present even in a small demo; the rest are drawn with weights close to a typical school roll.
Siblings share the same contact rows (the same ``contact_id``), as they do in an MIS.
"""

from __future__ import annotations

import random

from attendance_desk.services.demo.addresses import Address, AddressBook, EmailBook, PhoneBook, reserved_landline
from attendance_desk.services.demo.model import ContactLink, DemoContact, Family, FamilyShape
from attendance_desk.services.demo.names import NAME_GROUPS, NameGroup, Surname, pick_forename, pick_group, pick_surname

SHAPE_WEIGHTS: dict[FamilyShape, int] = {
    FamilyShape.TWO_PARENTS: 52,
    FamilyShape.SAME_SEX_PARENTS: 2,
    FamilyShape.SINGLE_PARENT: 17,
    FamilyShape.SEPARATED: 16,
    FamilyShape.STEP_FAMILY: 7,
    FamilyShape.COURT_ORDER: 1,
    FamilyShape.KINSHIP_CARERS: 3,
    FamilyShape.FOSTER_CARE: 2,
}
CHILDREN_WEIGHTS = {1: 56, 2: 32, 3: 10, 4: 2}
SOCIAL_CARE_TEAM = "kestlefordcc"  # the fictional council's email tag


class SocialWorkers:
    """A small fictional children's social care team; looked-after and supported children are shared out."""

    def __init__(self, rng: random.Random, emails: EmailBook) -> None:
        self._rng = rng
        self.team: list[tuple[str, str, str]] = []
        for i in range(6):
            sex = "F" if i % 3 else "M"
            group = NAME_GROUPS[i % 4 if i != 3 else 6]
            forename, surname = pick_forename(rng, group, sex, adult=True), pick_surname(rng, group).for_sex(sex)
            self.team.append(
                (f"{forename} {surname}", reserved_landline(10 + i), emails.work(forename, surname, SOCIAL_CARE_TEAM))
            )

    def pick(self) -> tuple[str, str, str]:
        return self._rng.choice(self.team)


class ContactMaker:
    """Makes contacts with distinct ids, numbers and addresses."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.addresses = AddressBook(rng)
        self.phones = PhoneBook(rng)
        self.emails = EmailBook(rng)
        self.social_workers = SocialWorkers(rng, self.emails)
        self._next_id = 1

    def person(
        self,
        forename: str,
        surname: str,
        sex: str,
        address: Address,
        *,
        married: bool = False,
        home: str = "",
        grandparent: bool = False,
    ) -> DemoContact:
        rng = self.rng
        contact = DemoContact(
            f"C{self._next_id:05d}", self._title(sex, married, grandparent), forename, surname, address
        )
        self._next_id += 1
        if grandparent:
            contact.phone_home = home or self.phones.home()
            if rng.random() < 0.5:
                contact.phone_mobile = self.phones.mobile()
            return contact
        contact.phone_mobile = self.phones.mobile()
        if not contact.phone_mobile or rng.random() < 0.3:
            contact.phone_home = home or self.phones.home()
        if rng.random() < 0.3:
            contact.phone_work = self.phones.work()
        if rng.random() < 0.85:
            contact.email = self.emails.personal(forename, surname)
        return contact

    def _title(self, sex: str, married: bool, grandparent: bool) -> str:
        roll = self.rng.random()
        if roll < 0.03:
            return "Dr"
        if roll < 0.04 and not grandparent:
            return "Mx"
        if sex == "M":
            return "Mr"
        if married or grandparent:
            return "Mrs" if roll < 0.85 else "Ms"
        return "Ms" if roll < 0.6 else "Miss"

    def social_worker_contact(self) -> tuple[DemoContact, tuple[str, str, str]]:
        name, phone, email = self.social_workers.pick()
        forename, surname = name.split(" ", 1)
        council = Address("Children’s Services, Kestleford Town Hall", "Market Place", "Kestleford", "KX1 1AB")
        contact = DemoContact(f"C{self._next_id:05d}", "", forename, surname, council, phone_work=phone, email=email)
        self._next_id += 1
        return contact, (name, phone, email)


def pick_shape(rng: random.Random, index: int) -> FamilyShape:
    """The first families take each shape once (so a small demo still has them all), then by weight."""
    shapes = list(SHAPE_WEIGHTS)
    if index < len(shapes):
        return shapes[index]
    return rng.choices(shapes, weights=list(SHAPE_WEIGHTS.values()))[0]


def pick_children_count(rng: random.Random, shape: FamilyShape) -> int:
    if shape is FamilyShape.FOSTER_CARE:
        return 1
    return rng.choices(list(CHILDREN_WEIGHTS), weights=list(CHILDREN_WEIGHTS.values()))[0]


def _partner(rng: random.Random, group: NameGroup) -> NameGroup:
    """Most couples share a name background; some do not."""
    return group if rng.random() < 0.8 else pick_group(rng)


def make_family(
    maker: ContactMaker, family_id: int, shape: FamilyShape, showcase: tuple[NameGroup, Surname] | None = None
) -> tuple[Family, Surname]:
    """A family of ``shape`` with its contacts; returns it with the surname its children carry.

    ``showcase`` fixes the family's name background and surname (see ``roll.SHOWCASE_NAMES``).
    """
    rng = maker.rng
    group = NAME_GROUPS[0] if shape is FamilyShape.COURT_ORDER else pick_group(rng)
    if showcase:
        group = showcase[0]
    home = maker.addresses.new_home()
    family = Family(family_id, shape, group, home)
    links = family.links
    person = maker.person
    mum_name = pick_forename(rng, group, "F", adult=True)

    if shape in (FamilyShape.TWO_PARENTS, FamilyShape.SAME_SEX_PARENTS):
        surname = showcase[1] if showcase else pick_surname(rng, group)
        if shape is FamilyShape.TWO_PARENTS:
            dad_group = _partner(rng, group)
            landline = maker.phones.home() if rng.random() < 0.3 else ""
            mum = person(mum_name, surname.for_sex("F"), "F", home, married=True, home=landline)
            dad = person(pick_forename(rng, dad_group, "M", adult=True), surname.for_sex("M"), "M", home, home=landline)
            first, second = (mum, dad) if rng.random() < 0.75 else (dad, mum)
            links.append(ContactLink(first, "Mother" if first is mum else "Father", 1, True, True))
            links.append(ContactLink(second, "Mother" if second is mum else "Father", 2, True, True))
        else:
            other_group = _partner(rng, group)
            other_surname = pick_surname(rng, other_group).for_sex("F")
            links.append(
                ContactLink(person(mum_name, surname.for_sex("F"), "F", home, married=True), "Mother", 1, True, True)
            )
            links.append(
                ContactLink(
                    person(pick_forename(rng, other_group, "F", adult=True), other_surname, "F", home, married=True),
                    "Mother",
                    2,
                    True,
                    True,
                )
            )
        return family, surname

    if shape is FamilyShape.SINGLE_PARENT:
        surname = showcase[1] if showcase else pick_surname(rng, group)
        father_led = rng.random() < 0.12
        sex = "M" if father_led else "F"
        name = pick_forename(rng, group, sex, adult=True)
        links.append(
            ContactLink(
                person(name, surname.for_sex(sex), sex, home), "Father" if father_led else "Mother", 1, True, True
            )
        )
        gran_home = maker.addresses.new_home()
        gran = person(
            pick_forename(rng, group, "F", adult=True), surname.for_sex("F"), "F", gran_home, grandparent=True
        )
        links.append(ContactLink(gran, "Grandmother", 2, False, False))
        return family, surname

    if shape in (FamilyShape.SEPARATED, FamilyShape.STEP_FAMILY, FamilyShape.COURT_ORDER):
        dad_group = _partner(rng, group)
        surname = showcase[1] if showcase else pick_surname(rng, dad_group)
        mum_surname = surname.for_sex("F") if rng.random() < 0.5 else pick_surname(rng, group).for_sex("F")
        away = maker.addresses.new_home()
        dad = person(pick_forename(rng, dad_group, "M", adult=True), surname.for_sex("M"), "M", away)
        if shape is FamilyShape.STEP_FAMILY:
            step_group = _partner(rng, group)
            step_surname = pick_surname(rng, step_group)
            mum = person(mum_name, step_surname.for_sex("F"), "F", home, married=True)
            step = person(pick_forename(rng, step_group, "M", adult=True), step_surname.for_sex("M"), "M", home)
            links.append(ContactLink(mum, "Mother", 1, True, True))
            links.append(ContactLink(dad, "Father", 2, True, False))
            links.append(ContactLink(step, "Step-father", 3, False, True))
        elif shape is FamilyShape.COURT_ORDER:
            mum = person(mum_name, mum_surname, "F", home)
            gran = person(
                pick_forename(rng, group, "F", adult=True),
                pick_surname(rng, group).for_sex("F"),
                "F",
                maker.addresses.new_home(),
                grandparent=True,
            )
            links.append(ContactLink(mum, "Mother", 1, True, True))
            links.append(ContactLink(gran, "Grandmother", 2, False, False))
            links.append(ContactLink(dad, "Father", 9, True, False, court_order_restriction=True))
        else:
            if rng.random() < 0.15:  # the children live with their father
                dad.address = home
                resident, other = dad, person(mum_name, mum_surname, "F", away)
            else:
                resident, other = person(mum_name, mum_surname, "F", home), dad
            links.append(ContactLink(resident, "Father" if resident is dad else "Mother", 1, True, True))
            links.append(ContactLink(other, "Father" if other is dad else "Mother", 2, True, False))
        return family, surname

    if shape is FamilyShape.KINSHIP_CARERS:
        surname = showcase[1] if showcase else pick_surname(rng, group)
        landline = maker.phones.home()
        gran = person(
            pick_forename(rng, group, "F", adult=True),
            surname.for_sex("F"),
            "F",
            home,
            married=True,
            home=landline,
            grandparent=True,
        )
        grandad = person(
            pick_forename(rng, group, "M", adult=True), surname.for_sex("M"), "M", home, home=landline, grandparent=True
        )
        links.append(ContactLink(gran, "Grandmother (special guardian)", 1, True, True))
        links.append(ContactLink(grandad, "Grandfather (special guardian)", 2, True, True))
        return family, surname

    # Foster care: the child keeps the birth family's surname; the carers and the council hold the day-to-day.
    surname = showcase[1] if showcase else pick_surname(rng, group)
    carer_group = pick_group(rng)
    carer_surname = pick_surname(rng, carer_group)
    landline = maker.phones.home()
    carer = person(
        pick_forename(rng, carer_group, "F", adult=True),
        carer_surname.for_sex("F"),
        "F",
        home,
        married=True,
        home=landline,
    )
    carer2 = person(
        pick_forename(rng, carer_group, "M", adult=True), carer_surname.for_sex("M"), "M", home, home=landline
    )
    worker, family.social_worker = maker.social_worker_contact()
    birth_mum = person(mum_name, surname.for_sex("F"), "F", maker.addresses.new_home())
    links.append(ContactLink(carer, "Foster carer", 1, False, True))
    links.append(ContactLink(carer2, "Foster carer", 2, False, True))
    links.append(ContactLink(worker, "Social worker", 3, False, False))
    links.append(ContactLink(birth_mum, "Mother", 4, True, False))
    return family, surname
