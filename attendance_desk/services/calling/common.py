"""Small helpers shared by the calling-desk services: contact lines, pupil names (London time: ``domain.london``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from attendance_desk.domain.contacts import ContactRecord
from attendance_desk.domain.names import pupil_display_name
from attendance_desk.services.pupils import contact_record
from attendance_desk.store.models import Contact, Pupil, PupilContact

display_name = pupil_display_name  # the calling desk's modules name it so


def contacts_by_pupil(session: Session, pupil_ids: Iterable[int]) -> dict[int, list[ContactRecord]]:
    """Every pupil's contacts in priority order (restricted ones included and flagged)."""
    ids = list(pupil_ids)
    out: dict[int, list[ContactRecord]] = {pid: [] for pid in ids}
    if not ids:
        return out
    rows = session.execute(
        select(PupilContact, Contact)
        .join(Contact, Contact.id == PupilContact.contact_id)
        .where(PupilContact.pupil_id.in_(ids))
        .order_by(PupilContact.pupil_id, PupilContact.priority, Contact.surname, Contact.forename)
    )
    for link, contact in rows:
        out[link.pupil_id].append(contact_record(link, contact))
    return out


def callable_contacts(lines: Sequence[ContactRecord]) -> list[ContactRecord]:
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
