"""The demo school's people before they become CSV rows: pupils, contacts, families and attendance profiles."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from attendance_desk.services.demo.addresses import Address
from attendance_desk.services.demo.names import NameGroup


class Phase(StrEnum):
    PRIMARY = "primary"  # Reception to Year 6
    SECONDARY = "secondary"  # Years 7 to 11

    @property
    def first_group(self) -> int:
        """The year group pupils join in: Reception (0) or Year 7."""
        return 0 if self is Phase.PRIMARY else 7

    @property
    def last_group(self) -> int:
        return 6 if self is Phase.PRIMARY else 11


SECONDARY_FROM_PUPILS = 1000
"""A demo of this many pupils or more is a secondary school; below it, a primary."""


def phase_for(pupils: int) -> Phase:
    return Phase.SECONDARY if pupils >= SECONDARY_FROM_PUPILS else Phase.PRIMARY


def school_year_of(day: date) -> int:
    """The start year of the school year (1 September to 31 August) containing ``day``."""
    return day.year if day.month >= 9 else day.year - 1


def year_group_label(group: int) -> str:
    return "R" if group == 0 else str(group)


class FamilyShape(StrEnum):
    TWO_PARENTS = "two_parents"  # mother and father at home, both with parental responsibility
    SAME_SEX_PARENTS = "same_sex_parents"  # two mothers at home, both with parental responsibility
    SINGLE_PARENT = "single_parent"  # one parent at home; a grandparent is the second contact
    SEPARATED = "separated"  # parents at different addresses, both with parental responsibility
    STEP_FAMILY = "step_family"  # mother and step-father (no PR) at home, father elsewhere with PR
    COURT_ORDER = "court_order"  # father has PR but a court order restricts contact: never to be contacted
    KINSHIP_CARERS = "kinship_carers"  # grandparents under a special guardianship order (they hold PR)
    FOSTER_CARE = "foster_care"  # looked after: foster carers (no PR), social worker, birth mother elsewhere


class Profile(StrEnum):
    """How a pupil attends across the year; the marks generator turns it into days."""

    GOOD = "good"
    AT_RISK = "at_risk"
    PERSISTENT = "persistent"
    SEVERE = "severe"


@dataclass(slots=True)
class DemoContact:
    contact_id: str
    title: str
    forename: str
    surname: str
    address: Address
    phone_home: str = ""
    phone_mobile: str = ""
    phone_work: str = ""
    email: str = ""


@dataclass(frozen=True, slots=True)
class ContactLink:
    """How one contact relates to the children of a family (the same for each sibling)."""

    contact: DemoContact
    relationship: str
    priority: int
    parental_responsibility: bool
    lives_with_pupil: bool
    court_order_restriction: bool = False


@dataclass(slots=True)
class Special:
    """A register pattern given to one chosen pupil: the cases an office must recognise."""

    code: str  # C2 (part-time timetable, afternoons), D (dual registered), E (suspension)
    start: date
    end: date
    weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)
    sessions: tuple[str, ...] = ("AM", "PM")


@dataclass(slots=True)
class DemoPupil:
    upn: str
    admission_number: str
    legal_surname: str
    legal_forename: str
    middle_names: str
    preferred_forename: str
    date_of_birth: date
    sex: str
    entry_year: int  # start year of the school year the pupil's cohort joined the school
    first_group: int
    form_letter: str  # registration group letter: the group is written as year group + letter (4B)
    admission_date: date
    family_id: int
    leaving_date: date | None = None
    sen_support: bool = False
    ehcp: bool = False
    fsm: bool = False
    pupil_premium: bool = False
    eal: bool = False
    looked_after: bool = False
    child_in_need: bool = False
    child_protection_plan: bool = False
    young_carer: bool = False
    social_worker_name: str = ""
    social_worker_phone: str = ""
    social_worker_email: str = ""
    medical_note: str = ""
    profile: Profile = Profile.GOOD
    late_prone: bool = False
    specials: list[Special] = field(default_factory=list)

    def group_in(self, school_year: int) -> int:
        """The year group number (Reception = 0) in the school year starting September ``school_year``."""
        return self.first_group + school_year - self.entry_year

    def year_group_in(self, school_year: int) -> str:
        return year_group_label(self.group_in(school_year))

    def last_school_year(self, current_school_year: int) -> int:
        """The school year the pupil's record describes: the year they left, or the current one."""
        return school_year_of(self.leaving_date) if self.leaving_date else current_school_year


@dataclass(slots=True)
class Family:
    family_id: int
    shape: FamilyShape
    group: NameGroup
    home: Address
    links: list[ContactLink] = field(default_factory=list)
    children: list[DemoPupil] = field(default_factory=list)
    fsm: bool = False
    takes_eid_leave: bool = False
    social_worker: tuple[str, str, str] | None = None  # (name, phone, email) when the council is involved


@dataclass(slots=True)
class DemoSchoolData:
    """Everything generated before the marks: the marks are streamed from it straight into the CSV."""

    phase: Phase
    families: list[Family]
    pupils: list[DemoPupil]
