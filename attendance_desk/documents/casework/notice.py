"""The Notice to Improve: one letter to each parent, in a window envelope, with the registration certificate.

It says what the attendance has been, that the parent has a duty to secure it, the support given and still on
offer, the improvement period in school weeks and what counts as enough improvement, and that a penalty notice
may follow (even before the period ends if absence carries on).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from attendance_desk.documents.casework.common import d
from attendance_desk.documents.certificate import CertificateData
from attendance_desk.documents.letter import LetterContent, render_letters
from attendance_desk.documents.letterhead import Letterhead
from attendance_desk.domain.casework.records import CasePupil, NoticeToImproveView


@dataclass(frozen=True, slots=True)
class NoticeLetterData:
    notice: NoticeToImproveView
    pupil: CasePupil
    parents: tuple[tuple[str, tuple[str, ...]], ...]  # name, address lines
    attendance_percent: str
    unauthorised_sessions: str  # in the 10 school weeks to the notice
    threshold_met_on: str
    signatory_name: str
    signatory_position: str
    signature: bytes | None = None
    certificate: CertificateData | None = None


def notice_body(data: NoticeLetterData) -> str:
    n, forename = data.notice, data.pupil.name.split(" ")[0]
    period = n.period
    holidays = ""
    if period.holiday_weeks_skipped:
        weeks = ", ".join(d(w) for w in period.holiday_weeks_skipped)
        holidays = f" Holiday weeks do not count towards it (the week beginning {weeks})."
    return f"""We are writing because {forename}'s attendance is not acceptable. This year it stands at \
{data.attendance_percent}, and {data.unauthorised_sessions} sessions have been missed without authorisation in \
the last ten school weeks (the national threshold of 10 sessions in 10 school weeks was reached on \
{data.threshold_met_on}). The enclosed registration certificate shows every session.

As a parent you have a legal duty to make sure your child attends school regularly (Education Act 1996, \
section 7).

## The support so far
{n.support_given}

## The support still on offer
{n.support_offered} Please tell us if anything is making attendance difficult: we would much rather help.

## Your improvement period
From **{d(period.start)} to {d(period.end)}** ({period.school_weeks} school weeks).{holidays}

{n.criteria}

## What happens next
At the end of the period we will review {forename}'s attendance and write to tell you the outcome. If \
attendance has not improved enough, the local authority may issue a **penalty notice** to each parent, or \
consider prosecution. If unauthorised absence carries on during the period, a penalty notice may be requested \
before the period ends; we would tell you first."""


def render_notice_to_improve(data: NoticeLetterData, letterhead: Letterhead) -> bytes:
    if not data.parents:
        raise ValueError("the pupil has no parent with parental responsibility to send the notice to")
    letters: Sequence[LetterContent] = [
        LetterContent(
            recipient_name=name,
            address_lines=address,
            date_text=d(data.notice.issued_on),
            reference=f"NTI-{data.notice.id}-{n}",  # one reference per letter
            pupil_line=f"{data.pupil.name} (born {d(data.pupil.date_of_birth)})",
            subject=f"Notice to Improve: {data.pupil.name}'s attendance",
            greeting=f"Dear {name},",
            body=notice_body(data),
            closing="Yours sincerely,",
            signatory_name=data.signatory_name,
            signatory_position=data.signatory_position,
            signature=data.signature,
            enclosures=("Registration certificate",) if data.certificate else (),
            continuation=f"Notice to Improve: {data.pupil.name}",
            certificate=data.certificate,
        )
        for n, (name, address) in enumerate(data.parents, start=1)
    ]
    return render_letters(letters, letterhead, title=f"Notice to Improve: {data.pupil.name}")
