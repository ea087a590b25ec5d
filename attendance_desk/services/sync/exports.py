"""Exports back to the MIS: the changes to key in, and the communication log.

- **Changes to key in**: every code decision still pending (decided here, not yet seen in an MIS import), as CSV
  and as a printable checklist. A later marks import that shows the new code marks the decision done
  (``services.sync.marks``), so it drops off this list by itself.
- **Communication log**: every row of ``communications`` (calls, texts, letters, emails, meetings, home visits,
  reports from the family) in a date range, as CSV for the MIS's communication log (letters only once approved).
  A row whose call, visit or notice was withdrawn as a mistake stays, its summary starting "WITHDRAWN:" and its
  last column saying who withdrew it, when and why.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import aliased

from attendance_desk.documents.changes_checklist import render_checklist
from attendance_desk.domain.access import Permission
from attendance_desk.domain.letter_approval import Decision
from attendance_desk.domain.london import LONDON, as_london
from attendance_desk.services.access import require
from attendance_desk.services.evidence import current_communication
from attendance_desk.services.withdrawals import withdrawn_communications
from attendance_desk.store.audit import record_change
from attendance_desk.store.engine import Store
from attendance_desk.store.models import (
    CodeDecision,
    Communication,
    Contact,
    DecisionStatus,
    Letter,
    LetterApproval,
    Pupil,
    SchoolSettings,
    Staff,
    utc_now,
)
from attendance_desk.sync.writers import ChangeToKeyIn, CommunicationEntry, changes_csv, communications_csv

_ONE_DAY = timedelta(days=1)


def changes_to_key_in(store: Store, actor_id: int | None) -> list[ChangeToKeyIn]:
    """Pending decisions, oldest date first, then session and pupil."""
    decider = aliased(Staff)
    with store.session() as session:
        require(session, actor_id, Permission.EXPORT)
        rows = session.execute(
            select(CodeDecision, Pupil, decider.name)
            .join(Pupil, Pupil.id == CodeDecision.pupil_id)
            .outerjoin(decider, decider.id == CodeDecision.decided_by)
            .where(CodeDecision.status == DecisionStatus.PENDING)
            .order_by(CodeDecision.date, CodeDecision.session, Pupil.legal_surname, Pupil.legal_forename)
        ).all()
        return [
            ChangeToKeyIn(
                d.id,
                p.upn,
                f"{p.legal_surname}, {p.legal_forename}",
                d.date,
                d.session,
                d.mis_code,
                d.new_code,
                d.reason,
                name or "",
                as_london(d.decided_at),
            )
            for d, p, name in rows
        ]


def _school_name(store: Store) -> str:
    with store.session() as session:
        return session.scalar(select(SchoolSettings.name).where(SchoolSettings.id == 1)) or "Attendance Desk"


def export_changes(store: Store, actor_id: int | None, *, pdf: bool = False) -> tuple[bytes, int]:
    """The changes to key in as CSV (UTF-8 with BOM) or as the printable checklist. Returns (bytes, rows)."""
    require(store, actor_id, Permission.EXPORT)
    changes = changes_to_key_in(store, actor_id)
    if pdf:
        data = render_checklist(changes, school=_school_name(store), generated_at=as_london(utc_now()))
    else:
        data = changes_csv(changes).encode("utf-8")
    _record_export(store, actor_id, "changes_pdf" if pdf else "changes_csv", len(changes))
    return data, len(changes)


def communication_log(store: Store, start: date | None = None, end: date | None = None) -> list[CommunicationEntry]:
    """Communications between ``start`` and ``end`` (inclusive, Europe/London days), oldest first."""
    with store.session() as session:
        query = (
            select(Communication, Pupil, Contact, Staff.name)
            .join(Pupil, Pupil.id == Communication.pupil_id)
            .outerjoin(Contact, Contact.id == Communication.contact_id)
            .outerjoin(Staff, Staff.id == Communication.staff_id)
            .where(current_communication())
            .order_by(Communication.at, Communication.id)
        )
        # A letter prepared but not approved has not been sent, so the MIS should not hear of it (a decision is
        # final, so a letter ever approved is approved now).
        approved = exists().where(LetterApproval.letter_id == Letter.id, LetterApproval.decision == Decision.APPROVED)
        query = query.where(~exists().where(Letter.communication_id == Communication.id, ~approved))
        if start is not None:
            query = query.where(Communication.at >= datetime.combine(start, time(), LONDON))
        if end is not None:
            query = query.where(Communication.at < datetime.combine(end, time(), LONDON) + _ONE_DAY)
        rows = session.execute(query).all()
        # A call, visit or notice withdrawn as a mistake stays in the log, saying so (never dropped silently).
        withdrawn = withdrawn_communications(session, [c.id for c, _p, _contact, _staff in rows])
        return [
            CommunicationEntry(
                as_london(c.at),
                p.upn,
                f"{p.legal_surname}, {p.legal_forename}",
                contact.display_name if contact else "",
                c.method,
                c.direction,
                c.outcome,
                c.summary,
                staff or "",
                withdrawn[c.id].describe() if c.id in withdrawn else "",
            )
            for c, p, contact, staff in rows
        ]


def export_communications(
    store: Store, actor_id: int | None, start: date | None = None, end: date | None = None
) -> tuple[bytes, int]:
    require(store, actor_id, Permission.EXPORT)
    entries = communication_log(store, start, end)
    _record_export(store, actor_id, "communications_csv", len(entries))
    return communications_csv(entries).encode("utf-8"), len(entries)


def _record_export(store: Store, actor_id: int | None, what: str, rows: int) -> None:
    """Exports carry personal data out of the app, so each one is audited (who, when, how many rows)."""
    with store.transaction() as session:
        record_change(session, actor_id=actor_id, action="export", entity=what, after={"rows": rows})
