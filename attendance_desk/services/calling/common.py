"""Small helpers shared by the calling-desk services: contact lines, pupil names (London time: ``domain.london``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from attendance_desk.domain.names import pupil_display_name
from attendance_desk.store.models import Contact, Pupil, PupilContact

display_name = pupil_display_name  # the calling desk's modules name it so


@dataclass(frozen=True, slots=True)
class Phone:
    label: str  # Mobile | Home | Work
    number: str


@dataclass(frozen=True, slots=True)
class ContactLine:
    """One contact as the call panel shows them, in the pupil's priority order."""

    contact_id: int
    name: str
    relationship: str
    priority: int
    parental_responsibility: bool
    lives_with_pupil: bool
    do_not_contact: bool  # a court order restricts contact: never offered, never callable
    phones: tuple[Phone, ...]
    email: str

    def as_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "relationship": self.relationship,
            "priority": self.priority,
            "parental_responsibility": self.parental_responsibility,
            "lives_with_pupil": self.lives_with_pupil,
            "phones": [{"type": p.label.lower(), "number": p.number} for p in self.phones],
        }


def contacts_by_pupil(session: Session, pupil_ids: Iterable[int]) -> dict[int, list[ContactLine]]:
    """Every pupil's contacts in priority order (restricted ones included and flagged)."""
    ids = list(pupil_ids)
    out: dict[int, list[ContactLine]] = {pid: [] for pid in ids}
    if not ids:
        return out
    rows = session.execute(
        select(PupilContact, Contact)
        .join(Contact, Contact.id == PupilContact.contact_id)
        .where(PupilContact.pupil_id.in_(ids))
        .order_by(PupilContact.pupil_id, PupilContact.priority, Contact.surname, Contact.forename)
    )
    for link, contact in rows:
        out[link.pupil_id].append(
            ContactLine(
                contact_id=contact.id,
                name=contact.display_name,
                relationship=link.relationship_to_pupil,
                priority=link.priority,
                parental_responsibility=link.parental_responsibility,
                lives_with_pupil=link.lives_with_pupil,
                do_not_contact=link.court_order_restriction,
                phones=tuple(Phone(label, number) for label, number in contact.phones),
                email=contact.email,
            )
        )
    return out


def callable_contacts(lines: Sequence[ContactLine]) -> list[ContactLine]:
    return [line for line in lines if not line.do_not_contact]


@dataclass(frozen=True, slots=True)
class PupilChoice:
    pupil_id: int
    upn: str
    name: str
    reg_group: str

    @property
    def label(self) -> str:
        return f"{self.name} ({self.reg_group or 'no group'}, {self.upn})"


def pupil_choices(session: Session, on: date) -> list[PupilChoice]:
    """Pupils on roll on ``on``, by surname: for choosing a pupil when a parent rings in."""
    rows = session.execute(
        select(
            Pupil.id,
            Pupil.upn,
            Pupil.preferred_forename,
            Pupil.legal_forename,
            Pupil.preferred_surname,
            Pupil.legal_surname,
            Pupil.reg_group,
        )
        .where(or_(Pupil.leaving_date.is_(None), Pupil.leaving_date >= on))
        .order_by(Pupil.legal_surname, Pupil.legal_forename)
    )
    return [PupilChoice(pid, upn, display_name(pf, lf, ps, ls), group) for pid, upn, pf, lf, ps, ls, group in rows]


def names_for(session: Session, ids: Sequence[int]) -> dict[int, str]:
    rows = session.execute(
        select(
            Pupil.id, Pupil.preferred_forename, Pupil.legal_forename, Pupil.preferred_surname, Pupil.legal_surname
        ).where(Pupil.id.in_(list(ids)))
    )
    return {pid: display_name(pf, lf, ps, ls) for pid, pf, lf, ps, ls in rows}
