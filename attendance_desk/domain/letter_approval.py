"""Whether a letter may leave the school: its approval state, who may decide it, and what each state allows.

Office staff prepare letters; the attendance lead or head teacher approves each one (or sends it back with a
reason) before anyone prints it, saves a copy of it, lists it on a hand-delivery log or records its delivery. A
letter made by someone who may approve is approved by them as it is made. Decisions are kept as their own rows,
never changed: a letter's state is its latest decision, and a letter with none is awaiting approval. A decision is
final: a letter sent back is not approved later (the office prepares a corrected one), and an approved letter is
not sent back (it may already be in an envelope).

Pure rules, asked by the letter services, the Letters page and the command line alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from attendance_desk.domain.access import Permission, Role, allowed, who_can


class LetterState(StrEnum):
    AWAITING = "awaiting_approval"
    APPROVED = "approved"
    SENT_BACK = "sent_back"

    @property
    def label(self) -> str:
        return _LABELS[self]


class Decision(StrEnum):
    """What an approver decided; stored in ``letter_approvals.decision``."""

    APPROVED = "approved"
    SENT_BACK = "sent_back"


_LABELS = {
    LetterState.AWAITING: "Awaiting approval",
    LetterState.APPROVED: "Approved",
    LetterState.SENT_BACK: "Sent back",
}

# What someone may want to do with a letter once it exists, in words for a refusal.
RELEASES = {
    Permission.PRINT_APPROVED_LETTERS: "printed or saved",
    Permission.RECORD_DELIVERY: "recorded as delivered",
}


def letter_state(decisions: Iterable[str]) -> LetterState:
    """The state after ``decisions`` (oldest first): the latest one, or awaiting approval when there is none."""
    state = LetterState.AWAITING
    for decision in decisions:
        state = LetterState(decision)
    return state


def approved_when_made(roles: frozenset[Role]) -> bool:
    """A letter made by someone who may approve letters is approved by them as it is made."""
    return allowed(roles, Permission.APPROVE_LETTERS)


def decision_refusal(roles: frozenset[Role], state: LetterState, letter_id: int) -> str | None:
    """Why this person may not approve or send back this letter now; None when they may."""
    if not allowed(roles, Permission.APPROVE_LETTERS):
        return who_can(Permission.APPROVE_LETTERS)
    if state is LetterState.APPROVED:
        return f"letter {letter_id} has already been approved"
    if state is LetterState.SENT_BACK:
        return f"letter {letter_id} was sent back; prepare a corrected letter instead"
    return None


def release_refusal(state: LetterState, letter_id: int, permission: Permission) -> str | None:
    """Why a letter in ``state`` may not yet be printed, saved or recorded as delivered; None when it may."""
    if state is LetterState.APPROVED:
        return None
    what = RELEASES.get(permission, "used")
    if state is LetterState.SENT_BACK:
        return f"letter {letter_id} was sent back, so it cannot be {what}; prepare a corrected letter"
    return (
        f"letter {letter_id} is awaiting approval, so it cannot be {what} yet; "
        "the attendance lead or head teacher approves it first (Letters › Letters made, or `letters approve`)"
    )
