"""The words stored for roles, communication methods, document kinds, delivery methods and decision states.

One ``StrEnum`` per concept: a member *is* its stored string (``StaffRole.HEAD == "head"``), so the database,
JSON exports and audit rows hold exactly the text they always held. A stored value that is not a member (a role a
school added itself, say) still reads back as plain text; ``label_for`` shows it as it is.
"""

from __future__ import annotations

from enum import StrEnum


class _Labelled(StrEnum):
    """A stored word with a label for people (labels are in ``_LABELS`` below)."""

    @property
    def label(self) -> str:
        return _LABELS[type(self)][self]

    @classmethod
    def label_for(cls, value: str, default: str | None = None) -> str:
        """The label of a stored value; one that is not a member shows as ``default`` (else as stored)."""
        return _LABELS[cls].get(value, value if default is None else default)


class StaffRole(_Labelled):
    """Roles a staff member can hold. Stored as text so that schools can add their own later."""

    OFFICE = "office"
    ATTENDANCE_LEAD = "attendance_lead"
    DSL = "dsl"
    HEAD = "head"
    ADMIN = "admin"
    MIS_SYNC = "mis_sync"  # an account for scheduled imports and exports only (domain.access)


class DeliveryMethod(_Labelled):
    """How a letter reached the family (evidence for a penalty notice or prosecution)."""

    FIRST_CLASS = "first_class_post"
    SECOND_CLASS = "second_class_post"
    EMAIL = "email"
    HAND = "hand_delivered"
    MEETING = "at_meeting"


class CommunicationMethod(StrEnum):
    CALL = "call"
    TEXT = "text"
    EMAIL = "email"
    LETTER = "letter"
    MEETING = "meeting"
    HOME_VISIT = "home_visit"
    REPORT = "report"  # the family told us (phone, text, email, in person)


class DocumentKind(StrEnum):
    """What an archived PDF is."""

    LETTER = "letter"
    CERTIFICATE = "certificate"
    HAND_DELIVERY_LOG = "hand_delivery_log"
    LA_RETURN = "la_return"  # a return to the local authority (reports)
    TERMLY_PACK = "termly_pack"  # the termly attendance pack (reports)


class DecisionStatus(StrEnum):
    """Where a code decided in the office stands against the MIS."""

    PENDING = "pending"  # decided here, not yet seen in an MIS import
    DONE = "done"  # a later import showed the new code
    WITHDRAWN = "withdrawn"


_LABELS: dict[type[_Labelled], dict[str, str]] = {
    StaffRole: {
        StaffRole.OFFICE: "Office staff",
        StaffRole.ATTENDANCE_LEAD: "Attendance lead",
        StaffRole.DSL: "Designated safeguarding lead",
        StaffRole.HEAD: "Head teacher",
        StaffRole.ADMIN: "Administrator",
        StaffRole.MIS_SYNC: "Scheduled MIS sync",
    },
    DeliveryMethod: {
        DeliveryMethod.FIRST_CLASS: "First-class post",
        DeliveryMethod.SECOND_CLASS: "Second-class post",
        DeliveryMethod.EMAIL: "Email (read receipt requested)",
        DeliveryMethod.HAND: "Hand-delivered",
        DeliveryMethod.MEETING: "Handed over at a meeting",
    },
}
