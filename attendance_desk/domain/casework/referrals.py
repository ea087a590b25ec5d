"""What a referral pack to the local authority holds (Southend appendices 5 to 8 as the model): plain data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from attendance_desk.domain.casework.records import CasePupil


class ReferralKind(StrEnum):
    PENALTY_NOTICE = "penalty_notice"
    FAST_TRACK = "fast_track"
    PUPIL_PLANNING_MEETING = "pupil_planning_meeting"
    LEAVE_IN_TERM_TIME = "leave_in_term_time"


REFERRAL_TITLES = {
    ReferralKind.PENALTY_NOTICE: "Request for a penalty notice",
    ReferralKind.FAST_TRACK: "Fast Track referral for legal intervention",
    ReferralKind.PUPIL_PLANNING_MEETING: "Request for a pupil planning meeting",
    ReferralKind.LEAVE_IN_TERM_TIME: "Penalty notice request: leave in term time",
}

REFERRAL_REQUESTS = {
    ReferralKind.PENALTY_NOTICE: (
        "The school requests a penalty notice from the local authority for each parent named above."
    ),
    ReferralKind.FAST_TRACK: (
        "The school refers the parent or parents named above for legal intervention under the Fast Track process."
    ),
    ReferralKind.PUPIL_PLANNING_MEETING: (
        "The school asks the local authority to hold a pupil planning meeting with the school to consider formal "
        "action (a penalty notice or proceedings in the magistrates' court)."
    ),
    ReferralKind.LEAVE_IN_TERM_TIME: (
        "The school requests a penalty notice from the local authority for each parent named above, for leave in "
        "term time that the school had refused."
    ),
}

# How far back each form asks the school to show its support.
REFERRAL_LOOKBACK_DAYS = {
    ReferralKind.PENALTY_NOTICE: 183,  # six months before the attendance panel
    ReferralKind.FAST_TRACK: 56,  # the eight weeks of the Fast Track
    ReferralKind.PUPIL_PLANNING_MEETING: 274,  # nine months
    ReferralKind.LEAVE_IN_TERM_TIME: 92,  # the request, the refusal and the leave itself
}

# A leave request reaches the local authority no later than four weeks after the pupil came back (a common local
# deadline). Whether the leave meets the national threshold is the legal guard's rule, not a local count.
LEAVE_REQUEST_WITHIN_DAYS = 28


@dataclass(frozen=True, slots=True)
class Intervention:
    on: date
    method: str
    outcome: str
    summary: str
    staff: str


@dataclass(frozen=True, slots=True)
class EvidenceDocument:
    on: date | None
    title: str
    reference: str


@dataclass(frozen=True, slots=True)
class LeaveFacts:
    """What the register and the letters archive cannot say, typed in when the pack is made."""

    requested_on: date
    reason_given: str
    refusal_sent_on: date | None = None  # only needed when the archive holds no refusal letter
    policy_shared: bool = False  # the school's policy follows the local code of conduct and parents have it


@dataclass(frozen=True, slots=True)
class RefusalLetter:
    on: date
    recipient: str
    delivery: str  # how and when it reached the parent, or "" when no delivery is recorded
    leave_dates: str  # the leave dates the letter names, as written in it


@dataclass(frozen=True, slots=True)
class LeaveOfAbsence:
    sessions: tuple[tuple[date, str], ...]  # every G-coded session this school year, in date order
    spells: tuple[tuple[date, date, int], ...]  # first day, last day, sessions: unbroken runs of G marks
    returned_on: date | None  # first session back in school after the last spell
    send_by: date | None  # the local authority's deadline for this request
    refusal: RefusalLetter | None
    facts: LeaveFacts


@dataclass(frozen=True, slots=True)
class ReferralPack:
    kind: ReferralKind
    school_name: str
    as_of: date
    since: date
    pupil: CasePupil
    parents: tuple[tuple[str, str, str, str], ...]  # name, relationship, address, phone
    parents_left_out: tuple[str, ...]  # one sentence each; never a restricted contact's name or details
    other_agencies: str
    send: str
    figures: tuple[tuple[str, str], ...]  # label, value (from services.figures)
    counts: tuple[tuple[str, int, str], ...]  # what, how many since ``since``, outcomes in short
    interventions: tuple[Intervention, ...]
    barriers_and_support: tuple[str, ...]
    casework: tuple[tuple[str, str], ...]  # date, what happened (meetings, contracts, reviews, notices)
    parents_attended_all_meetings: str
    documents: tuple[EvidenceDocument, ...]
    head_teacher: str
    leave: LeaveOfAbsence | None = None  # only for a leave-in-term-time request

    @property
    def title(self) -> str:
        return REFERRAL_TITLES[self.kind]
