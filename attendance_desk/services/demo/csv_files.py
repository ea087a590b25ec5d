"""Writing the demo school as the three canonical CSV files (``docs/csv-formats.md``).

The files are exactly what an office would hand to ``attendance-desk import``: UTF-8, a header row of the
documented snake_case names, ISO dates, ``Y``/``N`` flags. Marks are streamed straight from the generator to the
file; a 1,500-pupil school is about 700,000 rows and never sits in memory as a list.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from attendance_desk.services.demo.model import DemoPupil, DemoSchoolData

PUPIL_COLUMNS = (
    "upn",
    "admission_number",
    "legal_surname",
    "legal_forename",
    "middle_names",
    "preferred_surname",
    "preferred_forename",
    "date_of_birth",
    "sex",
    "year_group",
    "reg_group",
    "admission_date",
    "leaving_date",
    "sen_support",
    "ehcp",
    "fsm",
    "pupil_premium",
    "eal",
    "looked_after",
    "child_in_need",
    "child_protection_plan",
    "young_carer",
    "social_worker_name",
    "social_worker_phone",
    "social_worker_email",
    "medical_note",
)
CONTACT_COLUMNS = (
    "upn",
    "contact_id",
    "title",
    "forename",
    "surname",
    "relationship",
    "priority",
    "parental_responsibility",
    "lives_with_pupil",
    "court_order_restriction",
    "address_line1",
    "address_line2",
    "address_line3",
    "town",
    "county",
    "postcode",
    "phone_home",
    "phone_mobile",
    "phone_work",
    "email",
)
MARK_COLUMNS = ("upn", "date", "session", "code", "minutes_late")
PUPILS_FILE, CONTACTS_FILE, MARKS_FILE = "pupils.csv", "contacts.csv", "marks.csv"
MARKS_PROGRESS_EVERY = 20_000


def _flag(value: bool) -> str:
    return "Y" if value else "N"


@dataclass(frozen=True, slots=True)
class WrittenFiles:
    folder: Path
    pupils: int
    contact_links: int
    contacts: int
    marks: int

    @property
    def pupils_csv(self) -> Path:
        return self.folder / PUPILS_FILE

    @property
    def contacts_csv(self) -> Path:
        return self.folder / CONTACTS_FILE

    @property
    def marks_csv(self) -> Path:
        return self.folder / MARKS_FILE


def _pupil_row(pupil: DemoPupil, current_year: int) -> list[str]:
    year_group = pupil.year_group_in(pupil.last_school_year(current_year))
    return [
        pupil.upn,
        pupil.admission_number,
        pupil.legal_surname,
        pupil.legal_forename,
        pupil.middle_names,
        "",
        pupil.preferred_forename,
        pupil.date_of_birth.isoformat(),
        pupil.sex,
        year_group,
        f"{year_group}{pupil.form_letter}",
        pupil.admission_date.isoformat(),
        pupil.leaving_date.isoformat() if pupil.leaving_date else "",
        _flag(pupil.sen_support),
        _flag(pupil.ehcp),
        _flag(pupil.fsm),
        _flag(pupil.pupil_premium),
        _flag(pupil.eal),
        _flag(pupil.looked_after),
        _flag(pupil.child_in_need),
        _flag(pupil.child_protection_plan),
        _flag(pupil.young_carer),
        pupil.social_worker_name,
        pupil.social_worker_phone,
        pupil.social_worker_email,
        pupil.medical_note,
    ]


def write_pupils(path: Path, data: DemoSchoolData, current_year: int) -> int:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(PUPIL_COLUMNS)
        writer.writerows(_pupil_row(p, current_year) for p in data.pupils)
    return len(data.pupils)


def write_contacts(path: Path, data: DemoSchoolData) -> tuple[int, int]:
    """Returns (rows written, distinct contacts)."""
    rows = 0
    contact_ids: set[str] = set()
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CONTACT_COLUMNS)
        for family in data.families:
            for child in family.children:
                for link in family.links:
                    c = link.contact
                    writer.writerow(
                        [
                            child.upn,
                            c.contact_id,
                            c.title,
                            c.forename,
                            c.surname,
                            link.relationship,
                            link.priority,
                            _flag(link.parental_responsibility),
                            _flag(link.lives_with_pupil),
                            _flag(link.court_order_restriction),
                            c.address.line1,
                            c.address.line2,
                            "",
                            c.address.town,
                            "",
                            c.address.postcode,
                            c.phone_home,
                            c.phone_mobile,
                            c.phone_work,
                            c.email,
                        ]
                    )
                    rows += 1
                    contact_ids.add(c.contact_id)
    return rows, len(contact_ids)


def write_marks(
    path: Path, rows: Iterable[tuple[str, str, str, str, str]], progress: Callable[[int], None] | None = None
) -> int:
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(MARK_COLUMNS)
        if progress is None:
            for row in rows:
                writer.writerow(row)
                count += 1
            return count
        for row in rows:
            writer.writerow(row)
            count += 1
            if count % MARKS_PROGRESS_EVERY == 0:
                progress(count)
    return count
