"""Chronology entries for letters (made, approved or sent back, and how each was delivered) and registration
certificates."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from attendance_desk.domain.chronology import ChronologyEntry
from attendance_desk.domain.letter_approval import Decision
from attendance_desk.domain.london import london_days_utc
from attendance_desk.domain.vocabulary import DeliveryMethod, DocumentKind
from attendance_desk.store.models import Staff
from attendance_desk.store.models.letters import ArchivedDocument, Letter, LetterApproval, LetterDelivery


def letter_entries(session: Session, pupil_id: int, start: date | None, end: date | None) -> Iterator[ChronologyEntry]:
    low, high = london_days_utc(start, end)
    names: dict[int | None, str] = dict(session.execute(select(Staff.id, Staff.name)).all())
    letters = select(Letter, ArchivedDocument.title).join(ArchivedDocument, ArchivedDocument.id == Letter.document_id)
    letters = letters.where(Letter.pupil_id == pupil_id)
    rows = session.execute(letters).all()
    # Made by someone who approves (approved as made), or prepared by the office to wait for approval.
    made_approved = set(
        session.scalars(
            select(LetterApproval.letter_id).where(
                LetterApproval.letter_id.in_([letter.id for letter, _ in rows]), LetterApproval.when_made.is_(True)
            )
        )
    )
    for letter, title in rows:
        if (low and letter.created_at < low) or (high and letter.created_at > high):
            continue
        yield ChronologyEntry(
            at=letter.created_at,
            kind="letter",
            title=f"Letter {'made' if letter.id in made_approved else 'prepared for approval'}: {title}",
            detail=f"Template {letter.template_key}, version {letter.template_version}",
            staff=names.get(letter.created_by, ""),
            source=f"letters:{letter.id}",
            tags=("letter",),
        )
    decisions = (
        select(LetterApproval, Letter.recipient_name, Letter.template_key)
        .join(Letter, Letter.id == LetterApproval.letter_id)
        .where(Letter.pupil_id == pupil_id, LetterApproval.when_made.is_(False))  # made and approved: one entry
    )
    for decision, recipient, key in session.execute(decisions).all():
        if (low and decision.decided_at < low) or (high and decision.decided_at > high):
            continue
        approved = decision.decision == Decision.APPROVED
        yield ChronologyEntry(
            at=decision.decided_at,
            kind="letter_approval",
            title=f"Letter ({key}) to {recipient}: {'approved' if approved else 'sent back'}",
            detail=decision.reason,
            staff=names.get(decision.staff_id, ""),
            source=f"letter_approvals:{decision.id}",
            tags=("letter", "approval"),
        )
    deliveries = (
        select(LetterDelivery, Letter.recipient_name, Letter.template_key)
        .join(Letter, Letter.id == LetterDelivery.letter_id)
        .where(Letter.pupil_id == pupil_id)
    )
    for delivery, recipient, key in session.execute(deliveries).all():
        if (low and delivery.delivered_at < low) or (high and delivery.delivered_at > high):
            continue
        how = DeliveryMethod.label_for(delivery.method)
        detail = ", ".join(
            part
            for part in (
                f"handed to {delivery.handed_to}" if delivery.handed_to else "",
                f"at {delivery.place}" if delivery.place else "",
                f"to {delivery.email_address}" if delivery.email_address else "",
                delivery.note,
            )
            if part
        )
        yield ChronologyEntry(
            at=delivery.delivered_at,
            kind="letter_delivery",
            title=f"Letter ({key}) to {recipient}: {how}",
            detail=detail,
            staff=names.get(delivery.staff_id, ""),
            source=f"letter_deliveries:{delivery.id}",
            tags=("letter", "delivery"),
        )
    certificates = select(ArchivedDocument).where(
        ArchivedDocument.pupil_id == pupil_id, ArchivedDocument.kind == DocumentKind.CERTIFICATE
    )
    for document in session.scalars(certificates):
        if (low and document.created_at < low) or (high and document.created_at > high):
            continue
        yield ChronologyEntry(
            at=document.created_at,
            kind="certificate",
            title=document.title,
            detail=f"SHA-256 {document.sha256[:16]}…",
            staff=names.get(document.created_by, ""),
            source=f"archived_documents:{document.id}",
            tags=("certificate",),
        )
