"""The approval rule for letters: a letter's state is its latest decision; who may decide; what each state allows."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from attendance_desk.domain.access import Permission, Role
from attendance_desk.domain.letter_approval import (
    Decision,
    LetterState,
    approved_when_made,
    decision_refusal,
    letter_state,
    release_refusal,
)


@given(st.lists(st.sampled_from(list(Decision))))
def test_the_state_is_the_latest_decision_or_awaiting(decisions: list[Decision]) -> None:
    expected = LetterState(decisions[-1].value) if decisions else LetterState.AWAITING
    assert letter_state(decisions) is expected


def test_only_the_lead_or_head_may_decide_and_only_once() -> None:
    for roles in ({Role.ATTENDANCE_LEAD}, {Role.HEAD}, {Role.OFFICE, Role.ATTENDANCE_LEAD}):
        assert decision_refusal(frozenset(roles), LetterState.AWAITING, 7) is None
        assert approved_when_made(frozenset(roles))
    for roles in ({Role.OFFICE}, {Role.DSL}, {Role.ADMIN}, {Role.MIS_SYNC}, {Role.SIGNATURE_DELEGATE}, set()):
        refusal = decision_refusal(frozenset(roles), LetterState.AWAITING, 7)
        assert refusal is not None and "attendance lead" in refusal and "head teacher" in refusal
        assert not approved_when_made(frozenset(roles))
    lead = frozenset({Role.ATTENDANCE_LEAD})
    assert "already been approved" in (decision_refusal(lead, LetterState.APPROVED, 7) or "")
    assert "was sent back" in (decision_refusal(lead, LetterState.SENT_BACK, 7) or "")


def test_only_an_approved_letter_is_printed_or_recorded_as_delivered() -> None:
    for permission in (Permission.PRINT_APPROVED_LETTERS, Permission.RECORD_DELIVERY):
        assert release_refusal(LetterState.APPROVED, 3, permission) is None
        awaiting = release_refusal(LetterState.AWAITING, 3, permission) or ""
        assert awaiting.startswith("letter 3 is awaiting approval") and "attendance lead" in awaiting
        assert "sent back" in (release_refusal(LetterState.SENT_BACK, 3, permission) or "")
    assert "printed" in (release_refusal(LetterState.AWAITING, 3, Permission.PRINT_APPROVED_LETTERS) or "")
    assert "delivered" in (release_refusal(LetterState.AWAITING, 3, Permission.RECORD_DELIVERY) or "")


def test_every_state_has_words_not_only_a_colour() -> None:
    assert [state.label for state in LetterState] == ["Awaiting approval", "Approved", "Sent back"]
