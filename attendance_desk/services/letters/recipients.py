"""Who a pupil's letters go to.

The rules (from the seeds' guidance on sending attendance letters):

- one letter for each person with parental responsibility, addressed to that person alone at their own address;
- others with day-to-day care get a letter only when the user chooses them (``carer_contact_ids``): a
  step-parent without parental responsibility never gets one by default;
- anyone with a court-order restriction for this pupil gets nothing;
- brothers and sisters each get their own letters (the caller makes letters per pupil).

Email addresses that look shared (a family inbox, or one address held by two contacts) are flagged, because a
letter sent there may be read, or deleted, by someone else.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from attendance_desk.store.models import Contact, PupilContact

_SHARED_LOCAL_PART = re.compile(r"family|families|parents|household|^the[a-z]+s\b|^thes|home|^info@|^contact@")


@dataclass(frozen=True, slots=True)
class Recipient:
    contact_id: int
    name: str
    salutation: str
    relationship: str
    address_lines: tuple[str, ...]
    email: str
    parental_responsibility: bool
    warnings: tuple[str, ...] = ()

    @property
    def has_postal_address(self) -> bool:
        return len(self.address_lines) >= 2


@dataclass(frozen=True, slots=True)
class Excluded:
    contact_id: int
    name: str
    relationship: str
    reason: str


@dataclass(frozen=True, slots=True)
class RecipientChoice:
    recipients: tuple[Recipient, ...]
    excluded: tuple[Excluded, ...]
    carer_candidates: tuple[Excluded, ...]  # without parental responsibility but living with the pupil

    @property
    def warnings(self) -> list[str]:
        return [f"{r.name}: {w}" for r in self.recipients for w in r.warnings]


def salutation_for(contact: Contact) -> str:
    """ "Mrs Nowak" when a title is held, else "Anna Nowak" (never a guess at a title)."""
    if contact.title:
        return f"{contact.title} {contact.surname}"
    return f"{contact.forename} {contact.surname}".strip()


def email_looks_shared(email: str, holders: int = 1) -> str:
    """A warning when ``email`` is probably read by more than one person; empty when it looks personal."""
    if not email:
        return ""
    if holders > 1:
        return f"the email address {email} is held for {holders} contacts; it is shared, so do not email this letter"
    local = email.split("@", 1)[0].casefold()
    if _SHARED_LOCAL_PART.search(local) or _SHARED_LOCAL_PART.search(email.casefold()):
        return f"the email address {email} looks like a shared family inbox; post or hand-deliver instead"
    return ""


def recipients_for(session: Session, pupil_id: int, carer_contact_ids: Collection[int] = ()) -> RecipientChoice:
    """The people one pupil's letter goes to, in contact priority order, with who was left out and why."""
    rows = session.execute(
        select(PupilContact, Contact)
        .join(Contact, Contact.id == PupilContact.contact_id)
        .where(PupilContact.pupil_id == pupil_id)
        .order_by(PupilContact.priority, Contact.surname, Contact.forename, Contact.id)
    ).all()
    email_holders = Counter(c.email.casefold() for _link, c in rows if c.email)
    chosen: list[Recipient] = []
    excluded: list[Excluded] = []
    candidates: list[Excluded] = []
    for link, contact in rows:
        name = contact.display_name
        relationship = link.relationship_to_pupil
        if link.court_order_restriction:
            reason = "a court order restricts contact about this pupil"
            excluded.append(Excluded(contact.id, name, relationship, reason))
            continue
        if not link.parental_responsibility and contact.id not in carer_contact_ids:
            entry = Excluded(contact.id, name, relationship, "no parental responsibility recorded")
            excluded.append(entry)
            if link.lives_with_pupil:
                candidates.append(entry)
            continue
        warnings = []
        address = tuple(contact.address_lines)
        if len(address) < 2:
            warnings.append("no full postal address is held: hand the letter over or add the address in the MIS")
        shared = email_looks_shared(contact.email, email_holders[contact.email.casefold()] if contact.email else 0)
        if shared:
            warnings.append(shared)
        chosen.append(
            Recipient(
                contact_id=contact.id,
                name=name,
                salutation=salutation_for(contact),
                relationship=relationship,
                address_lines=address,
                email=contact.email,
                parental_responsibility=link.parental_responsibility,
                warnings=tuple(warnings),
            )
        )
    return RecipientChoice(tuple(chosen), tuple(excluded), tuple(candidates))
