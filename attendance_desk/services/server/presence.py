"""Who is doing what on the calling desk right now, for the other PCs: "Jo is calling Sam's mother".

One row per staff member (``desk_presence``), replaced when they choose another contact or pupil and removed when
they stop. A row older than :data:`STALE_AFTER` is ignored (a PC that crashed or lost the network cannot clear its
own). On the server each change sends a notice (a trigger), so the other PCs refresh within a second or two.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select

from attendance_desk.store.engine import Store
from attendance_desk.store.models import Contact, DeskPresence, Pupil, PupilContact, Staff, utc_now

STALE_AFTER = timedelta(minutes=20)


@dataclass(frozen=True, slots=True)
class PresenceLine:
    staff_id: int
    pupil_id: int
    text: str  # "Jo Bloggs is calling Sam's mother"


def set_calling(store: Store, staff_id: int, pupil_id: int, contact_id: int | None) -> None:
    """``staff_id`` is now calling ``contact_id`` (None: looking at the pupil's contacts) about ``pupil_id``."""
    with store.transaction() as session:
        session.execute(delete(DeskPresence).where(DeskPresence.staff_id == staff_id))
        session.add(DeskPresence(staff_id=staff_id, activity="calling", pupil_id=pupil_id, contact_id=contact_id))


def clear(store: Store, staff_id: int) -> None:
    with store.transaction() as session:
        session.execute(delete(DeskPresence).where(DeskPresence.staff_id == staff_id))


def others_now(store: Store, staff_id: int | None) -> list[PresenceLine]:
    """What everyone but ``staff_id`` is doing now, oldest first."""
    with store.session() as session:
        rows = session.execute(
            select(
                DeskPresence.staff_id,
                DeskPresence.pupil_id,
                Staff.name,
                Pupil.preferred_forename,
                Pupil.legal_forename,
                PupilContact.relationship_to_pupil,
                Contact.forename,
            )
            .join(Staff, Staff.id == DeskPresence.staff_id)
            .join(Pupil, Pupil.id == DeskPresence.pupil_id)
            .outerjoin(Contact, Contact.id == DeskPresence.contact_id)
            .outerjoin(
                PupilContact,
                (PupilContact.contact_id == DeskPresence.contact_id) & (PupilContact.pupil_id == DeskPresence.pupil_id),
            )
            .where(DeskPresence.since >= utc_now() - STALE_AFTER)
            .where(DeskPresence.staff_id != (staff_id if staff_id is not None else -1))
            .order_by(DeskPresence.since)
        ).all()
    lines = []
    for who_id, pupil_id, who, preferred, legal, relationship, contact_forename in rows:
        pupil = preferred or legal
        if relationship:
            whom = f"{pupil}’s {relationship.lower()}"
        elif contact_forename:
            whom = f"{contact_forename} about {pupil}"
        else:
            whom = f"{pupil}’s family"
        lines.append(PresenceLine(who_id, pupil_id, f"{who} is calling {whom}"))
    return lines
