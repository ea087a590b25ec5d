"""Approving letters: the attendance lead or head teacher approves letters the office prepared, or sends them back.

Each decision is a new ``letter_approvals`` row (never changed); a letter's state is its latest decision
(``domain.letter_approval``). Deciding many letters at once is all or nothing: one letter that cannot be decided
(already approved, sent back, unknown) refuses the lot and changes nothing.

Only an approved letter leaves the school: :func:`require_approved` is asked by everything that prints, saves,
lists for hand delivery or records the delivery of a letter, and :func:`letters_pdf` gives the approved letters'
pages from the archive (the archived bytes themselves when they are the whole document).
"""

from __future__ import annotations

import io
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from pypdf import PdfReader, PdfWriter
from sqlalchemy import select
from sqlalchemy.orm import Session

from attendance_desk.domain.access import Permission
from attendance_desk.domain.letter_approval import (
    Decision,
    LetterState,
    approved_when_made,
    decision_refusal,
    letter_state,
    release_refusal,
)
from attendance_desk.services.access import require, roles_in
from attendance_desk.services.archive import read_document
from attendance_desk.services.letters.data import LetterError
from attendance_desk.store.audit import record_change
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Staff
from attendance_desk.store.models.base import utc_now
from attendance_desk.store.models.letters import Letter, LetterApproval


@dataclass(frozen=True, slots=True)
class Approval:
    """A letter's state and the decision that set it (empty for a letter awaiting approval)."""

    state: LetterState
    staff: str = ""
    decided_at: datetime | None = None
    reason: str = ""
    when_made: bool = False

    @property
    def summary(self) -> str:
        """The state in words, for a table cell or a line of output (never colour alone)."""
        if self.state is LetterState.AWAITING:
            return self.state.label
        who = f" by {self.staff}" if self.staff else ""
        if self.state is LetterState.SENT_BACK:
            return f"{self.state.label}{who}: {self.reason}"
        return f"{self.state.label}{who}{' when made' if self.when_made else ''}"


AWAITING = Approval(LetterState.AWAITING)


def approvals_in(session: Session, letter_ids: Collection[int]) -> dict[int, Approval]:
    """The approval of each letter in ``letter_ids`` (one query; awaiting approval when it has no decision)."""
    out: dict[int, Approval] = dict.fromkeys(letter_ids, AWAITING)
    if not out:
        return out
    rows = session.execute(
        select(LetterApproval, Staff.name)
        .outerjoin(Staff, Staff.id == LetterApproval.staff_id)
        .where(LetterApproval.letter_id.in_(list(out)))
        .order_by(LetterApproval.letter_id, LetterApproval.id)
    ).all()
    for row, name in rows:  # in the order decided: the last one per letter wins
        out[row.letter_id] = Approval(
            letter_state([row.decision]), name or "", row.decided_at, row.reason, row.when_made
        )
    return out


def require_approved(session: Session, letter_ids: Sequence[int], permission: Permission) -> None:
    """Refuse (with the first letter's reason) unless every letter exists and is approved."""
    known = set(session.scalars(select(Letter.id).where(Letter.id.in_(list(letter_ids)))))
    for letter_id in letter_ids:
        if letter_id not in known:
            raise LetterError(f"there is no letter {letter_id}")
    approvals = approvals_in(session, letter_ids)
    for letter_id in letter_ids:
        refusal = release_refusal(approvals[letter_id].state, letter_id, permission)
        if refusal is not None:
            raise LetterError(refusal)


def approve_when_made(session: Session, actor_id: int | None, letter_ids: Sequence[int]) -> bool:
    """Approve the letters just made when their maker may approve letters; True when they did."""
    if not approved_when_made(roles_in(session, actor_id)):
        return False
    now = utc_now()
    session.add_all(
        LetterApproval(letter_id=i, decision=Decision.APPROVED, staff_id=actor_id, decided_at=now, when_made=True)
        for i in letter_ids
    )
    return True


def approve_letters(store: Store, actor_id: int | None, letter_ids: Sequence[int]) -> int:
    """Approve every letter in ``letter_ids``, all or none; returns how many were approved."""
    return _decide(store, actor_id, letter_ids, Decision.APPROVED, "")


def send_back_letters(store: Store, actor_id: int | None, letter_ids: Sequence[int], reason: str) -> int:
    """Send the letters back to whoever prepared them, with the reason (required), all or none."""
    if not reason.strip():
        raise LetterError("say why the letters are being sent back, so the office can put them right")
    return _decide(store, actor_id, letter_ids, Decision.SENT_BACK, reason.strip())


def _decide(store: Store, actor_id: int | None, letter_ids: Sequence[int], decision: Decision, reason: str) -> int:
    require(store, actor_id, Permission.APPROVE_LETTERS)
    ids = list(dict.fromkeys(letter_ids))
    if not ids:
        raise LetterError("choose the letters to approve or send back")
    with store.transaction() as session:
        roles = roles_in(session, actor_id)
        known = set(session.scalars(select(Letter.id).where(Letter.id.in_(ids))))
        approvals = approvals_in(session, ids)
        for letter_id in ids:
            if letter_id not in known:
                raise LetterError(f"there is no letter {letter_id}")
            refusal = decision_refusal(roles, approvals[letter_id].state, letter_id)
            if refusal is not None:
                raise LetterError(f"{refusal}; nothing was changed")
        now = utc_now()
        for letter_id in ids:
            row = LetterApproval(
                letter_id=letter_id, decision=decision, staff_id=actor_id, decided_at=now, reason=reason
            )
            session.add(row)
            session.flush()
            record_change(
                session,
                actor_id=actor_id,
                action="approve" if decision is Decision.APPROVED else "send_back",
                entity="letter",
                entity_id=letter_id,
                after={"approval_id": row.id, "decision": decision.value},
                reason=reason,
            )
    return len(ids)


def letter_to_read(store: Store, actor_id: int | None, letter_id: int) -> bytes:
    """One letter's pages, whatever its state, for reading on screen (the approver reads what they approve; the
    office reads what it prepared). Not for printing: :func:`letters_pdf` is, for approved letters only."""
    require(store, actor_id, Permission.READ_PUPILS)
    with store.transaction() as session:
        letter = session.get(Letter, letter_id)
        if letter is None:
            raise LetterError(f"there is no letter {letter_id}")
        first, count, document_id = letter.first_page, letter.page_count, letter.document_id
        record_change(session, actor_id=actor_id, action="read", entity="letter", entity_id=letter_id)
    return _pages_of({document_id: read_document(store, document_id)}, [(document_id, first, count)])


def letters_pdf(store: Store, actor_id: int | None, letter_ids: Sequence[int]) -> bytes:
    """The pages of the approved letters ``letter_ids`` from the archive, in the order given, as one PDF.

    Letters that fill a whole archived document, in its order, come back as that document's exact bytes (so the
    copy matches the recorded fingerprint); otherwise their pages are cut from it. Refuses a letter that is not
    approved. Each copy made is audited (once the archive has given it: a missing file audits nothing).
    """
    require(store, actor_id, Permission.PRINT_APPROVED_LETTERS)
    ids = list(dict.fromkeys(letter_ids))
    if not ids:
        raise LetterError("choose the letters to print or save")
    with store.session() as session:
        require_approved(session, ids, Permission.PRINT_APPROVED_LETTERS)
        pages = {
            row.id: (row.document_id, row.first_page, row.page_count)
            for row in session.scalars(select(Letter).where(Letter.id.in_(ids)))
        }
        documents = list(dict.fromkeys(pages[i][0] for i in ids))
        whole = {
            d: list(session.scalars(select(Letter.id).where(Letter.document_id == d).order_by(Letter.first_page)))
            for d in documents
        }
    if len(documents) == 1 and whole[documents[0]] == ids:
        pdf = read_document(store, documents[0])
    else:
        archived = {d: read_document(store, d) for d in documents}
        pdf = _pages_of(archived, [pages[i] for i in ids])
    with store.transaction() as session:
        for letter_id in ids:
            record_change(
                session,
                actor_id=actor_id,
                action="copy",
                entity="letter",
                entity_id=letter_id,
                after={"document_id": pages[letter_id][0]},
            )
    return pdf


def _pages_of(archived: dict[int, bytes], wanted: Sequence[tuple[int, int, int]]) -> bytes:
    """The pages (document, first page, how many) from the archived PDFs, in order, as one new PDF."""
    readers = {d: PdfReader(io.BytesIO(pdf)) for d, pdf in archived.items()}
    writer = PdfWriter()
    for document_id, first, count in wanted:
        for index in range(first - 1, first - 1 + count):
            writer.add_page(readers[document_id].pages[index])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
