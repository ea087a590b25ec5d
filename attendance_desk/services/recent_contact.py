"""A pupil's recent contact at a glance: the last calls, letters, visits and messages, and the open tasks.

Shown at the top of a pupil's page so the office can answer "have we spoken to them this week?" without opening
the chronology. Reads the shared ``communications`` log and ``follow_up_tasks``; writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from attendance_desk.domain.access import Permission
from attendance_desk.domain.letter_approval import LetterState
from attendance_desk.services.access import require
from attendance_desk.services.evidence import current_communication
from attendance_desk.services.letters.approval import approvals_in
from attendance_desk.store.engine import Store
from attendance_desk.store.models import (
    CallAttempt,
    Communication,
    Contact,
    FollowUpTask,
    HomeVisit,
    Letter,
    Staff,
    Withdrawal,
)

METHOD_WORDS: dict[str, str] = {
    "call": "Call",
    "text": "Text message",
    "email": "Email",
    "letter": "Letter",
    "meeting": "Meeting",
    "home_visit": "Home visit",
    "report": "Family told us",
}
RECENT_LIMIT = 8


@dataclass(frozen=True, slots=True)
class ContactEvent:
    at: datetime
    what: str
    """"Call", "Letter", "Home visit"… in words."""
    who: str
    """The parent or carer it was with, when known."""
    outcome: str
    summary: str
    staff_name: str
    withdrawn: bool = False
    """Recorded by mistake and withdrawn (kept, but no longer counts)."""


@dataclass(frozen=True, slots=True)
class OpenTask:
    id: int
    title: str
    due_on: date
    owner_name: str


@dataclass(frozen=True, slots=True)
class RecentContact:
    events: tuple[ContactEvent, ...]
    open_tasks: tuple[OpenTask, ...]


def recent_contact(store: Store, actor_id: int | None, pupil_id: int, limit: int = RECENT_LIMIT) -> RecentContact:
    with store.session() as session:
        require(session, actor_id, Permission.READ_PUPILS)
        withdrawn = set(
            session.scalars(
                select(CallAttempt.communication_id)
                .join(Withdrawal, (Withdrawal.entity == "call_attempts") & (Withdrawal.entity_id == CallAttempt.id))
                .where(CallAttempt.pupil_id == pupil_id)
            )
        ) | set(
            session.scalars(
                select(HomeVisit.communication_id)
                .join(Withdrawal, (Withdrawal.entity == "home_visits") & (Withdrawal.entity_id == HomeVisit.id))
                .where(HomeVisit.pupil_id == pupil_id)
            )
        )
        rows = session.execute(
            select(Communication, Contact.forename, Contact.surname, Staff.name)
            .outerjoin(Contact, Contact.id == Communication.contact_id)
            .outerjoin(Staff, Staff.id == Communication.staff_id)
            .where(Communication.pupil_id == pupil_id, current_communication())
            .order_by(Communication.at.desc(), Communication.id.desc())
            .limit(limit)
        ).all()
        unsent = _unsent_letters(session, [c.id for c, *_ in rows])
        events = tuple(
            ContactEvent(
                c.at,
                METHOD_WORDS.get(c.method, c.method.replace("_", " ").capitalize()),
                f"{forename or ''} {surname or ''}".strip(),
                unsent.get(c.id) or c.outcome.replace("_", " "),
                c.summary,
                staff or "",
                c.id in withdrawn,
            )
            for c, forename, surname, staff in rows
        )
        tasks = tuple(
            OpenTask(t.id, t.title, t.due_on, owner or "")
            for t, owner in session.execute(
                select(FollowUpTask, Staff.name)
                .outerjoin(Staff, Staff.id == FollowUpTask.owner_id)
                .where(FollowUpTask.pupil_id == pupil_id, FollowUpTask.done_at.is_(None))
                .order_by(FollowUpTask.due_on, FollowUpTask.id)
            )
        )
    return RecentContact(events, tasks)


def _unsent_letters(session: Session, communication_ids: list[int]) -> dict[int, str]:
    """The letters among these communications that have not left the school, with their state in words
    ("awaiting approval", "sent back"): a prepared letter is logged when it is made, but sent only once approved."""
    letters = dict(
        session.execute(
            select(Letter.id, Letter.communication_id).where(Letter.communication_id.in_(communication_ids))
        ).all()
    )
    approvals = approvals_in(session, list(letters))
    return {
        letters[letter_id]: approval.state.label.lower()
        for letter_id, approval in approvals.items()
        if approval.state is not LetterState.APPROVED
    }
