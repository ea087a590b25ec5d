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
from attendance_desk.domain.legal_guard import Measure
from attendance_desk.domain.london import LONDON
from attendance_desk.domain.vocabulary import DeliveryMethod
from attendance_desk.services.access import require
from attendance_desk.services.casework.leave_pack import leave_of_absence
from attendance_desk.services.casework.stages import pupil_or_error, send_summary
from attendance_desk.services.evidence import current_communication
from attendance_desk.services.figures import figures_for_pupil, threshold_reached_on
from attendance_desk.services.legal import parent_refusal, require_in
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


def _parents(
    session: Session, pupil_id: int, measure: Measure, as_of: date
) -> tuple[tuple[tuple[str, str, str, str], ...], tuple[str, ...]]:
    """The parents the request may name (with address and phone), and one line per parent left out saying why.

    A parent under a court-order restriction is never named and their details are never printed (the line
    says only that a restricted contact is left out); a parent at the two-notices limit is named as such."""
    rows = session.execute(
        select(PupilContact, Contact)
        .join(Contact, PupilContact.contact_id == Contact.id)
        .where(PupilContact.pupil_id == pupil_id, PupilContact.parental_responsibility.is_(True))
        .order_by(PupilContact.priority, PupilContact.id)
    ).all()
    named: list[tuple[str, str, str, str]] = []
    left_out: list[str] = []
    for link, c in rows:
        if link.court_order_restriction:
            left_out.append("A contact under a court-order restriction is not named and no details are given.")
            continue
        refusal = parent_refusal(session, link, measure, as_of)
        if measure in (Measure.PENALTY_REQUEST, Measure.LEAVE_PENALTY) and refusal:
            left_out.append(f"{c.display_name} is not named. {refusal}")
            continue
        named.append(
            (c.display_name, link.relationship_to_pupil, ", ".join(c.address_lines), c.phones[0][1] if c.phones else "")
        )
    # The law's "parent" (s.576 EA 1996) also includes whoever has day-to-day care: say so, without naming them as
    # a parent the school asks to be named (the local authority decides).
    carers = session.execute(
        select(PupilContact, Contact)
        .join(Contact, PupilContact.contact_id == Contact.id)
        .where(
            PupilContact.pupil_id == pupil_id,
            PupilContact.parental_responsibility.is_(False),
            PupilContact.lives_with_pupil.is_(True),
            PupilContact.court_order_restriction.is_(False),
        )
    ).all()
    for link, c in carers:
        relationship = f" ({link.relationship_to_pupil})" if link.relationship_to_pupil else ""
        left_out.append(
            f"{c.display_name}{relationship} lives with the child without parental responsibility: a parent in "
            "attendance law through day-to-day care; the local authority decides whether to include them."
        )
    return tuple(named), tuple(left_out)


REFERRAL_MEASURES = {
    ReferralKind.PENALTY_NOTICE: Measure.PENALTY_REQUEST,
    ReferralKind.FAST_TRACK: Measure.FAST_TRACK,
    ReferralKind.PUPIL_PLANNING_MEETING: Measure.PROSECUTION,
    ReferralKind.LEAVE_IN_TERM_TIME: Measure.LEAVE_PENALTY,
}
PARENT_WORDS = ("parent", "mum", "dad", "mother", "father", "carer", "guardian")


def _interventions(session: Session, pupil_id: int, since: date, as_of: date) -> list[Intervention]:
    rows = session.execute(
        select(Communication, Staff.name)
        .outerjoin(Staff, Staff.id == Communication.staff_id)
        .where(Communication.pupil_id == pupil_id, current_communication())
        .order_by(Communication.at)
    )
    out = []
    for comm, staff in rows:
        on = comm.at.astimezone(LONDON).date()
        if since <= on <= as_of and comm.method != "report":
            out.append(Intervention(on, comm.method, _words(comm.outcome), comm.summary, staff or ""))
    return out


def _casework(
    session: Session, pupil_id: int, since: date, as_of: date
) -> tuple[list[tuple[str, str]], list[str], str]:
    """Dated casework lines, the barriers and support recorded, and whether parents came to every meeting."""
    lines: list[tuple[date, str]] = []
    barriers: list[str] = []
    attended: list[bool] = []  # one per meeting of any kind (contract, attendance meeting, medical plan)
    parent_names = _parent_surnames(session, pupil_id)
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
            came = _a_parent_attended(m.attendees, parent_names)
            attended.append(came)
            lines.append(
                (
                    m.meeting_date,
                    f"School attendance meeting {m.meeting_number}: {m.reason}; parent attended: "
                    f"{'yes' if came else 'no'}",
                )
            )
            if m.background.strip():
                barriers.append(f"Background ({_d(m.meeting_date)}): {m.background.strip()}")
    for p in session.scalars(select(MedicalActionPlan).where(MedicalActionPlan.pupil_id == pupil_id)):
        if p.plan_date <= as_of:
            came = any(i.get("attended") and "parent" in str(i.get("role", "")).lower() for i in (p.invitees or []))
            attended.append(came)
            lines.append((p.plan_date, f"Medical action plan meeting; parent attended: {'yes' if came else 'no'}"))
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
    # Notices are never cut off by the look-back: an earlier one decides the amount and the three-year limit.
    keep = ("contract", "notice")
    return (
        [(_d(day), text) for day, text in lines if day >= since or any(k in text.lower() for k in keep)],
        barriers,
        all_attended,
    )


def _words(stored: str | None) -> str:
    """A stored value as words for the page: a delivery method's label, never a raw key like hand_delivered."""
    if not stored:
        return ""
    label = DeliveryMethod.label_for(stored)
    return label if label != stored else stored.replace("_", " ")


def _parent_surnames(session: Session, pupil_id: int) -> set[str]:
    rows = session.scalars(
        select(Contact.surname)
        .join(PupilContact, PupilContact.contact_id == Contact.id)
        .where(PupilContact.pupil_id == pupil_id, PupilContact.parental_responsibility.is_(True))
    )
    return {name.casefold() for name in rows if name}


def _a_parent_attended(attendees: str, surnames: set[str]) -> bool:
    """Whether the meeting's list of who came names a parent (by surname or as "mum", "parent", …)."""
    words = {w.strip(".,;:()").casefold() for w in attendees.split()}
    return bool(words & surnames) or any(w in words for w in PARENT_WORDS)


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
            f"; {DeliveryMethod.label_for(delivery.method).lower()} "
            f"{_d(delivery.delivered_at.astimezone(LONDON).date())}"
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
    store: Store,
    pupil_id: int,
    kind: ReferralKind,
    as_of: date,
    leave: LeaveFacts | None = None,
    *,
    actor_id: int | None = None,
    override_reason: str = "",
) -> ReferralPack:
    """The pack for ``kind``; a leave-in-term-time request also needs the typed-in ``leave`` facts.

    Refused with :class:`LegalMeasureRefused` (the legal guard's sentence) when the measure may not be used; a
    refusal the school may set aside passes with ``override_reason``, which goes into the audit log."""
    measure = REFERRAL_MEASURES[kind]
    with store.transaction() as session:
        pupil = pupil_or_error(session, pupil_id)
        require_in(session, pupil_id, measure, as_of, actor_id=actor_id, override_reason=override_reason)
        leave_part = None
        if kind is ReferralKind.LEAVE_IN_TERM_TIME:
            if leave is None:
                raise ValueError("A penalty notice request for leave needs the date of the request and its reason.")
            leave_part = leave_of_absence(session, pupil_id, as_of, leave)
        settings = settings_of(session)
        parents, left_out = _parents(session, pupil_id, measure, as_of)
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
            parents=parents,
            parents_left_out=left_out,
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
                ("10 in 10 threshold reached on", _d(threshold_reached_on(session, pupil_id, as_of)) or "Not reached"),
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
    *,
    override_reason: str = "",
) -> bytes:
    """The referral form, its evidence index and the registration certificate, as one PDF (logged as printed)."""
    require(store, actor_id, Permission.LEGAL)
    pack = build_referral_pack(store, pupil_id, kind, as_of, leave, actor_id=actor_id, override_reason=override_reason)
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
