"""Printing casework: each form as a PDF on the letterhead, kept in the evidence archive exactly as printed.

Also the pupil's evidence chronology as a PDF or as JSON (the ``attendance-desk chronology`` command).
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from attendance_desk.documents.casework.chronology import ChronologyLine, render_chronology
from attendance_desk.documents.casework.contract import render_contract, render_contract_review
from attendance_desk.documents.casework.medical import render_consent_form, render_medical_plan
from attendance_desk.documents.casework.meeting import render_meeting
from attendance_desk.documents.casework.notice import NoticeLetterData, render_notice_to_improve
from attendance_desk.domain.access import Permission
from attendance_desk.domain.calendar import DateRange, school_year_start
from attendance_desk.domain.casework.records import CasePupil
from attendance_desk.domain.chronology import ChronologyEntry
from attendance_desk.domain.london import LONDON
from attendance_desk.services.access import require
from attendance_desk.services.archive import archive_transaction
from attendance_desk.services.casework.chronology import KIND_LABELS
from attendance_desk.services.casework.contracts import get_contract
from attendance_desk.services.casework.notices import notices_to_improve
from attendance_desk.services.casework.plans import get_medical_plan, meetings
from attendance_desk.services.casework.stages import CaseworkError, pupil_or_error, year_to_date_figures
from attendance_desk.services.chronology import pupil_chronology
from attendance_desk.services.figures import threshold_reached_on
from attendance_desk.services.letters.certificate import certificate_data
from attendance_desk.services.letters.data import letterhead_for, settings_of
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Contact, Pupil, PupilContact, SchoolSettings, Staff

ARCHIVE_KIND = "casework"


def case_pupil(session: Session, pupil: Pupil) -> CasePupil:
    """The pupil as casework shows them. A school whose name is not set yet still has case files to look at;
    printing them on school paper (``letterhead_for``) is what asks for the name."""
    settings = session.get(SchoolSettings, 1)
    home = session.scalars(
        select(Contact)
        .join(PupilContact, PupilContact.contact_id == Contact.id)
        .where(PupilContact.pupil_id == pupil.id, PupilContact.lives_with_pupil.is_(True))
        .order_by(PupilContact.priority)
    ).first()
    return CasePupil(
        pupil.display_name,
        pupil.date_of_birth,
        pupil.upn,
        pupil.year_group,
        pupil.reg_group,
        ", ".join(home.address_lines) if home else "",
        settings.name if settings is not None else "",
    )


def _archive(store: Store, actor_id: int | None, pupil_id: int, title: str, pdf: bytes, data: dict) -> bytes:
    with archive_transaction(store) as (session, writer):
        writer.add(session, kind=ARCHIVE_KIND, title=title, pdf=pdf, actor_id=actor_id, pupil_id=pupil_id, data=data)
    return pdf


def medical_plan_pdf(store: Store, actor_id: int | None, plan_id: int) -> bytes:
    require(store, actor_id, Permission.CASEWORK)  # casework documents are made by those who do casework
    plan = get_medical_plan(store, actor_id, plan_id)
    with store.session() as session:
        pupil = case_pupil(session, pupil_or_error(session, plan.pupil_id))
        pdf = render_medical_plan(plan, pupil, letterhead_for(session))
    return _archive(
        store,
        actor_id,
        plan.pupil_id,
        f"Medical action plan {plan.draft.plan_date:%d/%m/%Y}",
        pdf,
        {"medical_action_plan": plan_id},
    )


def consent_form_pdf(
    store: Store, actor_id: int | None, pupil_id: int, contact_id: int, professional: str = "", address: str = ""
) -> bytes:
    require(store, actor_id, Permission.CASEWORK)
    with store.session() as session:
        pupil = case_pupil(session, pupil_or_error(session, pupil_id))
        contact = session.get(Contact, contact_id)
        link = session.scalar(
            select(PupilContact).where(PupilContact.pupil_id == pupil_id, PupilContact.contact_id == contact_id)
        )
        if contact is None or link is None:
            raise CaseworkError(f"There is no contact with id {contact_id} for this pupil.")
        if link.court_order_restriction:
            raise CaseworkError("A court order restricts contact with this person: no form can be sent to them.")
        if not link.lives_with_pupil:  # the child's address goes only to a parent who lives with the child
            pupil = replace(pupil, address="")
        pdf = render_consent_form(
            pupil, contact.display_name, contact.address_lines, letterhead_for(session), professional, address
        )
    return _archive(
        store, actor_id, pupil_id, f"Medical consent form for {contact.display_name}", pdf, {"contact_id": contact_id}
    )


def contract_pdf(store: Store, actor_id: int | None, contract_id: int) -> bytes:
    require(store, actor_id, Permission.CASEWORK)  # casework documents are made by those who do casework
    contract = get_contract(store, actor_id, contract_id)
    with store.session() as session:
        pupil = case_pupil(session, pupil_or_error(session, contract.pupil_id))
        pdf = render_contract(contract, pupil, letterhead_for(session))
    return _archive(
        store,
        actor_id,
        contract.pupil_id,
        f"Attendance contract {contract.draft.meeting_date:%d/%m/%Y}",
        pdf,
        {"attendance_contract": contract_id},
    )


def contract_review_pdf(store: Store, actor_id: int | None, contract_id: int, review_id: int) -> bytes:
    require(store, actor_id, Permission.CASEWORK)  # casework documents are made by those who do casework
    contract = get_contract(store, actor_id, contract_id)
    review = next((r for r in contract.reviews if r.id == review_id), None)
    if review is None:
        raise CaseworkError(f"Contract {contract_id} has no review with id {review_id}.")
    with store.session() as session:
        pupil = case_pupil(session, pupil_or_error(session, contract.pupil_id))
        pdf = render_contract_review(contract, review, pupil, letterhead_for(session))
    return _archive(
        store,
        actor_id,
        contract.pupil_id,
        f"Attendance contract review {review.review_date:%d/%m/%Y}",
        pdf,
        {"contract_review": review_id},
    )


def meeting_pdf(store: Store, actor_id: int | None, pupil_id: int, meeting_id: int) -> bytes:
    require(store, actor_id, Permission.CASEWORK)  # casework documents are made by those who do casework
    meeting = next((m for m in meetings(store, actor_id, pupil_id) if m.id == meeting_id), None)
    if meeting is None:
        raise CaseworkError(f"There is no attendance meeting with id {meeting_id} for this pupil.")
    with store.session() as session:
        pupil = case_pupil(session, pupil_or_error(session, pupil_id))
        pdf = render_meeting(meeting, pupil, letterhead_for(session))
    return _archive(
        store,
        actor_id,
        pupil_id,
        f"Attendance meeting {meeting.meeting_number} record",
        pdf,
        {"attendance_meeting": meeting_id},
    )


def notice_to_improve_pdf(store: Store, actor_id: int | None, pupil_id: int, notice_id: int) -> bytes:
    """One letter per parent with parental responsibility, each with the registration certificate."""
    require(store, actor_id, Permission.LEGAL)  # casework documents are made by those who do casework
    notice = next((n for n in notices_to_improve(store, actor_id, pupil_id) if n.id == notice_id), None)
    if notice is None:
        raise CaseworkError(f"There is no Notice to Improve with id {notice_id} for this pupil.")
    with store.session() as session:
        pupil_row = pupil_or_error(session, pupil_id)
        settings = settings_of(session)
        f = year_to_date_figures(session, pupil_id, notice.issued_on)
        period = DateRange(school_year_start(notice.issued_on), notice.issued_on)
        certificate, _ = certificate_data(session, pupil_id, period, notice.issued_on, include_addresses=False)
        parents = session.scalars(
            select(Contact)
            .join(PupilContact, PupilContact.contact_id == Contact.id)
            .where(
                PupilContact.pupil_id == pupil_id,
                PupilContact.parental_responsibility.is_(True),
                PupilContact.court_order_restriction.is_(False),
            )
            .order_by(PupilContact.priority)
        ).all()
        actor = session.get(Staff, actor_id) if actor_id else None
        data = NoticeLetterData(
            notice,
            case_pupil(session, pupil_row),
            tuple((c.display_name, tuple(c.address_lines)) for c in parents),
            f"{f.attendance_percent}%" if f.attendance_percent is not None else "not yet measured",
            str(f.unauthorised_last_10_school_weeks),
            reached.strftime("%d/%m/%Y")
            if (reached := threshold_reached_on(session, pupil_id, notice.issued_on))
            else "not yet reached",
            settings.head_teacher or (actor.name if actor else ""),
            "Head teacher" if settings.head_teacher else "",
            settings.signature_image,
            certificate,
        )
        try:
            pdf = render_notice_to_improve(data, letterhead_for(session))
        except ValueError as exc:
            raise CaseworkError(str(exc)) from exc
    return _archive(
        store,
        actor_id,
        pupil_id,
        f"Notice to Improve {notice.issued_on:%d/%m/%Y}",
        pdf,
        {"notice_to_improve": notice_id},
    )


# --- the chronology ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Chronology:
    pupil: CasePupil
    entries: tuple[ChronologyEntry, ...]


def chronology_for(
    store: Store,
    actor_id: int | None,
    pupil_id: int,
    start: date | None = None,
    end: date | None = None,
    kinds: Collection[str] | None = None,
) -> Chronology:
    """The pupil's chronology, optionally only some kinds of entry (``ChronologyEntry.kind``)."""
    entries = pupil_chronology(store, actor_id, pupil_id, start, end)
    if kinds:
        entries = [e for e in entries if e.kind in kinds]
    with store.session() as session:
        pupil = case_pupil(session, pupil_or_error(session, pupil_id))
    return Chronology(pupil, tuple(entries))


def pupil_id_for_upn(store: Store, upn: str) -> int:
    with store.session() as session:
        pupil_id = session.scalar(select(Pupil.id).where(Pupil.upn == upn.strip().upper()))
    if pupil_id is None:
        raise CaseworkError(f"No pupil has the UPN {upn}.")
    return pupil_id


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind.replace("_", " ").capitalize())


def _when(entry: ChronologyEntry) -> str:
    local = entry.at.astimezone(LONDON)
    return local.strftime("%d/%m/%Y") if local.hour == 12 and local.minute == 0 else local.strftime("%d/%m/%Y %H:%M")


def chronology_json(chronology: Chronology) -> str:
    p = chronology.pupil
    payload = {
        "pupil": {
            "upn": p.upn,
            "name": p.name,
            "date_of_birth": p.date_of_birth.isoformat(),
            "year_group": p.year_group,
        },
        "entries": [
            {
                "at": e.at.astimezone(LONDON).isoformat(),
                "kind": e.kind,
                "title": e.title,
                "detail": e.detail,
                "staff": e.staff,
                "source": e.source,
                "tags": list(e.tags),
            }
            for e in chronology.entries
        ],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def chronology_pdf(
    store: Store,
    actor_id: int | None,
    chronology: Chronology,
    start: date | None = None,
    end: date | None = None,
    pupil_id: int | None = None,
) -> bytes:
    lines = [ChronologyLine(_when(e), kind_label(e.kind), e.title, e.detail, e.staff) for e in chronology.entries]
    with store.session() as session:
        pdf = render_chronology(lines, chronology.pupil, letterhead_for(session), start, end)
    if pupil_id is None:
        return pdf
    return _archive(
        store,
        actor_id,
        pupil_id,
        "Evidence chronology",
        pdf,
        {"start": start.isoformat() if start else None, "end": end.isoformat() if end else None},
    )
