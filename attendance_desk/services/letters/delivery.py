"""How each letter reached its recipient, the letters a pupil has had, and the hand-delivery log sheet.

A delivery record is evidence of service: first- or second-class post, email (with a read receipt requested),
by hand (date, time, staff member, the person it was handed to, where) or at a meeting. Records are never
changed; a correction is a further record. Recording a delivery adds a corrected version of the letter's
``communications`` row with the method as its outcome (the first version stays), so the MIS communication-log
export shows how it was sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.orm import Session, aliased

from attendance_desk.documents import page
from attendance_desk.domain.access import Permission
from attendance_desk.domain.letter_approval import LetterState
from attendance_desk.domain.vocabulary import DeliveryMethod, DocumentKind
from attendance_desk.services.access import require
from attendance_desk.services.archive import archive_transaction
from attendance_desk.services.evidence import correct_communication
from attendance_desk.services.letters.approval import AWAITING, Approval, approvals_in, require_approved
from attendance_desk.services.letters.data import LetterError, letterhead_from, settings_of
from attendance_desk.services.letters.recipients import email_looks_shared
from attendance_desk.services.letters.templates import list_templates
from attendance_desk.store.audit import record_change
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Contact, Pupil, Staff
from attendance_desk.store.models.letters import Letter, LetterApproval, LetterDelivery

HAND_METHODS = (DeliveryMethod.HAND, DeliveryMethod.MEETING)


LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True, slots=True)
class DeliveryRow:
    id: int
    method: str
    delivered_at: datetime
    staff: str
    handed_to: str
    place: str
    email_address: str

    @property
    def label(self) -> str:
        return DeliveryMethod.label_for(self.method)


@dataclass(frozen=True, slots=True)
class LetterRow:
    id: int
    pupil_id: int
    pupil_name: str
    template_key: str
    template_version: int
    recipient_name: str
    created_at: datetime
    document_id: int
    deliveries: tuple[DeliveryRow, ...]
    approval: Approval = AWAITING  # until the attendance lead or head teacher decides

    @property
    def approved(self) -> bool:
        return self.approval.state is LetterState.APPROVED

    @property
    def delivery_summary(self) -> str:
        if not self.deliveries:
            return "not yet recorded"
        last = self.deliveries[-1]
        return f"{last.label}, {last.delivered_at:%d/%m/%Y}"


def record_delivery(
    store: Store,
    actor_id: int | None,
    letter_id: int,
    method: str,
    delivered_at: datetime,
    *,
    staff_id: int | None = None,
    handed_to: str = "",
    place: str = "",
    email_address: str = "",
    note: str = "",
) -> DeliveryRow:
    """Record how a letter was delivered. Refuses (changing nothing) a hand delivery to anyone but the addressee."""
    require(store, actor_id, Permission.RECORD_DELIVERY)
    _check_method(method, delivered_at)
    with store.transaction() as session:
        return _record_one(
            session,
            actor_id,
            letter_id,
            method,
            delivered_at,
            staff_id=staff_id,
            handed_to=handed_to,
            place=place,
            email_address=email_address,
            note=note,
        )


def record_deliveries(
    store: Store, actor_id: int | None, letter_ids: list[int], method: str, delivered_at: datetime, *, note: str = ""
) -> list[DeliveryRow]:
    """Record one delivery for many letters at once (a batch posted or emailed together), all or none.

    Hand delivery needs the name of the person each letter was handed to, so it is refused here: record those
    one letter at a time. An email goes to each letter's own contact address.
    """
    require(store, actor_id, Permission.RECORD_DELIVERY)
    _check_method(method, delivered_at)
    if method in HAND_METHODS:
        raise LetterError(
            "record letters handed over one at a time: each needs the name of the person it was handed to"
        )
    if not letter_ids:
        raise LetterError("choose the letters whose delivery you are recording")
    with store.transaction() as session:
        return [_record_one(session, actor_id, i, method, delivered_at, note=note) for i in dict.fromkeys(letter_ids)]


def _check_method(method: str, delivered_at: datetime) -> None:
    if method not in DeliveryMethod:
        raise LetterError(f"unknown delivery method {method!r}; use one of {', '.join(DeliveryMethod)}")
    if delivered_at.tzinfo is None:
        raise LetterError("the delivery time must include its time zone")


def _record_one(
    session: Session,
    actor_id: int | None,
    letter_id: int,
    method: str,
    delivered_at: datetime,
    *,
    staff_id: int | None = None,
    handed_to: str = "",
    place: str = "",
    email_address: str = "",
    note: str = "",
) -> DeliveryRow:
    """One letter's delivery, inside the caller's transaction."""
    letter = session.get(Letter, letter_id)
    if letter is None:
        raise LetterError(f"there is no letter {letter_id}")
    require_approved(session, [letter_id], Permission.RECORD_DELIVERY)  # only an approved letter has left
    contact = session.get(Contact, letter.contact_id) if letter.contact_id else None
    made = letter.created_at if letter.created_at.tzinfo else letter.created_at.replace(tzinfo=UTC)
    if delivered_at < made.replace(second=0, microsecond=0):
        raise LetterError(
            f"the delivery time ({delivered_at.astimezone(LONDON):%d/%m/%Y %H:%M}) is before the letter was made "
            f"({made.astimezone(LONDON):%d/%m/%Y %H:%M}): check the date and time"
        )
    if delivered_at > datetime.now(UTC):
        raise LetterError("a delivery cannot be recorded before it has happened: check the date and time")
    if method in HAND_METHODS:
        if not handed_to.strip():
            raise LetterError("say who the letter was handed to")
        if method == DeliveryMethod.HAND and not place.strip():
            raise LetterError("say where the letter was handed over")
        if contact is not None and not all(
            part.casefold() in handed_to.casefold() for part in (contact.forename, contact.surname) if part
        ):
            raise LetterError(
                f"this letter is addressed to {letter.recipient_name}; a letter may only be handed to the person "
                f"it is addressed to (type their full name, e.g. {contact.forename} {contact.surname})"
            )
        staff_id = staff_id or actor_id
        if staff_id is None:
            raise LetterError("say which staff member handed the letter over")
    if method == DeliveryMethod.EMAIL:
        email_address = email_address.strip() or (contact.email if contact else "")
        if "@" not in email_address:
            raise LetterError("give the email address the letter was sent to")
        shared = email_looks_shared(email_address)
        if shared:
            raise LetterError(shared)
    delivery = LetterDelivery(
        letter_id=letter_id,
        method=method,
        delivered_at=delivered_at,
        staff_id=staff_id or actor_id,
        handed_to=handed_to.strip(),
        place=place.strip(),
        email_address=email_address,
        read_receipt_requested=method == DeliveryMethod.EMAIL,
        note=note.strip(),
        recorded_by=actor_id,
    )
    session.add(delivery)
    correct_communication(session, letter.communication_id, outcome=method)  # the log row itself is never changed
    session.flush()
    record_change(
        session,
        actor_id=actor_id,
        action="create",
        entity="letter_delivery",
        entity_id=delivery.id,
        after={"letter_id": letter_id, "method": method},
    )
    staff = session.get(Staff, delivery.staff_id) if delivery.staff_id else None
    return DeliveryRow(
        delivery.id,
        method,
        delivered_at,
        staff.name if staff else "",
        delivery.handed_to,
        delivery.place,
        delivery.email_address,
    )


def list_letters(
    store: Store,
    actor_id: int | None,
    pupil_id: int | None = None,
    limit: int = 500,
    state: LetterState | None = None,
) -> list[LetterRow]:
    """Letters newest first (one pupil's, or everyone's; only those in ``state`` when given), each with its
    approval and delivery records."""
    require(store, actor_id, Permission.READ_PUPILS)
    with store.session() as session:
        query = (
            select(Letter, Pupil)
            .join(Pupil, Pupil.id == Letter.pupil_id)
            .order_by(Letter.created_at.desc(), Letter.id.desc())
            .limit(limit)
        )
        if pupil_id is not None:
            query = query.where(Letter.pupil_id == pupil_id)
        if state is not None:
            query = query.where(_in_state(state))
        rows = session.execute(query).all()
        ids = [letter.id for letter, _ in rows]
        approvals = approvals_in(session, ids)
        deliveries: dict[int, list[DeliveryRow]] = {}
        if ids:
            found = session.execute(
                select(LetterDelivery, Staff.name)
                .outerjoin(Staff, Staff.id == LetterDelivery.staff_id)
                .where(LetterDelivery.letter_id.in_(ids))
                .order_by(LetterDelivery.recorded_at, LetterDelivery.id)
            ).all()
            for d, staff_name in found:
                deliveries.setdefault(d.letter_id, []).append(
                    DeliveryRow(d.id, d.method, d.delivered_at, staff_name or "", d.handed_to, d.place, d.email_address)
                )
        return [
            LetterRow(
                letter.id,
                pupil.id,
                pupil.display_name,
                letter.template_key,
                letter.template_version,
                letter.recipient_name,
                letter.created_at,
                letter.document_id,
                tuple(deliveries.get(letter.id, ())),
                approvals[letter.id],
            )
            for letter, pupil in rows
        ]


def _in_state(state: LetterState) -> ColumnElement[bool]:
    """A filter on ``letters`` for the letters whose latest decision puts them in ``state`` (in SQL, so the limit
    applies after the filter)."""
    newer = aliased(LetterApproval)
    latest = (
        select(LetterApproval.decision)
        .where(LetterApproval.letter_id == Letter.id)
        .where(~exists().where(newer.letter_id == Letter.id, newer.id > LetterApproval.id))
        .correlate(Letter)
        .scalar_subquery()
    )
    if state is LetterState.AWAITING:
        return ~exists().where(LetterApproval.letter_id == Letter.id)
    return latest == state.value


def hand_delivery_sheet(store: Store, actor_id: int | None, letter_ids: list[int]) -> bytes:
    """A printable log for letters delivered by hand: one row per letter, filled in where already recorded and
    left blank to complete in ink otherwise. Archived like every other document."""
    require(store, actor_id, Permission.RECORD_DELIVERY)
    if not letter_ids:
        raise LetterError("choose the letters to list on the hand-delivery log")
    with store.session() as session:
        require_approved(session, letter_ids, Permission.RECORD_DELIVERY)
    rows = {row.id: row for row in list_letters(store, actor_id, limit=100_000) if row.id in set(letter_ids)}
    missing = [i for i in letter_ids if i not in rows]
    if missing:
        raise LetterError(f"there is no letter {missing[0]}")
    s = page.styles(9)
    titles = {t.key: t.title for t in list_templates(store)}
    table_rows: list[list[str]] = [
        ["Letter", "Date and time", "Staff member", "Handed to", "Where", "Signature of the person receiving it"]
    ]
    for letter_id in letter_ids:
        row = rows[letter_id]
        hand = [d for d in row.deliveries if d.method in HAND_METHODS]
        d = hand[-1] if hand else None
        when = d.delivered_at.astimezone(LONDON).strftime("%d/%m/%Y %H:%M") if d else ""
        table_rows.append(
            [
                # The letter's title, never its internal key; who it is for, and its number in the archive.
                f"{titles.get(row.template_key, 'Letter')} (no. {row.id})\nPupil: {row.pupil_name}\n"
                f"To: {row.recipient_name}",
                when,
                d.staff if d else "",
                d.handed_to if d else "",
                d.place if d else "",
                "",
            ]
        )
    story = [
        page.para("Hand-delivery log", s.title),
        page.para(
            "Record each letter handed over in person. Hand a letter only to the person it is addressed to, "
            "never to another parent or to the pupil.",
            s.body,
        ),
        # Whole words in every heading and rows tall enough to sign in ink.
        page.table(
            table_rows,
            [50, 22, 22, 24, 20, 32],
            style=s.cell,
            extra=[("TOPPADDING", (0, 1), (-1, -1), 5), ("BOTTOMPADDING", (0, 1), (-1, -1), 16)],
        ),
    ]
    with archive_transaction(store) as (session, writer):
        letterhead = letterhead_from(settings_of(session))
        pdf = page.render_document(
            story, letterhead=letterhead, title="Hand-delivery log", continuation="Hand-delivery log"
        )
        document = writer.add(
            session,
            kind=DocumentKind.HAND_DELIVERY_LOG,
            title="Hand-delivery log",
            pdf=pdf,
            actor_id=actor_id,
            data={"letter_ids": letter_ids},
        )
        session.flush()
        record_change(
            session,
            actor_id=actor_id,
            action="print",
            entity="archived_document",
            entity_id=document.id,
            after={"kind": DocumentKind.HAND_DELIVERY_LOG},
        )
    return pdf
