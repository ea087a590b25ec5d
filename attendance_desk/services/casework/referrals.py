"""Referral packs for the local authority: a penalty-notice request, a Fast Track referral, a request for a
pupil planning meeting and a penalty-notice request for leave in term time (its leave part comes from
:mod:`attendance_desk.services.casework.leave_pack`), each filled from the record and printed with the registration
certificate attached.

Contacts (letters, calls, home visits, meetings) are read from the shared ``communications`` table, so the pack
works whichever features recorded them; letters are listed with their delivery where the letters feature holds
it. Figures come from :mod:`attendance_desk.services.figures` only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from attendance_desk.documents.casework.referral import render_referral
from attendance_desk.domain.access import Permission
from attendance_desk.domain.calendar import DateRange, school_year_start
from attendance_desk.domain.casework.records import CasePupil
from attendance_desk.domain.casework.referrals import (
    REFERRAL_LOOKBACK_DAYS,
    EvidenceDocument,
    Intervention,
    LeaveFacts,
    ReferralKind,
    ReferralPack,
)
from attendance_desk.domain.london import LONDON
from attendance_desk.services.access import require
from attendance_desk.services.casework.leave_pack import leave_of_absence
from attendance_desk.services.casework.stages import check_legal_measures_allowed, pupil_or_error, send_summary
from attendance_desk.services.figures import figures_for_pupil
from attendance_desk.services.letters.certificate import certificate_data
from attendance_desk.services.letters.data import letterhead_for, settings_of
from attendance_desk.store.audit import record_change
from attendance_desk.store.engine import Store
from attendance_desk.store.models import (
    ArchivedDocument,
    AttendanceContract,
    AttendanceMeeting,
    Communication,
    Contact,
    ContractReview,
    Letter,
    LetterDelivery,
    MedicalActionPlan,
    NoticeToImprove,
    PenaltyNotice,
    PupilContact,
    Staff,
)

METHOD_LABELS = {
    "letter": "Letters sent to parents",
    "home_visit": "Home visits",
    "call": "Phone calls",
    "meeting": "Meetings",
    "text": "Text messages",
    "email": "Emails",
}


_DatedRecord = MedicalActionPlan | AttendanceContract | AttendanceMeeting | NoticeToImprove


def _d(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _parents(session: Session, pupil_id: int) -> tuple[tuple[str, str, str, str], ...]:
    rows = session.execute(
        select(Contact, PupilContact.relationship_to_pupil)
        .join(PupilContact, PupilContact.contact_id == Contact.id)
        .where(PupilContact.pupil_id == pupil_id, PupilContact.parental_responsibility.is_(True))
        .order_by(PupilContact.priority)
    )
    return tuple(
        (c.display_name, rel, ", ".join(c.address_lines), c.phones[0][1] if c.phones else "") for c, rel in rows
    )


def _interventions(session: Session, pupil_id: int, since: date, as_of: date) -> list[Intervention]:
    rows = session.execute(
        select(Communication, Staff.name)
        .outerjoin(Staff, Staff.id == Communication.staff_id)
        .where(Communication.pupil_id == pupil_id)
        .order_by(Communication.at)
    )
    out = []
    for comm, staff in rows:
        on = comm.at.astimezone(LONDON).date()
        if since <= on <= as_of and comm.method != "report":
            out.append(Intervention(on, comm.method, comm.outcome, comm.summary, staff or ""))
    return out


def _casework(
    session: Session, pupil_id: int, since: date, as_of: date
) -> tuple[list[tuple[str, str]], list[str], str]:
    """Dated casework lines, the barriers and support recorded, and whether parents came to every meeting."""
    lines: list[tuple[date, str]] = []
    barriers: list[str] = []
    attended: list[bool] = []
    for c in session.scalars(select(AttendanceContract).where(AttendanceContract.pupil_id == pupil_id)):
        if c.meeting_date > as_of:
            continue
        came = any(p.get("attended") for p in c.parents)
        attended.append(came)
        lines.append(
            (
                c.meeting_date,
                f"Attendance contract ({c.status.replace('_', ' ')}); parent attended: "
                f"{'yes' if came else 'no'}. {c.status_reason}".strip(),
            )
        )
        if c.barriers.strip():
            barriers.append(f"Barriers ({_d(c.meeting_date)}): {c.barriers.strip()}")
        if c.support_offered.strip():
            barriers.append(f"Support offered ({_d(c.meeting_date)}): {c.support_offered.strip()}")
        actions = [f"{a['party']}: {a['outcome']}" for a in c.actions if a.get("party") == "School"]
        if actions:
            barriers.append("School actions: " + "; ".join(actions))
        for r in session.scalars(select(ContractReview).where(ContractReview.contract_id == c.id)):
            if r.review_date <= as_of:
                lines.append(
                    (
                        r.review_date,
                        f"Contract review: {r.sessions_attended} of {r.sessions_possible} "
                        f"sessions attended since the contract; next step {r.next_step.replace('_', ' ')}",
                    )
                )
    for m in session.scalars(select(AttendanceMeeting).where(AttendanceMeeting.pupil_id == pupil_id)):
        if m.meeting_date <= as_of:
            lines.append((m.meeting_date, f"School attendance meeting {m.meeting_number}: {m.reason}"))
            if m.background.strip():
                barriers.append(f"Background ({_d(m.meeting_date)}): {m.background.strip()}")
    for p in session.scalars(select(MedicalActionPlan).where(MedicalActionPlan.pupil_id == pupil_id)):
        if p.plan_date <= as_of:
            lines.append((p.plan_date, "Medical action plan agreed"))
            barriers.extend(f"{x['difficulty']}: {x['intervention']}" for x in p.difficulties if x.get("difficulty"))
    for n in session.scalars(select(NoticeToImprove).where(NoticeToImprove.pupil_id == pupil_id)):
        if n.issued_on <= as_of:
            lines.append(
                (
                    n.issued_on,
                    f"Notice to Improve issued; period {_d(n.period_start)} to {_d(n.period_end)}"
                    + (f"; outcome {n.outcome.replace('_', ' ')}" if n.outcome else ""),
                )
            )
    for pn in session.scalars(select(PenaltyNotice).where(PenaltyNotice.pupil_id == pupil_id)):
        if pn.issued_on <= as_of:
            lines.append((pn.issued_on, f"Penalty notice {pn.sequence} issued to {pn.parent_name}"))
    lines.sort()
    all_attended = "No meetings recorded" if not attended else ("Yes" if all(attended) else "No")
    return (
        [(_d(day), text) for day, text in lines if day >= since or "contract" in text.lower()],
        barriers,
        all_attended,
    )


def _documents(
    session: Session, pupil_id: int, since: date, as_of: date, leave: LeaveFacts | None = None
) -> list[EvidenceDocument]:
    docs: list[EvidenceDocument] = [EvidenceDocument(as_of, "Registration certificate (attached)", "Attached")]
    if leave is not None:  # the parents' own request is on paper, not in the record: the school attaches a copy
        docs.append(EvidenceDocument(leave.requested_on, "Leave request from the parents (copy attached)", "Attached"))
    letters = session.execute(
        select(Letter, ArchivedDocument.title)
        .join(ArchivedDocument, ArchivedDocument.id == Letter.document_id)
        .where(Letter.pupil_id == pupil_id)
        .order_by(Letter.created_at)
    )
    for letter, title in letters:
        on = letter.created_at.astimezone(LONDON).date()
        if not since <= on <= as_of:
            continue
        delivery = session.scalars(select(LetterDelivery).where(LetterDelivery.letter_id == letter.id)).first()
        how = (
            f"; {delivery.method.replace('_', ' ')} {_d(delivery.delivered_at.astimezone(LONDON).date())}"
            if delivery
            else ""
        )
        docs.append(EvidenceDocument(on, f"{title} to {letter.recipient_name}{how}", f"Letter {letter.id}"))
    dated_records: tuple[tuple[str, type[_DatedRecord], str, str], ...] = (
        ("MAP", MedicalActionPlan, "plan_date", "Medical action plan"),
        ("AC", AttendanceContract, "meeting_date", "Attendance contract"),
        ("SAM", AttendanceMeeting, "meeting_date", "School attendance meeting record"),
        ("NTI", NoticeToImprove, "issued_on", "Notice to Improve"),
    )
    for kind, model, field, label in dated_records:
        records: Iterable[_DatedRecord] = session.scalars(select(model).where(model.pupil_id == pupil_id))
        for row in records:
            on = getattr(row, field)
            if on <= as_of:
                docs.append(EvidenceDocument(on, label, f"{kind}-{row.id}"))
    docs.sort(key=lambda doc: (doc.on or as_of, doc.title))
    return docs


def build_referral_pack(
    store: Store, pupil_id: int, kind: ReferralKind, as_of: date, leave: LeaveFacts | None = None
) -> ReferralPack:
    """The pack for ``kind``; a leave-in-term-time request also needs the typed-in ``leave`` facts."""
    with store.session() as session:
        pupil = pupil_or_error(session, pupil_id)
        check_legal_measures_allowed(pupil, as_of)
        leave_part = None
        if kind is ReferralKind.LEAVE_IN_TERM_TIME:
            if leave is None:
                raise ValueError("A penalty notice request for leave needs the date of the request and its reason.")
            leave_part = leave_of_absence(session, pupil_id, as_of, leave)
        settings = settings_of(session)
        since = as_of - timedelta(days=REFERRAL_LOOKBACK_DAYS[kind])
        f = figures_for_pupil(session, pupil_id, DateRange(school_year_start(as_of), as_of))
        interventions = _interventions(session, pupil_id, since, as_of)
        tally = Counter(i.method for i in interventions)
        outcomes: dict[str, Counter[str]] = {}
        for i in interventions:
            outcomes.setdefault(i.method, Counter())[i.outcome or "no outcome recorded"] += 1
        counts = tuple(
            (label, tally[m], "; ".join(f"{o} ×{n}" for o, n in outcomes.get(m, Counter()).most_common(4)))
            for m, label in METHOD_LABELS.items()
        )
        casework, barriers, attended = _casework(session, pupil_id, since, as_of)
        agencies = [
            f"Social worker: {pupil.social_worker_name}" if pupil.social_worker_name else "",
            "Child in need plan" if pupil.child_in_need else "",
            "Child protection plan" if pupil.child_protection_plan else "",
        ]
        return ReferralPack(
            kind=kind,
            school_name=settings.name,
            as_of=as_of,
            since=since,
            pupil=CasePupil(
                pupil.display_name,
                pupil.date_of_birth,
                pupil.upn,
                pupil.year_group,
                pupil.reg_group,
                school_name=settings.name,
            ),
            parents=_parents(session, pupil_id),
            other_agencies="; ".join(a for a in agencies if a) or "None recorded",
            send=send_summary(pupil),
            figures=(
                (
                    "Attendance this school year",
                    f"{f.attendance_percent}%" if f.attendance_percent is not None else "-",
                ),
                ("Unauthorised absence", f"{f.unauthorised_percent}%" if f.unauthorised_percent is not None else "-"),
                (
                    "Possible sessions / unauthorised sessions",
                    f"{f.possible_sessions} / {f.unauthorised_absence_sessions}",
                ),
                ("Unauthorised sessions in the last 10 school weeks", str(f.unauthorised_last_10_school_weeks)),
                ("10 in 10 threshold first met", _d(f.pn_threshold_met_on) or "Not met this school year"),
                ("Broken weeks", f"{f.broken_weeks} of {f.school_weeks} school weeks"),
            ),
            counts=counts,
            interventions=tuple(interventions),
            barriers_and_support=tuple(barriers),
            casework=tuple(casework),
            parents_attended_all_meetings=attended,
            documents=tuple(_documents(session, pupil_id, since, as_of, leave if leave_part else None)),
            head_teacher=settings.head_teacher,
            leave=leave_part,
        )


def referral_pdf(
    store: Store,
    actor_id: int | None,
    pupil_id: int,
    kind: ReferralKind,
    as_of: date,
    leave: LeaveFacts | None = None,
) -> bytes:
    """The referral form, its evidence index and the registration certificate, as one PDF (logged as printed)."""
    require(store, actor_id, Permission.LEGAL)
    pack = build_referral_pack(store, pupil_id, kind, as_of, leave)
    with store.session() as session:
        start = min(school_year_start(as_of), pack.since)
        certificate, _figures = certificate_data(session, pupil_id, DateRange(start, as_of), as_of)
        letterhead = letterhead_for(session)
    pdf = render_referral(pack, letterhead, certificate)
    with store.transaction() as session:
        record_change(
            session,
            actor_id=actor_id,
            action="print",
            entity="referral_pack",
            entity_id=pupil_id,
            after={"kind": kind.value, "as_of": as_of.isoformat()},
        )
    return pdf
