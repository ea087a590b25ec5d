"""One record of a pupil's contact, as the pupil page, the call panel, the worklist and its JSON all show it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class Phone(NamedTuple):
    label: str  # Mobile | Home | Work
    number: str


@dataclass(frozen=True, slots=True)
class ContactRecord:
    """One contact of one pupil, with the link's facts (relationship, priority, responsibility, restriction)."""

    contact_id: int
    name: str
    relationship: str
    priority: int
    parental_responsibility: bool
    lives_with_pupil: bool
    court_order_restriction: bool
    phones: tuple[Phone, ...]
    email: str
    address_lines: tuple[str, ...] = ()

    @property
    def do_not_contact(self) -> bool:
        """A court order restricts contact: never offered, never callable, sent no letters."""
        return self.court_order_restriction

    def as_json(self) -> dict[str, object]:
        """What the worklist's JSON gives for a contact that may be called."""
        return {
            "name": self.name,
            "relationship": self.relationship,
            "priority": self.priority,
            "parental_responsibility": self.parental_responsibility,
            "lives_with_pupil": self.lives_with_pupil,
            "phones": [{"type": p.label.lower(), "number": p.number} for p in self.phones],
        }
